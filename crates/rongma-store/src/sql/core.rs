// Compiled into `crate::sqlite` and `crate::postgres` with `include!`; each defines `Db`,
// `BACKEND`, `BEGIN_WRITE`, `BEGIN_READ` and `MIGRATOR` before including this file.
// The SQL here is the same text on both backends: `$n` parameters (SQLite reads them as
// numbered parameters), `RETURNING`, `LOWER(..) LIKE .. ESCAPE`, `LIMIT/OFFSET`.

use crate::error::{StoreError, StoreResult};
use crate::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::registry::*;
use rongma_domain::roles::Role;
use sqlx::types::Json;
use sqlx::QueryBuilder;

/// One backend's store: a pool for writers and a pool for readers (the same pool on
/// PostgreSQL; on SQLite a single writer connection, so writers queue in the pool instead
/// of spinning on the database lock, and several read-only readers).
pub struct SqlStore {
    write: sqlx::Pool<Db>,
    read: sqlx::Pool<Db>,
    /// The backend's own writer of plain scans, if it has one (SQLite).
    scan_writer: Option<ScanWriter>,
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

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

fn parse_role(s: &str) -> StoreResult<Role> {
    Role::parse(s).ok_or_else(|| corrupt("role", s))
}

fn parse_decimal(what: &str, s: &str) -> StoreResult<rust_decimal::Decimal> {
    s.parse().map_err(|e| corrupt(what, e))
}

/// Appends the common filters of registry lists. `search` lists the columns the search
/// text is matched against; `owner` is the column that holds the enterprise id.
fn push_filters(
    qb: &mut QueryBuilder<'_, Db>,
    q: &ListQuery,
    search: &[&str],
    owner: Option<&str>,
    status_col: Option<&str>,
) {
    qb.push(" WHERE 1 = 1");
    if !q.include_archived {
        qb.push(" AND archived_at IS NULL");
    }
    if let Some(pattern) = q.like_pattern() {
        qb.push(" AND (");
        for (i, col) in search.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(format!("LOWER({col}) LIKE "));
            qb.push_bind(pattern.clone());
            qb.push(" ESCAPE '\\'");
        }
        qb.push(")");
    }
    if let (Some(col), Some(id)) = (owner, q.enterprise_id) {
        qb.push(format!(" AND {col} = "));
        qb.push_bind(id);
    }
    if let (Some(col), Some(status)) = (status_col, q.status.as_deref()) {
        qb.push(format!(" AND {col} = "));
        qb.push_bind(status.to_owned());
    }
}

/// Runs a filtered list: one count and one page, both with the same filters.
async fn list_page<R, T>(
    tx: &mut SqlTx,
    columns: &str,
    table: &str,
    q: &ListQuery,
    filters: impl Fn(&mut QueryBuilder<'_, Db>, &ListQuery),
    order: &str,
    convert: impl Fn(R) -> StoreResult<T>,
) -> StoreResult<Page<T>>
where
    R: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) FROM {table}"));
    filters(&mut count, q);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *tx.tx).await?;

    let mut page = QueryBuilder::<Db>::new(format!("SELECT {columns} FROM {table}"));
    filters(&mut page, q);
    page.push(format!(" ORDER BY {order} LIMIT "));
    page.push_bind(q.limit);
    page.push(" OFFSET ");
    page.push_bind(q.offset);
    let rows: Vec<R> = page.build_query_as().fetch_all(&mut *tx.tx).await?;
    Ok(Page {
        items: rows.into_iter().map(convert).collect::<StoreResult<_>>()?,
        total,
        limit: q.limit,
        offset: q.offset,
    })
}
