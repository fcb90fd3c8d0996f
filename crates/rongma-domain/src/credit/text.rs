//! Text in two languages and the way credit numbers are written in explanations: points
//! signed with a true minus sign ("−15", "+2.5", "0"), shares as percentages, dates in the
//! model's calendar.

use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A text in Simplified Chinese and English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in the given language (`zh…` for Chinese, anything else English).
    pub fn get(&self, lang: &str) -> &str {
        if lang.starts_with("zh") {
            &self.zh
        } else {
            &self.en
        }
    }
}

/// A decimal without trailing zeros, negative with U+2212 ("−2.5").
pub(super) fn number(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_sign_negative() && !n.is_zero() {
        format!("\u{2212}{}", n.abs())
    } else {
        n.abs().to_string()
    }
}

/// Points with their sign: "−15", "+2.5", "0".
pub(super) fn points(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", d.normalize())
    } else {
        number(d)
    }
}

/// `num / den` as a percentage with one decimal, half to even: 19/20 → "95%".
pub(super) fn percent(num: u64, den: u64) -> String {
    format!("{}%", ratio(num, den, 100, 1))
}

/// `count` per 10,000 of `den`, two decimals, half to even: 3 of 20,000 → "1.5".
pub(super) fn per_ten_thousand(count: u64, den: u64) -> String {
    ratio(count, den, 10_000, 2).to_string()
}

fn ratio(num: u64, den: u64, scale: u64, places: u32) -> Decimal {
    if den == 0 {
        return Decimal::ZERO;
    }
    let q = Decimal::from(num) * Decimal::from(scale) / Decimal::from(den);
    q.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

/// The calendar date of an instant in the model's time zone, e.g. "2026-03-01".
pub(super) fn date(t: DateTime<Utc>, offset: FixedOffset) -> String {
    t.with_timezone(&offset).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_for_people() {
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(points(d("-15.00")), "\u{2212}15");
        assert_eq!(points(d("2.50")), "+2.5");
        assert_eq!(points(d("0.0")), "0");
        assert_eq!(points(d("-0")), "0");
        assert_eq!(percent(19, 20), "95%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(per_ten_thousand(3, 20_000), "1.5");
        assert_eq!(per_ten_thousand(1, 30_000), "0.33");
    }
}
