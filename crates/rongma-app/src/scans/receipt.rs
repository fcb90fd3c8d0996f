//! A PIN check's receipt, for the page after the check (post/redirect/get): the form posts,
//! the server checks and redirects to `GET /c/{serial}/pin?r=<receipt>`, which shows the
//! answer again on reload without checking again. The receipt says which answer it was
//! and when, bound to the serial by an HMAC under the server's session key, so a printed
//! link cannot claim an answer this server did not give; it is shown for
//! [`RECEIPT_TTL_SECS`] after the check, then the page is the plain scan page.

use super::pin::{PinCheck, PinResult};
use crate::App;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a receipt shows its answer.
pub const RECEIPT_TTL_SECS: i64 = 15 * 60;

/// Which answer a check gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    /// Correct, the tag's first verification.
    First,
    /// Correct, verified before.
    Again,
    /// Wrong PIN.
    Wrong,
    /// Checks of this tag from the network are locked.
    Locked,
}

impl ReceiptKind {
    fn code(self) -> char {
        match self {
            Self::First => 'f',
            Self::Again => 'a',
            Self::Wrong => 'w',
            Self::Locked => 'l',
        }
    }

    fn parse(c: &str) -> Option<Self> {
        Some(match c {
            "f" => Self::First,
            "a" => Self::Again,
            "w" => Self::Wrong,
            "l" => Self::Locked,
            _ => return None,
        })
    }

    pub fn of(check: &PinCheck) -> Self {
        match check.result {
            PinResult::Correct if check.first_verification => Self::First,
            PinResult::Correct => Self::Again,
            PinResult::Wrong if check.locked_until.is_some() => Self::Locked,
            PinResult::Wrong => Self::Wrong,
            PinResult::Locked => Self::Locked,
        }
    }
}

/// What a receipt says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinReceipt {
    pub kind: ReceiptKind,
    /// Wrong PINs left after a wrong PIN; correct checks before this one after a correct
    /// PIN on a tag verified before; else 0.
    pub n: i64,
    /// When the check was made (whole seconds).
    pub at: DateTime<Utc>,
}

impl App {
    fn receipt_mac(&self, serial: &str, body: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secrets().session_key_bytes())
            .expect("HMAC takes any key length");
        mac.update(b"pin-receipt:");
        mac.update(serial.as_bytes());
        mac.update(b":");
        mac.update(body.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..12])
    }

    /// The receipt of `check` on `serial` (normalised), made now.
    pub fn pin_receipt(&self, serial: &str, check: &PinCheck) -> String {
        let kind = ReceiptKind::of(check);
        let n = match kind {
            ReceiptKind::Wrong => check.attempts_left.unwrap_or(0),
            ReceiptKind::Again => check.verified_count - 1,
            _ => 0,
        };
        let body = format!("{}.{}.{}", kind.code(), n.max(0), self.now().timestamp());
        let mac = self.receipt_mac(serial, &body);
        format!("{body}.{mac}")
    }

    /// What a receipt for `serial` says, if this server made it and it is fresh.
    pub fn read_pin_receipt(&self, serial: &str, token: &str) -> Option<PinReceipt> {
        let (body, mac) = token.rsplit_once('.')?;
        let want = self.receipt_mac(serial, body);
        if !crate::auth::ct_eq(&want, mac) {
            return None;
        }
        let mut parts = body.split('.');
        let kind = ReceiptKind::parse(parts.next()?)?;
        let n = parts.next()?.parse().ok()?;
        let at = DateTime::from_timestamp(parts.next()?.parse().ok()?, 0)?;
        let age = (self.now() - at).num_seconds();
        (-60..=RECEIPT_TTL_SECS)
            .contains(&age)
            .then_some(PinReceipt { kind, n, at })
    }
}
