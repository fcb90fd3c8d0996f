//! 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters over a
//! 31-symbol alphabet, with the organisation code's own check at position 17 and the
//! code's check character at position 18. Both are verified.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A unified social credit code that passed both checks, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The value of a character in the organisation-code check (digits, then A=10 … Z=35).
fn org_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

fn err(code: &str, en: String, zh: String) -> FieldError {
    FieldError::new("credit_code", code, en, zh)
}

impl Uscc {
    /// Parses a code; surrounding spaces and lower case are a typist's slip and are
    /// normalised, anything else wrong is an error naming the failed check.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(err(
                "uscc_length",
                format!(
                    "a unified social credit code has 18 characters, this has {}",
                    s.chars().count()
                ),
                format!("统一社会信用代码应为 18 位，实际 {} 位", s.chars().count()),
            ));
        }
        let b = s.as_bytes();
        let mut values = [0u32; 18];
        for (i, &c) in b.iter().enumerate() {
            values[i] = value(c).ok_or_else(|| {
                err(
                    "uscc_character",
                    format!(
                        "character {} ('{}') is not allowed (I, O, Z, S and V are never used)",
                        i + 1,
                        c as char
                    ),
                    format!(
                        "第 {} 位字符“{}”不合法（不使用 I、O、Z、S、V）",
                        i + 1,
                        c as char
                    ),
                )
            })?;
        }
        if let Some(pos) = b[2..8].iter().position(|c| !c.is_ascii_digit()) {
            return Err(err(
                "uscc_area_code",
                format!("characters 3–8 are the administrative area code and must be digits (character {} is not)", pos + 3),
                format!("第 3–8 位为行政区划码，应为数字（第 {} 位不是）", pos + 3),
            ));
        }
        // Organisation code check (position 17 over positions 9–16).
        let mut sum = 0;
        for (i, w) in ORG_WEIGHTS.iter().enumerate() {
            sum += org_value(b[8 + i]).unwrap_or(0) * w;
        }
        let expected_org = match 11 - (sum % 11) {
            10 => b'X',
            11 => b'0',
            d => b'0' + d as u8,
        };
        if b[16] != expected_org {
            return Err(err(
                "uscc_organisation_check",
                format!(
                    "the organisation code check (character 17) fails: it should be {}",
                    expected_org as char
                ),
                format!(
                    "组织机构代码校验码（第 17 位）不正确，应为 {}",
                    expected_org as char
                ),
            ));
        }
        let sum: u32 = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        let c = (31 - sum % 31) % 31;
        let expected = ALPHABET[c as usize];
        if b[17] != expected {
            return Err(err(
                "uscc_check_character",
                format!(
                    "the check character (character 18) should be {}",
                    expected as char
                ),
                format!("校验码（第 18 位）不正确，应为 {}", expected as char),
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit administrative area code of the registering authority.
    pub fn area_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Completes the first 16 characters with both check characters; the demo data and
    /// tests use it to make valid codes.
    pub fn complete(first16: &str) -> Result<Self, FieldError> {
        let s = first16.trim().to_ascii_uppercase();
        if s.len() != 16 {
            return Err(err(
                "uscc_length",
                "need 16 characters".into(),
                "需要 16 位".into(),
            ));
        }
        let b = s.as_bytes();
        let mut sum = 0;
        for (i, w) in ORG_WEIGHTS.iter().enumerate() {
            sum += org_value(b[8 + i]).unwrap_or(0) * w;
        }
        let org = match 11 - (sum % 11) {
            10 => 'X',
            11 => '0',
            d => char::from(b'0' + d as u8),
        };
        let mut s17 = s.clone();
        s17.push(org);
        let mut total = 0;
        for (i, c) in s17.bytes().enumerate() {
            total += value(c).unwrap_or(0) * WEIGHTS[i];
        }
        s17.push(ALPHABET[((31 - total % 31) % 31) as usize] as char);
        Self::parse(&s17)
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Uscc {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<Uscc> for String {
    fn from(u: Uscc) -> String {
        u.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_pass() {
        for c in [
            "914403001922038216",
            "91330100799655058B",
            "91110108551385082Q",
        ] {
            assert_eq!(Uscc::parse(c).unwrap().as_str(), c);
        }
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        let u = Uscc::parse("  91330100799655058b ").unwrap();
        assert_eq!(u.as_str(), "91330100799655058B");
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        let e = Uscc::parse("914403001922038217").unwrap_err();
        assert_eq!(e.code, "uscc_check_character");
        assert!(e.message.contains("should be 6"), "{}", e.message);
        assert_eq!(e.field, "credit_code");
    }

    #[test]
    fn organisation_check_is_verified_separately() {
        // Change position 17 (organisation check) and fix up position 18 so only the
        // embedded check fails.
        let first17 = "91440300192203829";
        let mut total = 0;
        for (i, c) in first17.bytes().enumerate() {
            total += value(c).unwrap() * WEIGHTS[i];
        }
        let c18 = ALPHABET[((31 - total % 31) % 31) as usize] as char;
        let e = Uscc::parse(&format!("{first17}{c18}")).unwrap_err();
        assert_eq!(e.code, "uscc_organisation_check");
        assert!(e.message.contains("should be 1"), "{}", e.message);
    }

    #[test]
    fn bad_length_character_and_area_code() {
        assert_eq!(
            Uscc::parse("91440300192203821").unwrap_err().code,
            "uscc_length"
        );
        assert_eq!(
            Uscc::parse("91440300192203821I").unwrap_err().code,
            "uscc_character"
        );
        assert_eq!(
            Uscc::parse("9144A3001922038216").unwrap_err().code,
            "uscc_area_code"
        );
    }

    #[test]
    fn complete_builds_codes_that_parse() {
        let u = Uscc::complete("9133048208543210").unwrap();
        assert_eq!(&u.as_str()[..16], "9133048208543210");
        assert_eq!(u.area_code(), "330482");
    }
}
