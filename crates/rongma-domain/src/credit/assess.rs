//! A full assessment: the total and class with every rule's contribution, its plain-words
//! reason in zh and en ("近 12 个月抽检不合格 1 次：−20 分") and the logged items behind it.

use super::compute::{in_window, Measured, Points};
use super::explain::Var;
use super::kind::{CreditClass, RecordKind};
use super::model::{CreditModel, Measure, ModelIdentity, Rule, Scoring};
use super::record::EnterpriseRecord;
use super::text::{self, Bilingual};
use crate::grading::Grade;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A logged fact a contribution rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Evidence {
    Item {
        kind: RecordKind,
        id: String,
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        log_index: Option<u64>,
    },
    Certificate {
        id: String,
        grade: Grade,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        log_index: Option<u64>,
    },
}

/// One rule's part of the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    pub rule: String,
    pub title: Bilingual,
    pub measured: Measured,
    pub points: Decimal,
    /// The rule's cap bounded the points.
    pub capped: bool,
    pub reason: Bilingual,
    pub evidence: Vec<Evidence>,
}

/// The explained result of scoring one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditAssessment {
    /// Shared with the model: cloning an assessment does not copy the hashes.
    pub model: Arc<ModelIdentity>,
    pub as_of: DateTime<Utc>,
    pub start: Decimal,
    /// Start plus every contribution, before the score range applies.
    pub sum: Decimal,
    /// `sum` kept within the score range.
    pub total: Decimal,
    pub class: CreditClass,
    pub contributions: Vec<Contribution>,
    pub reason: Bilingual,
}

impl CreditModel {
    /// Scores a record and explains every step. Deterministic: the same model and record
    /// give the same assessment, contributions in the model's rule order.
    pub fn assess(&self, record: &EnterpriseRecord) -> CreditAssessment {
        let mut sum = self.score.start;
        let mut contributions = Vec::with_capacity(self.rules.len());
        let starts = self.starts(record.as_of);
        for rule in &self.rules {
            let measured = self.measure(rule, record, &starts);
            let p = self.points(rule, &measured);
            sum = sum.saturating_add(p.points);
            contributions.push(Contribution {
                rule: rule.id.clone(),
                title: rule.title.clone(),
                reason: reason(rule, &measured, p),
                evidence: evidence(rule, &measured, record),
                points: p.points,
                capped: p.capped,
                measured,
            });
        }
        let total = self.clamp(sum);
        let class = self.class_of(total);
        CreditAssessment {
            model: Arc::clone(&self.identity),
            as_of: record.as_of,
            start: self.score.start,
            sum: sum.normalize(),
            total,
            class,
            contributions,
            reason: self.total_reason(sum.normalize(), total, class),
        }
    }

    fn total_reason(&self, sum: Decimal, total: Decimal, class: CreditClass) -> Bilingual {
        let (start, n) = (text::number(self.score.start), text::number(total));
        let band = match self
            .bands
            .iter()
            .find(|b| b.class == class)
            .and_then(|b| b.min)
        {
            Some(m) => (
                format!("{class} 类 ≥ {} 分", text::number(m)),
                format!("{class} from {}", text::number(m)),
            ),
            None => (
                format!("{class} 类为最低档"),
                format!("{class} is the lowest band"),
            ),
        };
        let kept = if sum == total {
            (String::new(), String::new())
        } else {
            (
                format!("（合计 {} 分，按分值范围计为 {n} 分）", text::number(sum)),
                format!(" (sum {}, kept within the score range)", text::number(sum)),
            )
        };
        Bilingual::new(
            format!(
                "起始 {start} 分，总分 {n} 分{}：信用等级 {class}（{}）",
                kept.0, band.0
            ),
            format!(
                "Start {start}, total {n}{}: class {class} ({})",
                kept.1, band.1
            ),
        )
    }
}

fn reason(rule: &Rule, m: &Measured, p: Points) -> Bilingual {
    let cap = match rule.scoring {
        Scoring::Linear {
            points,
            cap: Some(c),
        } => Some(if points < Decimal::ZERO { -c } else { c }),
        _ => None,
    };
    let value = |v: Var| -> String {
        match (v, m) {
            (Var::Points, _) => text::points(p.points),
            (Var::Cap, _) => cap.map(text::number).unwrap_or_default(),
            (Var::Count, _) => m.counted().to_string(),
            (Var::Months, _) => m.counted().to_string(),
            (
                Var::Window,
                Measured::Count { window_months, .. }
                | Measured::PerTenThousandTags { window_months, .. }
                | Measured::Share { window_months, .. },
            ) => window_months.to_string(),
            (Var::Tags, Measured::PerTenThousandTags { tags, .. }) => tags.to_string(),
            (
                Var::Rate,
                Measured::PerTenThousandTags {
                    count, denominator, ..
                },
            ) => text::per_ten_thousand(*count, *denominator),
            (Var::Of, Measured::Share { of, .. } | Measured::GradeShare { of, .. }) => {
                of.to_string()
            }
            (
                Var::Share,
                Measured::Share { count, of, .. } | Measured::GradeShare { count, of, .. },
            ) => text::percent(*count, *of),
            (Var::Grade, Measured::GradeShare { min_grade, .. }) => min_grade.as_str().to_owned(),
            // The template was checked against the measure's placeholders on load.
            _ => String::new(),
        }
    };
    let template = match (&rule.explain_none, p.none) {
        (Some(t), true) => t,
        _ => &rule.explain,
    };
    let mut out = template.render(m.counted() == 1, &value);
    if p.capped {
        let c = cap.map(text::number).unwrap_or_default();
        out.zh.push_str(&format!("（已达上限 {c} 分）"));
        out.en.push_str(&format!(" (capped at {c})"));
    }
    out
}

fn evidence(rule: &Rule, m: &Measured, record: &EnterpriseRecord) -> Vec<Evidence> {
    let kinds = match rule.measure {
        Measure::Count { kinds, .. } | Measure::PerTenThousandTags { kinds, .. } => kinds,
        Measure::Share { denominator, .. } => denominator,
        Measure::PilotMonths => return Vec::new(),
        Measure::GradeShare { min_grade } => {
            return record
                .certificates
                .iter()
                .filter(|c| c.issued_at <= record.as_of && c.grade >= min_grade)
                .map(|c| Evidence::Certificate {
                    id: c.id.clone(),
                    grade: c.grade,
                    log_index: c.log_index,
                })
                .collect()
        }
    };
    let since = match *m {
        Measured::Count { since, .. }
        | Measured::PerTenThousandTags { since, .. }
        | Measured::Share { since, .. } => since,
        _ => return Vec::new(),
    };
    record
        .items
        .iter()
        .filter(|i| in_window(i, kinds, since, record.as_of, false))
        .map(|i| Evidence::Item {
            kind: i.kind,
            id: i.id.clone(),
            at: i.at,
            log_index: i.log_index,
        })
        .collect()
}
