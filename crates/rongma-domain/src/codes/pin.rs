//! The hidden 8-digit PIN of a tag (防伪码): derived, never stored, checked in constant time.
//!
//! PIN = first 64 bits of HMAC-SHA256(PIN key `k`, "rongma/pin/v1" ‖ k ‖ seq) mod 10⁸.
//! The PIN key is a different secret from the serial key of the same id, so someone who
//! can verify serials learns nothing about PINs. Reducing a uniform 64-bit value mod 10⁸
//! favours the lowest 2⁶⁴ mod 10⁸ residues by one preimage in ⌊2⁶⁴/10⁸⌋ ≈ 1.8 × 10¹¹: a
//! relative bias below 6 × 10⁻¹², far under anything a guesser could use.

use super::keyring::PinKeyring;
use super::keys::{KeyError, KeyId};
use super::seq::Seq;
use super::serial::Verified;
use crate::error::FieldError;
use std::fmt;
use subtle::ConstantTimeEq;
use thiserror::Error;

/// Domain-separation prefix of PIN messages (16 bytes, unlike the serial's).
const PIN_DOMAIN: &[u8; 16] = b"rongma/pin/v1\0\0\0";

const MODULUS: u64 = 100_000_000;

/// An 8-digit PIN. `Display` prints all eight digits, zero-padded; `Debug` hides them so a
/// PIN never lands in a log by accident.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pin(u32);

impl Pin {
    pub const DIGITS: usize = 8;

    /// Reads what a consumer typed: exactly eight digits. Spaces and hyphens are ignored
    /// (the tag prints `1234 5678`), and full-width digits from a Chinese input method
    /// (`１２３４`) count as digits.
    pub fn parse(input: &str) -> Result<Pin, PinError> {
        let mut value: u32 = 0;
        let mut found = 0usize;
        for (i, c) in input.trim().chars().enumerate() {
            if matches!(c, ' ' | '-' | '\u{3000}') {
                continue;
            }
            let digit = match c {
                '0'..='9' => u32::from(c) - u32::from('0'),
                '０'..='９' => u32::from(c) - u32::from('０'),
                _ => {
                    return Err(PinError::Character {
                        position: i + 1,
                        found: c,
                    })
                }
            };
            found += 1;
            if found <= Self::DIGITS {
                value = value * 10 + digit;
            }
        }
        if found != Self::DIGITS {
            return Err(PinError::Length { found });
        }
        Ok(Pin(value))
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// Two groups of four, as printed on the tag: `0123 4567`.
    pub fn grouped(&self) -> String {
        format!("{:04} {:04}", self.0 / 10_000, self.0 % 10_000)
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}", self.0)
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<hidden>)")
    }
}

impl PinKeyring {
    /// The PIN of the tag with sequence `seq` whose serial was issued under key `id`.
    #[inline]
    pub fn pin(&self, id: KeyId, seq: Seq) -> Result<Pin, KeyError> {
        let tag = self
            .0
            .tag(id, PIN_DOMAIN, seq)
            .ok_or(KeyError::Unknown { id })?;
        Ok(pin_from_tag(&tag))
    }

    /// The PIN of an authenticated serial.
    pub fn pin_of(&self, serial: &Verified) -> Result<Pin, KeyError> {
        self.pin(serial.key_id, serial.seq)
    }

    /// Whether `typed` is the PIN of `serial`, compared in constant time.
    pub fn verify_pin(&self, serial: &Verified, typed: &Pin) -> Result<bool, KeyError> {
        let expected = self.pin_of(serial)?;
        Ok(bool::from(expected.0.ct_eq(&typed.0)))
    }
}

#[inline]
fn pin_from_tag(tag: &[u8; 32]) -> Pin {
    let mut head = [0u8; 8];
    head.copy_from_slice(&tag[..8]);
    // The remainder is below 10⁸, so it always fits in a u32.
    Pin((u64::from_be_bytes(head) % MODULUS) as u32)
}

/// Why a typed PIN was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PinError {
    #[error("a PIN has 8 digits, this one has {found}")]
    Length { found: usize },
    #[error("character {position} ({found:?}) is not a digit; a PIN is 8 digits")]
    Character { position: usize, found: char },
}

impl PinError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Length { .. } => "pin_length",
            Self::Character { .. } => "pin_character",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            Self::Length { found } => format!("防伪码 PIN 应为 8 位数字，实际为 {found} 位"),
            Self::Character { position, found } => {
                format!("第 {position} 位“{found}”不是数字；防伪码 PIN 为 8 位数字")
            }
        }
    }

    pub fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::new(field, self.code(), self.to_string(), self.message_zh())
    }
}
