//! The TOML shape of a credit model file, read as-is before validation. Unknown keys are a
//! parse error naming the line, so a misspelt key never passes silently; the meaning of
//! every value is checked in `model_check`, `rule_check` and `policy_check`.

use crate::grading::parse_decimal_text;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// The model file format this code reads (`schema = 1`).
pub const MODEL_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModel {
    pub schema: u32,
    pub id: String,
    pub version: String,
    pub title: RawText,
    pub effective: toml::value::Datetime,
    pub utc_offset: String,
    pub score: RawScore,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub bands: Vec<RawBand>,
    #[serde(default)]
    pub repair: Vec<RawRepair>,
    pub white_list: RawWhiteList,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    pub zh: String,
    pub en: String,
}

/// An explanation template; `en_one` is the English text when the counted number is 1.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplate {
    pub zh: String,
    pub en: String,
    pub en_one: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScore {
    pub start: Num,
    pub min: Num,
    pub max: Num,
}

/// Every key any rule takes; `rule_check` says which apply to which measure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub id: String,
    pub title: RawText,
    pub measure: String,
    pub kinds: Option<Vec<String>>,
    pub numerator: Option<Vec<String>>,
    pub denominator: Option<Vec<String>>,
    pub window_months: Option<i64>,
    pub min_tags: Option<i64>,
    pub min_grade: Option<String>,
    pub points: Option<Num>,
    pub cap: Option<Num>,
    pub steps: Option<Vec<RawStep>>,
    pub when_none: Option<Num>,
    pub explain: RawTemplate,
    pub explain_none: Option<RawTemplate>,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub min: Num,
    pub points: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBand {
    pub class: String,
    pub min: Option<Num>,
    pub below: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRepair {
    pub kind: String,
    #[serde(default = "yes")]
    pub repairable: bool,
    pub wait_months: Option<i64>,
    pub reason: Option<RawText>,
    pub source: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWhiteList {
    pub title: RawText,
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCriterion {
    pub id: String,
    pub title: RawText,
    pub test: String,
    pub class: Option<String>,
    pub kinds: Option<Vec<String>>,
    pub window_months: Option<i64>,
    pub max: Option<i64>,
    pub months: Option<i64>,
    pub include_repaired: Option<bool>,
    pub pass: RawText,
    pub fail: RawText,
    pub source: Option<String>,
}

/// A number from the file, exact: TOML integers and strings as written, TOML floats via
/// their shortest text (so `-2.5` is −2.5 exactly; no binary float is ever computed with).
#[derive(Debug, Clone, Copy)]
pub(super) struct Num(pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

struct NumVisitor;

impl Visitor<'_> for NumVisitor {
    type Value = Num;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number (e.g. -15, 0.5 or \"0.5\")")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(Num(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
        // `Display` of an f64 is its shortest round-trip text, i.e. what the file said.
        let text = format!("{v}");
        parse_decimal_text(&text)
            .map(Num)
            .ok_or_else(|| E::custom(format!("{v} is not a usable decimal")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
        parse_decimal_text(v)
            .map(Num)
            .ok_or_else(|| E::custom(format!("{v:?} is not a decimal number")))
    }
}
