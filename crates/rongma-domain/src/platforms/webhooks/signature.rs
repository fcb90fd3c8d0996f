//! Signing: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), and the three
//! headers a delivery carries. The body is the exact bytes sent; re-serialising JSON
//! before signing would change them.

use super::message_id::MessageId;
use super::secret::{WebhookSecret, B64};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

pub const HEADER_ID: &str = "webhook-id";
pub const HEADER_TIMESTAMP: &str = "webhook-timestamp";
pub const HEADER_SIGNATURE: &str = "webhook-signature";

/// One `v1` signature (the raw MAC).
#[derive(Clone, PartialEq, Eq)]
pub struct Signature([u8; 32]);

impl Signature {
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v1,{}", B64.encode(self.0))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The MAC over `{id}.{timestamp}.{body}`; `id` is the header text as sent or received.
pub(super) fn mac(key: &[u8], id: &str, timestamp: &str, body: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(id.as_bytes());
    m.update(b".");
    m.update(timestamp.as_bytes());
    m.update(b".");
    m.update(body);
    m.finalize().into_bytes().into()
}

/// Signs one message with one secret; `timestamp` is Unix seconds.
pub fn sign(secret: &WebhookSecret, id: &MessageId, timestamp: i64, body: &[u8]) -> Signature {
    Signature(mac(secret.key(), id.as_str(), &timestamp.to_string(), body))
}

/// The `webhook-signature` value: one `v1,…` per secret, space-separated. During a
/// rotation pass the new secret and the old one, so receivers on either keep verifying.
pub fn signature_header(
    secrets: &[&WebhookSecret],
    id: &MessageId,
    timestamp: i64,
    body: &[u8],
) -> String {
    secrets
        .iter()
        .map(|s| sign(s, id, timestamp, body).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The headers of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookHeaders {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
}

impl WebhookHeaders {
    /// Signs `body` with every secret given (at least one is expected).
    pub fn new(secrets: &[&WebhookSecret], id: &MessageId, timestamp: i64, body: &[u8]) -> Self {
        Self {
            id: id.as_str().to_owned(),
            timestamp: timestamp.to_string(),
            signature: signature_header(secrets, id, timestamp, body),
        }
    }

    /// (name, value) pairs in the order they are usually written.
    pub fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            (HEADER_ID, &self.id),
            (HEADER_TIMESTAMP, &self.timestamp),
            (HEADER_SIGNATURE, &self.signature),
        ]
    }
}
