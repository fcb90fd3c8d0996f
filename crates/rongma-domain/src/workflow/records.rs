//! Stored reports, applications and certificates, as the app layer reads them.

use super::{ApplicationStatus, CertificateState, ReportStatus, SampledBy};
use crate::grading::{Grade, GradingResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which grading profile graded something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileRef {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// The original report file kept in the blob store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Blob store key (the SHA-256 of the content).
    pub key: String,
    pub name: String,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestReport {
    pub id: i64,
    pub lab_id: i64,
    pub report_no: String,
    pub product_id: i64,
    pub enterprise_id: i64,
    pub size: Option<String>,
    pub sample_description: String,
    pub sampling_date: NaiveDate,
    pub batch_no: Option<String>,
    pub sampled_by: SampledBy,
    pub sampler: Option<String>,
    pub test_date: NaiveDate,
    /// The report values as validated: `{"declared": {…}, "measured": {…}}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub values: serde_json::Value,
    pub pdf: Option<Attachment>,
    pub status: ReportStatus,
    pub supersedes_id: Option<i64>,
    pub superseded_by_id: Option<i64>,
    pub submitted_by: String,
    pub created_at: DateTime<Utc>,
}

/// The engine's result for one report of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportResult {
    pub report_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub result: serde_json::Value,
}

impl ReportResult {
    pub fn grading(&self) -> Option<GradingResult> {
        serde_json::from_value(self.result.clone()).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    pub id: i64,
    pub enterprise_id: i64,
    pub product_id: i64,
    pub status: ApplicationStatus,
    pub report_ids: Vec<i64>,
    pub results: Vec<ReportResult>,
    pub profile: ProfileRef,
    pub gradable: bool,
    /// The engine's grade (the lowest over the reports); `None` when not gradable.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "4A"))]
    pub engine_grade: Option<Grade>,
    pub note: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "4A"))]
    pub decided_grade: Option<Grade>,
    pub decision_comment: Option<String>,
    pub lowering_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub certificate_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Application {
    /// The reviewer's lowering of the engine's grade, when the decided grade is below it:
    /// the grade that stands everywhere, the grade measured and the reason given (public;
    /// the decision comment is the reviewer's own note and is not part of it).
    pub fn adjustment(&self) -> Option<GradeAdjustment> {
        match (self.engine_grade, self.decided_grade) {
            (Some(measured), Some(grade)) if grade < measured => Some(GradeAdjustment {
                grade,
                measured,
                reason: self
                    .lowering_reason
                    .clone()
                    .filter(|r| !r.trim().is_empty())
                    .unwrap_or_default(),
            }),
            _ => None,
        }
    }
}

/// A certificate grade set below the grade the engine measured, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeAdjustment {
    /// The certificate's grade (what badges, tags and lists show).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "3A"))]
    pub grade: Grade,
    /// The engine's grade from the measured values.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4A"))]
    pub measured: Grade,
    /// The reviewer's reason for lowering it, as given.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    pub id: i64,
    pub number: String,
    pub product_id: i64,
    pub enterprise_id: i64,
    pub application_id: i64,
    /// 1 for the product's first certificate, then one more per regrade.
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4A"))]
    pub grade: Grade,
    /// Grade of each of the five indicators, by indicator id.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub indicator_grades: BTreeMap<String, Grade>,
    pub profile: ProfileRef,
    pub lab_id: i64,
    /// The report the certificate rests on (the first of the application's reports).
    pub report_id: i64,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// The stored state; see [`Certificate::state_on`] for expiry by date.
    pub state: CertificateState,
    pub state_reason: Option<String>,
    pub state_changed_at: DateTime<Utc>,
    pub supersedes_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl Certificate {
    /// The state on `day`: a live certificate past its end date is expired even before
    /// the expiry job has recorded it.
    pub fn state_on(&self, day: NaiveDate) -> CertificateState {
        match self.state {
            CertificateState::Active | CertificateState::Suspended if day > self.valid_until => {
                CertificateState::Expired
            }
            s => s,
        }
    }
}
