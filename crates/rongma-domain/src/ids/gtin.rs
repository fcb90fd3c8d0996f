//! GS1 GTIN (GTIN-8/12/13/14) with its check digit, always stored as 14 digits.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A GTIN whose check digit is right, left-padded to 14 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

/// The check digit for a string of data digits (without the check digit).
pub(crate) fn check_digit(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl Gtin {
    /// Parses a GTIN-8, -12, -13 or -14 (spaces around it are ignored).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "gtin",
                "gtin_digits",
                "a GTIN has digits only",
                "GTIN 只能由数字组成",
            ));
        }
        if ![8, 12, 13, 14].contains(&s.len()) {
            return Err(FieldError::new(
                "gtin",
                "gtin_length",
                format!("a GTIN has 8, 12, 13 or 14 digits, this has {}", s.len()),
                format!("GTIN 应为 8、12、13 或 14 位，实际 {} 位", s.len()),
            ));
        }
        let b = s.as_bytes();
        let expected = check_digit(&b[..b.len() - 1]);
        if b[b.len() - 1] - b'0' != expected {
            return Err(FieldError::new(
                "gtin",
                "gtin_check_digit",
                format!("the check digit should be {expected}"),
                format!("校验位不正确，应为 {expected}"),
            ));
        }
        Ok(Self(format!("{s:0>14}")))
    }

    /// The 14-digit form (as used in GS1 Digital Link AI 01).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Gtin {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<Gtin> for String {
    fn from(g: Gtin) -> String {
        g.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_from_gs1_china_prefix() {
        assert_eq!(check_digit(b"690123456789"), 2);
        assert_eq!(
            Gtin::parse("6901234567892").unwrap().as_str(),
            "06901234567892"
        );
    }

    #[test]
    fn all_lengths_normalise_to_14() {
        // GTIN-8 96385074 is a well-known valid example.
        assert_eq!(Gtin::parse("96385074").unwrap().as_str(), "00000096385074");
        assert_eq!(
            Gtin::parse("036000291452").unwrap().as_str(),
            "00036000291452"
        );
        assert_eq!(
            Gtin::parse("06901234567892").unwrap().as_str(),
            "06901234567892"
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(
            Gtin::parse("6901234567893").unwrap_err().code,
            "gtin_check_digit"
        );
        assert_eq!(Gtin::parse("69012345678").unwrap_err().code, "gtin_length");
        assert_eq!(Gtin::parse("69012345678A").unwrap_err().code, "gtin_digits");
    }
}
