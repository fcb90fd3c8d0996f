//! Checks the `[[rules]]` of a model file: the measure and the keys it takes, the scoring
//! (points with an optional cap, or a step table), and the explanation templates against
//! the placeholders the measure offers.

use super::explain::{Explain, Template, Var};
use super::model::{Measure, Rule, Scoring};
use super::model_check::Issues;
use super::model_format::{RawRule, RawTemplate};
use crate::grading::Grade;
use rust_decimal::Decimal;

const MEASURES: &str = "count, per_10k_tags, share, pilot_months, grade_share";

pub(super) fn rules(is: &mut Issues, raw: &[RawRule]) -> Vec<Rule> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let before = is.0.len();
        let rule = rule(is, &format!("rules[{i}]"), r, &mut seen);
        if is.0.len() == before {
            out.extend(rule);
        }
    }
    out
}

fn rule(is: &mut Issues, place: &str, r: &RawRule, seen: &mut Vec<String>) -> Option<Rule> {
    let at = |f: &str| format!("{place}.{f}");
    is.id(&at("id"), &r.id, seen);
    let title = is.text(&at("title"), &r.title);
    let m = r.measure.as_str();
    // Which optional keys this measure takes; any other given key is refused below.
    let takes: &[&str] = match m {
        "count" => &["kinds", "window_months"],
        "per_10k_tags" => &["kinds", "window_months", "min_tags"],
        "share" => &["numerator", "denominator", "window_months", "when_none"],
        "pilot_months" => &[],
        "grade_share" => &["min_grade", "when_none"],
        _ => {
            is.add(
                at("measure"),
                format!("unknown measure {m:?} (known: {MEASURES})"),
            );
            return None;
        }
    };
    let given = [
        ("kinds", r.kinds.is_some()),
        ("numerator", r.numerator.is_some()),
        ("denominator", r.denominator.is_some()),
        ("window_months", r.window_months.is_some()),
        ("min_tags", r.min_tags.is_some()),
        ("min_grade", r.min_grade.is_some()),
        ("when_none", r.when_none.is_some()),
    ];
    for (key, present) in given {
        if present && !takes.contains(&key) {
            is.add(at(key), format!("does not apply to measure {m}"));
        }
    }
    let window =
        |is: &mut Issues| is.months(&at("window_months"), r.window_months, "window_months");
    let kinds = |is: &mut Issues, key: &str, v: &Option<Vec<String>>| match v {
        Some(list) => is.kinds(&at(key), list),
        None => {
            is.add(at(key), format!("missing {key}"));
            Default::default()
        }
    };
    let measure = match m {
        "count" => Measure::Count {
            kinds: kinds(is, "kinds", &r.kinds),
            window_months: window(is),
        },
        "per_10k_tags" => Measure::PerTenThousandTags {
            kinds: kinds(is, "kinds", &r.kinds),
            window_months: window(is),
            min_tags: match r.min_tags {
                Some(n) if n >= 1 => n as u64,
                Some(n) => {
                    is.add(at("min_tags"), format!("{n} must be at least 1"));
                    1
                }
                None => {
                    is.add(
                        at("min_tags"),
                        "missing min_tags (the fewest tags a rate is computed over)",
                    );
                    1
                }
            },
        },
        "share" => {
            let numerator = kinds(is, "numerator", &r.numerator);
            let denominator = kinds(is, "denominator", &r.denominator);
            if !numerator.is_subset_of(denominator) {
                is.add(
                    at("numerator"),
                    "every numerator kind must also be in denominator (a share is at most 100 %)",
                );
            }
            Measure::Share {
                numerator,
                denominator,
                window_months: window(is),
            }
        }
        "pilot_months" => Measure::PilotMonths,
        _ => Measure::GradeShare {
            min_grade: match r.min_grade.as_deref().map(str::parse::<Grade>) {
                Some(Ok(g)) => g,
                Some(Err(_)) => {
                    is.add(
                        at("min_grade"),
                        format!(
                            "unknown grade {:?} (known: 1A … 5A)",
                            r.min_grade.as_deref().unwrap_or("")
                        ),
                    );
                    Grade::G1A
                }
                None => {
                    is.add(at("min_grade"), "missing min_grade");
                    Grade::G1A
                }
            },
        },
    };
    let is_share = matches!(measure, Measure::Share { .. } | Measure::GradeShare { .. });
    let when_none = match (r.when_none, is_share) {
        (Some(n), _) => Some(is.points(&at("when_none"), n.0)),
        (None, true) => {
            is.add(
                at("when_none"),
                "missing when_none (points when there is nothing to divide)",
            );
            None
        }
        (None, false) => None,
    };
    let scoring = scoring(is, place, r, &measure);

    let mut vars = match measure {
        Measure::Count { .. } => vec![Var::Count, Var::Window, Var::Points],
        Measure::PerTenThousandTags { .. } => {
            vec![Var::Count, Var::Tags, Var::Rate, Var::Window, Var::Points]
        }
        Measure::Share { .. } => vec![Var::Count, Var::Of, Var::Share, Var::Window, Var::Points],
        Measure::PilotMonths => vec![Var::Months, Var::Points],
        Measure::GradeShare { .. } => {
            vec![Var::Count, Var::Of, Var::Share, Var::Grade, Var::Points]
        }
    };
    if matches!(scoring, Some(Scoring::Linear { cap: Some(_), .. })) {
        vars.push(Var::Cap);
    }
    let explained = explain(is, &at("explain"), &r.explain, &vars);
    let none_vars: &[Var] = match measure {
        Measure::Share { .. } => &[Var::Window, Var::Points],
        _ => &[Var::Grade, Var::Points],
    };
    let explain_none = match (&r.explain_none, is_share) {
        (Some(t), true) => explain(is, &at("explain_none"), t, none_vars),
        (Some(_), false) => {
            is.add(
                at("explain_none"),
                format!("does not apply to measure {m} (it always has a value)"),
            );
            None
        }
        (None, true) => {
            is.add(
                at("explain_none"),
                "missing explain_none (the text when there is nothing to divide)",
            );
            None
        }
        (None, false) => None,
    };
    Some(Rule {
        id: r.id.clone(),
        title,
        measure,
        scoring: scoring?,
        when_none,
        explain: explained?,
        explain_none,
        source: r.source.clone(),
    })
}

