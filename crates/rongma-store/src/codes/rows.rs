//! How code batch and revocation rows read back into records (on either backend). A
//! stored range that is no longer a valid [`SeqRange`] is corrupt data.

use crate::codes::{CodeBatch, CodeRevocation, RevocationScope};
use crate::error::{corrupt, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::codes::{BatchSize, KeyId, SeqRange};
use sqlx::types::Json;

pub(crate) const BATCH_COLS: &str = "id, enterprise_id, certificate_id, product_id, key_id, seq_start, quantity, lot_no, \
     production_date, sizes, gtin, revoked_count, revoked_at, revoked_reason, revoked_by, created_by, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct BatchRow {
    id: i64,
    enterprise_id: i64,
    certificate_id: i64,
    product_id: i64,
    key_id: String,
    seq_start: i64,
    quantity: i64,
    lot_no: String,
    production_date: NaiveDate,
    sizes: Json<Vec<BatchSize>>,
    gtin: Option<String>,
    revoked_count: i64,
    revoked_at: Option<DateTime<Utc>>,
    revoked_reason: Option<String>,
    revoked_by: Option<String>,
    created_by: String,
    created_at: DateTime<Utc>,
}

/// A stored range back into a [`SeqRange`]; a bad one is corrupt data, not a user error.
fn stored_range(what: &str, start: i64, count: i64) -> StoreResult<SeqRange> {
    let (Ok(start), Ok(count)) = (u64::try_from(start), u64::try_from(count)) else {
        return Err(corrupt(what, format!("{start}+{count}")));
    };
    SeqRange::new(start, count).map_err(|e| corrupt(what, e))
}

impl BatchRow {
    pub(crate) fn into_batch(self) -> StoreResult<CodeBatch> {
        Ok(CodeBatch {
            id: self.id,
            enterprise_id: self.enterprise_id,
            certificate_id: self.certificate_id,
            product_id: self.product_id,
            key_id: KeyId::parse(&self.key_id).map_err(|e| corrupt("code_batches.key_id", e))?,
            range: stored_range("code_batches.seq_start", self.seq_start, self.quantity)?,
            lot_no: self.lot_no,
            production_date: self.production_date,
            sizes: self.sizes.0,
            gtin: self.gtin,
            revoked_count: self.revoked_count,
            revoked_at: self.revoked_at,
            revoked_reason: self.revoked_reason,
            revoked_by: self.revoked_by,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

pub(crate) const REVOCATION_COLS: &str =
    "id, batch_id, scope, seq_first, seq_last, reason, revoked_by, revoked_at";

#[derive(sqlx::FromRow)]
pub(crate) struct RevocationRow {
    id: i64,
    batch_id: i64,
    scope: String,
    seq_first: i64,
    seq_last: i64,
    reason: String,
    revoked_by: String,
    revoked_at: DateTime<Utc>,
}

impl RevocationRow {
    pub(crate) fn into_revocation(self) -> StoreResult<CodeRevocation> {
        Ok(CodeRevocation {
            id: self.id,
            batch_id: self.batch_id,
            scope: RevocationScope::parse(&self.scope)
                .ok_or_else(|| corrupt("code_revocations.scope", &self.scope))?,
            range: stored_range(
                "code_revocations.seq_first",
                self.seq_first,
                self.seq_last
                    .saturating_sub(self.seq_first)
                    .saturating_add(1),
            )?,
            reason: self.reason,
            revoked_by: self.revoked_by,
            revoked_at: self.revoked_at,
        })
    }
}
