//! The SQL of consumer complaints. Compiled into each backend by `crate::sql` (through
//! `#[path]`), so `super` is that backend's `sql` module: its `Db`, `SqlTx` and query
//! helpers.

use super::query::{and_eq, Select};
use super::{Db, SqlTx};
use crate::complaints::rows::*;
use crate::complaints::*;
use crate::error::StoreResult;
use crate::shared::Page;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

#[async_trait]
impl ComplaintTx for SqlTx {
    async fn insert_complaint(&mut self, c: &NewComplaint, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO complaints (ticket_no, access_hash, serial, genuine, batch_id, product_id, enterprise_id, category, \
             description, photo_key, photo_type, phone, network, status, accept_due, close_due, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received', $14, $15, $16, $16) RETURNING id",
        )
        .bind(&c.ticket_no)
        .bind(&c.access_hash)
        .bind(&c.serial)
        .bind(c.genuine)
        .bind(c.batch_id)
        .bind(c.product_id)
        .bind(c.enterprise_id)
        .bind(c.category.as_str())
        .bind(&c.description)
        .bind(&c.photo_key)
        .bind(&c.photo_type)
        .bind(&c.phone)
        .bind(&c.network)
        .bind(c.accept_due)
        .bind(c.close_due)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_complaint(&mut self, id: i64) -> StoreResult<Option<Complaint>> {
        let sql = format!("SELECT {COMPLAINT_COLS} FROM complaints WHERE id = $1");
        self.one(&sql, id, ComplaintRow::into_complaint).await
    }

    async fn get_complaint_by_ticket(&mut self, ticket_no: &str) -> StoreResult<Option<Complaint>> {
        let sql = format!("SELECT {COMPLAINT_COLS} FROM complaints WHERE ticket_no = $1");
        self.one(&sql, ticket_no, ComplaintRow::into_complaint)
            .await
    }

    async fn list_complaints(&mut self, q: &ComplaintQuery) -> StoreResult<Page<Complaint>> {
        let select = Select {
            columns: COMPLAINT_COLS,
            from: "complaints",
            // Open ones first, by their acceptance deadline; then the rest, newest first.
            order: "CASE WHEN status IN ('received', 'accepted') THEN 0 ELSE 1 END, accept_due, \
                    created_at DESC, id DESC",
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            and_eq(qb, "enterprise_id", q.enterprise_id);
            and_eq(qb, "status", q.status.clone());
            and_eq(qb, "category", q.category.clone());
            and_eq(qb, "assigned_to", q.assigned_to.clone());
            if let Some(d) = q.overdue_on {
                qb.push(" AND ((status = 'received' AND accept_due < ");
                qb.push_bind(d);
                qb.push(") OR (status IN ('received', 'accepted') AND close_due < ");
                qb.push_bind(d);
                qb.push("))");
            }
        };
        self.page(
            select,
            q.limit,
            q.offset,
            filters,
            ComplaintRow::into_complaint,
        )
        .await
    }

    async fn update_complaint(
        &mut self,
        id: i64,
        from: rongma_domain::workflow::ComplaintStatus,
        u: &ComplaintUpdate,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let responded = u.enterprise_response.as_ref().map(|_| at);
        let r = sqlx::query(
            "UPDATE complaints SET status = COALESCE($1, status), assigned_to = COALESCE($2, assigned_to), \
             decision_note = COALESCE($3, decision_note), enterprise_response = COALESCE($4, enterprise_response), \
             enterprise_responded_at = COALESCE($5, enterprise_responded_at), outcome = COALESCE($6, outcome), \
             updated_at = $7 WHERE id = $8 AND status = $9",
        )
        .bind(u.status.map(|s| s.as_str()))
        .bind(&u.assigned_to)
        .bind(&u.decision_note)
        .bind(&u.enterprise_response)
        .bind(responded)
        .bind(&u.outcome)
        .bind(at)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn complaints_by_category(
        &mut self,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<CategoryCount>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT category, COUNT(*) FROM complaints WHERE created_at >= $1 GROUP BY category ORDER BY category",
        )
        .bind(since)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(category, count)| CategoryCount { category, count })
            .collect())
    }
}
