//! An enterprise's record as the credit model reads it: dated items (each with the
//! transparency-log leaf behind it), tag batches, certificates in force and the pilot start.
//! The app layer assembles it from stored events; everything here is plain data.

use super::kind::RecordKind;
use crate::grading::Grade;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One dated item: a spot-check result, a certificate action, a complaint outcome, a flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordItem {
    pub kind: RecordKind,
    /// The id of the decision or case in rongma (spot check, certificate, complaint…).
    pub id: String,
    /// When it was decided; windows and repair waiting periods count from here.
    pub at: DateTime<Utc>,
    /// The transparency-log leaf index of the decision, when it was logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
    /// When a credit repair of this item was decided; from then on it no longer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repaired_at: Option<DateTime<Utc>>,
    /// The log leaf of the repair decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_log_index: Option<u64>,
}

impl RecordItem {
    pub fn new(kind: RecordKind, id: impl Into<String>, at: DateTime<Utc>) -> Self {
        Self {
            kind,
            id: id.into(),
            at,
            log_index: None,
            repaired_at: None,
            repair_log_index: None,
        }
    }

    pub fn logged(mut self, index: u64) -> Self {
        self.log_index = Some(index);
        self
    }

    pub fn repaired(mut self, at: DateTime<Utc>, log_index: Option<u64>) -> Self {
        self.repaired_at = Some(at);
        self.repair_log_index = log_index;
        self
    }

    /// Whether a repair of this item had been decided by `t`.
    #[inline]
    pub fn is_repaired_at(&self, t: DateTime<Utc>) -> bool {
        self.repaired_at.is_some_and(|r| r <= t)
    }
}

/// A batch of hang-tag codes issued to the enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagBatch {
    pub id: String,
    pub issued_at: DateTime<Utc>,
    pub count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// A grading certificate in force at the record's `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateHeld {
    pub id: String,
    pub grade: Grade,
    pub issued_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// Everything the model scores about one enterprise, seen at one moment.
///
/// Items dated after `as_of` are not yet known and never count, so the same record can be
/// re-scored "as it was" at an earlier `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseRecord {
    pub as_of: DateTime<Utc>,
    /// When the enterprise joined the grading pilot.
    pub pilot_start: DateTime<Utc>,
    #[serde(default)]
    pub tags_issued: Vec<TagBatch>,
    /// Certificates in force at `as_of` (suspended or revoked ones are not here).
    #[serde(default)]
    pub certificates: Vec<CertificateHeld>,
    #[serde(default)]
    pub items: Vec<RecordItem>,
}

impl EnterpriseRecord {
    pub fn new(as_of: DateTime<Utc>, pilot_start: DateTime<Utc>) -> Self {
        Self {
            as_of,
            pilot_start,
            tags_issued: Vec::new(),
            certificates: Vec::new(),
            items: Vec::new(),
        }
    }
}
