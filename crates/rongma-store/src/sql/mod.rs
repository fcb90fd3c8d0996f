//! The store over one backend's pools, written once for both backends: `crate::sqlite`
//! and `crate::postgres` each compile this module (`#[path = "sql/mod.rs"] mod sql;`)
//! after defining `Db`, `BACKEND`, `BEGIN_WRITE`, `BEGIN_READ` and `MIGRATOR`, which this
//! module and its children use through `super::`. So each backend is fully monomorphic (no
//! `Any` driver, native column types) while no query is written twice.
//!
//! The SQL of each area lives next to the area (`src/<area>/sql.rs`) and is compiled in
//! here by `#[path]`. The text is the same on both backends: `$n` parameters (SQLite reads
//! them as numbered parameters), `RETURNING`, `LOWER(..) LIKE .. ESCAPE`, `LIMIT/OFFSET`.

mod query;
mod table;

#[path = "../accounts/sql.rs"]
mod accounts;
#[path = "../codes/sql.rs"]
mod codes;
#[path = "../complaints/sql.rs"]
mod complaints;
#[path = "../events/sql.rs"]
mod events;
#[path = "../log/sql.rs"]
mod log;
#[path = "../registry/sql.rs"]
mod registry;
#[path = "../scans/sql.rs"]
mod scans;
#[path = "../supervision/sql.rs"]
mod supervision;
#[path = "../throttles/sql.rs"]
mod throttles;
#[path = "../workflow/sql.rs"]
mod workflow;

use super::{Db, BACKEND, BEGIN_READ, BEGIN_WRITE, MIGRATOR};
use crate::error::StoreResult;
use crate::scans::ScanBatchWriter;
use crate::shared::{Backend, Store, Tx};
use async_trait::async_trait;

/// One backend's store: a pool for writers and a pool for readers (the same pool on
/// PostgreSQL; on SQLite a single writer connection, so writers queue in the pool instead
/// of spinning on the database lock, and several read-only readers).
pub struct SqlStore {
    write: sqlx::Pool<Db>,
    read: sqlx::Pool<Db>,
    /// The backend's own writer of plain scans, if it has one (SQLite's, set by
    /// `sqlite::open`); without one, plain scans are written through `write`.
    pub(super) scan_writer: Option<Box<dyn ScanBatchWriter>>,
}

impl SqlStore {
    pub fn from_pools(write: sqlx::Pool<Db>, read: sqlx::Pool<Db>) -> Self {
        Self {
            write,
            read,
            scan_writer: None,
        }
    }

    /// The writer pool, for backend-specific maintenance (tests, benchmarks).
    pub fn write_pool(&self) -> &sqlx::Pool<Db> {
        &self.write
    }
}

/// A transaction on one backend; every area's operations are implemented on it.
pub struct SqlTx {
    tx: sqlx::Transaction<'static, Db>,
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        BACKEND
    }

    async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.write).await?;
        Ok(())
    }

    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.write.begin_with(BEGIN_WRITE).await?;
        Ok(Box::new(SqlTx { tx }))
    }

    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.read.begin_with(BEGIN_READ).await?;
        Ok(Box::new(SqlTx { tx }))
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

#[async_trait]
impl Tx for SqlTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
