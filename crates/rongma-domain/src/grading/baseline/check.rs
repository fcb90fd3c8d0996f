//! Validates the `[baseline.*]` tables of a profile file: known ids, exactly the
//! parameters each id takes, and values that make sense for the quantity compared.

use super::{Baseline, BaselineRule};
use crate::grading::catalogue::{BaselineId, IndicatorId, Species};
use crate::grading::decimal::Precision;
use crate::grading::profile::check::Issues;
use crate::grading::profile::format::{Dec, RawBaseline};
use crate::grading::profile::Indicator;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The parameters each configurable baseline id takes.
fn takes(id: BaselineId) -> &'static [&'static str] {
    match id {
        BaselineId::ScopeSpecies => &["species"],
        BaselineId::ScopeDownCluster => &["min", "max"],
        BaselineId::DownClusterTolerance => &["max_shortfall", "precision"],
        BaselineId::FillWeightTolerance => &["min_percent_of_declared", "precision"],
        BaselineId::TurbidityMin => &["min", "precision"],
        BaselineId::OxygenMax | BaselineId::FatMax | BaselineId::DownLeakageMax => {
            &["max", "precision"]
        }
        BaselineId::LightFastnessMin => &["min"],
        BaselineId::Odour | BaselineId::ColourFastnessMin | BaselineId::IndicatorBelow1A => &[],
    }
}

pub(in crate::grading) fn check(
    is: &mut Issues,
    raw: &BTreeMap<String, RawBaseline>,
    indicators: &[Indicator],
) -> Vec<Baseline> {
    let mut out = Vec::new();
    for (key, rb) in raw {
        let place = format!("baseline.{key}");
        let id = match BaselineId::parse(key) {
            Some(BaselineId::IndicatorBelow1A) => {
                is.add(place, "is recorded by the engine whenever an indicator misses 1A and takes no configuration");
                continue;
            }
            Some(id) => id,
            None => {
                is.add(
                    place,
                    format!("unknown baseline id (known: {})", BaselineId::known()),
                );
                continue;
            }
        };
        let before = is.0.len();
        let name = is.name(&format!("{place}.name"), &rb.name);
        let given = [
            ("species", rb.species.is_some()),
            ("min", rb.min.is_some()),
            ("max", rb.max.is_some()),
            ("max_shortfall", rb.max_shortfall.is_some()),
            (
                "min_percent_of_declared",
                rb.min_percent_of_declared.is_some(),
            ),
            ("precision", rb.precision.is_some()),
        ];
        let wanted = takes(id);
        for (param, present) in given {
            match (present, wanted.contains(&param)) {
                (true, false) => is.add(
                    format!("{place}.{param}"),
                    format!("does not apply to {id} (it takes: {})", list(wanted)),
                ),
                (false, true) => is.add(&place, format!("missing {param}")),
                _ => {}
            }
        }
        if is.0.len() > before {
            continue;
        }
        if id == BaselineId::ColourFastnessMin
            && !indicators
                .iter()
                .any(|i| i.id() == IndicatorId::ColourFastness)
        {
            is.add(
                &place,
                "needs the colour_fastness indicator (its 1A row is the minimum)",
            );
            continue;
        }
        if let Some(parameters) = rule(is, &place, id, rb) {
            out.push(Baseline {
                id,
                name,
                parameters,
                source: rb.source.clone(),
            });
        }
    }
    out.sort_by_key(|b| b.id);
    out
}

fn list(params: &[&str]) -> String {
    if params.is_empty() {
        "no parameters".to_owned()
    } else {
        params.join(", ")
    }
}

