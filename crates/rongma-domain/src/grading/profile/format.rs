//! The TOML shape of a profile file, read as-is before validation. Unknown keys are a
//! parse error (the TOML reader names the line), so a misspelt key never passes silently;
//! everything that needs domain knowledge is checked in `check`.

use crate::grading::decimal::{decimal_from_f64, parse_decimal_text};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// The profile file format this code reads (`schema = 1`).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::grading) struct RawProfile {
    pub schema: u32,
    pub id: String,
    pub version: String,
    pub name: RawName,
    pub combination: String,
    pub fill_power_methods: Vec<String>,
    pub indicators: BTreeMap<String, RawIndicator>,
    #[serde(default)]
    pub baseline: BTreeMap<String, RawBaseline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::grading) struct RawName {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::grading) struct RawIndicator {
    pub name: RawName,
    pub unit: String,
    pub precision: Dec,
    pub direction: String,
    pub borderline_margin: Option<Dec>,
    pub thresholds: Option<BTreeMap<String, Dec>>,
    pub components: Option<BTreeMap<String, RawComponent>>,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::grading) struct RawComponent {
    pub name: RawName,
    pub thresholds: BTreeMap<String, Dec>,
    pub source: Option<String>,
}

/// Every parameter any baseline takes; `baseline::check` says which apply to which id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::grading) struct RawBaseline {
    pub name: RawName,
    pub source: Option<String>,
    pub species: Option<Vec<String>>,
    pub min: Option<Dec>,
    pub max: Option<Dec>,
    pub max_shortfall: Option<Dec>,
    pub min_percent_of_declared: Option<Dec>,
    pub precision: Option<Dec>,
}

/// A number from the file, exact: TOML integers and strings as written, TOML floats via
/// their shortest text (so `17.05` is 17.05, not 17.050000000000000710…).
#[derive(Debug, Clone, Copy)]
pub(in crate::grading) struct Dec(pub Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecVisitor)
    }
}

struct DecVisitor;

impl Visitor<'_> for DecVisitor {
    type Value = Dec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number (e.g. 16.0 or \"16.0\")")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dec, E> {
        Ok(Dec(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dec, E> {
        Ok(Dec(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dec, E> {
        decimal_from_f64(v)
            .map(Dec)
            .ok_or_else(|| E::custom(format!("{v} is not a usable decimal")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
        parse_decimal_text(v)
            .map(Dec)
            .ok_or_else(|| E::custom(format!("{v:?} is not a decimal number")))
    }
}
