//! What can be wrong with a typed or scanned serial, worded for the person who typed it.

use crate::error::FieldError;
use thiserror::Error;

/// Why a serial was refused. The first three are format errors found by [`super::Serial::parse`];
/// the last two need the keyring ([`super::Keyring::verify`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SerialError {
    #[error("a serial has {expected} characters, this one has {found}")]
    Length { expected: usize, found: usize },
    #[error("character {position} ({found:?}) is not used in serials (only 0-9 and A-Z without I, L, O, U)")]
    Character { position: usize, found: char },
    /// The messages never name the expected character: that would help forge serials.
    #[error("the check character does not match: a character was mistyped")]
    CheckCharacter { expected: char, found: char },
    #[error("serial is not authentic: not issued by this system")]
    UnknownKey { key_id: char },
    #[error("serial is not authentic: its code does not match (not issued by this system)")]
    NotAuthentic,
}

impl SerialError {
    /// Stable machine-readable code, for API errors and audit records.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Length { .. } => "serial_length",
            Self::Character { .. } => "serial_character",
            Self::CheckCharacter { .. } => "serial_check_character",
            Self::UnknownKey { .. } => "serial_unknown_key",
            Self::NotAuthentic => "serial_not_authentic",
        }
    }

    /// Whether the text is a well-formed serial that failed authentication — a forgery or a
    /// revoked key rather than a typing mistake. Scan pages treat these differently.
    pub fn is_authentication_failure(&self) -> bool {
        matches!(self, Self::UnknownKey { .. } | Self::NotAuthentic)
    }

    /// Chinese wording of the same message.
    pub fn message_zh(&self) -> String {
        match self {
            Self::Length { expected, found } => {
                format!("序列号应为 {expected} 位，实际为 {found} 位")
            }
            Self::Character { position, found } => {
                format!("第 {position} 位字符“{found}”不可用于序列号（仅限数字和除 I、L、O、U 外的大写字母）")
            }
            Self::CheckCharacter { .. } => "校验位不符：有字符输入错误".to_owned(),
            Self::UnknownKey { .. } => "序列号未通过验证，并非本系统签发".to_owned(),
            Self::NotAuthentic => "序列号未通过验证，并非本系统签发".to_owned(),
        }
    }

    /// The error as a [`FieldError`] on `field`, for forms and the JSON API.
    pub fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::new(field, self.code(), self.to_string(), self.message_zh())
    }
}
