//! `rongma serve`: run the web service; `--demo` seeds demo data and prints its logins.

use crate::boot::{self, Common};
use anyhow::Context;

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    /// Seed demo enterprises, products, labs and one login per role (idempotent).
    #[arg(long)]
    pub demo: bool,
    /// Address to listen on (overrides server.listen).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut settings = boot::settings(&args.common)?;
    if let Some(l) = args.listen {
        settings.server.listen = l;
    }
    let listen = settings.server.listen.clone();
    let app = boot::app(settings).await?;
    let host = &app.settings().server.public_host;
    if host.eq_ignore_ascii_case(&rongma_app::config::ServerSettings::default().public_host) {
        tracing::warn!(
            public_host = %host,
            "server.public_host is still the example host: QR codes printed now point there; set it to this service's public name before printing tags"
        );
    }
    let demo = if args.demo {
        let data = rongma_app::demo::seed(&app)
            .await
            .context("seeding demo data")?;
        println!("Demo data is ready. Logins (username / password):");
        for l in &data.logins {
            println!(
                "  {:<12} {:<18} {:<11} {}",
                l.username, l.password, l.role, l.note
            );
        }
        data.tag
    } else {
        None
    };
    // Certificates expire and sessions are cleared hourly (and once now).
    let housekeeping = app.spawn_housekeeping(std::time::Duration::from_secs(3600));
    // The transparency log: a checkpoint every few seconds while decisions arrive.
    let checkpointer = app.spawn_checkpointer(std::time::Duration::from_millis(
        app.settings().transparency.checkpoint_interval_ms,
    ));
    let witnesses = (!app.settings().transparency.witness_urls.is_empty()).then(|| {
        crate::cmd::witness::spawn_submitter(
            app.clone(),
            app.settings().transparency.witness_urls.clone(),
            std::time::Duration::from_millis(app.settings().transparency.checkpoint_interval_ms),
        )
    });
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    println!("rongma is listening on http://{addr}/ (API docs: http://{addr}/api/docs/)");
    if let Some(tag) = demo {
        println!(
            "A demo hang tag (certificate {}): scan http://{addr}/c/{} — PIN under the scratch-off: {}",
            tag.certificate, tag.serial, tag.pin
        );
    }
    tracing::info!(%addr, "listening");
    rongma_server::serve(app.clone(), listener, shutdown_signal()).await?;
    housekeeping.abort();
    checkpointer.abort();
    if let Some(w) = witnesses {
        w.abort();
    }
    // Queued plain scans (at most the last second's) are written before the store closes.
    app.flush_scans().await;
    app.store().close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish what is in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
