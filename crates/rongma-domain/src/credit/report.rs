//! The 羽信贷 credit report: what a lender receives about an enterprise, shaped like the
//! central bank's enterprise credit report (bank version) — header, explanation, summary,
//! basic information, the quality record, public records and repairs, statements and
//! dispute notes. It is a plain serde document; `report_sign` signs and verifies it.
//!
//! Whether the class (and the white-list status derived from it) appears is decided per
//! report: a regulator may keep its class an internal reference, and the enterprise's
//! consent must cover it. When it is not shown, `summary.class`, `summary.total`,
//! `summary.white_listed` are absent and `summary.class_reasons` is empty.

use super::kind::CreditClass;
use super::model::ModelIdentity;
use super::report_facts::{
    BrandFact, CertificateFact, ContributionLine, DisputeNote, GradeCount, RecordFact, RepairFact,
    Statement, TagBatchFact,
};
use super::text::Bilingual;
use crate::ids::Uscc;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The document format this code writes and reads.
pub const REPORT_FORMAT: &str = "rongma-credit-report/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditReport {
    pub format: String,
    pub header: Header,
    pub explanation: Explanation,
    pub summary: Summary,
    pub basic: BasicInformation,
    pub quality: QualityRecord,
    pub public_records: PublicRecords,
    pub statements: Statements,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub report_number: String,
    pub created_at: DateTime<Utc>,
    /// The moment the record was read; every fact and the class are as of then.
    pub as_of: DateTime<Utc>,
    pub enterprise: EnterpriseIdentity,
    pub lender: Lender,
    pub consent: Consent,
    pub dispute_notice: Bilingual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseIdentity {
    pub credit_code: Uscc,
    pub name: String,
    /// The leaf of the enterprise's registration.
    pub log_index: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lender {
    pub name: String,
    pub credit_code: Option<Uscc>,
}

/// What the enterprise agreed the lender may see (授权).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// The facts of the quality record (required for any report).
    QualityRecord,
    /// The quality-credit class, its total and reasons, and the white-list status.
    CreditClass,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub id: String,
    pub scope: Vec<ConsentScope>,
    pub granted_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub log_index: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub model: ModelIdentity,
    /// The transparency log the `log_index` values refer to (its checkpoint origin).
    pub log_origin: String,
    pub class_shown: bool,
    pub how_to_read: Bilingual,
    pub class_notice: Bilingual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub class: Option<CreditClass>,
    pub total: Option<Decimal>,
    pub white_listed: Option<bool>,
    pub class_reasons: Vec<ContributionLine>,
    pub certificates_in_force: u64,
    pub tags_issued: u64,
    pub spot_checks: u64,
    pub spot_check_failures: u64,
    pub complaints_upheld: u64,
    pub suspensions: u64,
    pub revocations: u64,
    pub copied_code_flags: u64,
    pub repairs: u64,
    pub open_disputes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicInformation {
    pub credit_code: Uscc,
    pub name: String,
    pub address: Option<String>,
    pub pilot_start: DateTime<Utc>,
    pub pilot_log_index: Option<u64>,
    pub brands: Vec<BrandFact>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityRecord {
    pub certificates: Vec<CertificateFact>,
    pub grades: Vec<GradeCount>,
    pub tags_issued: Vec<TagBatchFact>,
    pub spot_checks: Vec<RecordFact>,
    pub complaints: Vec<RecordFact>,
    pub copied_code_flags: Vec<RecordFact>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicRecords {
    pub suspensions: Vec<RecordFact>,
    pub revocations: Vec<RecordFact>,
    pub repairs: Vec<RepairFact>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statements {
    pub statements: Vec<Statement>,
    pub disputes: Vec<DisputeNote>,
}
