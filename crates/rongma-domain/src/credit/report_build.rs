//! Assembles a credit report from the model, the enterprise's record and the request, so
//! the facts listed are exactly the ones the class was computed from. Refuses a report
//! the enterprise's consent does not cover.

use super::assess::{CreditAssessment, Evidence};
use super::kind::RecordKind;
use super::model::CreditModel;
use super::record::{EnterpriseRecord, RecordItem};
use super::report::{
    BasicInformation, Consent, ConsentScope, CreditReport, EnterpriseIdentity, Explanation, Header,
    Lender, PublicRecords, QualityRecord, Statements, Summary, REPORT_FORMAT,
};
use super::report_facts::{
    CertificateFact, ContributionLine, DisputeStatus, GradeCount, RecordFact, RepairFact,
    TagBatchFact,
};
use super::report_text::{CLASS_HIDDEN, CLASS_SHOWN, DISPUTE_NOTICE, HOW_TO_READ};
use super::text::Bilingual;
use crate::grading::Grade;
use chrono::{DateTime, Utc};

/// What the caller supplies besides the record.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub report_number: String,
    pub created_at: DateTime<Utc>,
    pub enterprise: EnterpriseIdentity,
    pub lender: Lender,
    pub consent: Consent,
    pub basic: BasicInformation,
    /// The checkpoint origin of the transparency log, e.g. `rongma.example.cn/log`.
    pub log_origin: String,
    /// The regulator's policy: may the class be shown to lenders at all?
    pub show_class: bool,
    /// Overrides the default dispute notice.
    pub dispute_notice: Option<Bilingual>,
    pub statements: Statements,
}

/// Why a report was not built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("report_number: must not be empty")]
    NoNumber,
    #[error("consent.scope: the enterprise's consent does not cover its quality record")]
    ConsentScope,
    #[error("consent: granted {granted_at}, after the report is created")]
    ConsentNotYet { granted_at: DateTime<Utc> },
    #[error("consent.expires_at: the consent expired at {0}")]
    ConsentExpired(DateTime<Utc>),
    #[error("basic.credit_code: {basic} is not the enterprise of the header ({header})")]
    Enterprise { header: String, basic: String },
    #[error("created_at: {created_at} is before the record's as_of {as_of}")]
    CreatedBeforeAsOf {
        created_at: DateTime<Utc>,
        as_of: DateTime<Utc>,
    },
}

fn bi(t: (&str, &str)) -> Bilingual {
    Bilingual::new(t.0, t.1)
}

fn fact(i: &RecordItem) -> RecordFact {
    RecordFact {
        kind: i.kind,
        id: i.id.clone(),
        at: i.at,
        log_index: i.log_index,
        repaired_at: i.repaired_at,
    }
}

