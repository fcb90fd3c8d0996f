//! The SQL of the grading workflow: profiles, counters, reports, applications, certificates
//! and the public list. Compiled into each backend by `crate::sql` (through `#[path]`), so
//! `super` is that backend's `sql` module: its `Db`, `SqlTx` and query helpers.

use super::query::{and_eq, and_search, Select};
use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::Page;
use crate::workflow::rows::*;
use crate::workflow::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::workflow::{Application, Certificate, CertificateState, TestReport};
use sqlx::types::Json;
use sqlx::QueryBuilder;

/// The filters the workflow lists share.
fn and_workflow_filters(qb: &mut QueryBuilder<'_, Db>, q: &WorkflowQuery, status_col: &str) {
    and_eq(qb, "enterprise_id", q.enterprise_id);
    and_eq(qb, "product_id", q.product_id);
    and_eq(qb, "lab_id", q.lab_id);
    and_eq(qb, status_col, q.status.clone());
    if let Some(d) = q.valid_until_before {
        qb.push(" AND valid_until <= ");
        qb.push_bind(d);
    }
}

/// Live certificates' products, brands and enterprises: what the public list reads.
const PUBLIC_FROM: &str = "certificates c JOIN products p ON p.id = c.product_id \
     JOIN brands b ON b.id = p.brand_id JOIN enterprises e ON e.id = c.enterprise_id";

/// A certificate on the public list on day `$1`: the product's newest version, active or
/// suspended, not past its end.
const LISTED_ON: &str = "c.state IN ('active', 'suspended') AND NOT EXISTS (SELECT 1 FROM \
     certificates n WHERE n.product_id = c.product_id AND n.version > c.version) AND c.valid_until >= ";

fn order(q: &WorkflowQuery) -> &'static str {
    if q.oldest_first {
        "created_at, id"
    } else {
        "created_at DESC, id DESC"
    }
}

