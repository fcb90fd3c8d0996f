//! The PostgreSQL backend, for provinces and beyond: `crate::sql` compiled over
//! `sqlx::Postgres`. Plain scans are written through its pool like everything else.

use crate::Backend;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

type Db = sqlx::Postgres;
const BACKEND: Backend = Backend::Postgres;
const BEGIN_WRITE: &str = "BEGIN";
const BEGIN_READ: &str = "BEGIN READ ONLY";
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

#[path = "sql/mod.rs"]
#[expect(
    clippy::duplicate_mod,
    reason = "the SQL is written once and compiled into each backend, here and in crate::sqlite"
)]
mod sql;

pub use sql::{SqlStore, SqlTx};

/// Connects to `url`; with `opts.pg_schema`, every connection works in that schema (the
/// test suite gives each test its own).
pub async fn open(url: &str, opts: &crate::ConnectOptions) -> crate::StoreResult<SqlStore> {
    let mut base = PgConnectOptions::from_str(url)?;
    if let Some(schema) = &opts.pg_schema {
        base = base.options([("search_path", schema.as_str())]);
    }
    let pool = PgPoolOptions::new()
        .max_connections(opts.max_connections.max(2))
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(base)
        .await?;
    Ok(SqlStore::from_pools(pool.clone(), pool))
}
