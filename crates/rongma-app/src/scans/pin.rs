//! [`App::check_pin`]: is the hidden PIN the one of this tag? Durable before answered (the
//! PIN writer's group commit) and limited so that a guesser's failures slow the guesser
//! (per tag and network, per network, bursts per tag; kept in the database, see
//! `crate::throttle`).

use super::pin_writer::{PinDecision, PinJob};
use super::scan::{event, ScanClient};
use crate::error::{AppError, AppResult};
use crate::App;
use chrono::{DateTime, Utc};
use rongma_domain::codes::{Pin, Verified};
use serde::Serialize;

/// The outcome of one PIN check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PinResult {
    /// The PIN is this tag's.
    Correct,
    /// It is not.
    Wrong,
    /// Checks on this tag are locked after too many wrong PINs; nothing was compared.
    Locked,
}

/// What a PIN check answers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinCheck {
    pub serial: String,
    pub result: PinResult,
    /// A correct PIN checked for the first time: the tag is genuine and unused.
    pub first_verification: bool,
    /// Correct checks so far, this one included.
    pub verified_count: i64,
    pub first_verified_at: Option<DateTime<Utc>>,
    /// Wrong PINs left before checks are locked (after a wrong PIN).
    pub attempts_left: Option<i64>,
    pub locked_until: Option<DateTime<Utc>>,
    pub message: String,
    pub message_zh: String,
}

impl App {
    /// Checks a typed PIN against a verified serial, records the check durably, and says
    /// whether it was right. A PIN that is not 8 digits is a validation error on `pin`;
    /// a serial in no batch is not found; a network sending too many wrong PINs gets 429.
    #[tracing::instrument(skip_all, err)]
    pub async fn check_pin(
        &self,
        v: &Verified,
        typed: &str,
        client: &ScanClient,
    ) -> AppResult<PinCheck> {
        let pin = Pin::parse(typed).map_err(|e| AppError::field(e.to_field_error("pin")))?;
        let now = self.now();
        let scans = self.scans();
        let entry = scans.cache.batch_for(self.store().as_ref(), v.seq).await?;
        let Some(batch) = entry
            .as_deref()
            .map(|e| &e.batch)
            .filter(|b| b.key_id == v.key_id)
        else {
            return Err(AppError::NotFound("code"));
        };
        let correct = self
            .code_keys()
            .pin_keys()
            .verify_pin(v, &pin)
            .map_err(AppError::internal)?;
        let seq = rongma_store::seq_to_db(v.seq);
        let job = PinJob {
            seq,
            batch_id: batch.id,
            enterprise_id: batch.enterprise_id,
            correct,
            event: event(now, Some(seq), None, Some(batch.id), "wrong", client),
        };
        let (reply, answer) = tokio::sync::oneshot::channel();
        scans
            .pin_sender()
            .send((job, reply))
            .await
            .map_err(|_| AppError::Internal("the PIN writer has stopped".into()))?;
        let answered = answer.await;
        // The code's row changed: what the scan path remembers of it is stale.
        scans.recorder.forget(seq);
        let applied = answered
            .map_err(|_| AppError::Internal("the PIN writer has stopped".into()))?
            .map_err(|e| {
                AppError::Internal(format!("recording the PIN check failed: {e}").into())
            })?;
        let s = &applied.state;
        let serial = v.serial.to_string();
        let date = |t: Option<DateTime<Utc>>| {
            t.map(|t| {
                (t + chrono::Duration::hours(8))
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
        };
        let mut check = match applied.decision {
            PinDecision::Correct if s.pin_ok_count <= 1 => PinCheck {
                result: PinResult::Correct,
                first_verification: true,
                message: "Genuine: this is the first verification of this tag.".into(),
                message_zh: "正品：这是该吊牌的首次验证。".into(),
                ..base(serial, s)
            },
            PinDecision::Correct => {
                let before = s.pin_ok_count - 1;
                let first = date(s.first_pin_ok_at);
                PinCheck {
                    result: PinResult::Correct,
                    message: format!(
                        "Genuine, but already verified {before} time(s), first on {first} (China time). If you did not verify it yourself, the tag may have been copied."
                    ),
                    message_zh: format!(
                        "正品，但该吊牌已被验证过 {before} 次，首次验证于 {first}（北京时间）。如非您本人验证，该吊牌可能已被复制。"
                    ),
                    ..base(serial, s)
                }
            }
            PinDecision::Wrong {
                attempts_left,
                locked_until,
            } => {
                let (message, message_zh) = match locked_until {
                    Some(_) => (
                        "Wrong PIN. Too many wrong PINs from your network: checks of this tag from it are locked for an hour.".to_owned(),
                        "防伪码错误。您所在网络错误次数过多，一小时内无法再验证该吊牌。".to_owned(),
                    ),
                    None => (
                        format!("Wrong PIN: it does not match this tag. {attempts_left} attempt(s) left."),
                        format!("防伪码错误，与该吊牌不符。还可尝试 {attempts_left} 次。"),
                    ),
                };
                PinCheck {
                    result: PinResult::Wrong,
                    attempts_left: Some(attempts_left),
                    locked_until,
                    message,
                    message_zh,
                    ..base(serial, s)
                }
            }
            PinDecision::Locked { until } => PinCheck {
                result: PinResult::Locked,
                locked_until: Some(until),
                message:
                    "Too many wrong PINs from your network: checks of this tag are locked for now."
                        .into(),
                message_zh: "您所在网络错误次数过多，暂时无法验证该吊牌。".into(),
                ..base(serial, s)
            },
            PinDecision::NetworkLimited { until } => {
                return Err(AppError::RateLimited {
                    retry_after_secs: crate::throttle::seconds_until(until, now),
                })
            }
        };
        check.locked_until = check.locked_until.filter(|t| *t > now);
        tracing::info!(seq, result = ?check.result, "PIN checked");
        Ok(check)
    }
}

fn base(serial: String, s: &rongma_store::CodeState) -> PinCheck {
    PinCheck {
        serial,
        result: PinResult::Wrong,
        first_verification: false,
        verified_count: s.pin_ok_count,
        first_verified_at: s.first_pin_ok_at,
        attempts_left: None,
        locked_until: None,
        message: String::new(),
        message_zh: String::new(),
    }
}
