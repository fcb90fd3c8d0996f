//! Records of the grading workflow: profiles, test reports, applications, certificates and
//! the public list of graded products.

use chrono::{DateTime, Utc};
use serde::Serialize;

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
