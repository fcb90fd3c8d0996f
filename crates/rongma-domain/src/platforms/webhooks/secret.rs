//! Endpoint secrets: `whsec_` followed by the standard base64 of 24 to 64 random bytes.
//! The HMAC key is the decoded bytes, never the text.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use std::fmt;
use thiserror::Error;

pub const SECRET_PREFIX: &str = "whsec_";
pub const MIN_SECRET_BYTES: usize = 24;
pub const MAX_SECRET_BYTES: usize = 64;

/// Standard alphabet; padding is optional on input (some tools strip it) and written out.
pub(super) const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A webhook signing secret. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret {
    key: Vec<u8>,
}

/// Why a secret was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SecretError {
    #[error("a webhook secret starts with \"whsec_\"")]
    MissingPrefix,
    #[error("the part after \"whsec_\" is not standard base64: {reason}")]
    NotBase64 { reason: String },
    #[error("a webhook secret holds 24 to 64 bytes, this one holds {found}")]
    Length { found: usize },
}

impl WebhookSecret {
    /// Reads `whsec_<base64>` (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let encoded = text
            .trim()
            .strip_prefix(SECRET_PREFIX)
            .ok_or(SecretError::MissingPrefix)?;
        let key = B64.decode(encoded).map_err(|e| SecretError::NotBase64 {
            reason: e.to_string(),
        })?;
        Self::from_random_bytes(&key)
    }

    /// A secret made of bytes the caller drew from a CSPRNG (this crate does no I/O).
    pub fn from_random_bytes(bytes: &[u8]) -> Result<Self, SecretError> {
        if !(MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&bytes.len()) {
            return Err(SecretError::Length { found: bytes.len() });
        }
        Ok(Self {
            key: bytes.to_vec(),
        })
    }

    /// The text to show the endpoint owner once: `whsec_` + padded base64.
    pub fn to_text(&self) -> String {
        format!("{SECRET_PREFIX}{}", B64.encode(&self.key))
    }

    /// The HMAC key.
    pub fn key(&self) -> &[u8] {
        &self.key
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookSecret({} bytes, redacted)", self.key.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_secret_decodes_to_24_bytes_and_round_trips() {
        let s = WebhookSecret::parse("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
        assert_eq!(s.key().len(), 24);
        assert_eq!(s.to_text(), "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD");
        assert!(!format!("{s:?}").contains("C2FV"));
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        assert_eq!(
            WebhookSecret::parse("C2FVsBQIhrscChlQIMV+b5sSYspob7oD"),
            Err(SecretError::MissingPrefix)
        );
        assert!(matches!(
            WebhookSecret::parse("whsec_not*base64"),
            Err(SecretError::NotBase64 { .. })
        ));
        assert_eq!(
            WebhookSecret::parse("whsec_AAAA"),
            Err(SecretError::Length { found: 3 })
        );
        assert_eq!(
            WebhookSecret::from_random_bytes(&[7; 65]),
            Err(SecretError::Length { found: 65 })
        );
        let long = WebhookSecret::from_random_bytes(&[7; 64]).unwrap();
        assert_eq!(WebhookSecret::parse(&long.to_text()), Ok(long));
    }

    #[test]
    fn unpadded_input_is_read() {
        // 25 bytes need one padding character; without it the key is the same.
        let s = WebhookSecret::from_random_bytes(&[1; 25]).unwrap();
        let text = s.to_text();
        assert!(text.ends_with('='));
        assert_eq!(WebhookSecret::parse(text.trim_end_matches('=')), Ok(s));
    }
}
