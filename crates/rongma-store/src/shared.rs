//! What every area shares: the [`Store`] (connections, transactions, migrations), the
//! [`Tx`] that gathers every area's operations, paging ([`Page`], [`ListQuery`]) and the
//! store's clock ([`now`]).
//!
//! The app layer opens a transaction, reads and writes through it (appending history
//! events in the same transaction), and commits; dropping a transaction without committing
//! rolls it back, so nothing is ever half-written.

use crate::accounts::AccountTx;
use crate::codes::CodeTx;
use crate::complaints::ComplaintTx;
use crate::error::StoreResult;
use crate::events::EventTx;
use crate::log::LogTx;
use crate::registry::RegistryTx;
use crate::scans::{ScanStore, ScanTx};
use crate::supervision::SupervisionTx;
use crate::throttles::ThrottleTx;
use crate::workflow::WorkflowTx;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A point in time as the store keeps it.
pub(crate) type At = DateTime<Utc>;

/// The current time, truncated to microseconds: PostgreSQL keeps microseconds, so values
/// read back compare equal on both backends.
pub fn now() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[async_trait]
pub trait Store: ScanStore + Send + Sync + 'static {
    fn backend(&self) -> Backend;
    /// Applies pending migrations of this backend.
    async fn migrate(&self) -> StoreResult<()>;
    /// A write transaction. On SQLite it takes the write lock up front (`BEGIN
    /// IMMEDIATE`), so a read-then-write never fails half-way for lack of the lock.
    async fn begin(&self) -> StoreResult<Box<dyn Tx>>;
    /// A read-only transaction: a consistent snapshot for pages that read several tables.
    async fn read(&self) -> StoreResult<Box<dyn Tx>>;
    /// Whether the database answers (for `/readyz`).
    async fn ping(&self) -> StoreResult<()>;
    async fn close(&self);
}

/// A transaction with every operation of every area.
#[async_trait]
pub trait Tx:
    RegistryTx
    + AccountTx
    + EventTx
    + WorkflowTx
    + CodeTx
    + ComplaintTx
    + ScanTx
    + ThrottleTx
    + LogTx
    + SupervisionTx
    + Send
{
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

/// A page of a list, with the total count for paging controls.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// Filters for registry lists. `enterprise_id` confines a list to one enterprise (set by
/// the app layer for enterprise users whatever the client asked).
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Case-insensitive substring of the name (and code/number where the kind has one).
    pub search: Option<String>,
    pub enterprise_id: Option<i64>,
    pub brand_id: Option<i64>,
    /// Kind-specific status filter (pilot status for enterprises, species for products).
    pub status: Option<String>,
    pub include_archived: bool,
    pub limit: i64,
    pub offset: i64,
}

impl ListQuery {
    /// The search text as a `LIKE` pattern with `%`, `_` and `\` escaped.
    pub fn like_pattern(&self) -> Option<String> {
        like_pattern(self.search.as_deref())
    }
}

/// `search` as a case-insensitive `LIKE` pattern (`%…%`, lower case, `%`, `_` and `\`
/// escaped with `\`); `None` when there is nothing to search for.
pub(crate) fn like_pattern(search: Option<&str>) -> Option<String> {
    let s = search?.trim();
    if s.is_empty() {
        return None;
    }
    let mut p = String::with_capacity(s.len() + 2);
    p.push('%');
    for c in s.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    Some(p)
}
