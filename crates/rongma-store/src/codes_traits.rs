//! Storage of code batches and revocations, part of every [`crate::Tx`]. Batches take
//! their sequence range from the `code_seq` counter ([`crate::WorkflowTx::bump_counter`]).

use crate::codes_model::*;
use crate::error::StoreResult;
use crate::model::Page;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::codes::{Seq, SeqRange};

type At = DateTime<Utc>;

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
