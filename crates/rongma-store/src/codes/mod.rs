//! Code batches and revocations: their records, their operations ([`CodeTx`], part of
//! every [`crate::Tx`]) and unique keys. A batch is its key id and sequence range (typed:
//! [`KeyId`], [`SeqRange`]); serials and PINs are derived from them, never stored.
//! Batches take their sequence range from the `code_seq` counter
//! ([`crate::WorkflowTx::bump_counter`]).
//!
//! The SQL is in `sql.rs` (compiled into each backend, see `crate::sql`); how a row
//! becomes a record is in `rows.rs`.

pub(crate) mod rows;

use crate::error::{unique, StoreResult, UniqueKey};
use crate::shared::{At, Page};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::codes::{BatchSize, KeyId, Seq, SeqRange};

/// The codes' unique constraints.
pub(crate) const UNIQUE_KEYS: &[UniqueKey] = &[unique(
    "uq_code_batches_seq_start",
    "code_batches.seq_start",
    "code_batches.seq_start",
)];

/// The counter every batch takes its sequence range from.
pub const CODE_SEQ_COUNTER: &str = "code_seq";

/// The counter of codes issued on one certificate (its quota), in the same `counters`
/// table: bumping it locks the row, so concurrent batches cannot both pass the cap.
pub fn certificate_quota_counter(certificate_id: i64) -> String {
    format!("codes_on_certificate:{certificate_id}")
}

/// One batch of codes for one production lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBatch {
    pub id: i64,
    pub enterprise_id: i64,
    pub certificate_id: i64,
    pub product_id: i64,
    pub key_id: KeyId,
    pub range: SeqRange,
    pub lot_no: String,
    pub production_date: NaiveDate,
    /// Size breakdown in sequence order; empty when there is none.
    pub sizes: Vec<BatchSize>,
    /// GTIN-14 of Digital Link URLs; `None` for short URLs.
    pub gtin: Option<String>,
    /// Codes revoked by range and serial revocations (not counting a whole-batch revocation).
    pub revoked_count: i64,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub revoked_by: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewCodeBatch {
    pub enterprise_id: i64,
    pub certificate_id: i64,
    pub product_id: i64,
    pub key_id: KeyId,
    pub range: SeqRange,
    pub lot_no: String,
    pub production_date: NaiveDate,
    pub sizes: Vec<BatchSize>,
    pub gtin: Option<String>,
    pub created_by: String,
}

/// What a revocation covers; a whole batch is recorded on the batch itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationScope {
    /// Serials A to B of a batch.
    Range,
    /// One serial (a lost or stolen tag).
    Serial,
}

impl RevocationScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Range => "range",
            Self::Serial => "serial",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "range" => Some(Self::Range),
            "serial" => Some(Self::Serial),
            _ => None,
        }
    }
}

/// A revoked range of one batch (both ends included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRevocation {
    pub id: i64,
    pub batch_id: i64,
    pub scope: RevocationScope,
    pub range: SeqRange,
    pub reason: String,
    pub revoked_by: String,
    pub revoked_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewRevocation {
    pub batch_id: i64,
    pub scope: RevocationScope,
    pub range: SeqRange,
    pub reason: String,
    pub revoked_by: String,
}

/// Filters of the batch list; `enterprise_id` is forced by the app for enterprise users.
#[derive(Debug, Clone, Default)]
pub struct BatchQuery {
    pub enterprise_id: Option<i64>,
    pub certificate_id: Option<i64>,
    pub product_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// A sequence number as the databases store it (both keep `BIGINT`/`INTEGER` as i64; every
/// sequence number is below 2⁴⁰, so the conversion never fails).
pub fn seq_to_db(seq: Seq) -> i64 {
    i64::try_from(seq.get()).unwrap_or(i64::MAX)
}

#[async_trait]
pub trait CodeTx: Send {
    async fn insert_batch(&mut self, b: &NewCodeBatch, at: At) -> StoreResult<i64>;
    async fn get_batch(&mut self, id: i64) -> StoreResult<Option<CodeBatch>>;
    /// The batch, with its row locked for the rest of the transaction (PostgreSQL; SQLite
    /// writers are serialised anyway), so revocations of one batch never race.
    async fn lock_batch(&mut self, id: i64) -> StoreResult<Option<CodeBatch>>;
    /// Newest first.
    async fn list_batches(&mut self, q: &BatchQuery) -> StoreResult<Page<CodeBatch>>;
    /// The batch whose range holds `seq`, with one probe of the unique `seq_start` index.
    async fn batch_for_seq(&mut self, seq: Seq) -> StoreResult<Option<CodeBatch>>;
    /// Codes issued on a certificate, over all its batches.
    async fn codes_on_certificate(&mut self, certificate_id: i64) -> StoreResult<i64>;

    /// Revokes a whole batch; false if it was already revoked.
    async fn revoke_batch(&mut self, id: i64, reason: &str, by: &str, at: At) -> StoreResult<bool>;
    /// Records a revoked range and adds its size to the batch's `revoked_count`. The caller
    /// checks (under [`Self::lock_batch`]) that it lies in the batch and overlaps nothing.
    async fn insert_revocation(&mut self, r: &NewRevocation, at: At) -> StoreResult<i64>;
    /// A revocation of the batch that overlaps `range`, if any.
    async fn overlapping_revocation(
        &mut self,
        batch_id: i64,
        range: SeqRange,
    ) -> StoreResult<Option<CodeRevocation>>;
    /// The revocation that covers `seq`, with one index probe (ranges never overlap).
    async fn revocation_for_seq(
        &mut self,
        batch_id: i64,
        seq: Seq,
    ) -> StoreResult<Option<CodeRevocation>>;
    /// In sequence order.
    async fn list_revocations(&mut self, batch_id: i64) -> StoreResult<Vec<CodeRevocation>>;
}
