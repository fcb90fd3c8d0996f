//! How workflow rows read back into records (on either backend).

use crate::error::{corrupt, StoreResult};
use crate::workflow::ProfileRecord;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::grading::Grade;
use rongma_domain::workflow::*;
use sqlx::types::Json;

#[derive(sqlx::FromRow)]
pub(crate) struct ProfileRow {
    profile_id: String,
    version: String,
    hash: String,
    source: String,
    active: bool,
    loaded_by: String,
    loaded_at: DateTime<Utc>,
}

impl From<ProfileRow> for ProfileRecord {
    fn from(r: ProfileRow) -> Self {
        ProfileRecord {
            profile_id: r.profile_id,
            version: r.version,
            hash: r.hash,
            source: r.source,
            active: r.active,
            loaded_by: r.loaded_by,
            loaded_at: r.loaded_at,
        }
    }
}

pub(crate) const REPORT_COLS: &str = "id, lab_id, report_no, product_id, enterprise_id, size, sample_description, sampling_date, \
     batch_no, sampled_by, sampler, test_date, report_values, pdf_key, pdf_name, pdf_size, status, supersedes_id, \
     superseded_by_id, submitted_by, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ReportRow {
    id: i64,
    lab_id: i64,
    report_no: String,
    product_id: i64,
    enterprise_id: i64,
    size: Option<String>,
    sample_description: String,
    sampling_date: NaiveDate,
    batch_no: Option<String>,
    sampled_by: String,
    sampler: Option<String>,
    test_date: NaiveDate,
    report_values: Json<serde_json::Value>,
    pdf_key: Option<String>,
    pdf_name: Option<String>,
    pdf_size: Option<i64>,
    status: String,
    supersedes_id: Option<i64>,
    superseded_by_id: Option<i64>,
    submitted_by: String,
    created_at: DateTime<Utc>,
}

impl ReportRow {
    pub(crate) fn into_report(self) -> StoreResult<TestReport> {
        let pdf = match (self.pdf_key, self.pdf_name, self.pdf_size) {
            (Some(key), Some(name), Some(size)) => Some(Attachment { key, name, size }),
            _ => None,
        };
        Ok(TestReport {
            id: self.id,
            lab_id: self.lab_id,
            report_no: self.report_no,
            product_id: self.product_id,
            enterprise_id: self.enterprise_id,
            size: self.size,
            sample_description: self.sample_description,
            sampling_date: self.sampling_date,
            batch_no: self.batch_no,
            sampled_by: SampledBy::parse(&self.sampled_by)
                .ok_or_else(|| corrupt("test_reports.sampled_by", &self.sampled_by))?,
            sampler: self.sampler,
            test_date: self.test_date,
            values: self.report_values.0,
            pdf,
            status: ReportStatus::parse(&self.status)
                .ok_or_else(|| corrupt("test_reports.status", &self.status))?,
            supersedes_id: self.supersedes_id,
            superseded_by_id: self.superseded_by_id,
            submitted_by: self.submitted_by,
            created_at: self.created_at,
        })
    }
}

pub(crate) const APPLICATION_COLS: &str = "id, enterprise_id, product_id, status, report_ids, results, profile_id, profile_version, \
     profile_hash, gradable, engine_grade, note, decided_grade, decision_comment, lowering_reason, decided_by, decided_at, \
     certificate_id, created_by, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ApplicationRow {
    id: i64,
    enterprise_id: i64,
    product_id: i64,
    status: String,
    report_ids: Json<Vec<i64>>,
    results: Json<Vec<ReportResult>>,
    profile_id: String,
    profile_version: String,
    profile_hash: String,
    gradable: bool,
    engine_grade: Option<String>,
    note: Option<String>,
    decided_grade: Option<String>,
    decision_comment: Option<String>,
    lowering_reason: Option<String>,
    decided_by: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    certificate_id: Option<i64>,
    created_by: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn parse_grade(what: &str, s: &str) -> StoreResult<Grade> {
    s.parse().map_err(|_| corrupt(what, s))
}

fn opt_grade(what: &str, s: Option<String>) -> StoreResult<Option<Grade>> {
    s.map(|g| parse_grade(what, &g)).transpose()
}

impl ApplicationRow {
    pub(crate) fn into_application(self) -> StoreResult<Application> {
        Ok(Application {
            id: self.id,
            enterprise_id: self.enterprise_id,
            product_id: self.product_id,
            status: ApplicationStatus::parse(&self.status)
                .ok_or_else(|| corrupt("applications.status", &self.status))?,
            report_ids: self.report_ids.0,
            results: self.results.0,
            profile: ProfileRef {
                id: self.profile_id,
                version: self.profile_version,
                hash: self.profile_hash,
            },
            gradable: self.gradable,
            engine_grade: opt_grade("applications.engine_grade", self.engine_grade)?,
            note: self.note,
            decided_grade: opt_grade("applications.decided_grade", self.decided_grade)?,
            decision_comment: self.decision_comment,
            lowering_reason: self.lowering_reason,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            certificate_id: self.certificate_id,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

pub(crate) const CERTIFICATE_COLS: &str = "id, number, product_id, enterprise_id, application_id, version, grade, indicator_grades, \
     profile_id, profile_version, profile_hash, lab_id, report_id, valid_from, valid_until, state, state_reason, \
     state_changed_at, supersedes_id, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct CertificateRow {
    id: i64,
    number: String,
    product_id: i64,
    enterprise_id: i64,
    application_id: i64,
    version: i64,
    grade: String,
    indicator_grades: Json<std::collections::BTreeMap<String, Grade>>,
    profile_id: String,
    profile_version: String,
    profile_hash: String,
    lab_id: i64,
    report_id: i64,
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    state: String,
    state_reason: Option<String>,
    state_changed_at: DateTime<Utc>,
    supersedes_id: Option<i64>,
    created_at: DateTime<Utc>,
}

impl CertificateRow {
    pub(crate) fn into_certificate(self) -> StoreResult<Certificate> {
        Ok(Certificate {
            id: self.id,
            number: self.number,
            product_id: self.product_id,
            enterprise_id: self.enterprise_id,
            application_id: self.application_id,
            version: self.version,
            grade: parse_grade("certificates.grade", &self.grade)?,
            indicator_grades: self.indicator_grades.0,
            profile: ProfileRef {
                id: self.profile_id,
                version: self.profile_version,
                hash: self.profile_hash,
            },
            lab_id: self.lab_id,
            report_id: self.report_id,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            state: CertificateState::parse(&self.state)
                .ok_or_else(|| corrupt("certificates.state", &self.state))?,
            state_reason: self.state_reason,
            state_changed_at: self.state_changed_at,
            supersedes_id: self.supersedes_id,
            created_at: self.created_at,
        })
    }
}
