//! Message ids: `msg_` + a token. The id is the receiver's idempotency key, so a retry
//! of the same message carries the same id; deriving it from what the message is about
//! (event kind, subject, version) makes that hold even when the outbox row is rebuilt.

use sha2::{Digest, Sha256};
use std::fmt;
use thiserror::Error;

const PREFIX: &str = "msg_";
/// Long enough for a UUID, a KSUID or a ULID; short enough for a header.
const MAX_TOKEN: usize = 64;

/// A `webhook-id` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MessageIdError {
    #[error("a message id token has 1 to 64 characters, this one has {found}")]
    Length { found: usize },
    #[error("a message id token has only letters, digits, '_' and '-'; found {found:?}")]
    Character { found: char },
    #[error("a message id starts with \"msg_\"")]
    MissingPrefix,
}

impl MessageId {
    /// `msg_` + `token` (an outbox row id, a ULID …).
    pub fn from_token(token: &str) -> Result<Self, MessageIdError> {
        let n = token.chars().count();
        if n == 0 || n > MAX_TOKEN {
            return Err(MessageIdError::Length { found: n });
        }
        if let Some(c) = token
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            return Err(MessageIdError::Character { found: c });
        }
        Ok(Self(format!("{PREFIX}{token}")))
    }

    /// Reads a whole id, `msg_…`.
    pub fn parse(text: &str) -> Result<Self, MessageIdError> {
        let token = text
            .strip_prefix(PREFIX)
            .ok_or(MessageIdError::MissingPrefix)?;
        Self::from_token(token)
    }

    /// `msg_` + 32 hex digits of SHA-256 over the parts, each length-prefixed so that
    /// `["ab", "c"]` and `["a", "bc"]` differ.
    pub fn derive(parts: &[&str]) -> Self {
        let mut h = Sha256::new();
        for p in parts {
            h.update((p.len() as u64).to_be_bytes());
            h.update(p.as_bytes());
        }
        let digest = h.finalize();
        Self(format!("{PREFIX}{}", hex::encode(&digest[..16])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_whole_ids() {
        let id = MessageId::parse("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk").unwrap();
        assert_eq!(id.as_str(), "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk");
        assert_eq!(MessageId::from_token("42").unwrap().as_str(), "msg_42");
        assert_eq!(
            MessageId::from_token("a b"),
            Err(MessageIdError::Character { found: ' ' })
        );
        assert_eq!(
            MessageId::from_token(""),
            Err(MessageIdError::Length { found: 0 })
        );
        assert_eq!(
            MessageId::parse("evt_1"),
            Err(MessageIdError::MissingPrefix)
        );
    }

    #[test]
    fn derived_ids_are_stable_and_separate_their_parts() {
        let a = MessageId::derive(&["certificate.revoked", "C-2025-0001", "3"]);
        assert_eq!(
            a,
            MessageId::derive(&["certificate.revoked", "C-2025-0001", "3"])
        );
        assert_eq!(a.as_str().len(), 4 + 32);
        assert_ne!(
            MessageId::derive(&["ab", "c"]),
            MessageId::derive(&["a", "bc"])
        );
        assert_eq!(MessageId::parse(a.as_str()), Ok(a));
    }
}
