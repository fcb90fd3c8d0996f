//! The retry schedule and the next step after an attempt.
//!
//! After the first attempt fails, nine retries follow at 5 s, 5 min, 30 min, 2 h, 5 h,
//! 10 h, 14 h, 20 h and 24 h (about three days in all); each delay gets ±10 % jitter from
//! a random value the caller draws, so endpoints that failed together do not all come back
//! in the same second. When the last retry fails the message is given up and the endpoint
//! is marked failing.

use super::delivery::Outcome;
use std::time::Duration;
use thiserror::Error;

const MIN: u64 = 60;
const HOUR: u64 = 3600;

/// Delays before retry 1 … 9.
pub const RETRY_SCHEDULE: [Duration; 9] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * MIN),
    Duration::from_secs(30 * MIN),
    Duration::from_secs(2 * HOUR),
    Duration::from_secs(5 * HOUR),
    Duration::from_secs(10 * HOUR),
    Duration::from_secs(14 * HOUR),
    Duration::from_secs(20 * HOUR),
    Duration::from_secs(24 * HOUR),
];

/// The first attempt and every retry.
pub const MAX_ATTEMPTS: u32 = 1 + RETRY_SCHEDULE.len() as u32;

/// How long one call may take before it counts as timed out (the spec asks for 15–30 s).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// Payloads must stay under 20 kB: ids and what changed, with a link for the rest.
pub const MAX_PAYLOAD_BYTES: usize = 20_000;

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    Done,
    RetryIn(Duration),
    /// 410: disable the endpoint; the message is not retried.
    DisableEndpoint,
    /// The schedule is used up: drop the message and mark the endpoint failing.
    GiveUp,
}

/// The delay before retry `retry` (1-based), with jitter: `random` spread uniformly
/// over [−10 %, +10 %] of the scheduled delay. `None` past the last retry.
pub fn retry_delay(retry: u32, random: u64) -> Option<Duration> {
    let base = *RETRY_SCHEDULE.get(usize::try_from(retry).ok()?.checked_sub(1)?)?;
    let ms = base.as_millis() as u64;
    let span = ms / 5;
    // random / 2^64 * (span + 1) in [0, span], without floats.
    let offset = ((u128::from(random) * u128::from(span + 1)) >> 64) as u64;
    Some(Duration::from_millis(ms - span / 2 + offset))
}

/// The step after attempt number `attempt` (1 for the first try) ended in `outcome`.
/// A receiver's `Retry-After` replaces the scheduled delay (without jitter: it asked for
/// that time) but not the count of attempts left.
pub fn next_step(attempt: u32, outcome: &Outcome, random: u64) -> NextStep {
    match *outcome {
        Outcome::Delivered => NextStep::Done,
        Outcome::DisableEndpoint => NextStep::DisableEndpoint,
        Outcome::Failed { retry_after, .. } => match (retry_delay(attempt, random), retry_after) {
            (None, _) => NextStep::GiveUp,
            (Some(_), Some(asked)) => NextStep::RetryIn(asked),
            (Some(d), None) => NextStep::RetryIn(d),
        },
    }
}

/// The body is at least [`MAX_PAYLOAD_BYTES`] long.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a webhook payload must be under {MAX_PAYLOAD_BYTES} bytes, this one has {size}: send ids and a link instead")]
pub struct PayloadTooLarge {
    pub size: usize,
}

pub fn check_payload_size(body: &[u8]) -> Result<(), PayloadTooLarge> {
    if body.len() < MAX_PAYLOAD_BYTES {
        Ok(())
    } else {
        Err(PayloadTooLarge { size: body.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAILED: Outcome = Outcome::Failed {
        status: Some(500),
        retry_after: None,
    };

    #[test]
    fn jitter_stays_within_ten_percent_and_spans_it() {
        assert_eq!(retry_delay(1, 0), Some(Duration::from_millis(4500)));
        assert_eq!(retry_delay(1, u64::MAX), Some(Duration::from_millis(5500)));
        assert_eq!(
            retry_delay(1, u64::MAX / 2),
            Some(Duration::from_millis(5000))
        );
        assert_eq!(
            retry_delay(9, 0),
            Some(Duration::from_secs(24 * HOUR) - Duration::from_secs(24 * HOUR / 10))
        );
        assert_eq!(retry_delay(0, 0), None);
        assert_eq!(retry_delay(10, 0), None);
    }

    #[test]
    fn ten_attempts_then_give_up() {
        let mid = u64::MAX / 2;
        let delays: Vec<_> = (1..MAX_ATTEMPTS)
            .map(|a| match next_step(a, &FAILED, mid) {
                NextStep::RetryIn(d) => d,
                other => panic!("attempt {a}: {other:?}"),
            })
            .collect();
        assert_eq!(delays, RETRY_SCHEDULE);
        assert_eq!(next_step(MAX_ATTEMPTS, &FAILED, mid), NextStep::GiveUp);
    }

    #[test]
    fn retry_after_replaces_the_delay_but_not_the_count() {
        let asked = Outcome::Failed {
            status: Some(429),
            retry_after: Some(Duration::from_secs(90)),
        };
        assert_eq!(
            next_step(1, &asked, 0),
            NextStep::RetryIn(Duration::from_secs(90))
        );
        assert_eq!(next_step(MAX_ATTEMPTS, &asked, 0), NextStep::GiveUp);
        assert_eq!(next_step(3, &Outcome::Delivered, 0), NextStep::Done);
        assert_eq!(
            next_step(3, &Outcome::DisableEndpoint, 0),
            NextStep::DisableEndpoint
        );
    }

    #[test]
    fn payload_limit_is_strict() {
        assert!(check_payload_size(&[b'x'; MAX_PAYLOAD_BYTES - 1]).is_ok());
        assert_eq!(
            check_payload_size(&[b'x'; MAX_PAYLOAD_BYTES]),
            Err(PayloadTooLarge {
                size: MAX_PAYLOAD_BYTES
            })
        );
    }
}
