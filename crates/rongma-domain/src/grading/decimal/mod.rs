//! Exact decimal reading and GB/T 8170-2008 rounding (四舍六入五成双).
//!
//! Lab values arrive as decimal text and are compared after rounding to an indicator's
//! precision. Binary floating point would turn 15.95 into 15.9499…, so everything here is
//! `rust_decimal`; an `f64` only ever enters through its shortest round-trip text.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

mod text;

pub(super) use text::{opt, DecText};

/// A rounding interval: 1, 2 or 5 times a power of ten (GB/T 8170 allows these three
/// kinds of interval). Fastness uses 0.5; most indicators use 0.1 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precision {
    step: Decimal,
    /// Decimal places shown for values at this precision ("16.0", not "16").
    places: u32,
    /// `Some(places)` when the step is 10^-places: rounding needs no division.
    power_of_ten: Option<u32>,
}

/// The text is not a usable rounding interval.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("precision {0} is not a positive 1, 2 or 5 times a power of ten (e.g. 1, 0.1, 0.5)")]
pub struct BadPrecision(pub String);

impl Precision {
    pub fn new(step: Decimal) -> Result<Self, BadPrecision> {
        let bad = || BadPrecision(step.to_string());
        if step <= Decimal::ZERO {
            return Err(bad());
        }
        let step = step.normalize();
        let mut mantissa = step.mantissa();
        while mantissa % 10 == 0 {
            mantissa /= 10;
        }
        if !matches!(mantissa, 1 | 2 | 5) {
            return Err(bad());
        }
        let places = step.scale();
        let power_of_ten = (mantissa == 1 && step <= Decimal::ONE).then_some(places);
        Ok(Self {
            step,
            places,
            power_of_ten,
        })
    }

    /// The interval itself, e.g. 0.1.
    pub fn step(&self) -> Decimal {
        self.step
    }

    /// Decimal places of a value written at this precision.
    pub fn places(&self) -> u32 {
        self.places
    }

    /// Rounds to the nearest multiple of the interval; an exact half goes to the even
    /// multiple. The result carries the precision's places (16 at 0.1 becomes "16.0").
    #[inline]
    pub fn round(&self, value: Decimal) -> Decimal {
        let mut out = match self.power_of_ten {
            Some(dp) => value.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven),
            None => match value.checked_div(self.step) {
                Some(q) => {
                    q.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven) * self.step
                }
                // Only reachable near Decimal::MAX, far outside any lab value.
                None => value,
            },
        };
        if out.scale() < self.places {
            out.rescale(self.places);
        }
        out
    }

    /// Whether `value` is already a multiple of the interval (no rounding needed).
    pub fn allows(&self, value: Decimal) -> bool {
        value.checked_rem(self.step).is_some_and(|r| r.is_zero())
    }

    /// Why `value` does not fit this precision, for profile messages.
    pub fn misfit(&self) -> String {
        if self.power_of_ten.is_some() || self.step.mantissa() == 1 {
            format!("has more decimals than the precision {} allows", self.step)
        } else {
            format!("is not a multiple of the precision {}", self.step)
        }
    }

    /// `value` written with exactly this precision's places (for thresholds and hashes).
    pub fn normalise(&self, value: Decimal) -> Decimal {
        let mut v = value.normalize();
        if v.scale() < self.places {
            v.rescale(self.places);
        }
        v
    }
}

impl serde::Serialize for Precision {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.step)
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.step, f)
    }
}

/// Reads plain decimal text: optional sign, digits, optional fraction. No exponent, no
/// thousands separators, no units; surrounding spaces are ignored. Exact or `None`.
pub fn parse_decimal_text(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits_only(int) || !digits_only(frac) {
        return None;
    }
    Decimal::from_str_exact(t.strip_prefix('+').unwrap_or(t)).ok()
}

/// The decimal a binary float stands for: Rust prints an `f64` as the shortest text that
/// reads back to the same float, so a JSON or TOML `15.95` becomes exactly 15.95.
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    parse_decimal_text(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse_decimal_text(s).expect("test decimal")
    }

    #[test]
    fn rounds_half_to_even_on_the_decimal_value() {
        let p = Precision::new(d("0.1")).expect("precision");
        for (raw, want) in [
            ("15.95", "16.0"),
            ("15.85", "15.8"),
            ("15.851", "15.9"),
            ("16", "16.0"),
        ] {
            assert_eq!(p.round(d(raw)).to_string(), want, "{raw}");
        }
        let half = Precision::new(d("0.5")).expect("precision");
        assert_eq!(half.round(d("4.25")).to_string(), "4.0");
        assert_eq!(half.round(d("4.75")).to_string(), "5.0");
        let ten = Precision::new(d("10")).expect("precision");
        assert_eq!(ten.round(d("615")).to_string(), "620");
        assert_eq!(ten.round(d("625")).to_string(), "620");
    }

    #[test]
    fn rejects_odd_intervals_and_odd_text() {
        assert!(Precision::new(d("0.3")).is_err());
        assert!(Precision::new(d("0")).is_err());
        for bad in ["", ".", "1e3", "1_000", "12 NTU", "1,5", "--1"] {
            assert_eq!(parse_decimal_text(bad), None, "{bad}");
        }
        assert_eq!(decimal_from_f64(15.95), Some(d("15.95")));
    }
}
