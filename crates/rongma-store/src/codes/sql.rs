//! The SQL of code batches and revocations. Compiled into each backend by `crate::sql`
//! (through `#[path]`), so `super` is that backend's `sql` module: its `Db`, `SqlTx` and
//! query helpers.

use super::query::{and_eq, Select};
use super::{Db, SqlTx};
use crate::codes::rows::*;
use crate::codes::*;
use crate::error::StoreResult;
use crate::shared::Page;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::codes::{Seq, SeqRange};
use sqlx::types::Json;
use sqlx::QueryBuilder;

#[async_trait]
impl CodeTx for SqlTx {
    async fn insert_batch(&mut self, b: &NewCodeBatch, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO code_batches (enterprise_id, certificate_id, product_id, key_id, seq_start, quantity, \
             lot_no, production_date, sizes, gtin, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(b.enterprise_id)
        .bind(b.certificate_id)
        .bind(b.product_id)
        .bind(b.key_id.symbol().to_string())
        .bind(seq_to_db(b.range.start()))
        .bind(i64::try_from(b.range.count()).unwrap_or(i64::MAX))
        .bind(&b.lot_no)
        .bind(b.production_date)
        .bind(Json(&b.sizes))
        .bind(&b.gtin)
        .bind(&b.created_by)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_batch(&mut self, id: i64) -> StoreResult<Option<CodeBatch>> {
        let sql = format!("SELECT {BATCH_COLS} FROM code_batches WHERE id = $1");
        self.one(&sql, id, BatchRow::into_batch).await
    }

    async fn lock_batch(&mut self, id: i64) -> StoreResult<Option<CodeBatch>> {
        // A no-op UPDATE takes the row lock on PostgreSQL and works the same on SQLite,
        // which has no SELECT … FOR UPDATE.
        let sql = format!(
            "UPDATE code_batches SET revoked_count = revoked_count WHERE id = $1 RETURNING {BATCH_COLS}"
        );
        self.one(&sql, id, BatchRow::into_batch).await
    }

    async fn list_batches(&mut self, q: &BatchQuery) -> StoreResult<Page<CodeBatch>> {
        let select = Select {
            columns: BATCH_COLS,
            from: "code_batches",
            order: "created_at DESC, id DESC",
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            and_eq(qb, "enterprise_id", q.enterprise_id);
            and_eq(qb, "certificate_id", q.certificate_id);
            and_eq(qb, "product_id", q.product_id);
        };
        self.page(select, q.limit, q.offset, filters, BatchRow::into_batch)
            .await
    }

    async fn batch_for_seq(&mut self, seq: Seq) -> StoreResult<Option<CodeBatch>> {
        let sql = format!(
            "SELECT {BATCH_COLS} FROM code_batches WHERE seq_start <= $1 ORDER BY seq_start DESC LIMIT 1"
        );
        let batch = self.one(&sql, seq_to_db(seq), BatchRow::into_batch).await?;
        Ok(batch.filter(|b| b.range.contains(seq)))
    }

    async fn codes_on_certificate(&mut self, certificate_id: i64) -> StoreResult<i64> {
        let n = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM code_batches WHERE certificate_id = $1",
        )
        .bind(certificate_id)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(n)
    }

    async fn revoke_batch(
        &mut self,
        id: i64,
        reason: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE code_batches SET revoked_at = $1, revoked_reason = $2, revoked_by = $3 \
             WHERE id = $4 AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(reason)
        .bind(by)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn insert_revocation(
        &mut self,
        r: &NewRevocation,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO code_revocations (batch_id, scope, seq_first, seq_last, reason, revoked_by, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(r.batch_id)
        .bind(r.scope.as_str())
        .bind(seq_to_db(r.range.start()))
        .bind(seq_to_db(r.range.last()))
        .bind(&r.reason)
        .bind(&r.revoked_by)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        sqlx::query("UPDATE code_batches SET revoked_count = revoked_count + $1 WHERE id = $2")
            .bind(i64::try_from(r.range.count()).unwrap_or(i64::MAX))
            .bind(r.batch_id)
            .execute(&mut *self.tx)
            .await?;
        Ok(id)
    }

    async fn overlapping_revocation(
        &mut self,
        batch_id: i64,
        range: SeqRange,
    ) -> StoreResult<Option<CodeRevocation>> {
        let sql = format!(
            "SELECT {REVOCATION_COLS} FROM code_revocations \
             WHERE batch_id = $1 AND seq_first <= $2 AND seq_last >= $3 ORDER BY seq_first LIMIT 1"
        );
        let row: Option<RevocationRow> = sqlx::query_as(&sql)
            .bind(batch_id)
            .bind(seq_to_db(range.last()))
            .bind(seq_to_db(range.start()))
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(RevocationRow::into_revocation).transpose()
    }

    async fn revocation_for_seq(
        &mut self,
        batch_id: i64,
        seq: Seq,
    ) -> StoreResult<Option<CodeRevocation>> {
        let sql = format!(
            "SELECT {REVOCATION_COLS} FROM code_revocations \
             WHERE batch_id = $1 AND seq_first <= $2 ORDER BY seq_first DESC LIMIT 1"
        );
        let row: Option<RevocationRow> = sqlx::query_as(&sql)
            .bind(batch_id)
            .bind(seq_to_db(seq))
            .fetch_optional(&mut *self.tx)
            .await?;
        let rev = row.map(RevocationRow::into_revocation).transpose()?;
        Ok(rev.filter(|r| r.range.contains(seq)))
    }

    async fn list_revocations(&mut self, batch_id: i64) -> StoreResult<Vec<CodeRevocation>> {
        let sql = format!(
            "SELECT {REVOCATION_COLS} FROM code_revocations WHERE batch_id = $1 ORDER BY seq_first"
        );
        let rows: Vec<RevocationRow> = sqlx::query_as(&sql)
            .bind(batch_id)
            .fetch_all(&mut *self.tx)
            .await?;
        rows.into_iter()
            .map(RevocationRow::into_revocation)
            .collect()
    }
}
