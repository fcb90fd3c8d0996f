//! Standard Webhooks (standardwebhooks.com), as sender and as receiver.
//!
//! A message is signed with HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`
//! under a `whsec_` secret and sent with three headers; a receiver recomputes the
//! signature in constant time and rejects timestamps more than five minutes off. During a
//! secret rotation the sender signs with every live secret, space-separated in one header.
//!
//! Delivery is a policy over outcomes: 2xx delivered, 410 disables the endpoint, 429/502/504
//! honour `Retry-After`, anything else (3xx included) fails and is retried on the fixed
//! schedule (5 s … 24 h, with jitter) until the endpoint is marked failing.
//!
//! Layout: `secret` (parse, generate), `message_id`, `signature` (sign, headers), `verify`
//! (receiver side), `delivery` (classify a response, `Retry-After`), `retry` (schedule,
//! jitter, the next step after an attempt, payload size).

mod delivery;
mod message_id;
mod retry;
mod secret;
mod signature;
mod verify;

pub use delivery::{classify, parse_retry_after, AttemptResult, Outcome, MAX_RETRY_AFTER};
pub use message_id::{MessageId, MessageIdError};
pub use retry::{
    check_payload_size, next_step, retry_delay, NextStep, PayloadTooLarge, CALL_TIMEOUT,
    MAX_ATTEMPTS, MAX_PAYLOAD_BYTES, RETRY_SCHEDULE,
};
pub use secret::{SecretError, WebhookSecret, MAX_SECRET_BYTES, MIN_SECRET_BYTES, SECRET_PREFIX};
pub use signature::{
    sign, signature_header, Signature, WebhookHeaders, HEADER_ID, HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
};
pub use verify::{verify, ReceivedHeaders, VerifyError, TOLERANCE_SECONDS};
