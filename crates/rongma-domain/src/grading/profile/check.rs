//! Turns a raw profile file into a validated [`Profile`], naming the place of every
//! problem (`indicators.fill_power.thresholds: …`) and reporting all of them at once.

use super::format::{RawIndicator, RawName, RawProfile, SCHEMA_VERSION};
use super::{
    CombinationRule, Component, DisplayName, Indicator, IndicatorKind, Profile, ProfileIssue,
};
use crate::grading::baseline::check as baseline_check;
use crate::grading::catalogue::{ComponentId, Direction, FillPowerMethod, IndicatorId, Unit};
use crate::grading::decimal::Precision;
use crate::grading::thresholds::check::thresholds;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Problems found so far.
#[derive(Default)]
pub(in crate::grading) struct Issues(pub Vec<ProfileIssue>);

impl Issues {
    pub fn add(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.0.push(ProfileIssue {
            place: place.into(),
            message: message.into(),
        });
    }

    /// A display name with both languages present.
    pub fn name(&mut self, place: &str, raw: &RawName) -> DisplayName {
        if raw.zh.trim().is_empty() || raw.en.trim().is_empty() {
            self.add(place, "needs a non-empty zh and en name");
        }
        DisplayName::new(raw.zh.trim(), raw.en.trim())
    }
}

pub(super) fn check(raw: RawProfile) -> Result<Profile, Vec<ProfileIssue>> {
    let mut is = Issues::default();
    if raw.schema != SCHEMA_VERSION {
        is.add(
            "schema",
            format!(
                "unsupported profile format {} (this rongma reads {SCHEMA_VERSION})",
                raw.schema
            ),
        );
    }
    let id_ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
    };
    if !id_ok(&raw.id) {
        is.add(
            "id",
            format!(
                "{:?} must be non-empty lower-case letters, digits, '-', '_' or '.'",
                raw.id
            ),
        );
    }
    if raw.version.trim().is_empty() || raw.version.chars().any(char::is_whitespace) {
        is.add(
            "version",
            format!("{:?} must be non-empty with no spaces", raw.version),
        );
    }
    let name = is.name("name", &raw.name);
    if raw.combination != "weakest_link" {
        is.add(
            "combination",
            format!(
                "unknown combination rule {:?} (known: weakest_link)",
                raw.combination
            ),
        );
    }

    let mut methods = Vec::new();
    for (i, m) in raw.fill_power_methods.iter().enumerate() {
        match FillPowerMethod::parse(m) {
            Some(m) if methods.contains(&m) => is.add(
                format!("fill_power_methods[{i}]"),
                format!("{m} is listed twice"),
            ),
            Some(m) => methods.push(m),
            None => is.add(
                format!("fill_power_methods[{i}]"),
                format!(
                    "unknown fill-power method {m:?} (known: {})",
                    FillPowerMethod::known()
                ),
            ),
        }
    }
    if raw.fill_power_methods.is_empty() {
        is.add("fill_power_methods", "must accept at least one method");
    }
    methods.sort();

    if raw.indicators.is_empty() {
        is.add("indicators", "a profile needs at least one indicator");
    }
    let mut indicators = Vec::new();
    for (key, ri) in &raw.indicators {
        match IndicatorId::parse(key) {
            Some(id) => indicators.extend(indicator(&mut is, id, ri)),
            None => is.add(
                format!("indicators.{key}"),
                format!("unknown indicator id (known: {})", IndicatorId::known()),
            ),
        }
    }
    indicators.sort_by_key(|i| i.id);
    let baseline = baseline_check::check(&mut is, &raw.baseline, &indicators);

    if !is.0.is_empty() {
        return Err(is.0);
    }
    let profile = Profile {
        schema: raw.schema,
        id: raw.id,
        version: raw.version,
        name,
        combination: CombinationRule::WeakestLink,
        fill_power_methods: methods,
        indicators,
        baseline,
        identity: Arc::default(),
    };
    Ok(profile.seal())
}

fn indicator(is: &mut Issues, id: IndicatorId, ri: &RawIndicator) -> Option<Indicator> {
    let place = format!("indicators.{id}");
    let before = is.0.len();
    let name = is.name(&format!("{place}.name"), &ri.name);
    let unit = match Unit::parse(&ri.unit) {
        Some(u) if u == id.report_unit() => Some(u),
        Some(_) => {
            let want = id.report_unit();
            is.add(
                format!("{place}.unit"),
                format!("must be \"{want}\" (the report gives {id} in {want})"),
            );
            None
        }
        None if ri.unit.to_ascii_lowercase().contains("ntu") => {
            is.add(
                format!("{place}.unit"),
                "NTU is not a unit of this scheme: turbidity is a transparency depth in mm",
            );
            None
        }
        None => {
            is.add(
                format!("{place}.unit"),
                format!("unknown unit {:?} (known: {})", ri.unit, Unit::known()),
            );
            None
        }
    };
    let precision = Precision::new(ri.precision.0)
        .map_err(|e| is.add(format!("{place}.precision"), e.to_string()))
        .ok();
    let direction = Direction::parse(&ri.direction);
    if direction.is_none() {
        is.add(
            format!("{place}.direction"),
            format!(
                "unknown direction {:?} (known: higher, lower)",
                ri.direction
            ),
        );
    }
    let margin = ri
        .borderline_margin
        .map_or(id.default_borderline_margin(), |d| d.0);
    if margin < Decimal::ZERO {
        is.add(
            format!("{place}.borderline_margin"),
            format!("{margin} must not be negative"),
        );
    }

    let composite = id == IndicatorId::ColourFastness;
    let grading = match (&ri.thresholds, &ri.components) {
        (Some(_), Some(_)) => {
            is.add(&place, "give either thresholds or components, not both");
            None
        }
        (Some(_), None) if composite => {
            is.add(&place, "colour_fastness is a composite indicator: give components, each with its own thresholds");
            None
        }
        (None, Some(_)) if !composite => {
            is.add(
                format!("{place}.components"),
                format!("only colour_fastness has components; give {id} thresholds"),
            );
            None
        }
        (None, None) => {
            is.add(
                &place,
                if composite {
                    "missing components"
                } else {
                    "missing thresholds"
                },
            );
            None
        }
        (Some(t), None) => thresholds(
            is,
            &format!("{place}.thresholds"),
            t,
            precision,
            direction,
            unit,
        )
        .map(IndicatorKind::Simple),
        (None, Some(cs)) => {
            let mut out = Vec::new();
            for (key, rc) in cs {
                let cplace = format!("{place}.components.{key}");
                let Some(cid) = ComponentId::parse(key) else {
                    is.add(
                        cplace,
                        format!("unknown component id (known: {})", ComponentId::known()),
                    );
                    continue;
                };
                let cname = is.name(&format!("{cplace}.name"), &rc.name);
                let t = thresholds(
                    is,
                    &format!("{cplace}.thresholds"),
                    &rc.thresholds,
                    precision,
                    direction,
                    unit,
                );
                out.extend(t.map(|thresholds| Component {
                    id: cid,
                    name: cname,
                    thresholds,
                    source: rc.source.clone(),
                }));
            }
            if cs.is_empty() {
                is.add(
                    format!("{place}.components"),
                    "needs at least one component",
                );
            }
            out.sort_by_key(|c| c.id);
            Some(IndicatorKind::Composite(out))
        }
    };
    if is.0.len() > before {
        return None;
    }
    let precision = precision?;
    Some(Indicator {
        id,
        name,
        unit: unit?,
        precision,
        direction: direction?,
        borderline_margin: precision.normalise(margin),
        grading: grading?,
        source: ri.source.clone(),
    })
}
