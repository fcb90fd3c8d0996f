//! Records and queries that belong to storage: accounts, the history, paging. Registry
//! values are the domain's own types (`rongma_domain::registry`).

use chrono::{DateTime, Utc};
use rongma_domain::roles::{ActorKind, Role};
use serde::Serialize;

/// Unique keys added by later migrations: (PostgreSQL constraint, SQLite columns, key).
pub(crate) const EXTRA_UNIQUE_KEYS: &[(&str, &str, &str)] = &[
    (
        "uq_test_reports_lab_report_no",
        "test_reports.lab_id, test_reports.report_no",
        "test_reports.report_no",
    ),
    (
        "uq_certificates_number",
        "certificates.number",
        "certificates.number",
    ),
    (
        "uq_certificates_product_version",
        "certificates.product_id, certificates.version",
        "certificates.version",
    ),
    (
        "uq_certificates_application",
        "certificates.application_id",
        "certificates.application_id",
    ),
    (
        "uq_code_batches_seq_start",
        "code_batches.seq_start",
        "code_batches.seq_start",
    ),
    (
        "pk_grading_profiles",
        "grading_profiles.profile_id, grading_profiles.version",
        "grading_profiles.version",
    ),
];

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
        let s = self.search.as_deref()?.trim();
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
}

/// A person who logs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub prefix: String,
    pub secret_hash: String,
    pub name: String,
    pub role: Role,
    pub lab_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub prefix: String,
    pub secret_hash: String,
    pub name: String,
    pub role: Role,
    pub lab_id: Option<i64>,
    pub created_by: String,
}

/// One state change: who did what to which record, when and why.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub entity_type: &'static str,
    pub entity_id: i64,
    /// The enterprise the record belongs to, so an enterprise's whole history can be read.
    pub enterprise_id: Option<i64>,
    pub action: &'static str,
    pub actor_kind: ActorKind,
    pub actor_id: i64,
    pub actor_name: String,
    pub reason: Option<String>,
    /// What changed (the new values, a diff, or the inputs of a decision).
    pub data: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: i64,
    pub entity_type: String,
    pub entity_id: i64,
    pub enterprise_id: Option<i64>,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: i64,
    pub actor_name: String,
    pub reason: Option<String>,
    pub data: serde_json::Value,
    pub at: DateTime<Utc>,
}

/// A grading profile as loaded into the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRecord {
    pub profile_id: String,
    pub version: String,
    pub hash: String,
    /// The profile file (TOML) as loaded.
    pub source: String,
    pub active: bool,
    pub loaded_by: String,
    pub loaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewReport {
    pub lab_id: i64,
    pub report_no: String,
    pub product_id: i64,
    pub enterprise_id: i64,
    pub size: Option<String>,
    pub sample_description: String,
    pub sampling_date: chrono::NaiveDate,
    pub batch_no: Option<String>,
    pub sampled_by: rongma_domain::workflow::SampledBy,
    pub sampler: Option<String>,
    pub test_date: chrono::NaiveDate,
    pub values: serde_json::Value,
    pub pdf: Option<rongma_domain::workflow::Attachment>,
    pub supersedes_id: Option<i64>,
    pub submitted_by: String,
}

/// Filters for reports, applications and certificates.
#[derive(Debug, Clone, Default)]
pub struct WorkflowQuery {
    pub enterprise_id: Option<i64>,
    pub product_id: Option<i64>,
    pub lab_id: Option<i64>,
    /// Status (reports, applications) or state (certificates), as stored.
    pub status: Option<String>,
    /// Certificates whose end date is on or before this day.
    pub valid_until_before: Option<chrono::NaiveDate>,
    /// Oldest first (work queues) instead of newest first.
    pub oldest_first: bool,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone)]
pub struct NewApplication {
    pub enterprise_id: i64,
    pub product_id: i64,
    pub report_ids: Vec<i64>,
    pub results: Vec<rongma_domain::workflow::ReportResult>,
    pub profile: rongma_domain::workflow::ProfileRef,
    pub gradable: bool,
    pub engine_grade: Option<rongma_domain::grading::Grade>,
    pub note: Option<String>,
    pub created_by: String,
}

/// A reviewer's decision, applied only to a pending application.
#[derive(Debug, Clone)]
pub struct ApplicationDecision {
    pub status: rongma_domain::workflow::ApplicationStatus,
    pub decided_grade: Option<rongma_domain::grading::Grade>,
    pub decision_comment: Option<String>,
    pub lowering_reason: Option<String>,
    pub decided_by: String,
    pub certificate_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub number: String,
    pub product_id: i64,
    pub enterprise_id: i64,
    pub application_id: i64,
    pub version: i64,
    pub grade: rongma_domain::grading::Grade,
    pub indicator_grades: std::collections::BTreeMap<String, rongma_domain::grading::Grade>,
    pub profile: rongma_domain::workflow::ProfileRef,
    pub lab_id: i64,
    pub report_id: i64,
    pub valid_from: chrono::NaiveDate,
    pub valid_until: chrono::NaiveDate,
    pub supersedes_id: Option<i64>,
}

/// Filters of the public list of graded products.
#[derive(Debug, Clone)]
pub struct PublicQuery {
    pub search: Option<String>,
    /// Certificates past their end date on this day are left out.
    pub today: chrono::NaiveDate,
    pub grade: Option<String>,
    pub species: Option<String>,
    pub brand_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// A brand with products on the public list, with its enterprise: what the list can be
/// filtered by, and the public list of graded enterprises.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicBrand {
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub credit_code: String,
    pub brand_id: i64,
    pub brand_name: String,
    /// Live certificates of the brand's products on the list.
    pub listed: i64,
}

/// One graded product on the public list: its live certificate with what a buyer needs.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicListing {
    pub certificate_id: i64,
    pub certificate_number: String,
    pub grade: String,
    /// `active` or `suspended` (revoked and expired certificates leave the list).
    pub state: String,
    pub valid_from: chrono::NaiveDate,
    pub valid_until: chrono::NaiveDate,
    pub product_id: i64,
    pub style_no: String,
    pub product_name: String,
    pub species: String,
    pub colour: String,
    pub brand_id: i64,
    pub brand_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub credit_code: String,
}
