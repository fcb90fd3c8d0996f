//! Small parsers shared by the registry drafts: required and optional text, decimals that
//! arrive as JSON numbers or strings, dates. Each returns a [`FieldError`] naming its field.

use crate::error::FieldError;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::str::FromStr;

/// A number as the client wrote it: JSON number or string, kept as text so that it can be
/// read as an exact decimal (15.95 stays 15.95).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NumberText(pub String);

impl<'de> Deserialize<'de> for NumberText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = NumberText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number or a string holding a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberText, E> {
                Ok(NumberText(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
            // Display of an f64 is the shortest text that reads back as the same f64, so
            // 15.95 arrives as "15.95", not 15.949999….
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl From<&str> for NumberText {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// Required text: trimmed, not empty, at most `max` characters.
pub fn required(
    field: &str,
    label_zh: &str,
    v: Option<&str>,
    max: usize,
) -> Result<String, FieldError> {
    match v.map(str::trim) {
        None | Some("") => Err(FieldError::new(
            field,
            "required",
            format!("{field} is required"),
            format!("{label_zh}不能为空"),
        )),
        Some(s) => limit(field, label_zh, s, max).map(str::to_owned),
    }
}

/// Optional text: trimmed; empty means absent.
pub fn optional(
    field: &str,
    label_zh: &str,
    v: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => limit(field, label_zh, s, max).map(|s| Some(s.to_owned())),
    }
}

fn limit<'a>(field: &str, label_zh: &str, s: &'a str, max: usize) -> Result<&'a str, FieldError> {
    let n = s.chars().count();
    if n > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{field} is too long ({n} characters, at most {max})"),
            format!("{label_zh}过长（{n} 个字符，最多 {max} 个）"),
        ));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(
            field,
            "control_character",
            format!("{field} contains a control character"),
            format!("{label_zh}含有控制字符"),
        ));
    }
    Ok(s)
}

/// An exact decimal within `[min, max]` with at most `scale` decimals.
pub fn decimal(
    field: &str,
    label_zh: &str,
    v: Option<&NumberText>,
    min: Decimal,
    min_inclusive: bool,
    max: Decimal,
    scale: u32,
) -> Result<Decimal, FieldError> {
    let raw = match v.map(|n| n.0.trim()) {
        None | Some("") => {
            return Err(FieldError::new(
                field,
                "required",
                format!("{field} is required"),
                format!("{label_zh}不能为空"),
            ))
        }
        Some(s) => s,
    };
    let d = Decimal::from_str(raw).map_err(|_| {
        FieldError::new(
            field,
            "not_a_number",
            format!("{field} must be a number, got \"{raw}\""),
            format!("{label_zh}应为数字，实际为“{raw}”"),
        )
    })?;
    let below = if min_inclusive { d < min } else { d <= min };
    if below || d > max {
        let lower = if min_inclusive { "≥" } else { ">" };
        return Err(FieldError::new(
            field,
            "out_of_range",
            format!("{field} must be {lower} {min} and ≤ {max}, got {d}"),
            format!("{label_zh}应 {lower} {min} 且 ≤ {max}，实际为 {d}"),
        ));
    }
    if d.normalize().scale() > scale {
        return Err(FieldError::new(
            field,
            "too_many_decimals",
            format!("{field} has more than {scale} decimals"),
            format!("{label_zh}小数位数超过 {scale} 位"),
        ));
    }
    Ok(d.normalize())
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &str, label_zh: &str, v: Option<&str>) -> Result<NaiveDate, FieldError> {
    let s = required(field, label_zh, v, 10)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            "not_a_date",
            format!("{field} must be a date written YYYY-MM-DD, got \"{s}\""),
            format!("{label_zh}应为 YYYY-MM-DD 格式的日期，实际为“{s}”"),
        )
    })
}

/// An optional date; empty means absent.
pub fn optional_date(
    field: &str,
    label_zh: &str,
    v: Option<&str>,
) -> Result<Option<NaiveDate>, FieldError> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => date(field, label_zh, Some(s)).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_json_keep_their_decimal_text() {
        let n: NumberText = serde_json::from_str("15.95").unwrap();
        assert_eq!(n.0, "15.95");
        let n: NumberText = serde_json::from_str("\"15.85\"").unwrap();
        assert_eq!(n.0, "15.85");
        let n: NumberText = serde_json::from_str("200").unwrap();
        assert_eq!(n.0, "200");
    }

    #[test]
    fn decimal_range_and_scale() {
        let f = |s: &str| {
            decimal(
                "x",
                "某",
                Some(&s.into()),
                Decimal::ZERO,
                false,
                Decimal::from(100),
                1,
            )
        };
        assert_eq!(f("90.0").unwrap().to_string(), "90");
        assert_eq!(f("0").unwrap_err().code, "out_of_range");
        assert_eq!(f("-1").unwrap_err().code, "out_of_range");
        assert_eq!(f("100.1").unwrap_err().code, "out_of_range");
        assert_eq!(f("12.34").unwrap_err().code, "too_many_decimals");
        assert_eq!(f("abc").unwrap_err().code, "not_a_number");
    }

    #[test]
    fn text_rules() {
        assert_eq!(
            required("name", "名称", Some("  "), 5).unwrap_err().code,
            "required"
        );
        assert_eq!(
            required("name", "名称", Some("abcdef"), 5)
                .unwrap_err()
                .code,
            "too_long"
        );
        assert_eq!(
            required("name", "名称", Some("a\u{7}b"), 5)
                .unwrap_err()
                .code,
            "control_character"
        );
        assert_eq!(optional("x", "某", Some(" "), 5).unwrap(), None);
    }
}