/// Builds the report of `record` under `model`.
pub fn build_report(
    model: &CreditModel,
    record: &EnterpriseRecord,
    req: ReportRequest,
) -> Result<CreditReport, ReportError> {
    check(record, &req)?;
    let show_class = req.show_class && req.consent.scope.contains(&ConsentScope::CreditClass);
    let as_of = record.as_of;
    let known: Vec<&RecordItem> = record.items.iter().filter(|i| i.at <= as_of).collect();
    let of = |kinds: &[RecordKind]| {
        known
            .iter()
            .filter(|i| kinds.contains(&i.kind))
            .map(|i| fact(i))
            .collect::<Vec<_>>()
    };
    use RecordKind as K;
    let quality = QualityRecord {
        certificates: record
            .certificates
            .iter()
            .filter(|c| c.issued_at <= as_of)
            .map(|c| CertificateFact {
                id: c.id.clone(),
                grade: c.grade,
                issued_at: c.issued_at,
                log_index: c.log_index,
            })
            .collect(),
        grades: Vec::new(),
        tags_issued: record
            .tags_issued
            .iter()
            .filter(|b| b.issued_at <= as_of)
            .map(|b| TagBatchFact {
                id: b.id.clone(),
                issued_at: b.issued_at,
                count: b.count,
                log_index: b.log_index,
            })
            .collect(),
        spot_checks: of(&[
            K::SpotCheckConform,
            K::SpotCheckLowerGrade,
            K::SpotCheckBaselineFailure,
        ]),
        complaints: of(&[
            K::ComplaintUpheld,
            K::ComplaintUpheldCounterfeit,
            K::ComplaintAnsweredOnTime,
            K::ComplaintAnsweredLate,
            K::ComplaintUnanswered,
        ]),
        copied_code_flags: of(&[K::CopiedCodeFlag]),
    };
    let quality = QualityRecord {
        grades: grade_counts(&quality.certificates),
        ..quality
    };
    let public_records = PublicRecords {
        suspensions: of(&[K::CertificateSuspended]),
        revocations: of(&[K::CertificateRevoked]),
        repairs: known
            .iter()
            .filter_map(|i| {
                let at = i.repaired_at.filter(|r| *r <= as_of)?;
                Some(RepairFact {
                    item_id: i.id.clone(),
                    kind: i.kind,
                    item_log_index: i.log_index,
                    repaired_at: at,
                    log_index: i.repair_log_index,
                })
            })
            .collect(),
    };
    let count =
        |kinds: &[RecordKind]| known.iter().filter(|i| kinds.contains(&i.kind)).count() as u64;
    let (class, total, white_listed, class_reasons) = if show_class {
        let a = model.assess(record);
        let listed = model.white_list(record).listed;
        (Some(a.class), Some(a.total), Some(listed), lines(&a))
    } else {
        (None, None, None, Vec::new())
    };
    let summary = Summary {
        class,
        total,
        white_listed,
        class_reasons,
        certificates_in_force: quality.certificates.len() as u64,
        tags_issued: quality
            .tags_issued
            .iter()
            .fold(0u64, |s, b| s.saturating_add(b.count)),
        spot_checks: quality.spot_checks.len() as u64,
        spot_check_failures: count(&[K::SpotCheckLowerGrade, K::SpotCheckBaselineFailure]),
        complaints_upheld: count(&[K::ComplaintUpheld, K::ComplaintUpheldCounterfeit]),
        suspensions: public_records.suspensions.len() as u64,
        revocations: public_records.revocations.len() as u64,
        copied_code_flags: quality.copied_code_flags.len() as u64,
        repairs: public_records.repairs.len() as u64,
        open_disputes: req
            .statements
            .disputes
            .iter()
            .filter(|d| d.status == DisputeStatus::Open)
            .count() as u64,
    };
    Ok(CreditReport {
        format: REPORT_FORMAT.to_owned(),
        header: Header {
            report_number: req.report_number,
            created_at: req.created_at,
            as_of,
            enterprise: req.enterprise,
            lender: req.lender,
            consent: req.consent,
            dispute_notice: req.dispute_notice.unwrap_or_else(|| bi(DISPUTE_NOTICE)),
        },
        explanation: Explanation {
            model: (**model.identity()).clone(),
            log_origin: req.log_origin,
            class_shown: show_class,
            how_to_read: bi(HOW_TO_READ),
            class_notice: bi(if show_class {
                CLASS_SHOWN
            } else {
                CLASS_HIDDEN
            }),
        },
        summary,
        basic: req.basic,
        quality,
        public_records,
        statements: req.statements,
    })
}

fn check(record: &EnterpriseRecord, req: &ReportRequest) -> Result<(), ReportError> {
    if req.report_number.trim().is_empty() {
        return Err(ReportError::NoNumber);
    }
    if req.basic.credit_code != req.enterprise.credit_code {
        return Err(ReportError::Enterprise {
            header: req.enterprise.credit_code.as_str().to_owned(),
            basic: req.basic.credit_code.as_str().to_owned(),
        });
    }
    if !req.consent.scope.contains(&ConsentScope::QualityRecord) {
        return Err(ReportError::ConsentScope);
    }
    if req.consent.granted_at > req.created_at {
        return Err(ReportError::ConsentNotYet {
            granted_at: req.consent.granted_at,
        });
    }
    if let Some(t) = req.consent.expires_at.filter(|t| *t <= req.created_at) {
        return Err(ReportError::ConsentExpired(t));
    }
    if req.created_at < record.as_of {
        return Err(ReportError::CreatedBeforeAsOf {
            created_at: req.created_at,
            as_of: record.as_of,
        });
    }
    Ok(())
}

fn grade_counts(certs: &[CertificateFact]) -> Vec<GradeCount> {
    Grade::ALL
        .iter()
        .rev()
        .map(|&g| GradeCount {
            grade: g,
            certificates: certs.iter().filter(|c| c.grade == g).count() as u64,
        })
        .filter(|g| g.certificates > 0)
        .collect()
}

fn lines(a: &CreditAssessment) -> Vec<ContributionLine> {
    a.contributions
        .iter()
        .map(|c| ContributionLine {
            rule: c.rule.clone(),
            points: c.points,
            reason: c.reason.clone(),
            log_indices: c
                .evidence
                .iter()
                .filter_map(|e| match e {
                    Evidence::Item { log_index, .. } | Evidence::Certificate { log_index, .. } => {
                        *log_index
                    }
                })
                .collect(),
        })
        .collect()
}
