//! `rongma witness`: a C2SP tlog-witness that another bureau or a notary can run with the
//! same binary. It serves `POST /add-checkpoint`: the log sends the size the witness last
//! cosigned, a consistency proof and its new signed checkpoint; the witness checks the
//! log's signature and the consistency with what it cosigned before (the decision is
//! `rongma_tlog::AddCheckpointRequest::decide`), **persists the new size and root before
//! answering** (one file per log origin, written atomically and fsynced, under a lock so
//! concurrent requests cannot roll it back), then answers with its cosignature. An
//! inconsistent checkpoint is refused (422), a stale old size answered 409 with the size
//! it holds. Its Ed25519 key is made on first start (`witness.key`, mode 0600) and its
//! verifier key printed, for the log's `transparency.witnesses`.

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use rongma_tlog::{AddCheckpointRequest, LogVerifier, WitnessSigner, WitnessState};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(clap::Args)]
pub struct WitnessArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    pub listen: String,
    /// Verifier keys of the logs this witness cosigns (repeat for several).
    #[arg(long = "log-key", required = true)]
    pub log_keys: Vec<String>,
    /// Where the witness keeps its key and what it cosigned.
    #[arg(long, default_value = "witness-data")]
    pub dir: PathBuf,
    /// The witness's key name (e.g. `notary.example.cn/witness`).
    #[arg(long, default_value = "rongma-witness")]
    pub name: String,
}

struct Witness {
    logs: Vec<LogVerifier>,
    signer: WitnessSigner,
    dir: PathBuf,
    lock: tokio::sync::Mutex<()>,
}

fn state_path(dir: &Path, origin: &str) -> PathBuf {
    let safe: String = origin
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{safe}.state"))
}

fn read_state(path: &Path) -> anyhow::Result<Option<WitnessState>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut lines = text.lines();
    let size = lines.next().and_then(|l| l.parse().ok());
    let root = lines.next().and_then(rongma_tlog::parse_hash);
    match (size, root) {
        (Some(size), Some(root)) => Ok(Some(WitnessState { size, root })),
        _ => anyhow::bail!("{} is not a witness state file", path.display()),
    }
}

