//! What a scan shows: the code's status (the verdict of `codes::status`), the batch's public
//! facts (product, enterprise, certificate, lab, report, the grading result) and the scan
//! counts. The same value is the JSON of `GET /api/v1/codes/{serial}` and the data of the
//! scan page.

use super::cache::BatchEntry;
use crate::codes::status::{CodeBatchFacts, CodeVerdict, RevocationFacts};
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::grading::{Grade, GradingResult};
use rongma_domain::registry::{DownColour, DownSpecies, SizeFill};
use rongma_domain::workflow::{CertificateState, GradeAdjustment};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A scan's answer for a genuine serial.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanView {
    /// Normalised (upper case, no separators).
    pub serial: String,
    /// As printed on the tag: three groups of six.
    pub serial_grouped: String,
    pub seq: u64,
    pub verdict: CodeVerdict,
    /// `None` only when the verdict is `not_issued`.
    pub batch: Option<CodeBatchFacts>,
    pub revocation: Option<RevocationFacts>,
    // Shared with the cached batch (`BatchEntry`): a scan copies pointers, not the text.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ScanCertificate>))]
    pub certificate: Option<Arc<ScanCertificate>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ScanProduct>))]
    pub product: Option<Arc<ScanProduct>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ScanEnterprise>))]
    pub enterprise: Option<Arc<ScanEnterprise>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ScanReport>))]
    pub report: Option<Arc<ScanReport>>,
    /// The grading result the certificate rests on: each indicator's measured value,
    /// grade and explanation, and which indicators limited the grade.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    #[serde(serialize_with = "arc_result")]
    pub result: Option<Arc<GradingResult>>,
    pub scans: ScanCounts,
    /// Set when the tag was reached through a GS1 Digital Link whose GTIN is not this
    /// code's product's.
    pub gtin_mismatch: Option<GtinMismatch>,
    /// The cached batch this answer came from, for pages that derive fixed parts from it
    /// once ([`BatchEntry::memo`]).
    #[serde(skip)]
    pub entry: Option<Arc<BatchEntry>>,
}

fn arc_result<S: Serializer>(r: &Option<Arc<GradingResult>>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Some(r) => r.as_ref().serialize(s),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanCertificate {
    pub certificate_id: i64,
    pub number: String,
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4A"))]
    pub grade: Grade,
    /// Grade of each of the five indicators, by indicator id.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub indicator_grades: BTreeMap<String, Grade>,
    /// The state today (a live certificate past its end date is `expired`).
    pub state: CertificateState,
    /// Why it was suspended, revoked or superseded.
    pub state_reason: Option<String>,
    /// Set when the reviewer lowered the engine's grade: `grade` is the certificate's, and
    /// `result` below is what was measured.
    pub adjustment: Option<GradeAdjustment>,
    /// The product's newest certificate when a regrade superseded this one (the tag stays
    /// valid under the version it was issued under; this links to the current one).
    pub superseded_by: Option<CertificateVersion>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Index of the transparency-log leaf of the latest decision on this certificate (its
    /// proof: `/api/v1/log/entries/{log_index}`); `None` for records older than the log.
    pub log_index: Option<u64>,
}

/// Another version of a product's certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateVersion {
    pub certificate_id: i64,
    pub number: String,
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4A"))]
    pub grade: Grade,
    pub state: CertificateState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanProduct {
    pub product_id: i64,
    pub brand: String,
    pub style_no: String,
    pub name: String,
    pub species: DownSpecies,
    pub colour: DownColour,
    /// 绒子含量 declared on the label, %.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub declared_down_cluster_pct: rust_decimal::Decimal,
    /// The product's sizes and fill weights (充绒量); a code of a batch with a size
    /// breakdown has its own size in `batch.size` and `batch.fill_weight_g`.
    pub sizes: Vec<SizeFill>,
    pub gtin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanEnterprise {
    pub enterprise_id: i64,
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanReport {
    pub lab: String,
    pub report_no: String,
    pub test_date: NaiveDate,
}

/// How often this code was scanned and verified (this scan included).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanCounts {
    pub count: i64,
    pub first_at: Option<DateTime<Utc>>,
    /// Correct PIN checks so far.
    pub pin_verified: i64,
    pub first_pin_verified_at: Option<DateTime<Utc>>,
    /// PIN checks on this tag are locked until then (too many wrong PINs).
    pub pin_locked_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GtinMismatch {
    /// The GTIN in the scanned link (as GTIN-14).
    pub link_gtin: String,
    /// The GTIN this code was issued for, if its product has one.
    pub expected_gtin: Option<String>,
}