fn scoring(is: &mut Issues, place: &str, r: &RawRule, measure: &Measure) -> Option<Scoring> {
    let at = |f: &str| format!("{place}.{f}");
    match (&r.points, &r.steps) {
        (Some(_), Some(_)) => {
            is.add(place, "give either points or steps, not both");
            None
        }
        (None, None) => {
            is.add(place, "missing points (per unit) or steps (a table)");
            None
        }
        (Some(p), None) => {
            let points = is.points(&at("points"), p.0);
            let cap = r.cap.map(|c| {
                let c = is.points(&at("cap"), c.0);
                if c <= Decimal::ZERO {
                    is.add(
                        at("cap"),
                        format!("{c} must be above 0 (it bounds the rule's points either way)"),
                    );
                }
                c
            });
            Some(Scoring::Linear { points, cap })
        }
        (None, Some(steps)) => {
            if r.cap.is_some() {
                is.add(
                    at("cap"),
                    "applies to points, not steps (a step table is bounded by its rows)",
                );
            }
            Some(Scoring::Steps(super::step_check::step_table(
                is,
                &at("steps"),
                steps,
                measure,
            )))
        }
    }
}

pub(super) fn explain(
    is: &mut Issues,
    place: &str,
    t: &RawTemplate,
    vars: &[Var],
) -> Option<Explain> {
    let one = |is: &mut Issues, key: &str, text: &str| {
        Template::parse(text, vars)
            .map_err(|e| is.add(format!("{place}.{key}"), e))
            .ok()
    };
    let zh = one(is, "zh", &t.zh);
    let en = one(is, "en", &t.en);
    let en_one = match &t.en_one {
        Some(text) => Some(one(is, "en_one", text)?),
        None => None,
    };
    Some(Explain {
        zh: zh?,
        en: en?,
        en_one,
    })
}
