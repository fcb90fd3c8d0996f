//! Starting up: settings, logging, secrets, the database, the app.

use anyhow::Context;
use rongma_app::config::Settings;
use rongma_app::secrets::Secrets;
use rongma_app::{App, Clock};
use rongma_store::ConnectOptions;
use std::path::PathBuf;

/// Options every command that touches the database shares.
#[derive(clap::Args, Clone, Default)]
pub struct Common {
    /// Configuration file (default: ./rongma.toml if present).
    #[arg(
        long,
        short = 'c',
        global = true,
        value_name = "FILE",
        env = "RONGMA_CONFIG"
    )]
    pub config: Option<PathBuf>,
}

/// Logs to stderr (see [`crate::logging`]).
pub fn init_logging() {
    crate::logging::init();
}

pub fn settings(common: &Common) -> anyhow::Result<Settings> {
    Ok(Settings::load(common.config.as_deref())?)
}

/// Opens (and migrates) the database and loads or creates the secrets.
pub async fn app(settings: Settings) -> anyhow::Result<App> {
    let url = settings.database.url.expose().clone();
    let opts = ConnectOptions {
        max_connections: settings.database.max_connections,
        sqlite_full_sync: settings.database.sqlite_full_sync,
        pg_schema: None,
        migrate: true,
    };
    // The data directory and the SQLite file are the service user's only.
    rongma_app::files::private_dir(&settings.storage.data_dir)
        .with_context(|| format!("cannot create {}", settings.storage.data_dir.display()))?;
    if let Some(db) = sqlite_path(&url) {
        rongma_app::files::prepare_sqlite(&db)
            .with_context(|| format!("cannot create {}", db.display()))?;
    }
    let store = rongma_store::connect(&url, &opts)
        .await
        .with_context(|| format!("cannot open the {} database", backend_name(&url)))?;
    let secrets = Secrets::load_or_create(&settings.secrets_path())?;
    tracing::info!(database = backend_name(&url), "database ready");
    Ok(App::new(store, settings, secrets, Clock::System))
}

/// The file of a `sqlite:` URL (`sqlite:path`, `sqlite://path`, with options after `?`).
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// The kind of database a URL names, for messages (never the URL: it may hold a password).
pub fn backend_name(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "SQLite"
    } else if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "unknown"
    }
}