#[async_trait]
impl WorkflowTx for SqlTx {
    async fn insert_profile(&mut self, p: &ProfileRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO grading_profiles (profile_id, version, hash, source, active, loaded_by, loaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&p.profile_id)
        .bind(&p.version)
        .bind(&p.hash)
        .bind(&p.source)
        .bind(p.active)
        .bind(&p.loaded_by)
        .bind(p.loaded_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn list_profiles(&mut self) -> StoreResult<Vec<ProfileRecord>> {
        let rows: Vec<ProfileRow> = sqlx::query_as(
            "SELECT profile_id, version, hash, source, active, loaded_by, loaded_at FROM grading_profiles \
             ORDER BY profile_id, loaded_at",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.into_iter().map(ProfileRecord::from).collect())
    }

    async fn get_profile(
        &mut self,
        profile_id: &str,
        version: &str,
    ) -> StoreResult<Option<ProfileRecord>> {
        let row: Option<ProfileRow> = sqlx::query_as(
            "SELECT profile_id, version, hash, source, active, loaded_by, loaded_at FROM grading_profiles \
             WHERE profile_id = $1 AND version = $2",
        )
        .bind(profile_id)
        .bind(version)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(row.map(ProfileRecord::from))
    }

    async fn activate_profile(&mut self, profile_id: &str, version: &str) -> StoreResult<bool> {
        let exists = self.get_profile(profile_id, version).await?.is_some();
        if !exists {
            return Ok(false);
        }
        sqlx::query("UPDATE grading_profiles SET active = (version = $2) WHERE profile_id = $1")
            .bind(profile_id)
            .bind(version)
            .execute(&mut *self.tx)
            .await?;
        Ok(true)
    }

    async fn bump_counter(&mut self, name: &str, n: i64) -> StoreResult<i64> {
        let v = sqlx::query_scalar(
            "INSERT INTO counters (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value",
        )
        .bind(name)
        .bind(n)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(v)
    }

    async fn insert_report(&mut self, r: &NewReport, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO test_reports (lab_id, report_no, product_id, enterprise_id, size, sample_description, \
             sampling_date, batch_no, sampled_by, sampler, test_date, report_values, pdf_key, pdf_name, pdf_size, \
             status, supersedes_id, submitted_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'submitted', $16, $17, $18) \
             RETURNING id",
        )
        .bind(r.lab_id)
        .bind(&r.report_no)
        .bind(r.product_id)
        .bind(r.enterprise_id)
        .bind(&r.size)
        .bind(&r.sample_description)
        .bind(r.sampling_date)
        .bind(&r.batch_no)
        .bind(r.sampled_by.as_str())
        .bind(&r.sampler)
        .bind(r.test_date)
        .bind(Json(&r.values))
        .bind(r.pdf.as_ref().map(|p| p.key.clone()))
        .bind(r.pdf.as_ref().map(|p| p.name.clone()))
        .bind(r.pdf.as_ref().map(|p| p.size))
        .bind(r.supersedes_id)
        .bind(&r.submitted_by)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_report(&mut self, id: i64) -> StoreResult<Option<TestReport>> {
        let sql = format!("SELECT {REPORT_COLS} FROM test_reports WHERE id = $1");
        self.one(&sql, id, ReportRow::into_report).await
    }

    async fn list_reports(&mut self, q: &WorkflowQuery) -> StoreResult<Page<TestReport>> {
        let select = Select {
            columns: REPORT_COLS,
            from: "test_reports",
            order: order(q),
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| and_workflow_filters(qb, q, "status");
        self.page(select, q.limit, q.offset, filters, ReportRow::into_report)
            .await
    }

    async fn supersede_report(&mut self, id: i64, by: i64) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE test_reports SET status = 'superseded', superseded_by_id = $1 WHERE id = $2 AND status = 'submitted'")
            .bind(by)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn insert_application(
        &mut self,
        a: &NewApplication,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO applications (enterprise_id, product_id, status, report_ids, results, profile_id, \
             profile_version, profile_hash, gradable, engine_grade, note, created_by, created_at, updated_at) \
             VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        )
        .bind(a.enterprise_id)
        .bind(a.product_id)
        .bind(Json(&a.report_ids))
        .bind(Json(&a.results))
        .bind(&a.profile.id)
        .bind(&a.profile.version)
        .bind(&a.profile.hash)
        .bind(a.gradable)
        .bind(a.engine_grade.map(|g| g.to_string()))
        .bind(&a.note)
        .bind(&a.created_by)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_application(&mut self, id: i64) -> StoreResult<Option<Application>> {
        let sql = format!("SELECT {APPLICATION_COLS} FROM applications WHERE id = $1");
        self.one(&sql, id, ApplicationRow::into_application).await
    }

    async fn list_applications(&mut self, q: &WorkflowQuery) -> StoreResult<Page<Application>> {
        let select = Select {
            columns: APPLICATION_COLS,
            from: "applications",
            order: order(q),
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| and_workflow_filters(qb, q, "status");
        self.page(
            select,
            q.limit,
            q.offset,
            filters,
            ApplicationRow::into_application,
        )
        .await
    }

    async fn decide_application(
        &mut self,
        id: i64,
        d: &ApplicationDecision,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE applications SET status = $1, decided_grade = $2, decision_comment = $3, lowering_reason = $4, \
             decided_by = $5, decided_at = $6, certificate_id = $7, updated_at = $6 WHERE id = $8 AND status = 'pending'",
        )
        .bind(d.status.as_str())
        .bind(d.decided_grade.map(|g| g.to_string()))
        .bind(&d.decision_comment)
        .bind(&d.lowering_reason)
        .bind(&d.decided_by)
        .bind(at)
        .bind(d.certificate_id)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn insert_certificate(
        &mut self,
        c: &NewCertificate,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO certificates (number, product_id, enterprise_id, application_id, version, grade, \
             indicator_grades, profile_id, profile_version, profile_hash, lab_id, report_id, valid_from, valid_until, \
             state, state_changed_at, supersedes_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'active', $15, $16, $15) RETURNING id",
        )
        .bind(&c.number)
        .bind(c.product_id)
        .bind(c.enterprise_id)
        .bind(c.application_id)
        .bind(c.version)
        .bind(c.grade.to_string())
        .bind(Json(&c.indicator_grades))
        .bind(&c.profile.id)
        .bind(&c.profile.version)
        .bind(&c.profile.hash)
        .bind(c.lab_id)
        .bind(c.report_id)
        .bind(c.valid_from)
        .bind(c.valid_until)
        .bind(at)
        .bind(c.supersedes_id)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_certificate(&mut self, id: i64) -> StoreResult<Option<Certificate>> {
        let sql = format!("SELECT {CERTIFICATE_COLS} FROM certificates WHERE id = $1");
        self.one(&sql, id, CertificateRow::into_certificate).await
    }

    async fn get_certificate_by_number(
        &mut self,
        number: &str,
    ) -> StoreResult<Option<Certificate>> {
        let sql = format!("SELECT {CERTIFICATE_COLS} FROM certificates WHERE number = $1");
        self.one(&sql, number, CertificateRow::into_certificate)
            .await
    }

    async fn list_certificates(&mut self, q: &WorkflowQuery) -> StoreResult<Page<Certificate>> {
        let select = Select {
            columns: CERTIFICATE_COLS,
            from: "certificates",
            order: if q.valid_until_before.is_some() {
                "valid_until, id"
            } else {
                order(q)
            },
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| and_workflow_filters(qb, q, "state");
        self.page(
            select,
            q.limit,
            q.offset,
            filters,
            CertificateRow::into_certificate,
        )
        .await
    }

    async fn latest_certificate(&mut self, product_id: i64) -> StoreResult<Option<Certificate>> {
        let sql = format!("SELECT {CERTIFICATE_COLS} FROM certificates WHERE product_id = $1 ORDER BY version DESC LIMIT 1");
        self.one(&sql, product_id, CertificateRow::into_certificate)
            .await
    }

    async fn set_certificate_state(
        &mut self,
        id: i64,
        from: CertificateState,
        to: CertificateState,
        reason: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE certificates SET state = $1, state_reason = $2, state_changed_at = $3 WHERE id = $4 AND state = $5",
        )
        .bind(to.as_str())
        .bind(reason)
        .bind(at)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn certificates_due_for_expiry(
        &mut self,
        today: NaiveDate,
    ) -> StoreResult<Vec<Certificate>> {
        let sql = format!(
            "SELECT {CERTIFICATE_COLS} FROM certificates WHERE state IN ('active', 'suspended') AND valid_until < $1 ORDER BY id"
        );
        let rows: Vec<CertificateRow> = sqlx::query_as(&sql)
            .bind(today)
            .fetch_all(&mut *self.tx)
            .await?;
        rows.into_iter()
            .map(CertificateRow::into_certificate)
            .collect()
    }

    async fn public_brands(&mut self, today: NaiveDate) -> StoreResult<Vec<PublicBrand>> {
        let sql = format!(
            "SELECT e.id AS enterprise_id, e.name AS enterprise_name, e.credit_code, \
             b.id AS brand_id, b.name AS brand_name, COUNT(*) AS listed \
             FROM {PUBLIC_FROM} WHERE {LISTED_ON}$1 \
             GROUP BY e.id, e.name, e.credit_code, b.id, b.name ORDER BY e.name, b.name"
        );
        Ok(sqlx::query_as(&sql)
            .bind(today)
            .fetch_all(&mut *self.tx)
            .await?)
    }

    async fn list_public(&mut self, q: &PublicQuery) -> StoreResult<Page<PublicListing>> {
        let select = Select {
            columns: "c.id AS certificate_id, c.number AS certificate_number, c.grade, c.state, \
                      c.valid_from, c.valid_until, p.id AS product_id, p.style_no, \
                      p.name AS product_name, p.species, p.colour, b.id AS brand_id, \
                      b.name AS brand_name, e.id AS enterprise_id, e.name AS enterprise_name, \
                      e.credit_code",
            from: PUBLIC_FROM,
            order: "c.grade DESC, e.name, p.style_no",
        };
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            qb.push(format!(" AND {LISTED_ON}"));
            qb.push_bind(q.today);
            and_eq(qb, "c.grade", q.grade.clone());
            and_eq(qb, "p.species", q.species.clone());
            and_eq(qb, "p.brand_id", q.brand_id);
            and_eq(qb, "c.enterprise_id", q.enterprise_id);
            and_search(
                qb,
                q.search.as_deref(),
                &["p.name", "p.style_no", "b.name", "e.name"],
            );
        };
        self.page(select, q.limit, q.offset, filters, Ok).await
    }
}
