//! GS1 GTIN (GTIN-8/12/13/14) with its check digit, always kept as 14 digits: the form a
//! product's registry record stores and GS1 Digital Link URLs carry (AI 01). The one GTIN
//! parser of rongma: the registry reads it as a field error of `gtin`, the codes module
//! (QR URLs, scanned paths) as a [`GtinError`].

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A GTIN whose check digit is right, left-padded to 14 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

/// The check digit for a string of data digits (without the check digit): GS1 mod-10,
/// weights 3, 1, 3, … from the rightmost data digit leftwards.
pub(crate) fn check_digit(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Reads a GTIN-8, -12, -13 or -14; spaces around it are ignored. Checked in this order:
/// every character a digit, then the length, then the check digit.
impl FromStr for Gtin {
    type Err = GtinError;

    fn from_str(input: &str) -> Result<Self, GtinError> {
        let s = input.trim();
        if let Some((i, found)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(GtinError::NotDigit {
                position: i + 1,
                found,
            });
        }
        // Only ASCII digits from here: bytes are characters.
        if ![8, 12, 13, 14].contains(&s.len()) {
            return Err(GtinError::Length { found: s.len() });
        }
        let b = s.as_bytes();
        let expected = check_digit(&b[..b.len() - 1]);
        let found = b[b.len() - 1] - b'0';
        if found != expected {
            return Err(GtinError::CheckDigit {
                expected: char::from(b'0' + expected),
                found: char::from(b'0' + found),
            });
        }
        Ok(Self(format!("{s:0>14}")))
    }
}

impl Gtin {
    /// Parses a GTIN as the registry's `gtin` field (see [`FromStr`] for what is checked).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        input.parse().map_err(|e: GtinError| e.registry_field())
    }

    /// The 14-digit form (as used in GS1 Digital Link AI 01).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a GTIN in any of its lengths and gives its 14 digits as text: what a Digital
/// Link URL carries and a code batch records.
pub fn normalise_gtin(input: &str) -> Result<String, GtinError> {
    input.parse::<Gtin>().map(String::from)
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

/// Why a GTIN was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GtinError {
    #[error("a GTIN has 8, 12, 13 or 14 digits, this one has {found} characters")]
    Length { found: usize },
    #[error("character {position} ({found:?}) of the GTIN is not a digit")]
    NotDigit { position: usize, found: char },
    #[error("GTIN check digit should be {expected}, found {found}")]
    CheckDigit { expected: char, found: char },
}

impl GtinError {
    /// The error code of a GTIN in a code URL.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Length { .. } => "gtin_length",
            Self::NotDigit { .. } => "gtin_character",
            Self::CheckDigit { .. } => "gtin_check_digit",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            Self::Length { found } => {
                format!("GTIN 应为 8、12、13 或 14 位数字，实际为 {found} 位")
            }
            Self::NotDigit { position, found } => format!("GTIN 第 {position} 位“{found}”不是数字"),
            Self::CheckDigit { expected, found } => {
                format!("GTIN 校验位应为 {expected}，实际为 {found}")
            }
        }
    }

    pub fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::new(field, self.code(), self.to_string(), self.message_zh())
    }

    /// The error as the registry's `gtin` field reports it (its own codes and texts, which
    /// forms and API clients of the product registry already know).
    fn registry_field(&self) -> FieldError {
        match self {
            Self::NotDigit { .. } => FieldError::new(
                "gtin",
                "gtin_digits",
                "a GTIN has digits only",
                "GTIN 只能由数字组成",
            ),
            Self::Length { found } => FieldError::new(
                "gtin",
                "gtin_length",
                format!("a GTIN has 8, 12, 13 or 14 digits, this has {found}"),
                format!("GTIN 应为 8、12、13 或 14 位，实际 {found} 位"),
            ),
            Self::CheckDigit { expected, .. } => FieldError::new(
                "gtin",
                "gtin_check_digit",
                format!("the check digit should be {expected}"),
                format!("校验位不正确，应为 {expected}"),
            ),
        }
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
        assert_eq!(normalise_gtin("6901234567892").unwrap(), "06901234567892");
        assert_eq!(
            normalise_gtin(" 06901234567892 ").unwrap(),
            "06901234567892"
        );
        assert_eq!(normalise_gtin("96385074").unwrap(), "00000096385074");
        assert_eq!(normalise_gtin("036000291452").unwrap(), "00036000291452");
    }

    #[test]
    fn registry_errors_name_the_problem() {
        assert_eq!(
            Gtin::parse("6901234567893").unwrap_err().code,
            "gtin_check_digit"
        );
        assert_eq!(Gtin::parse("69012345678").unwrap_err().code, "gtin_length");
        assert_eq!(Gtin::parse("69012345678A").unwrap_err().code, "gtin_digits");
    }

    #[test]
    fn code_errors_say_what_is_wrong() {
        assert_eq!(
            normalise_gtin("6901234567891"),
            Err(GtinError::CheckDigit {
                expected: '2',
                found: '1'
            })
        );
        assert_eq!(
            normalise_gtin("690123456789"),
            Err(GtinError::CheckDigit {
                expected: '7',
                found: '9'
            })
        );
        assert!(matches!(
            normalise_gtin("69012345678"),
            Err(GtinError::Length { found: 11 })
        ));
        assert!(matches!(
            normalise_gtin("69012345678X2"),
            Err(GtinError::NotDigit {
                position: 12,
                found: 'X'
            })
        ));
        assert!(matches!(
            normalise_gtin("６９０"),
            Err(GtinError::NotDigit { position: 1, .. })
        ));
        // Characters are checked before the length, however long the input.
        assert_eq!(
            normalise_gtin("069012345678920X"),
            Err(GtinError::NotDigit {
                position: 16,
                found: 'X'
            })
        );
    }
}
