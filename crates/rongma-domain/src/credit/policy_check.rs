//! Checks the repair rules (`[[repair]]`) and the white-list criteria
//! (`[[white_list.criteria]]`) of a model file.

use super::explain::Var;
use super::kind::{CreditClass, RecordKind};
use super::model::{Criterion, RepairPolicy, RepairRule, Test, WhiteList};
use super::model_check::Issues;
use super::model_format::{RawCriterion, RawRepair, RawTemplate, RawWhiteList};
use super::rule_check::explain;

pub(super) fn repair(is: &mut Issues, raw: &[RawRepair]) -> Vec<RepairRule> {
    let mut out: Vec<RepairRule> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let at = |f: &str| format!("repair[{i}].{f}");
        let Some(kind) = RecordKind::parse(&r.kind) else {
            is.add(
                at("kind"),
                format!(
                    "unknown record kind {:?} (known: {})",
                    r.kind,
                    RecordKind::known()
                ),
            );
            continue;
        };
        if out.iter().any(|o| o.kind == kind) {
            is.add(at("kind"), format!("{kind} already has a repair rule"));
            continue;
        }
        let policy = match (r.repairable, r.wait_months, &r.reason) {
            (true, wait, None) => RepairPolicy::After {
                wait_months: match wait {
                    // A zero wait is allowed: repairable as soon as decided.
                    Some(0) => 0,
                    w => is.months(&at("wait_months"), w, "wait_months"),
                },
            },
            (true, _, Some(_)) => {
                is.add(
                    at("reason"),
                    "only a kind that is not repairable takes a reason",
                );
                continue;
            }
            (false, Some(_), _) => {
                is.add(
                    at("wait_months"),
                    "a kind that is not repairable has no waiting period",
                );
                continue;
            }
            (false, None, None) => {
                is.add(
                    at("reason"),
                    "missing reason (why this kind cannot be repaired)",
                );
                continue;
            }
            (false, None, Some(reason)) => RepairPolicy::Never {
                reason: is.text(&at("reason"), reason),
            },
        };
        out.push(RepairRule {
            kind,
            policy,
            source: r.source.clone(),
        });
    }
    out
}

pub(super) fn white_list(is: &mut Issues, raw: &RawWhiteList) -> WhiteList {
    let title = is.text("white_list.title", &raw.title);
    if raw.criteria.is_empty() {
        is.add("white_list.criteria", "needs at least one criterion");
    }
    let mut seen = Vec::new();
    let mut criteria = Vec::new();
    for (i, c) in raw.criteria.iter().enumerate() {
        let before = is.0.len();
        let got = criterion(is, &format!("white_list.criteria[{i}]"), c, &mut seen);
        if is.0.len() == before {
            criteria.extend(got);
        }
    }
    WhiteList { title, criteria }
}

fn criterion(
    is: &mut Issues,
    place: &str,
    c: &RawCriterion,
    seen: &mut Vec<String>,
) -> Option<Criterion> {
    let at = |f: &str| format!("{place}.{f}");
    is.id(&at("id"), &c.id, seen);
    let title = is.text(&at("title"), &c.title);
    let takes: &[&str] = match c.test.as_str() {
        "class_at_least" => &["class"],
        "count_at_most" => &["kinds", "window_months", "max", "include_repaired"],
        "pilot_months_at_least" => &["months"],
        other => {
            is.add(at("test"), format!("unknown test {other:?} (known: class_at_least, count_at_most, pilot_months_at_least)"));
            return None;
        }
    };
    let given = [
        ("class", c.class.is_some()),
        ("kinds", c.kinds.is_some()),
        ("window_months", c.window_months.is_some()),
        ("max", c.max.is_some()),
        ("months", c.months.is_some()),
        ("include_repaired", c.include_repaired.is_some()),
    ];
    for (key, present) in given {
        if present && !takes.contains(&key) {
            is.add(at(key), format!("does not apply to test {}", c.test));
        }
    }
    let (test, vars): (Test, &[Var]) = match c.test.as_str() {
        "class_at_least" => {
            let class = match c.class.as_deref().map(CreditClass::parse) {
                Some(Some(k)) => k,
                Some(None) => {
                    is.add(
                        at("class"),
                        format!(
                            "unknown class {:?} (known: A, B, C, D)",
                            c.class.as_deref().unwrap_or("")
                        ),
                    );
                    CreditClass::A
                }
                None => {
                    is.add(at("class"), "missing class");
                    CreditClass::A
                }
            };
            (Test::ClassAtLeast { class }, &[Var::Class, Var::Need])
        }
        "count_at_most" => {
            let kinds = match &c.kinds {
                Some(k) => is.kinds(&at("kinds"), k),
                None => {
                    is.add(at("kinds"), "missing kinds");
                    Default::default()
                }
            };
            let window_months = is.months(&at("window_months"), c.window_months, "window_months");
            let max = match c.max {
                Some(m) if m >= 0 => m as u64,
                Some(m) => {
                    is.add(at("max"), format!("{m} must not be negative"));
                    0
                }
                None => {
                    is.add(at("max"), "missing max (0 for \"none\")");
                    0
                }
            };
            let include_repaired = c.include_repaired.unwrap_or(false);
            (
                Test::CountAtMost {
                    kinds,
                    window_months,
                    max,
                    include_repaired,
                },
                &[Var::Count, Var::Max, Var::Window],
            )
        }
        _ => {
            let months = match c.months {
                Some(m) if (0..=super::model_check::MAX_MONTHS).contains(&m) => m as u32,
                Some(m) => {
                    is.add(
                        at("months"),
                        format!("{m} must be 0 to {} months", super::model_check::MAX_MONTHS),
                    );
                    0
                }
                None => {
                    is.add(at("months"), "missing months");
                    0
                }
            };
            (
                Test::PilotMonthsAtLeast { months },
                &[Var::Months, Var::Need],
            )
        }
    };
    let template = |t: &super::model_format::RawText| RawTemplate {
        zh: t.zh.clone(),
        en: t.en.clone(),
        en_one: None,
    };
    let pass = explain(is, &at("pass"), &template(&c.pass), vars);
    let fail = explain(is, &at("fail"), &template(&c.fail), vars);
    Some(Criterion {
        id: c.id.clone(),
        title,
        test,
        pass: pass?,
        fail: fail?,
        source: c.source.clone(),
    })
}
