//! The white list (白名单): an enterprise is listed when it meets every criterion of the
//! model; each criterion says in plain words why it passed or failed.

use super::assess::Evidence;
use super::calendar::whole_months;
use super::compute::{in_window, Starts};
use super::explain::Var;
use super::kind::CreditClass;
use super::model::{CreditModel, Criterion, ModelIdentity, Test};
use super::record::EnterpriseRecord;
use super::text::Bilingual;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One criterion's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionOutcome {
    pub id: String,
    pub title: Bilingual,
    pub passed: bool,
    pub reason: Bilingual,
    /// The items that made a count criterion fail or pass (none for other tests).
    pub evidence: Vec<Evidence>,
}

/// Listed or not, with every criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhiteListDecision {
    pub model: Arc<ModelIdentity>,
    pub as_of: DateTime<Utc>,
    pub listed: bool,
    pub title: Bilingual,
    pub class: CreditClass,
    pub total: Decimal,
    pub criteria: Vec<CriterionOutcome>,
    pub reason: Bilingual,
}

impl CreditModel {
    /// Whether the record meets every white-list criterion of the model, and why.
    pub fn white_list(&self, record: &EnterpriseRecord) -> WhiteListDecision {
        let score = self.score(record);
        let starts = self.starts(record.as_of);
        let criteria: Vec<_> = self
            .white_list
            .criteria
            .iter()
            .map(|c| self.criterion(c, record, score.class, &starts))
            .collect();
        let failed: Vec<&CriterionOutcome> = criteria.iter().filter(|c| !c.passed).collect();
        let n = criteria.len();
        let reason = if failed.is_empty() {
            Bilingual::new(
                format!("符合全部 {n} 项条件"),
                format!("meets all {n} criteria"),
            )
        } else {
            let zh: Vec<_> = failed.iter().map(|c| c.title.zh.as_str()).collect();
            let en: Vec<_> = failed.iter().map(|c| c.title.en.as_str()).collect();
            Bilingual::new(
                format!("{n} 项条件中 {} 项不符合：{}", failed.len(), zh.join("、")),
                format!("fails {} of {n} criteria: {}", failed.len(), en.join("; ")),
            )
        };
        WhiteListDecision {
            model: Arc::clone(&self.identity),
            as_of: record.as_of,
            listed: failed.is_empty(),
            title: self.white_list.title.clone(),
            class: score.class,
            total: score.total,
            criteria,
            reason,
        }
    }

    fn criterion(
        &self,
        c: &Criterion,
        record: &EnterpriseRecord,
        class: CreditClass,
        starts: &Starts,
    ) -> CriterionOutcome {
        // The values the pass/fail texts may show, by placeholder.
        let (passed, evidence, values): (bool, Vec<Evidence>, Vec<(Var, String)>) = match c.test {
            Test::ClassAtLeast { class: need } => (
                class >= need,
                Vec::new(),
                vec![
                    (Var::Class, class.to_string()),
                    (Var::Need, need.to_string()),
                ],
            ),
            Test::CountAtMost {
                kinds,
                window_months,
                max,
                include_repaired,
            } => {
                let since = starts.get(window_months);
                let found: Vec<Evidence> = record
                    .items
                    .iter()
                    .filter(|i| in_window(i, kinds, since, record.as_of, include_repaired))
                    .map(|i| Evidence::Item {
                        kind: i.kind,
                        id: i.id.clone(),
                        at: i.at,
                        log_index: i.log_index,
                    })
                    .collect();
                let count = found.len() as u64;
                let values = vec![
                    (Var::Count, count.to_string()),
                    (Var::Max, max.to_string()),
                    (Var::Window, window_months.to_string()),
                ];
                (count <= max, found, values)
            }
            Test::PilotMonthsAtLeast { months: need } => {
                let months = whole_months(record.pilot_start, record.as_of, self.offset);
                (
                    months >= need,
                    Vec::new(),
                    vec![
                        (Var::Months, months.to_string()),
                        (Var::Need, need.to_string()),
                    ],
                )
            }
        };
        let value = |v: Var| {
            values
                .iter()
                .find(|(k, _)| *k == v)
                .map(|(_, s)| s.clone())
                .unwrap_or_default()
        };
        let template = if passed { &c.pass } else { &c.fail };
        CriterionOutcome {
            id: c.id.clone(),
            title: c.title.clone(),
            passed,
            reason: template.render(false, &value),
            evidence,
        }
    }
}
