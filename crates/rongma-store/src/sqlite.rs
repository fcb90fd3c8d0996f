//! The SQLite backend: the embedded default, one file under `./data/` in WAL mode. Its
//! store is `crate::sql` compiled over `sqlx::Sqlite`, plus SQLite's own writer of plain
//! scans (`crate::scans::sqlite_writer`).

use crate::scans::sqlite_writer::ScanWriter;
use crate::Backend;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

type Db = sqlx::Sqlite;
const BACKEND: Backend = Backend::Sqlite;
/// Take the write lock at the start, so a transaction that reads then writes cannot fail
/// half-way with SQLITE_BUSY when another writer got there first.
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
const BEGIN_READ: &str = "BEGIN";
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

#[path = "sql/mod.rs"]
#[expect(
    clippy::duplicate_mod,
    reason = "the SQL is written once and compiled into each backend, here and in crate::postgres"
)]
mod sql;

pub use sql::{SqlStore, SqlTx};

/// The page size a new database file is made with.
pub const SQLITE_PAGE_SIZE: u32 = 16_384;

/// Opens (creating if needed) the database at `url` (`sqlite:path` or `sqlite://path`).
pub async fn open(url: &str, opts: &crate::ConnectOptions) -> crate::StoreResult<SqlStore> {
    // 16 KiB pages (SQLite's default is 4 KiB) for a new database; an existing one keeps
    // the size it was made with. A write of many scans dirties most pages of the code
    // rows and of the events' code index, and larger pages carry the same bytes in a
    // quarter of the WAL frames and b-tree levels (measured in docs/PERFORMANCE.md).
    let base = SqliteConnectOptions::from_str(url)?
        .page_size(SQLITE_PAGE_SIZE)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(if opts.sqlite_full_sync {
            SqliteSynchronous::Full
        } else {
            SqliteSynchronous::Normal
        })
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    if let Some(dir) = base.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .map_err(|e| crate::StoreError::Database(sqlx::Error::Io(e)))?;
        }
    }
    // One writing connection; plain scans have their own (`ScanWriter`), serialised with
    // it by SQLite's write lock.
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(base.clone())
        .await?;
    let read = SqlitePoolOptions::new()
        .max_connections(opts.max_connections.max(2))
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(base.clone().pragma("query_only", "ON"))
        .await?;
    let mut store = SqlStore::from_pools(write, read);
    store.scan_writer = Some(Box::new(ScanWriter::open(
        base.get_filename(),
        opts.sqlite_full_sync,
    )?));
    Ok(store)
}
