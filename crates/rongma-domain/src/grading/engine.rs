//! The grading engine: one pure function from (profile, report) to a result. No I/O, no
//! text formatting on the happy path (explanations are rendered later from the facts),
//! a handful of small allocations per report.

use super::catalogue::{BaselineId, Direction};
use super::decimal::Precision;
use super::grade::Grade;
use super::profile::{CombinationRule, Component, Indicator, IndicatorKind, Profile};
use super::report::Report;
use super::result::{BaselineFailure, ComponentResult, GradingResult, IndicatorResult, StoredText};
use super::thresholds::Thresholds;
use rust_decimal::Decimal;

/// Grades one report. Same profile and report always give the same result.
pub fn grade(profile: &Profile, report: &Report) -> GradingResult {
    let mut baseline_failures = Vec::new();
    for b in profile.baselines() {
        b.check(profile, report, &mut baseline_failures);
    }

    let mut indicators = Vec::with_capacity(profile.indicators().len());
    for ind in profile.indicators() {
        let result = match ind.kind() {
            IndicatorKind::Simple(t) => simple(ind, t, report),
            IndicatorKind::Composite(cs) => composite(ind, cs, report),
        };
        if result.grade.is_none() {
            baseline_failures.push(below_1a(&result));
        }
        indicators.push(result);
    }

    let gradable = baseline_failures.is_empty();
    let grade = match profile.combination() {
        CombinationRule::WeakestLink => indicators.iter().map(|i| i.grade).min().flatten(),
    }
    .filter(|_| gradable);
    let limiting = indicators
        .iter()
        .filter(|i| match grade {
            Some(Grade::G5A) => false,
            Some(g) => i.grade == Some(g),
            None => i.grade.is_none(),
        })
        .map(|i| i.id)
        .collect();

    GradingResult {
        gradable,
        grade,
        profile: profile.identity().clone(),
        fill_power_method: report.measured.fill_power_method,
        indicators,
        limiting,
        baseline_failures,
        stored: StoredText::default(),
    }
}

/// Where one rounded value stands against one threshold row.
struct Assessment {
    rounded: Decimal,
    grade: Option<Grade>,
    threshold: Option<Decimal>,
    next_threshold: Option<Decimal>,
    gap: Option<Decimal>,
    borderline: bool,
}

#[inline]
fn assess(
    value: Decimal,
    t: &Thresholds,
    precision: Precision,
    direction: Direction,
    margin: Decimal,
) -> Assessment {
    let rounded = precision.round(value);
    let grade = t.grade_of(direction, rounded);
    let threshold = grade.map(|g| t.get(g));
    let next = match grade {
        Some(g) => g.next(),
        None => Some(Grade::G1A),
    };
    let next_threshold = next.map(|g| t.get(g));
    // Thresholds are inclusive, so an unmet next threshold is strictly beyond `rounded`:
    // the distance to it is the (positive) gap.
    let gap = next.map(|g| t.distance(g, rounded));
    let borderline =
        margin > Decimal::ZERO && grade.is_some_and(|g| t.distance(g, rounded) <= margin);
    Assessment {
        rounded,
        grade,
        threshold,
        next_threshold,
        gap,
        borderline,
    }
}

fn simple(ind: &Indicator, t: &Thresholds, report: &Report) -> IndicatorResult {
    // Profiles only build simple indicators for ids with a plain report value.
    let value = report.indicator_value(ind.id()).unwrap_or_default();
    let a = assess(
        value,
        t,
        ind.precision(),
        ind.direction(),
        ind.borderline_margin(),
    );
    IndicatorResult {
        id: ind.id(),
        name: ind.name().clone(),
        unit: ind.unit(),
        direction: ind.direction(),
        grade: a.grade,
        value: Some(value),
        rounded: Some(a.rounded),
        threshold: a.threshold,
        next_threshold: a.next_threshold,
        gap: a.gap,
        borderline: a.borderline,
        components: Vec::new(),
        stored: StoredText::default(),
    }
}

fn composite(ind: &Indicator, cs: &[Component], report: &Report) -> IndicatorResult {
    let fastness = &report.measured.colour_fastness;
    let components: Vec<ComponentResult> = cs
        .iter()
        .map(|c| {
            let value = fastness.component(c.id());
            let a = assess(
                value,
                c.thresholds(),
                ind.precision(),
                ind.direction(),
                ind.borderline_margin(),
            );
            ComponentResult {
                id: c.id(),
                name: c.name().clone(),
                grade: a.grade,
                value,
                rounded: a.rounded,
                threshold: a.threshold,
                next_threshold: a.next_threshold,
                gap: a.gap,
                borderline: a.borderline,
            }
        })
        .collect();
    // `None < Some(_)`, so one component below 1A makes the composite ungraded.
    let grade = components.iter().map(|c| c.grade).min().flatten();
    let borderline = components.iter().any(|c| c.borderline && c.grade == grade);
    IndicatorResult {
        id: ind.id(),
        name: ind.name().clone(),
        unit: ind.unit(),
        direction: ind.direction(),
        grade,
        value: None,
        rounded: None,
        threshold: None,
        next_threshold: None,
        gap: None,
        borderline,
        components,
        stored: StoredText::default(),
    }
}

/// The baseline failure recorded when an indicator misses its 1A threshold.
fn below_1a(r: &IndicatorResult) -> BaselineFailure {
    let (en, zh) = match (r.rounded, r.next_threshold) {
        (Some(v), Some(t1)) => {
            let (sym, u_en, u_zh) = (r.direction.symbol(), r.unit.suffix_en(), r.unit.suffix_zh());
            (
                format!(
                    "{} {v}{u_en} misses its 1A threshold ({sym} {t1}{u_en})",
                    r.name.en()
                ),
                format!("{} {v}{u_zh} 未达到 1A（{sym}{t1}{u_zh}）", r.name.zh()),
            )
        }
        _ => {
            let low = r.components.iter().filter(|c| c.grade.is_none());
            let (en, zh): (Vec<_>, Vec<_>) = low.map(|c| (c.name.en(), c.name.zh())).unzip();
            (
                format!(
                    "{} misses its 1A threshold ({})",
                    r.name.en(),
                    en.join(", ")
                ),
                format!("{}未达到 1A（{}）", r.name.zh(), zh.join("、")),
            )
        }
    };
    BaselineFailure::new(BaselineId::IndicatorBelow1A, Some(r.id), en, zh)
}
