//! `rongma log …`: check the transparency log from outside.
//!
//! - `verify URL` fetches the checkpoint and every tile over HTTP, checks the log's
//!   signature, recomputes the whole tree from the entries, and proves the served tree
//!   extends the checkpoint remembered from the last run (kept in a state file), so a
//!   rewritten history is caught. The log key is `--key`, or the one remembered beside the
//!   state file, or (first run only) the server's `/log/key`.
//! - `proof SUBJECT` writes the offline proof (C2SP tlog-proof) of a certificate's current
//!   state, from the database (or from a server with `--url`).
//! - `verify-proof FILE` checks an offline proof with no network.

use crate::boot::{self, Common};
use anyhow::{bail, Context};
use rongma_tlog::{
    verify_log, FetchError, LogVerifier, OfflineProof, RememberedCheckpoint, TileSource,
    WitnessPolicy, WitnessVerifier,
};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: LogCommand,
}

#[derive(clap::Subcommand)]
pub enum LogCommand {
    /// Verify the whole log served at URL (`http://host/log` or `http://host`).
    Verify {
        url: String,
        /// The log's verifier key (`<name>+<hex id>+<base64 key>`).
        #[arg(long)]
        key: Option<String>,
        /// Where the last verified checkpoint is remembered (and the key beside it).
        #[arg(long, default_value = "rongma-log.state")]
        state: PathBuf,
    },
    /// Print the offline proof of a certificate's current state (number or `certificate:ID`).
    Proof {
        subject: String,
        /// Ask this server instead of the database.
        #[arg(long)]
        url: Option<String>,
    },
    /// Check an offline proof file without any network.
    VerifyProof {
        file: PathBuf,
        /// The log's verifier key.
        #[arg(long)]
        key: String,
        /// Witness verifier keys; with `--quorum`, how many must have cosigned.
        #[arg(long)]
        witness: Vec<String>,
        #[arg(long, default_value_t = 0)]
        quorum: usize,
    },
}

pub async fn run(args: LogArgs) -> anyhow::Result<()> {
    match args.command {
        LogCommand::Verify { url, key, state } => verify(&url, key, &state).await,
        LogCommand::Proof { subject, url } => {
            let text = match url {
                Some(url) => {
                    let base = url.trim_end_matches('/').trim_end_matches("/log");
                    let r = reqwest::get(format!("{base}/api/v1/log/proofs/{subject}"))
                        .await
                        .with_context(|| format!("cannot reach {base}"))?;
                    if !r.status().is_success() {
                        bail!("{base} answered {} for {subject}", r.status());
                    }
                    r.bytes().await?.to_vec()
                }
                None => {
                    let app = boot::app(boot::settings(&args.common)?).await?;
                    app.offline_proof(&subject)
                        .await
                        .with_context(|| format!("no offline proof for {subject}"))?
                }
            };
            use std::io::Write;
            std::io::stdout().write_all(&text)?;
            Ok(())
        }
        LogCommand::VerifyProof {
            file,
            key,
            witness,
            quorum,
        } => {
            let text =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let log = LogVerifier::parse(&key).context("--key")?;
            let witnesses = witness
                .iter()
                .map(|w| WitnessVerifier::parse(w))
                .collect::<Result<Vec<_>, _>>()
                .context("--witness")?;
            let policy = WitnessPolicy::new(witnesses, quorum)
                .context("--quorum is larger than the number of --witness keys")?;
            let proof = OfflineProof::parse(&text)
                .with_context(|| format!("{} is not an offline proof", file.display()))?;
            let ok = proof
                .verify_embedded_entry(&log, &policy)
                .with_context(|| format!("{} does not verify", file.display()))?;
            println!(
                "ok: entry {} is in the log {} at size {} (root {}), {} witness cosignature(s)",
                ok.index,
                ok.checkpoint.origin(),
                ok.checkpoint.size(),
                ok.checkpoint.root(),
                ok.cosignatures.len()
            );
            if let Some(entry) = &proof.extra {
                println!("{}", String::from_utf8_lossy(entry));
            }
            Ok(())
        }
    }
}

/// Tiles fetched over HTTP from a blocking thread.
struct HttpTiles {
    base: String,
    client: reqwest::Client,
    handle: tokio::runtime::Handle,
}

impl TileSource for HttpTiles {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, FetchError> {
        let url = format!("{}/{path}", self.base);
        self.handle.block_on(async {
            let r = self.client.get(&url).send().await?;
            if r.status() == reqwest::StatusCode::NOT_FOUND {
                return Ok(None);
            }
            if !r.status().is_success() {
                return Err(format!("{url} answered {}", r.status()).into());
            }
            Ok(Some(r.bytes().await?.to_vec()))
        })
    }
}

fn key_file(state: &Path) -> PathBuf {
    let mut p = state.as_os_str().to_owned();
    p.push(".key");
    PathBuf::from(p)
}

async fn verify(url: &str, key: Option<String>, state: &Path) -> anyhow::Result<()> {
    let base = {
        let u = url.trim_end_matches('/');
        if u.ends_with("/log") {
            u.to_owned()
        } else {
            format!("{u}/log")
        }
    };
    let client = reqwest::Client::new();
    let remembered_key = std::fs::read_to_string(key_file(state)).ok();
    let key = match (key, remembered_key) {
        (Some(k), _) => k,
        (None, Some(k)) => k,
        (None, None) => {
            let k = client
                .get(format!("{base}/key"))
                .send()
                .await
                .with_context(|| format!("cannot reach {base}"))?
                .error_for_status()?
                .text()
                .await?;
            eprintln!(
                "first run: trusting the log key the server serves: {}",
                k.trim()
            );
            k
        }
    };
    let log = LogVerifier::parse(key.trim()).context("the log key")?;
    let remembered = match std::fs::read(state) {
        Ok(bytes) => Some(RememberedCheckpoint::open(&bytes, &log).with_context(|| {
            format!(
                "the remembered checkpoint in {} does not verify",
                state.display()
            )
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", state.display())),
    };
    let source = HttpTiles {
        base: base.clone(),
        client,
        handle: tokio::runtime::Handle::current(),
    };
    let started = std::time::Instant::now();
    let report = tokio::task::spawn_blocking(move || {
        let mut last = 0;
        verify_log(&source, &log, remembered.as_ref(), &mut |p| {
            if p.verified_leaves >= last + 100_000 {
                last = p.verified_leaves;
                eprintln!("  {} / {} leaves", p.verified_leaves, p.total_leaves);
            }
        })
        .map(|r| (r, log))
    })
    .await?;
    let (report, log) = match report {
        Ok(r) => r,
        Err(e) => bail!("the log at {base} does not verify: {e}"),
    };
    let new = RememberedCheckpoint::from_signed(&report.checkpoint);
    std::fs::write(state, new.to_bytes())
        .with_context(|| format!("cannot write {}", state.display()))?;
    std::fs::write(key_file(state), format!("{}\n", log.verifier_key()))?;
    let cp = report.checkpoint.checkpoint();
    println!(
        "ok: {} verified at size {} (root {}), {} tiles in {:.1} s{}",
        cp.origin(),
        cp.size(),
        cp.root(),
        report.tiles_fetched,
        started.elapsed().as_secs_f64(),
        match report.consistent_with {
            Some(m) => format!(", consistent with the remembered size {m}"),
            None => String::new(),
        }
    );
    Ok(())
}
