//! Shared fixtures of the credit tests: times in Pinghu's calendar, the default model,
//! records built item by item.
#![allow(dead_code)]

pub mod report;

use chrono::{DateTime, Utc};
use rongma_domain::credit::{
    CertificateHeld, Contribution, CreditAssessment, CreditModel, EnterpriseRecord, RecordItem,
    RecordKind, TagBatch,
};
use rongma_domain::grading::Grade;
use std::sync::OnceLock;

/// `"2026-03-01"` is midnight in Pinghu (UTC+8); a full RFC 3339 text is taken as is.
pub fn t(s: &str) -> DateTime<Utc> {
    let full = if s.len() == 10 {
        format!("{s}T00:00:00+08:00")
    } else {
        s.to_owned()
    };
    DateTime::parse_from_rfc3339(&full)
        .expect("test time")
        .with_timezone(&Utc)
}

pub fn model() -> &'static CreditModel {
    static M: OnceLock<CreditModel> = OnceLock::new();
    M.get_or_init(CreditModel::builtin_default)
}

/// The default model text with one substring replaced (which must exist exactly once).
pub fn edited(from: &str, to: &str) -> String {
    let text = CreditModel::builtin_default_toml();
    assert_eq!(
        text.matches(from).count(),
        1,
        "fixture text not found once: {from}"
    );
    text.replacen(from, to, 1)
}

/// The as-of time of most tests.
pub const AS_OF: &str = "2026-03-01";

pub fn record(pilot_start: &str) -> EnterpriseRecord {
    EnterpriseRecord::new(t(AS_OF), t(pilot_start))
}

pub fn item(kind: RecordKind, at: &str) -> RecordItem {
    RecordItem::new(kind, format!("{}-{at}", kind.as_str()), t(at))
}

pub fn with_items(mut r: EnterpriseRecord, items: &[(RecordKind, &str)]) -> EnterpriseRecord {
    for (i, (k, at)) in items.iter().enumerate() {
        r.items.push(item(*k, at).logged(1000 + i as u64));
    }
    r
}

pub fn tags(mut r: EnterpriseRecord, batches: &[(&str, u64)]) -> EnterpriseRecord {
    for (i, (at, count)) in batches.iter().enumerate() {
        r.tags_issued.push(TagBatch {
            id: format!("batch-{i}"),
            issued_at: t(at),
            count: *count,
            log_index: Some(500 + i as u64),
        });
    }
    r
}

pub fn certs(mut r: EnterpriseRecord, grades: &[&str]) -> EnterpriseRecord {
    for (i, g) in grades.iter().enumerate() {
        let grade: Grade = g.parse().expect("grade");
        r.certificates.push(CertificateHeld {
            id: format!("cert-{i}"),
            grade,
            issued_at: t("2025-06-01"),
            log_index: Some(200 + i as u64),
        });
    }
    r
}

pub fn contribution<'a>(a: &'a CreditAssessment, rule: &str) -> &'a Contribution {
    a.contributions
        .iter()
        .find(|c| c.rule == rule)
        .expect("rule in assessment")
}
