//! Baseline requirements (不予分级 rules): the national floor and the scheme's scope.
//! Failing any one makes a product not gradable; every failure is recorded, not only the
//! first, so a lab or maker sees everything to fix in one pass.

use crate::grading::catalogue::{BaselineId, IndicatorId, Odour, Species};
use crate::grading::decimal::Precision;
use crate::grading::profile::{DisplayName, IndicatorKind, Profile};
use crate::grading::report::Report;
use crate::grading::result::BaselineFailure;
use rust_decimal::Decimal;
use serde::Serialize;

pub(super) mod check;
mod limits;

use limits::{FAT, LEAKAGE, LIGHT, OXYGEN, TURBIDITY};

/// One configured baseline requirement.
#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    pub(super) id: BaselineId,
    pub(super) name: DisplayName,
    pub(super) parameters: BaselineRule,
    pub(super) source: Option<String>,
}

/// The parameters of each baseline id. Measured values are rounded to `precision`
/// before comparing; declared values are compared as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum BaselineRule {
    ScopeSpecies {
        species: Vec<Species>,
    },
    ScopeDownCluster {
        min: Decimal,
        max: Decimal,
    },
    DownClusterTolerance {
        max_shortfall: Decimal,
        precision: Precision,
    },
    FillWeightTolerance {
        min_percent_of_declared: Decimal,
        precision: Precision,
    },
    TurbidityMin {
        min: Decimal,
        precision: Precision,
    },
    OxygenMax {
        max: Decimal,
        precision: Precision,
    },
    FatMax {
        max: Decimal,
        precision: Precision,
    },
    Odour {},
    DownLeakageMax {
        max: Decimal,
        precision: Precision,
    },
    /// Every colour-fastness component meets its own 1A threshold.
    ColourFastnessMin {},
    /// Blue-wool light fastness; values are exact half steps, so no rounding.
    LightFastnessMin {
        min: Decimal,
    },
}

impl Baseline {
    pub fn id(&self) -> BaselineId {
        self.id
    }
    pub fn name(&self) -> &DisplayName {
        &self.name
    }
    pub fn rule(&self) -> &BaselineRule {
        &self.parameters
    }

    /// For the scope rules only: why a product declaring `species` (`duck`, `goose`) and
    /// `down_cluster_pct` would not be graded, as (English, Chinese); `None` when it is in
    /// scope or this is not a scope rule. Lets a maker hear it at registration, not after a
    /// full test.
    pub fn scope_issue(
        &self,
        species: &str,
        down_cluster_pct: Decimal,
    ) -> Option<(String, String)> {
        match &self.parameters {
            BaselineRule::ScopeSpecies { species: allowed } => {
                (!allowed.iter().any(|s| s.as_str() == species)).then(|| {
                    let en: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
                    let zh: Vec<&str> = allowed.iter().map(|s| species_zh(*s)).collect();
                    let own_zh = match species {
                        "duck" => "鸭绒",
                        "goose" => "鹅绒",
                        other => other,
                    };
                    (
                        format!(
                        "declared species {species} is outside the grading profile's scope ({})",
                        en.join(", ")
                    ),
                        format!(
                            "申报羽绒种类 {own_zh} 不在分级规范范围内（{}）",
                            zh.join("、")
                        ),
                    )
                })
            }
            BaselineRule::ScopeDownCluster { min, max } => {
                let v = down_cluster_pct.normalize();
                let (lo, hi) = (min.normalize(), max.normalize());
                (v < *min || v > *max).then(|| {
                    (
                        format!("declared down cluster {v}% is outside the grading profile's scope ({lo}–{hi}%): the product cannot be graded"),
                        format!("申报绒子含量 {v}% 不在分级规范范围（{lo}%–{hi}%）内，该产品无法分级"),
                    )
                })
            }
            _ => None,
        }
    }

