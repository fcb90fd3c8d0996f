//! Consumer scans and PIN checks: the per-code state, the events, daily counts and the
//! flags of suspected copies. [`ScanTx`] is part of every [`crate::Tx`]; [`ScanStore`]
//! holds what a scan does outside any transaction: the one read a scan page makes (a scan
//! is the hottest path there is; a `BEGIN`/`COMMIT` pair around one indexed probe would
//! triple its round trips) and the group-committed write of plain scans.
//!
//! The records are in `model.rs`, the SQL in `sql.rs` (compiled into each backend, see
//! `crate::sql`); how a row becomes a record is in `rows.rs`. SQLite writes plain scans
//! through its own writer, `sqlite_writer.rs`.

mod model;
pub(crate) mod rows;
pub(crate) mod sqlite_writer;

pub use model::*;

use crate::error::StoreResult;
use crate::shared::{At, Page};
use async_trait::async_trait;
use chrono::NaiveDate;

#[async_trait]
pub trait ScanStore: Send + Sync {
    /// A code's state with one primary-key probe on the read pool, no transaction.
    async fn code_state(&self, seq: i64) -> StoreResult<Option<CodeState>>;
    /// The codes from `first` to `last` (inclusive) that have a state row, by one range
    /// read of the primary key on the read pool.
    async fn codes_with_state(&self, first: i64, last: i64) -> StoreResult<Vec<i64>>;
    /// Writes a batch of plain scans in one transaction: the events, the codes' rows
    /// (created or added to; returned as committed) and the daily counts.
    async fn write_scan_batch(
        &self,
        events: &[NewScanEvent],
        deltas: &[ScanDelta],
        daily: &[DailyCount],
    ) -> StoreResult<Vec<CodeState>>;
}

/// A backend's own writer of plain scans, which its store uses instead of a transaction
/// on its pool. Only SQLite has one ([`sqlite_writer::ScanWriter`]); PostgreSQL writes
/// scans through its pool like everything else.
#[async_trait]
pub(crate) trait ScanBatchWriter: Send + Sync {
    /// Events, per-code rows and daily counts in one transaction; returns the rows as
    /// committed.
    async fn write(
        &self,
        events: &[NewScanEvent],
        deltas: &[ScanDelta],
        daily: &[DailyCount],
    ) -> StoreResult<Vec<CodeState>>;
}

#[async_trait]
pub trait ScanTx: Send {
    async fn get_code_state(&mut self, seq: i64) -> StoreResult<Option<CodeState>>;
    /// The code's row, created if missing, locked for the rest of the transaction (so PIN
    /// checks of one code from several instances apply one after the other).
    async fn lock_code_state(&mut self, seq: i64, batch_id: Option<i64>) -> StoreResult<CodeState>;
    async fn update_pin_state(&mut self, seq: i64, u: &PinStateUpdate) -> StoreResult<()>;
    /// Adds scans to codes' rows (creating them); returns each code's row as it is now.
    async fn add_scans(&mut self, deltas: &[ScanDelta]) -> StoreResult<Vec<CodeState>>;
    async fn insert_scan_events(&mut self, events: &[NewScanEvent]) -> StoreResult<()>;
    /// Adds to the daily counts.
    async fn add_daily_counts(&mut self, counts: &[DailyCount]) -> StoreResult<()>;
    /// Distinct networks of a code's events of `kind` since `since`.
    async fn distinct_networks(&mut self, seq: i64, kind: &str, since: At) -> StoreResult<i64>;
    /// Newest first.
    async fn list_scan_events(&mut self, seq: i64, limit: i64) -> StoreResult<Vec<ScanEvent>>;
    /// A page of a code's events, newest first, with their total.
    async fn scan_events_page(
        &mut self,
        seq: i64,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Page<ScanEvent>>;
    async fn daily_counts(&mut self, from: NaiveDate) -> StoreResult<Vec<DailyCount>>;

    /// Raises a flag or adds evidence to the existing one (of any status).
    async fn raise_flag(&mut self, f: &NewFlag) -> StoreResult<()>;
    async fn get_flag(&mut self, id: i64) -> StoreResult<Option<ScanFlag>>;
    /// Flags of the codes given, any status.
    async fn flags_of(&mut self, seqs: &[i64]) -> StoreResult<Vec<ScanFlag>>;
    /// Marks an open flag handled; false if it was not open.
    async fn handle_flag(&mut self, id: i64, by: &str, note: &str, at: At) -> StoreResult<bool>;
    async fn suspects(&mut self, q: &SuspectQuery) -> StoreResult<Page<SuspectRow>>;
    /// When each flag raised since `since` was first raised (for daily statistics).
    async fn flags_raised_since(&mut self, since: At) -> StoreResult<Vec<At>>;
}
