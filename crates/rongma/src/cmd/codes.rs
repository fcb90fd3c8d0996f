//! `rongma codes …`: code batches from the command line — issue, export (streamed to a
//! file with a progress bar), revoke, look up a serial, and rotate the code keys.
//!
//! The CLI acts as the system (`Actor::system("cli")`), which counts as the owning
//! enterprise of every batch: whoever runs it holds the database and the key file
//! anyway. Every change and export is recorded in the batch's history as made by `cli`.

mod export;

use crate::boot::{self, Common};
use anyhow::Context;
use rongma_app::codes::RevokeRequest;
use rongma_app::{Actor, AppError};
use rongma_domain::codes::{BatchDraft, BatchSizeDraft};

#[derive(clap::Args)]
pub struct CodesArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: CodesCommand,
}

#[derive(clap::Subcommand)]
pub enum CodesCommand {
    /// Issue a batch of codes on an active certificate (one row, whatever the quantity).
    Issue {
        #[arg(long, value_name = "ID")]
        certificate: i64,
        #[arg(long)]
        quantity: i64,
        /// Production lot number.
        #[arg(long)]
        lot: String,
        /// YYYY-MM-DD, not in the future.
        #[arg(long)]
        production_date: String,
        /// Codes per size in serial order, e.g. "M:500,L:500" (sizes of the product).
        #[arg(long)]
        sizes: Option<String>,
        /// GS1 Digital Link URLs (the product needs a GTIN).
        #[arg(long)]
        digital_link: bool,
    },
    /// Write a batch (or serials FROM..=TO of it) as csv, xlsx, pdf, zpl, tspl, svg or png.
    Export(export::ExportArgs),
    /// Revoke a whole batch, serials FROM..=TO, or single serials, with a reason.
    Revoke {
        #[arg(long, value_name = "ID")]
        batch: i64,
        #[arg(long, conflicts_with_all = ["from", "serial"])]
        all: bool,
        #[arg(long, requires = "to")]
        from: Option<String>,
        #[arg(long, requires = "from")]
        to: Option<String>,
        /// A single serial (repeat for several).
        #[arg(long)]
        serial: Vec<String>,
        #[arg(long)]
        reason: String,
    },
    /// What a scan of SERIAL shows (JSON).
    Status { serial: String },
    /// Add a new code key generation to the secrets file; new batches use it after the
    /// service restarts, old tags keep verifying.
    RotateKey,
}

/// `M:500,L:500` → sizes.
fn sizes(text: &str) -> anyhow::Result<Vec<BatchSizeDraft>> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let (size, n) = item
                .rsplit_once(':')
                .with_context(|| format!("--sizes: write SIZE:COUNT, got {item:?}"))?;
            Ok(BatchSizeDraft {
                size: Some(size.trim().to_owned()),
                quantity: Some(
                    n.trim()
                        .parse()
                        .with_context(|| format!("--sizes: {n:?} is not a count"))?,
                ),
            })
        })
        .collect()
}

/// App errors as the CLI prints them: one line per bad field.
pub fn cli_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Validation(f) | AppError::Conflict(f) => {
            anyhow::anyhow!(
                "{}",
                f.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        }
        other => anyhow::anyhow!(other),
    }
}

fn print_json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub async fn run(args: CodesArgs) -> anyhow::Result<()> {
    let settings = boot::settings(&args.common)?;
    if let CodesCommand::RotateKey = args.command {
        return rotate_key(&settings.secrets_path());
    }
    let app = boot::app(settings).await?;
    let cli = Actor::system("cli");
    let result = match args.command {
        CodesCommand::Issue {
            certificate,
            quantity,
            lot,
            production_date,
            sizes: by_size,
            digital_link,
        } => {
            let draft = BatchDraft {
                certificate_id: Some(certificate),
                quantity: Some(quantity),
                lot_no: Some(lot),
                production_date: Some(production_date),
                sizes: by_size.as_deref().map(sizes).transpose()?,
                digital_link: Some(digital_link),
            };
            match app.issue_batch(&cli, draft).await {
                Ok(d) => print_json(&d),
                Err(e) => Err(cli_error(e)),
            }
        }
        CodesCommand::Export(a) => export::run(&app, &cli, a).await,
        CodesCommand::Revoke {
            batch,
            all,
            from,
            to,
            serial,
            reason,
        } => {
            let scope = if all {
                "batch"
            } else if from.is_some() {
                "range"
            } else {
                "serials"
            };
            let req = RevokeRequest {
                scope: Some(scope.into()),
                from,
                to,
                serials: (!serial.is_empty()).then_some(serial),
                reason: Some(reason),
            };
            match app.revoke_codes(&cli, batch, req).await {
                Ok(o) => {
                    eprintln!("revoked {} codes of batch {batch}", o.revoked);
                    print_json(&o.detail)
                }
                Err(e) => Err(cli_error(e)),
            }
        }
        CodesCommand::Status { serial } => match app.code_status(&serial).await {
            Ok(s) => print_json(&s),
            Err(e) => Err(cli_error(e)),
        },
        CodesCommand::RotateKey => Ok(()),
    };
    app.store().close().await;
    result
}

fn rotate_key(path: &std::path::Path) -> anyhow::Result<()> {
    let mut secrets = rongma_app::secrets::Secrets::load_or_create(path)?;
    let id = secrets.rotate_code_key().context("cannot add a code key")?;
    secrets.save(path)?;
    println!("new code key {id}: new batches use it once the service restarts; tags of older keys keep verifying");
    Ok(())
}
