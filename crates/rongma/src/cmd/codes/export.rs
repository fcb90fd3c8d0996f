//! `rongma codes export`: a print file streamed to disk with flat memory, a progress bar
//! when a person is watching, and no half-written file left behind: the export goes to a
//! temporary file next to the target and is renamed into place only when complete.
//! SVG and PNG hold one tag each; for several tags `--out` is a directory of
//! `{SERIAL}.svg` (or `.png`) files.

use super::cli_error;
use anyhow::Context;
use rongma_app::codes::{ExportFormat, ExportRequest};
use rongma_app::{Actor, App};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "ID")]
    batch: i64,
    /// csv | xlsx | pdf | zpl | tspl | svg | png
    #[arg(long, value_parser = parse_format)]
    format: ExportFormat,
    /// First serial (default: the batch's first).
    #[arg(long)]
    from: Option<String>,
    /// Last serial, included (default: the batch's last).
    #[arg(long)]
    to: Option<String>,
    /// Leave PINs out (CSV: empty column; tags: "PIN 见衣内标签").
    #[arg(long)]
    no_pins: bool,
    /// Output file (a directory for several SVG or PNG tags).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(s)
        .ok_or_else(|| format!("unknown format {s:?}: use csv, xlsx, pdf, zpl, tspl, svg or png"))
}

fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    // For people watching, never in pipes or logs.
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total);
        let style = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} codes {per_sec} eta {eta}",
        );
        bar.set_style(style.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        bar
    })
}

/// `dir/.name.partial`, renamed to `name` once complete.
fn partial(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

pub async fn run(app: &App, cli: &Actor, a: ExportArgs) -> anyhow::Result<()> {
    let tag_files = matches!(a.format, ExportFormat::Svg | ExportFormat::Png);
    let per_tag_files = tag_files && a.out.is_dir();
    let req = ExportRequest {
        format: a.format,
        from: a.from,
        to: a.to,
        pins: !a.no_pins,
        per_tag_files,
    };
    let export = app
        .prepare_export(cli, a.batch, req)
        .await
        .map_err(cli_error)?;
    let total = export.count();
    let out = a.out.clone();
    let started = std::time::Instant::now();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let bar = progress_bar(total);
        if per_tag_files {
            let ext = export.format().as_str();
            let mut done = 0;
            export
                .for_each_tag(|t, codes| {
                    let path = out.join(format!("{}.{ext}", codes.serial));
                    std::fs::write(&path, export.render_tag(t, codes)?)
                        .map_err(rongma_app::AppError::internal)?;
                    done += 1;
                    if let Some(b) = &bar {
                        b.set_position(done);
                    }
                    Ok(())
                })
                .map_err(cli_error)?;
        } else {
            let tmp = partial(&out);
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
            let mut on_progress = |n: u64| {
                if let Some(b) = &bar {
                    b.set_position(n);
                }
            };
            let result = export.write(BufWriter::with_capacity(256 * 1024, file), &mut on_progress);
            let written = result.map_err(cli_error).and_then(|mut w| {
                w.flush()?;
                w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                Ok(())
            });
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, &out)
                .with_context(|| format!("cannot move the export to {}", out.display()))?;
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        Ok(())
    })
    .await??;
    eprintln!(
        "wrote {total} codes to {} in {:.2} s",
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
