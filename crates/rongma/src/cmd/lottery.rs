//! `rongma lottery verify PLAN RESULT`: re-computes a published spot-check draw from the
//! public documents alone (docs/LOTTERY.md) and says whether the result is the one the
//! plan and the beacon give. With `--drand-round` (drand's `/public/{round}` body) or
//! `--numbers` (the RFC 3797 key text of the official results) it also checks that the
//! beacon value is the one the plan committed to; without, it says that it did not.

use anyhow::{bail, Context};
use rongma_domain::supervision::{
    verify, Beacon, BeaconSpec, DrandChainConfig, DrandRound, DrawResult, Plan,
};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct LotteryArgs {
    #[command(subcommand)]
    pub command: LotteryCommand,
}

#[derive(clap::Subcommand)]
pub enum LotteryCommand {
    /// Re-compute the draw of PLAN (the plan document's exact bytes) and compare RESULT.
    Verify {
        plan: PathBuf,
        result: PathBuf,
        /// drand's `/public/{round}` JSON for the plan's round: verified against the chain.
        #[arg(long)]
        drand_round: Option<PathBuf>,
        /// drand's `/info` JSON of the chain (default: quicknet).
        #[arg(long)]
        drand_info: Option<PathBuf>,
        /// The RFC 3797 key text of the official lottery results, e.g. `3.9.12./7./`.
        #[arg(long)]
        numbers: Option<String>,
    },
}

fn read(p: &PathBuf) -> anyhow::Result<Vec<u8>> {
    std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))
}

/// The beacon the evidence gives for the plan's beacon spec.
fn beacon_from(
    spec: &BeaconSpec,
    drand_round: Option<&PathBuf>,
    drand_info: Option<&PathBuf>,
    numbers: Option<&str>,
) -> anyhow::Result<Option<Beacon>> {
    match (spec, drand_round, numbers) {
        (BeaconSpec::Drand { .. }, Some(round), _) => {
            let config = match drand_info {
                Some(p) => DrandChainConfig::from_info_json(&String::from_utf8_lossy(&read(p)?))
                    .map_err(|e| anyhow::anyhow!("drand info: {e}"))?,
                None => DrandChainConfig::quicknet(),
            };
            let chain = config
                .to_chain()
                .map_err(|e| anyhow::anyhow!("drand chain: {e}"))?;
            let round = DrandRound::from_json(&String::from_utf8_lossy(&read(round)?))
                .map_err(|e| anyhow::anyhow!("drand round: {e}"))?;
            Ok(Some(spec.drand_beacon(&chain, &round).map_err(|e| {
                anyhow::anyhow!("the beacon does not verify: {e}")
            })?))
        }
        (BeaconSpec::Numbers { draws }, _, Some(text)) => {
            let entered: Vec<Vec<String>> = text
                .split('/')
                .filter(|d| !d.is_empty())
                .map(|d| {
                    d.split('.')
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .collect();
            let nb = rongma_domain::supervision::numbers_beacon(draws, &entered).map_err(|e| {
                anyhow::anyhow!(
                    "numbers: {}",
                    e.0.iter()
                        .map(|f| format!("{}: {}", f.field, f.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })?;
            Ok(Some(nb.beacon))
        }
        (_, None, None) => Ok(None),
        _ => bail!("the evidence given does not match the plan's beacon source"),
    }
}

pub fn run(args: LotteryArgs) -> anyhow::Result<()> {
    match args.command {
        LotteryCommand::Verify {
            plan,
            result,
            drand_round,
            drand_info,
            numbers,
        } => {
            let plan_bytes = read(&plan)?;
            let result_bytes = read(&result)?;
            let parsed = Plan::parse(&plan_bytes).map_err(|e| {
                anyhow::anyhow!(
                    "plan: {}",
                    e.0.iter()
                        .map(|f| format!("{}: {}", f.field, f.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })?;
            let doc =
                DrawResult::from_json(&result_bytes).map_err(|e| anyhow::anyhow!("result: {e}"))?;
            let checked = match parsed.header().beacon() {
                Some(spec) => beacon_from(
                    spec,
                    drand_round.as_ref(),
                    drand_info.as_ref(),
                    numbers.as_deref(),
                )?,
                None if drand_round.is_some() || numbers.is_some() => {
                    bail!("the plan names no beacon, so there is nothing to check the evidence against")
                }
                None => None,
            };
            if let Some(b) = &checked {
                if *b != doc.beacon {
                    bail!(
                        "the result uses beacon {}, but the evidence gives {}",
                        doc.beacon.to_hex(),
                        b.to_hex()
                    );
                }
            }
            let r = verify(&plan_bytes, &doc.beacon, &result_bytes)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("plan sha256 {}", r.plan_hash.to_hex());
            println!("beacon      {}", r.beacon.to_hex());
            println!("seed        {}", r.seed.to_hex());
            for e in &r.enterprises {
                println!(
                    "{} #{} {} [{}]",
                    e.stratum,
                    e.rank,
                    e.id,
                    e.inspectors.join(", ")
                );
            }
            match checked {
                Some(_) => println!("OK: the result is the draw of this plan with the verified beacon"),
                None => println!(
                    "OK: the result is the draw of this plan with beacon {} (its origin was not checked: pass --drand-round or --numbers)",
                    r.beacon.to_hex()
                ),
            }
            Ok(())
        }
    }
}
