//! The SQL of supervision. Compiled into each backend by `crate::sql` (through `#[path]`),
//! so `super` is that backend's `sql` module: its `Db`, `SqlTx` and query helpers.

use super::query::{and_eq, Select};
use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::Page;
use crate::supervision::rows::*;
use crate::supervision::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

const ASSIGNMENT_SELECT: &str =
    "SELECT a.task_id, a.enterprise_id, a.stratum, a.rank, i.inspector_id \
     FROM spot_assignments a LEFT JOIN spot_assignment_inspectors i \
     ON i.task_id = a.task_id AND i.enterprise_id = a.enterprise_id";

#[async_trait]
impl SupervisionTx for SqlTx {
    async fn insert_inspector(&mut self, i: &NewInspector, at: DateTime<Utc>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO inspectors (cert_no, name, field, username, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
        )
        .bind(&i.cert_no)
        .bind(&i.name)
        .bind(&i.field)
        .bind(&i.username)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    async fn get_inspector(&mut self, id: i64) -> StoreResult<Option<InspectorRecord>> {
        let sql = format!("SELECT {INSPECTOR_COLS} FROM inspectors WHERE id = $1");
        self.one(&sql, id, InspectorRow::into_record).await
    }

    async fn inspector_by_username(
        &mut self,
        username: &str,
    ) -> StoreResult<Option<InspectorRecord>> {
        let sql = format!("SELECT {INSPECTOR_COLS} FROM inspectors WHERE username = $1");
        self.one(&sql, username, InspectorRow::into_record).await
    }

    async fn list_inspectors(&mut self) -> StoreResult<Vec<InspectorRecord>> {
        let sql = format!("SELECT {INSPECTOR_COLS} FROM inspectors ORDER BY cert_no");
        let rows: Vec<InspectorRow> = sqlx::query_as(&sql).fetch_all(&mut *self.tx).await?;
        rows.into_iter().map(InspectorRow::into_record).collect()
    }

    async fn set_inspector_active(
        &mut self,
        id: i64,
        active: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE inspectors SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(active)
            .bind(at)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn insert_conflict(&mut self, c: &ConflictRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO inspector_conflicts (inspector_id, enterprise_id, reason, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(c.inspector_id)
        .bind(c.enterprise_id)
        .bind(&c.reason)
        .bind(c.created_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn list_conflicts(&mut self) -> StoreResult<Vec<ConflictRecord>> {
        let rows: Vec<ConflictRow> = sqlx::query_as(
            "SELECT inspector_id, enterprise_id, reason, created_at FROM inspector_conflicts \
             ORDER BY inspector_id, enterprise_id",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.into_iter().map(ConflictRow::into_record).collect())
    }

    async fn insert_check_item(&mut self, c: &CheckItem, at: DateTime<Utc>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO check_items (code, name_zh, name_en, kind, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&c.code)
        .bind(&c.name_zh)
        .bind(&c.name_en)
        .bind(&c.kind)
        .bind(c.active)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    async fn list_check_items(&mut self) -> StoreResult<Vec<CheckItem>> {
        let rows: Vec<CheckItemRow> = sqlx::query_as(
            "SELECT id, code, name_zh, name_en, kind, active FROM check_items ORDER BY code",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.into_iter().map(CheckItemRow::into_record).collect())
    }

    async fn set_subject_stratum(
        &mut self,
        enterprise_id: i64,
        stratum: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM supervision_subjects WHERE enterprise_id = $1")
            .bind(enterprise_id)
            .execute(&mut *self.tx)
            .await?;
        if let Some(s) = stratum {
            sqlx::query(
                "INSERT INTO supervision_subjects (enterprise_id, stratum, updated_at) VALUES ($1, $2, $3)",
            )
            .bind(enterprise_id)
            .bind(s)
            .bind(at)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    async fn subject_strata(&mut self) -> StoreResult<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT enterprise_id, stratum FROM supervision_subjects ORDER BY enterprise_id",
        )
        .fetch_all(&mut *self.tx)
        .await?)
    }

    async fn insert_task(&mut self, t: &NewSpotTask, at: DateTime<Utc>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO spot_tasks (code, title, state, plan_bytes, plan_hash, plan_leaf, published_at, \
             publish_due_days, created_by, updated_at) \
             VALUES ($1, $2, 'published', $3, $4, $5, $6, $7, $8, $6) RETURNING id",
        )
        .bind(&t.code)
        .bind(&t.title)
        .bind(&t.plan_bytes)
        .bind(&t.plan_hash)
        .bind(t.plan_leaf)
        .bind(at)
        .bind(t.publish_due_days as i32)
        .bind(&t.created_by)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    async fn get_task(&mut self, id: i64) -> StoreResult<Option<SpotTask>> {
        let sql = format!("SELECT {TASK_COLS} FROM spot_tasks WHERE id = $1");
        self.one(&sql, id, TaskRow::into_task).await
    }

    async fn get_task_by_code(&mut self, code: &str) -> StoreResult<Option<SpotTask>> {
        let sql = format!("SELECT {TASK_COLS} FROM spot_tasks WHERE code = $1");
        self.one(&sql, code, TaskRow::into_task).await
    }

    async fn list_tasks(&mut self, limit: i64, offset: i64) -> StoreResult<Page<SpotTask>> {
        let select = Select {
            columns: TASK_COLS,
            from: "spot_tasks",
            order: "published_at DESC, id DESC",
        };
        self.page(select, limit, offset, |_| {}, TaskRow::into_task)
            .await
    }

    async fn record_draw(
        &mut self,
        task_id: i64,
        d: &DrawRecord,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE spot_tasks SET state = 'drawn', beacon = $1, beacon_evidence = $2, result_bytes = $3, \
             result_leaf = $4, drawn_at = $5, updated_at = $5 WHERE id = $6 AND state = 'published'",
        )
        .bind(&d.beacon)
        .bind(&d.beacon_evidence)
        .bind(&d.result_bytes)
        .bind(d.result_leaf)
        .bind(at)
        .bind(task_id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn set_task_state(
        &mut self,
        task_id: i64,
        from: TaskState,
        to: TaskState,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE spot_tasks SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(task_id)
        .bind(from.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn insert_assignment(&mut self, a: &Assignment) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO spot_assignments (task_id, enterprise_id, stratum, rank) VALUES ($1, $2, $3, $4)",
        )
        .bind(a.task_id)
        .bind(a.enterprise_id)
        .bind(&a.stratum)
        .bind(a.rank as i32)
        .execute(&mut *self.tx)
        .await?;
        for (position, inspector) in a.inspector_ids.iter().enumerate() {
            sqlx::query(
                "INSERT INTO spot_assignment_inspectors (task_id, enterprise_id, inspector_id, position) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(a.task_id)
            .bind(a.enterprise_id)
            .bind(inspector)
            .bind(position as i32)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    async fn list_assignments(&mut self, task_id: i64) -> StoreResult<Vec<Assignment>> {
        let sql = format!(
            "{ASSIGNMENT_SELECT} WHERE a.task_id = $1 ORDER BY a.stratum, a.rank, a.enterprise_id, i.position"
        );
        let rows: Vec<AssignmentRow> = sqlx::query_as(&sql)
            .bind(task_id)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(fold_assignments(rows))
    }

    async fn assignments_of(&mut self, inspector_id: i64) -> StoreResult<Vec<Assignment>> {
        let sql = format!(
            "{ASSIGNMENT_SELECT} WHERE (a.task_id, a.enterprise_id) IN \
             (SELECT task_id, enterprise_id FROM spot_assignment_inspectors WHERE inspector_id = $1) \
             ORDER BY a.task_id DESC, a.stratum, a.rank, a.enterprise_id, i.position"
        );
        let rows: Vec<AssignmentRow> = sqlx::query_as(&sql)
            .bind(inspector_id)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(fold_assignments(rows))
    }

    async fn insert_sample(&mut self, s: &NewSample, at: DateTime<Utc>) -> StoreResult<i64> {
        let photos = serde_json::to_string(&s.photo_keys).unwrap_or_else(|_| "[]".into());
        Ok(sqlx::query_scalar(
            "INSERT INTO samples (sample_no, task_id, complaint_id, retest_of, enterprise_id, serial, batch_id, \
             certificate_id, shop, address, sampled_on, seal_no, photo_keys, recorded_by, lab_id, state, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
        )
        .bind(&s.sample_no)
        .bind(s.task_id)
        .bind(s.complaint_id)
        .bind(s.retest_of)
        .bind(s.enterprise_id)
        .bind(&s.serial)
        .bind(s.batch_id)
        .bind(s.certificate_id)
        .bind(&s.shop)
        .bind(&s.address)
        .bind(s.sampled_on)
        .bind(&s.seal_no)
        .bind(photos)
        .bind(&s.recorded_by)
        .bind(s.lab_id)
        .bind(s.state.as_str())
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    async fn get_sample(&mut self, id: i64) -> StoreResult<Option<Sample>> {
        let sql = format!("SELECT {SAMPLE_COLS} FROM samples WHERE id = $1");
        self.one(&sql, id, SampleRow::into_sample).await
    }

    async fn list_samples(&mut self, q: &SampleQuery) -> StoreResult<Page<Sample>> {
        let select = Select {
            columns: SAMPLE_COLS,
            from: "samples",
            order: "created_at DESC, id DESC",
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            and_eq(qb, "task_id", q.task_id);
            and_eq(qb, "enterprise_id", q.enterprise_id);
            and_eq(qb, "lab_id", q.lab_id);
            and_eq(qb, "state", q.state.map(|s| s.as_str()));
            and_eq(qb, "recorded_by", q.recorded_by.clone());
        };
        self.page(select, q.limit, q.offset, filters, SampleRow::into_sample)
            .await
    }

    async fn update_sample(
        &mut self,
        id: i64,
        from: SampleState,
        u: &SampleUpdate,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let outcome = u.outcome.as_ref().map(|v| v.to_string());
        let decision = u.decision.as_ref().map(|v| v.to_string());
        let r = sqlx::query(
            "UPDATE samples SET state = COALESCE($1, state), lab_id = COALESCE($2, lab_id), \
             report_id = COALESCE($3, report_id), outcome = COALESCE($4, outcome), \
             decision = COALESCE($5, decision), objection_due = COALESCE($6, objection_due), \
             objection = COALESCE($7, objection), new_certificate_id = COALESCE($8, new_certificate_id), \
             updated_at = $9 WHERE id = $10 AND state = $11",
        )
        .bind(u.state.map(|s| s.as_str()))
        .bind(u.lab_id)
        .bind(u.report_id)
        .bind(outcome)
        .bind(decision)
        .bind(u.objection_due)
        .bind(&u.objection)
        .bind(u.new_certificate_id)
        .bind(at)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn samples_past_objection(&mut self, today: NaiveDate) -> StoreResult<Vec<Sample>> {
        let sql = format!(
            "SELECT {SAMPLE_COLS} FROM samples WHERE state = 'decided' AND objection_due < $1 ORDER BY id"
        );
        let rows: Vec<SampleRow> = sqlx::query_as(&sql)
            .bind(today)
            .fetch_all(&mut *self.tx)
            .await?;
        rows.into_iter().map(SampleRow::into_sample).collect()
    }

    async fn move_batches(&mut self, from: i64, to: i64, only: Option<i64>) -> StoreResult<u64> {
        let mut qb = QueryBuilder::<Db>::new("UPDATE code_batches SET certificate_id = ");
        qb.push_bind(to);
        qb.push(" WHERE certificate_id = ");
        qb.push_bind(from);
        if let Some(b) = only {
            qb.push(" AND id = ");
            qb.push_bind(b);
        }
        Ok(qb.build().execute(&mut *self.tx).await?.rows_affected())
    }
}