    /// Appends a failure to `out` when `report` breaks this requirement.
    pub(super) fn check(&self, profile: &Profile, report: &Report, out: &mut Vec<BaselineFailure>) {
        let (d, m) = (&report.declared, &report.measured);
        let failure = match &self.parameters {
            BaselineRule::ScopeSpecies { species } => (!species.contains(&d.species)).then(|| {
                let allowed: Vec<&str> = species.iter().map(|s| s.as_str()).collect();
                (
                    format!(
                        "declared species {} is outside the profile's scope ({})",
                        d.species,
                        allowed.join(", ")
                    ),
                    format!(
                        "申报羽绒种类 {} 不在本规范范围内（{}）",
                        species_zh(d.species),
                        allowed.join("、")
                    ),
                )
            }),
            BaselineRule::ScopeDownCluster { min, max } => {
                let v = d.down_cluster_pct;
                (v < *min || v > *max).then(|| {
                    (
                        format!("declared down cluster {v}% is outside {min}–{max}%"),
                        format!("申报绒子含量 {v}% 不在 {min}%–{max}% 范围内"),
                    )
                })
            }
            BaselineRule::DownClusterTolerance {
                max_shortfall,
                precision,
            } => {
                let v = precision.round(m.down_cluster_pct);
                let floor = d.down_cluster_pct - max_shortfall;
                (v < floor).then(|| {
                    (
                        format!("measured down cluster {v}% is below declared {}% minus {max_shortfall} ({floor}%)", d.down_cluster_pct),
                        format!("绒子含量实测 {v}% 低于申报值 {}% 减 {max_shortfall}（{floor}%）", d.down_cluster_pct),
                    )
                })
            }
            BaselineRule::FillWeightTolerance {
                min_percent_of_declared: min,
                precision,
            } => {
                // When the unrounded percentage already reaches the minimum (a multiple
                // of the precision), rounding cannot take it below: skip the division.
                let scaled = m.fill_weight_g * Decimal::ONE_HUNDRED;
                if d.fill_weight_g
                    .checked_mul(*min)
                    .is_some_and(|need| scaled >= need)
                {
                    return;
                }
                let ratio = scaled.checked_div(d.fill_weight_g);
                let pct = ratio.map(|r| precision.round(r)).unwrap_or_default();
                (pct < *min).then(|| {
                    (
                        format!(
                            "measured fill weight {} g is {pct}% of declared {} g (minimum {min}%)",
                            m.fill_weight_g, d.fill_weight_g
                        ),
                        format!(
                            "充绒量实测 {} g 为申报值 {} g 的 {pct}%（应不低于 {min}%）",
                            m.fill_weight_g, d.fill_weight_g
                        ),
                    )
                })
            }
            BaselineRule::TurbidityMin { min, precision } => {
                TURBIDITY.below(precision.round(m.turbidity_mm), *min)
            }
            BaselineRule::OxygenMax { max, precision } => {
                OXYGEN.above(precision.round(m.oxygen_mg_per_100g), *max)
            }
            BaselineRule::FatMax { max, precision } => FAT.above(precision.round(m.fat_pct), *max),
            BaselineRule::Odour {} => (m.odour == Odour::Fail)
                .then(|| ("odour test failed".to_owned(), "气味不合格".to_owned())),
            BaselineRule::DownLeakageMax { max, precision } => {
                LEAKAGE.above(precision.round(m.down_leakage_fibres), *max)
            }
            BaselineRule::ColourFastnessMin {} => fastness_below_1a(profile, report),
            BaselineRule::LightFastnessMin { min } => LIGHT.below(m.colour_fastness.light, *min),
        };
        out.extend(failure.map(|(en, zh)| BaselineFailure::new(self.id, None, en, zh)));
    }
}

/// Lists colour-fastness components below their own 1A threshold, if any.
fn fastness_below_1a(profile: &Profile, report: &Report) -> Option<(String, String)> {
    let indicator = profile.indicator(IndicatorId::ColourFastness)?;
    let IndicatorKind::Composite(components) = indicator.kind() else {
        return None;
    };
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    for c in components {
        let v = report.measured.colour_fastness.component(c.id());
        let min = c.thresholds().get(crate::grading::Grade::G1A);
        if !indicator.direction().meets(v, min) {
            let sym = indicator.direction().symbol();
            en.push(format!("{} {v} (needs {sym} {min})", c.name().en()));
            zh.push(format!("{} {v} 级（应{sym}{min} 级）", c.name().zh()));
        }
    }
    (!en.is_empty()).then(|| {
        (
            format!("colour fastness below its minimum: {}", en.join(", ")),
            format!("色牢度分项未达最低要求：{}", zh.join("，")),
        )
    })
}

fn species_zh(s: Species) -> &'static str {
    match s {
        Species::Duck => "鸭绒",
        Species::Goose => "鹅绒",
    }
}