/// Builds the typed rule; parameters are known to be present.
fn rule(is: &mut Issues, place: &str, id: BaselineId, rb: &RawBaseline) -> Option<BaselineRule> {
    let before = is.0.len();
    let precision = rb.precision.and_then(|p| {
        Precision::new(p.0)
            .map_err(|e| is.add(format!("{place}.precision"), e.to_string()))
            .ok()
    });
    let value = |is: &mut Issues, param: &str, d: Option<Dec>, lo: Decimal, hi: Decimal| {
        param_value(is, &format!("{place}.{param}"), precision, d, lo, hi)
    };
    let (hundred, any) = (Decimal::ONE_HUNDRED, Decimal::MAX);
    let rule = match id {
        BaselineId::ScopeSpecies => {
            let mut species = Vec::new();
            for s in rb.species.iter().flatten() {
                match Species::parse(s) {
                    Some(sp) if !species.contains(&sp) => species.push(sp),
                    Some(_) => {}
                    None => is.add(
                        format!("{place}.species"),
                        format!("unknown species {s:?} (known: {})", Species::known()),
                    ),
                }
            }
            if species.is_empty() {
                is.add(format!("{place}.species"), "must list at least one species");
            }
            species.sort();
            BaselineRule::ScopeSpecies { species }
        }
        BaselineId::ScopeDownCluster => {
            let (min, max) = (
                value(is, "min", rb.min, Decimal::ZERO, hundred),
                value(is, "max", rb.max, Decimal::ZERO, hundred),
            );
            if min > max {
                is.add(place, format!("min {min} is above max {max}"));
            }
            BaselineRule::ScopeDownCluster { min, max }
        }
        BaselineId::DownClusterTolerance => BaselineRule::DownClusterTolerance {
            max_shortfall: value(
                is,
                "max_shortfall",
                rb.max_shortfall,
                Decimal::ZERO,
                hundred,
            ),
            precision: precision?,
        },
        BaselineId::FillWeightTolerance => BaselineRule::FillWeightTolerance {
            min_percent_of_declared: value(
                is,
                "min_percent_of_declared",
                rb.min_percent_of_declared,
                Decimal::ZERO,
                hundred,
            ),
            precision: precision?,
        },
        BaselineId::TurbidityMin => BaselineRule::TurbidityMin {
            min: value(is, "min", rb.min, Decimal::ZERO, any),
            precision: precision?,
        },
        BaselineId::OxygenMax => BaselineRule::OxygenMax {
            max: value(is, "max", rb.max, Decimal::ZERO, any),
            precision: precision?,
        },
        BaselineId::FatMax => BaselineRule::FatMax {
            max: value(is, "max", rb.max, Decimal::ZERO, hundred),
            precision: precision?,
        },
        BaselineId::DownLeakageMax => BaselineRule::DownLeakageMax {
            max: value(is, "max", rb.max, Decimal::ZERO, any),
            precision: precision?,
        },
        BaselineId::LightFastnessMin => {
            let min = value(is, "min", rb.min, Decimal::ONE, Decimal::from(8));
            if !(min * Decimal::TWO).fract().is_zero() {
                is.add(
                    format!("{place}.min"),
                    format!("{min} is not a half step of the blue-wool scale"),
                );
            }
            BaselineRule::LightFastnessMin { min }
        }
        BaselineId::Odour => BaselineRule::Odour {},
        BaselineId::ColourFastnessMin => BaselineRule::ColourFastnessMin {},
        BaselineId::IndicatorBelow1A => return None,
    };
    (is.0.len() == before).then_some(rule)
}

/// One numeric parameter: in range, no finer than the precision, then normalised.
fn param_value(
    is: &mut Issues,
    place: &str,
    precision: Option<Precision>,
    d: Option<Dec>,
    lo: Decimal,
    hi: Decimal,
) -> Decimal {
    let v = d.map(|d| d.0).unwrap_or_default();
    if v < lo || v > hi {
        is.add(place, format!("{v} is outside {lo}–{hi}"));
    } else if let Some(p) = precision.filter(|p| !p.allows(v)) {
        is.add(place, format!("{v} {}", p.misfit()));
    }
    precision.map_or(v.normalize(), |p| p.normalise(v))
}
