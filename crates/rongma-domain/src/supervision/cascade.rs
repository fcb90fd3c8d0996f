//! What each spot-check outcome does to the certificate, as configuration (data) with
//! defaults: keep it, downgrade it to the measured grade (a new certificate version),
//! suspend it, or revoke it; for the sampled lot only or for all lots under the
//! certificate. A baseline failure first suspends, and becomes final (revocation by
//! default) once the enterprise's objection window (15 days by default) has passed
//! without a retest that clears it — the retest itself is graded and compared anew.

use super::outcome::Outcome;
use crate::grading::Grade;
use serde::{Deserialize, Serialize};

/// What happens to the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Keep,
    /// A new certificate version at the measured grade.
    Downgrade,
    Suspend,
    Revoke,
}

/// Which lots it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    SampledLot,
    AllLots,
}

/// One rule of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub action: Action,
    pub scope: Scope,
}

/// The cascade policy. A baseline failure has no measured grade, so its rules cannot
/// downgrade; such a configuration is refused when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPolicy")]
pub struct CascadePolicy {
    pub lower_by_one: Rule,
    pub lower_by_more: Rule,
    pub fails_baseline: Rule,
    pub fails_baseline_final: Rule,
    pub objection_days: u32,
}

impl Default for CascadePolicy {
    fn default() -> Self {
        Self {
            lower_by_one: Rule {
                action: Action::Downgrade,
                scope: Scope::SampledLot,
            },
            lower_by_more: Rule {
                action: Action::Downgrade,
                scope: Scope::AllLots,
            },
            fails_baseline: Rule {
                action: Action::Suspend,
                scope: Scope::AllLots,
            },
            fails_baseline_final: Rule {
                action: Action::Revoke,
                scope: Scope::AllLots,
            },
            objection_days: 15,
        }
    }
}

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawPolicy {
    lower_by_one: Rule,
    lower_by_more: Rule,
    fails_baseline: Rule,
    fails_baseline_final: Rule,
    objection_days: u32,
}

impl Default for RawPolicy {
    fn default() -> Self {
        let d = CascadePolicy::default();
        Self {
            lower_by_one: d.lower_by_one,
            lower_by_more: d.lower_by_more,
            fails_baseline: d.fails_baseline,
            fails_baseline_final: d.fails_baseline_final,
            objection_days: d.objection_days,
        }
    }
}

impl TryFrom<RawPolicy> for CascadePolicy {
    type Error = String;
    fn try_from(r: RawPolicy) -> Result<Self, String> {
        for (name, rule) in [
            ("fails_baseline", r.fails_baseline),
            ("fails_baseline_final", r.fails_baseline_final),
        ] {
            if rule.action == Action::Downgrade {
                return Err(format!(
                    "{name}: a sample that fails the baseline has no grade to downgrade to"
                ));
            }
        }
        Ok(Self {
            lower_by_one: r.lower_by_one,
            lower_by_more: r.lower_by_more,
            fails_baseline: r.fails_baseline,
            fails_baseline_final: r.fails_baseline_final,
            objection_days: r.objection_days,
        })
    }
}

/// What to do now, and (for a baseline failure) what follows after the objection window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub action: Action,
    pub scope: Scope,
    /// The new version's grade, for a downgrade.
    pub new_grade: Option<Grade>,
    /// The rule applied after `objection_days` unless a retest clears the sample.
    pub then: Option<(u32, Rule)>,
    pub en: String,
    pub zh: String,
}

fn scope_text(s: Scope) -> (&'static str, &'static str) {
    match s {
        Scope::SampledLot => ("the sampled lot", "被抽检批次"),
        Scope::AllLots => ("all lots under the certificate", "该证书下全部批次"),
    }
}

fn action_text(a: Action, grade: Option<Grade>) -> (String, String) {
    let g = grade.map_or(String::new(), |g| g.to_string());
    match a {
        Action::Keep => ("keep the certificate".into(), "证书保持不变".into()),
        Action::Downgrade => (
            format!("downgrade to {g} (a new certificate version)"),
            format!("降为 {g}（发布新版本证书）"),
        ),
        Action::Suspend => ("suspend the certificate".into(), "暂停证书".into()),
        Action::Revoke => ("revoke the certificate".into(), "撤销证书".into()),
    }
}

impl CascadePolicy {
    /// The decision for one outcome.
    pub fn decide(&self, outcome: &Outcome) -> Decision {
        let (rule, grade, then, why_en, why_zh) = match outcome {
            Outcome::Conform { measured, .. } => {
                let keep = Rule {
                    action: Action::Keep,
                    scope: Scope::SampledLot,
                };
                (
                    keep,
                    None,
                    None,
                    format!("the sample graded {measured}, as certified or better"),
                    format!("样品评为 {measured}，不低于证书等级"),
                )
            }
            Outcome::LowerGrade {
                certified,
                measured,
                ..
            } => {
                let rule = if outcome.steps_lower() > 1 {
                    self.lower_by_more
                } else {
                    self.lower_by_one
                };
                let grade = (rule.action == Action::Downgrade).then_some(*measured);
                (
                    rule,
                    grade,
                    None,
                    format!("the sample graded {measured}, below the certified {certified}"),
                    format!("样品评为 {measured}，低于证书等级 {certified}"),
                )
            }
            Outcome::FailsBaseline { .. } => (
                self.fails_baseline,
                None,
                Some((self.objection_days, self.fails_baseline_final)),
                "the sample fails the baseline requirements".to_owned(),
                "样品未达到基本要求".to_owned(),
            ),
        };
        let (act_en, act_zh) = action_text(rule.action, grade);
        let (sc_en, sc_zh) = scope_text(rule.scope);
        let (mut en, mut zh) = (
            format!("{why_en}: {act_en}, for {sc_en}"),
            format!("{why_zh}：{sc_zh}{act_zh}"),
        );
        if let Some((days, next)) = then {
            let (n_en, n_zh) = action_text(next.action, None);
            let (s_en, s_zh) = scope_text(next.scope);
            en.push_str(&format!(
                "; unless a retest requested within {days} days clears it, then {n_en}, for {s_en}"
            ));
            zh.push_str(&format!(
                "；如 {days} 日内未申请复检或复检未通过，{s_zh}{n_zh}"
            ));
        }
        Decision {
            action: rule.action,
            scope: rule.scope,
            new_grade: grade,
            then,
            en,
            zh,
        }
    }
}
