//! Verification as a receiver does it: all three headers present, the timestamp within
//! five minutes of the receiver's clock (replay window), and at least one `v1` signature
//! in the header equal, in constant time, to the MAC under one of the receiver's secrets.
//! Entries of other versions are skipped, so a future `v1a` can be added beside `v1`.

use super::secret::{WebhookSecret, B64};
use super::signature::{mac, HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use base64::Engine;
use subtle::ConstantTimeEq;
use thiserror::Error;

/// How far the message timestamp may be from the receiver's clock, either way.
pub const TOLERANCE_SECONDS: i64 = 5 * 60;

/// The header values as received (`None` when a header is absent).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReceivedHeaders<'a> {
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    #[error("the {name} header is missing")]
    MissingHeader { name: &'static str },
    #[error("webhook-timestamp must be Unix seconds, got {found:?}")]
    BadTimestamp { found: String },
    #[error("the message is {seconds} s old, more than the {TOLERANCE_SECONDS} s allowed")]
    TooOld { seconds: i64 },
    #[error("the message is dated {seconds} s in the future, more than the {TOLERANCE_SECONDS} s allowed")]
    TooNew { seconds: i64 },
    #[error("webhook-signature holds no v1 signature")]
    NoSignature,
    #[error("no signature matches any of the secrets")]
    Mismatch,
}

fn present<'a>(v: Option<&'a str>, name: &'static str) -> Result<&'a str, VerifyError> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(VerifyError::MissingHeader { name })
}

/// Checks one received message; `now_unix` is the receiver's clock in Unix seconds.
pub fn verify(
    secrets: &[&WebhookSecret],
    headers: &ReceivedHeaders<'_>,
    body: &[u8],
    now_unix: i64,
) -> Result<(), VerifyError> {
    let id = present(headers.id, HEADER_ID)?;
    let ts_text = present(headers.timestamp, HEADER_TIMESTAMP)?;
    let sig_header = present(headers.signature, HEADER_SIGNATURE)?;
    let ts: i64 = ts_text
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| ts_text.parse().ok())
        .flatten()
        .ok_or_else(|| VerifyError::BadTimestamp {
            found: ts_text.to_owned(),
        })?;
    let age = now_unix.saturating_sub(ts);
    if age > TOLERANCE_SECONDS {
        return Err(VerifyError::TooOld { seconds: age });
    }
    if -age > TOLERANCE_SECONDS {
        return Err(VerifyError::TooNew { seconds: -age });
    }
    let candidates: Vec<Vec<u8>> = sig_header
        .split(' ')
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|b64| B64.decode(b64).ok())
        .collect();
    if candidates.is_empty() {
        return Err(VerifyError::NoSignature);
    }
    let mut matched = subtle::Choice::from(0);
    for secret in secrets {
        let expected = mac(secret.key(), id, ts_text, body);
        for c in &candidates {
            // ct_eq on slices of different lengths is false without comparing bytes.
            matched |= expected.as_slice().ct_eq(c.as_slice());
        }
    }
    if bool::from(matched) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}