fn write_state(path: &Path, s: &WitnessState) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("state.tmp");
    {
        let mut f = std::fs::File::create(&tmp)?;
        writeln!(f, "{}\n{}", s.size, s.root)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn load_key(dir: &Path, name: &str) -> anyhow::Result<WitnessSigner> {
    let path = dir.join("witness.key");
    let seed_hex = match std::fs::read_to_string(&path) {
        Ok(s) => s.trim().to_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let s = rongma_app::secrets::random_hex(32);
            let mut f = rongma_app::files::private_file()
                .write(true)
                .create_new(true)
                .open(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            use std::io::Write;
            writeln!(f, "{s}")?;
            f.sync_all()?;
            s
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let seed: [u8; 32] = hex_seed(&seed_hex)
        .with_context(|| format!("{} must hold 32 bytes in hex", path.display()))?;
    WitnessSigner::from_seed(name, &seed).context("--name")
}

fn hex_seed(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

pub async fn run(args: WitnessArgs) -> anyhow::Result<()> {
    let listen = args.listen.clone();
    let (router, key) = router(args)?;
    println!("witness key: {key}");
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    println!("witness listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}

/// The witness's HTTP service (`POST /add-checkpoint`) and its verifier key, without
/// listening: `run` serves it, tests serve it on port 0 in-process.
pub fn router(args: WitnessArgs) -> anyhow::Result<(axum::Router, String)> {
    rongma_app::files::private_dir(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let logs = args
        .log_keys
        .iter()
        .map(|k| LogVerifier::parse(k))
        .collect::<Result<Vec<_>, _>>()
        .context("--log-key")?;
    let signer = load_key(&args.dir, &args.name)?;
    let key = signer.verifier_key().to_owned();
    let witness = Arc::new(Witness {
        logs,
        signer,
        dir: args.dir,
        lock: tokio::sync::Mutex::new(()),
    });
    let router = axum::Router::new()
        .route("/add-checkpoint", axum::routing::post(add_checkpoint))
        .with_state(witness);
    Ok((router, key))
}

async fn add_checkpoint(State(w): State<Arc<Witness>>, body: Bytes) -> Response {
    let refuse = |status: u16, content_type: &'static str, body: String| {
        (
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            [(header::CONTENT_TYPE, content_type)],
            body,
        )
            .into_response()
    };
    let req = match AddCheckpointRequest::parse(&body) {
        Ok(r) => r,
        Err(r) => return refuse(r.status, r.content_type, r.body),
    };
    let keys: Vec<LogVerifier> = w
        .logs
        .iter()
        .filter(|k| k.name() == req.origin())
        .cloned()
        .collect();
    let _guard = w.lock.lock().await;
    let path = state_path(&w.dir, req.origin());
    let state = match read_state(&path) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "witness state unreadable");
            return refuse(
                500,
                "text/plain; charset=utf-8",
                "witness state unreadable\n".into(),
            );
        }
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    match req.decide(&keys, state.as_ref(), &w.signer, now) {
        Ok(c) => {
            if c.state_changed {
                if let Err(e) = write_state(&path, &c.new_state) {
                    tracing::error!(error = %e, "persisting the witness state failed");
                    return refuse(500, "text/plain; charset=utf-8", "cannot persist\n".into());
                }
            }
            tracing::info!(origin = req.origin(), size = c.new_state.size, "cosigned");
            (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                c.response_body,
            )
                .into_response()
        }
        Err(r) => {
            tracing::warn!(origin = req.origin(), status = r.status, reason = %r.reason, "refused a checkpoint");
            refuse(r.status, r.content_type, r.body)
        }
    }
}

/// The log's side: sends the latest checkpoint to each witness URL every `every`, with
/// the consistency proof from the size that witness last cosigned (learnt from its 409),
/// and stores the cosignatures it answers (checked against `transparency.witnesses`).
pub fn spawn_submitter(
    app: rongma_app::App,
    urls: Vec<String>,
    every: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut submitter = Submitter::new(urls);
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            submitter.round(&app).await;
        }
    })
}

/// What the log's side remembers between rounds: per witness URL, the size it last
/// cosigned (learnt from a cosignature or a 409) and the size last sent successfully.
pub struct Submitter {
    client: reqwest::Client,
    urls: Vec<String>,
    known: Vec<u64>,
    sent: Vec<u64>,
}

impl Submitter {
    pub fn new(urls: Vec<String>) -> Self {
        Self {
            client: reqwest::Client::new(),
            known: vec![0; urls.len()],
            sent: vec![u64::MAX; urls.len()],
            urls,
        }
    }

    /// One round: the latest checkpoint to every witness that has not cosigned its size
    /// (a 409 teaches the witness's size and is retried once with the proof from it).
    /// Returns how many witnesses cosigned in this round; failures are logged, not fatal.
    pub async fn round(&mut self, app: &rongma_app::App) -> usize {
        let Ok(Some((c, _))) = app.log_checkpoint().await else {
            return 0;
        };
        let mut cosigned = 0;
        for (i, url) in self.urls.iter().enumerate() {
            if self.sent[i] == c.size {
                continue;
            }
            for _attempt in 0..2 {
                match submit(app, &self.client, url, self.known[i], &c).await {
                    Ok(Submitted::Cosigned) => {
                        self.known[i] = c.size;
                        self.sent[i] = c.size;
                        cosigned += 1;
                        break;
                    }
                    Ok(Submitted::Conflict(size)) => self.known[i] = size,
                    Err(e) => {
                        tracing::warn!(witness = %url, error = %e, "witness submission failed");
                        break;
                    }
                }
            }
        }
        cosigned
    }
}

enum Submitted {
    Cosigned,
    Conflict(u64),
}

async fn submit(
    app: &rongma_app::App,
    client: &reqwest::Client,
    url: &str,
    old: u64,
    c: &rongma_store::StoredCheckpoint,
) -> anyhow::Result<Submitted> {
    let proof = if old == 0 || old >= c.size {
        Vec::new()
    } else {
        app.log_consistency(old, Some(c.size)).await?.proof
    };
    let mut body = format!("old {old}\n");
    for h in &proof {
        body.push_str(h);
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&c.note);
    let r = client
        .post(format!("{}/add-checkpoint", url.trim_end_matches('/')))
        .body(body)
        .send()
        .await?;
    let status = r.status();
    let text = r.text().await?;
    if status == reqwest::StatusCode::CONFLICT {
        let size =
            rongma_tlog::parse_conflict_size(&text).context("a 409 without the witness's size")?;
        return Ok(Submitted::Conflict(size));
    }
    anyhow::ensure!(
        status.is_success(),
        "{url} refused: {status} {}",
        text.trim()
    );
    for line in text.lines().filter(|l| !l.is_empty()) {
        if !app.accept_cosignature(c.size, line).await? {
            tracing::warn!(witness = %url, "a cosignature by a key not in transparency.witnesses");
        }
    }
    Ok(Submitted::Cosigned)
}

#[cfg(test)]
mod tests {
    //! The submitter loop of `rongma serve` against the witness service, both in-process:
    //! the cosignature is stored and served with `/log/checkpoint`, a restarted submitter
    //! learns the witness's size from its 409 and proves consistency from it, and a
    //! witness that is not configured in `transparency.witnesses` is not kept.
    use super::*;
    use rongma_testkit::{certificates, Fixtures, TestApp, TestDb, Who};

    async fn start_witness(dir: &Path, log_key: String) -> String {
        let (router, _) = router(WitnessArgs {
            listen: String::new(),
            log_keys: vec![log_key],
            dir: dir.to_owned(),
            name: "notary.test/witness".into(),
        })
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        url
    }

    async fn served(t: &TestApp) -> String {
        reqwest::get(t.url("/log/checkpoint"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn story(db: TestDb) {
        let dir = tempfile::tempdir().unwrap();
        let wdir = dir.path().join("w");
        std::fs::create_dir(&wdir).unwrap();
        std::fs::write(wdir.join("witness.key"), format!("{}\n", "cd".repeat(32))).unwrap();
        let witness =
            rongma_tlog::WitnessSigner::from_seed("notary.test/witness", &[0xcd; 32]).unwrap();
        let mut settings = rongma_app::config::Settings::default();
        settings.transparency.witnesses = vec![witness.verifier_key().to_owned()];
        let t = TestApp::spawn_with(db, settings, rongma_app::Clock::System).await;
        let f = Fixtures::create(&t).await;
        let cert = certificates::active_certificate(&t, &f.product_a, f.lab.id).await;
        let regulator = f.token(Who::Regulator);
        t.change_certificate_state(regulator, cert.id, "suspend", "抽检")
            .await
            .assert_status(200);
        let cp1 = t.app.sign_checkpoint().await.unwrap().unwrap();
        let url = start_witness(&wdir, t.app.log_verifier_key()).await;
        let check = |text: &str, size: u64| {
            let opened =
                rongma_tlog::SignedCheckpoint::open(text.as_bytes(), t.app.log_signer().verifier())
                    .unwrap();
            assert_eq!(opened.checkpoint().size(), size, "{text}");
            assert_eq!(
                opened
                    .verify_cosignatures(std::slice::from_ref(witness.verifier()))
                    .unwrap()
                    .len(),
                1,
                "{text}"
            );
        };

        // Nothing cosigned before the round; after it, the served checkpoint carries it.
        assert!(!served(&t).await.contains("— notary.test/witness "));
        let mut submitter = Submitter::new(vec![url.clone()]);
        assert_eq!(submitter.round(&t.app).await, 1);
        let text = served(&t).await;
        assert!(text.starts_with(&cp1.note), "{text}");
        check(&text, cp1.size);
        // The same size is not sent again.
        assert_eq!(submitter.round(&t.app).await, 0);

        // A new decision and checkpoint; a fresh submitter (a restarted `serve`) sends
        // old 0, learns size cp1 from the 409, and is cosigned with the proof from it.
        t.change_certificate_state(regulator, cert.id, "reinstate", "复检")
            .await
            .assert_status(200);
        let cp2 = t.app.sign_checkpoint().await.unwrap().unwrap();
        assert!(cp2.size > cp1.size);
        let mut restarted = Submitter::new(vec![url.clone()]);
        assert_eq!(restarted.round(&t.app).await, 1);
        let text = served(&t).await;
        assert!(text.starts_with(&cp2.note), "{text}");
        check(&text, cp2.size);

        // A witness whose key is not in transparency.witnesses: nothing is kept.
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        let stranger = start_witness(&other, t.app.log_verifier_key()).await;
        t.change_certificate_state(regulator, cert.id, "suspend", "再抽检")
            .await
            .assert_status(200);
        let cp3 = t.app.sign_checkpoint().await.unwrap().unwrap();
        let mut s = Submitter::new(vec![stranger]);
        assert_eq!(s.round(&t.app).await, 1, "the stranger answered");
        let text = served(&t).await;
        assert!(text.starts_with(&cp3.note), "{text}");
        assert!(!text.contains("— notary.test/witness "), "{text}");
    }

    rongma_store::backend_test!(
        serve_submits_checkpoints_to_witnesses,
        |db: TestDb| async move { story(db).await }
    );
}
