//! Opening a store from its URL: `sqlite:` for the embedded default, `postgres://` for
//! PostgreSQL.

use crate::error::{StoreError, StoreResult};
use crate::shared::Store;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Pool size (readers on SQLite; all connections on PostgreSQL).
    pub max_connections: u32,
    /// SQLite `synchronous=FULL` (survives power loss) instead of `NORMAL` (survives a
    /// process crash; the last commits can be lost on power loss).
    pub sqlite_full_sync: bool,
    /// PostgreSQL schema to work in (tests use a fresh one each).
    pub pg_schema: Option<String>,
    /// Apply pending migrations after connecting.
    pub migrate: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            sqlite_full_sync: true,
            pg_schema: None,
            migrate: true,
        }
    }
}

/// Opens the store for `url` and, unless told not to, migrates it.
pub async fn connect(url: &str, opts: &ConnectOptions) -> StoreResult<Arc<dyn Store>> {
    let store: Arc<dyn Store> = if url.starts_with("sqlite:") {
        Arc::new(crate::sqlite::open(url, opts).await?)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Arc::new(crate::postgres::open(url, opts).await?)
    } else {
        return Err(StoreError::UnsupportedUrl(url.to_owned()));
    };
    if opts.migrate {
        store.migrate().await?;
    }
    Ok(store)
}
