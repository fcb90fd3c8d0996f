//! The facts a credit report lists. Every fact that comes from a decision carries the
//! transparency-log leaf index behind it (`log_index`, absent when the decision predates
//! the log), so a lender can fetch the leaf and its inclusion proof and see that the fact
//! is what the regulator published.

use super::kind::RecordKind;
use super::text::Bilingual;
use crate::grading::Grade;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A certificate in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateFact {
    pub id: String,
    pub grade: Grade,
    pub issued_at: DateTime<Utc>,
    pub log_index: Option<u64>,
}

/// How many certificates in force hold one grade (derived from the certificates listed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeCount {
    pub grade: Grade,
    pub certificates: u64,
}

/// A batch of hang-tag codes issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagBatchFact {
    pub id: String,
    pub issued_at: DateTime<Utc>,
    pub count: u64,
    pub log_index: Option<u64>,
}

/// One dated item of the record: a spot check, complaint outcome, flag, suspension or
/// revocation, with its repair if one was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFact {
    pub kind: RecordKind,
    pub id: String,
    pub at: DateTime<Utc>,
    pub log_index: Option<u64>,
    pub repaired_at: Option<DateTime<Utc>>,
}

/// A credit-repair decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairFact {
    pub item_id: String,
    pub kind: RecordKind,
    pub item_log_index: Option<u64>,
    pub repaired_at: DateTime<Utc>,
    pub log_index: Option<u64>,
}

/// A registered brand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandFact {
    pub name: String,
    pub log_index: Option<u64>,
}

/// One line of the class's explanation (only when the class is shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionLine {
    pub rule: String,
    pub points: Decimal,
    pub reason: Bilingual,
    /// The log leaves of the items behind this line.
    pub log_indices: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementAuthor {
    Enterprise,
    Regulator,
    Lender,
}

/// A statement an author asked to have shown with the report (本人声明).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub author: StatementAuthor,
    pub at: DateTime<Utc>,
    pub text: String,
    pub log_index: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    Open,
    Upheld,
    Rejected,
}

/// A dispute about one fact of the report (异议标注), by the fact's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeNote {
    pub fact_id: String,
    pub opened_at: DateTime<Utc>,
    pub status: DisputeStatus,
    pub text: String,
    pub log_index: Option<u64>,
}
