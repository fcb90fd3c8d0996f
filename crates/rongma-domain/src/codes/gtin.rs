//! GTIN check digits for GS1 Digital Link URLs: accept GTIN-8/12/13/14, store 14 digits.
//!
//! Kept private to the codes module on purpose: a shared `Gtin` newtype belongs in
//! `ids.rs`; until it exists this is the one place codes parse GTINs.

use crate::error::FieldError;
use thiserror::Error;

/// Checks a GTIN in its 8, 12, 13 or 14-digit form (surrounding spaces ignored) and
/// returns it as 14 digits, left-padded with zeros.
pub fn normalise_gtin(input: &str) -> Result<String, GtinError> {
    let text = input.trim();
    let mut digits = Vec::with_capacity(14);
    for (i, c) in text.chars().enumerate() {
        match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => digits.push(d as u8),
            _ => {
                return Err(GtinError::NotDigit {
                    position: i + 1,
                    found: c,
                })
            }
        }
        if digits.len() > 14 {
            break;
        }
    }
    if !matches!(digits.len(), 8 | 12 | 13 | 14) {
        return Err(GtinError::Length {
            found: text.chars().count(),
        });
    }
    let (data, check) = digits.split_at(digits.len() - 1);
    let expected = check_digit(data);
    if expected != check[0] {
        return Err(GtinError::CheckDigit {
            expected: char::from(b'0' + expected),
            found: char::from(b'0' + check[0]),
        });
    }
    let mut out = "0".repeat(14 - digits.len());
    out.extend(digits.iter().map(|&d| char::from(b'0' + d)));
    Ok(out)
}

/// GS1 mod-10: weights 3, 1, 3, … from the rightmost data digit leftwards.
fn check_digit(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_length_and_pads_to_fourteen() {
        assert_eq!(normalise_gtin("6901234567892").unwrap(), "06901234567892");
        assert_eq!(
            normalise_gtin(" 06901234567892 ").unwrap(),
            "06901234567892"
        );
        assert_eq!(normalise_gtin("96385074").unwrap(), "00000096385074");
        assert_eq!(normalise_gtin("036000291452").unwrap(), "00036000291452");
    }

    #[test]
    fn says_what_is_wrong() {
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
    }
}
