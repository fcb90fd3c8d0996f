//! Sampling ratios: a plain decimal string in [0, 1] ("0.05", "1"), and the exact quota
//! k = min(n, ⌈n·p⌉) it gives a stratum of n members. No binary floating point anywhere.

use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// The most fractional digits a ratio may have (rust_decimal's exact range).
pub const MAX_RATIO_DIGITS: usize = 28;

/// A sampling ratio. Its text is canonical (`0`, `1` or `0.`/`1.` and digits), so the
/// value and the text written in the plan are one and the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio(Decimal);

/// Why a ratio text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatioError {
    #[error("must be a plain decimal such as \"0.05\" (digits, at most one point, no sign, exponent or extra leading zero)")]
    NotPlainDecimal,
    #[error("must have at most 28 digits after the point")]
    TooPrecise,
    #[error("must be between 0 and 1")]
    OutOfRange,
}

impl Ratio {
    pub const ZERO: Ratio = Ratio(Decimal::ZERO);
    pub const ONE: Ratio = Ratio(Decimal::ONE);

    pub fn parse(text: &str) -> Result<Ratio, RatioError> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int)
            || (int.len() > 1 && int.starts_with('0'))
            || frac.is_some_and(|f| !digits(f))
        {
            return Err(RatioError::NotPlainDecimal);
        }
        if frac.is_some_and(|f| f.len() > MAX_RATIO_DIGITS) {
            return Err(RatioError::TooPrecise);
        }
        if int.len() > 1 {
            return Err(RatioError::OutOfRange);
        }
        let value = Decimal::from_str(text).map_err(|_| RatioError::NotPlainDecimal)?;
        if value > Decimal::ONE {
            return Err(RatioError::OutOfRange);
        }
        Ok(Ratio(value))
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// k = min(n, ⌈n·p⌉), exactly: p = a / 10^s with integers a ≤ 10^s ≤ 10^28, so
    /// n·a < 2^32 · 2^94 fits in 128 bits.
    pub fn quota(self, members: u32) -> u32 {
        let a = self.0.mantissa().unsigned_abs();
        let d = 10u128.pow(self.0.scale());
        let k = (u128::from(members) * a).div_ceil(d);
        u32::try_from(k).map_or(members, |k| k.min(members))
    }
}

impl fmt::Display for Ratio {
    /// The canonical text, e.g. `0.05` (the scale written is kept: `0.50` stays `0.50`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Ratio {
    type Err = RatioError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ratio::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals_in_range_and_writes_them_back_unchanged() {
        for text in [
            "0",
            "1",
            "0.05",
            "0.50",
            "1.0",
            "0.2",
            "0.0000000000000000000000000001",
        ] {
            assert_eq!(Ratio::parse(text).unwrap().to_string(), text);
        }
        let table = [
            ("", RatioError::NotPlainDecimal),
            (".5", RatioError::NotPlainDecimal),
            ("5.", RatioError::NotPlainDecimal),
            ("+0.5", RatioError::NotPlainDecimal),
            ("-0", RatioError::NotPlainDecimal),
            ("1e-2", RatioError::NotPlainDecimal),
            ("00.5", RatioError::NotPlainDecimal),
            (" 0.5", RatioError::NotPlainDecimal),
            ("0,5", RatioError::NotPlainDecimal),
            ("5%", RatioError::NotPlainDecimal),
            ("1.01", RatioError::OutOfRange),
            ("2", RatioError::OutOfRange),
            ("10", RatioError::OutOfRange),
            ("0.00000000000000000000000000001", RatioError::TooPrecise),
        ];
        for (text, err) in table {
            assert_eq!(Ratio::parse(text), Err(err), "{text:?}");
        }
    }

    #[test]
    fn quotas_are_exact_ceilings() {
        let table: [(&str, u32, u32); 10] = [
            ("0.2", 5, 1),
            ("0.5", 3, 2),
            ("1", 1, 1),
            ("0", 1000, 0),
            ("0.05", 77_173, 3_859),
            ("0.05", 20, 1),
            ("0.05", 21, 2),
            ("0.0000000000000000000000000001", 1, 1),
            ("0.9999999999999999999999999999", u32::MAX, u32::MAX),
            ("0.3", 10, 3),
        ];
        for (p, n, k) in table {
            assert_eq!(Ratio::parse(p).unwrap().quota(n), k, "{p} of {n}");
        }
        assert_eq!(Ratio::ONE.quota(0), 0);
    }
}
