//! What one delivery attempt's result means. Only 2xx counts as delivered: a redirect is
//! not followed (the endpoint URL was checked, its redirect target was not), so 3xx is a
//! failure like any other. 410 Gone is the receiver saying "stop". 429, 502 and 504 may
//! say when to come back with `Retry-After`, in seconds or as an HTTP-date.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// A `Retry-After` longer than this is cut to it: a receiver cannot park a message
/// beyond the longest step of the schedule.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// What came back from one HTTP call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptResult<'a> {
    Response {
        status: u16,
        /// The `Retry-After` header, if any.
        retry_after: Option<&'a str>,
    },
    /// No response within the call timeout.
    TimedOut,
    /// DNS, TCP or TLS failed, or the address policy refused the resolved address.
    ConnectionFailed,
}

/// The meaning of an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// 410: stop sending to this endpoint until its owner re-enables it.
    DisableEndpoint,
    /// Try again: after `retry_after` when the receiver said so, else on the schedule.
    Failed {
        status: Option<u16>,
        retry_after: Option<Duration>,
    },
}

/// Classifies an attempt; `now` turns an HTTP-date `Retry-After` into a delay.
pub fn classify(result: &AttemptResult<'_>, now: DateTime<Utc>) -> Outcome {
    match *result {
        AttemptResult::Response { status, .. } if (200..300).contains(&status) => {
            Outcome::Delivered
        }
        AttemptResult::Response { status: 410, .. } => Outcome::DisableEndpoint,
        AttemptResult::Response {
            status: status @ (429 | 502 | 504),
            retry_after,
        } => Outcome::Failed {
            status: Some(status),
            retry_after: retry_after.and_then(|v| parse_retry_after(v, now)),
        },
        AttemptResult::Response { status, .. } => Outcome::Failed {
            status: Some(status),
            retry_after: None,
        },
        AttemptResult::TimedOut | AttemptResult::ConnectionFailed => Outcome::Failed {
            status: None,
            retry_after: None,
        },
    }
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` as a delay from
/// `now` (a past date is zero), capped at [`MAX_RETRY_AFTER`]; `None` when unreadable.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    let delay = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Digits beyond u64 are still "a very long time".
        Duration::from_secs(v.parse::<u64>().unwrap_or(u64::MAX))
    } else {
        let at: DateTime<Utc> = httpdate::parse_http_date(v).ok()?.into();
        (at - now).to_std().unwrap_or(Duration::ZERO)
    };
    Some(delay.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2015, 10, 21, 7, 27, 0).unwrap()
    }

    fn status(code: u16, retry_after: Option<&str>) -> Outcome {
        classify(
            &AttemptResult::Response {
                status: code,
                retry_after,
            },
            now(),
        )
    }

    #[test]
    fn status_classes() {
        let failed = |s| Outcome::Failed {
            status: Some(s),
            retry_after: None,
        };
        let table = [
            (200, Outcome::Delivered),
            (204, Outcome::Delivered),
            (299, Outcome::Delivered),
            (301, failed(301)),
            (304, failed(304)),
            (400, failed(400)),
            (410, Outcome::DisableEndpoint),
            (429, failed(429)),
            (500, failed(500)),
            (503, failed(503)),
        ];
        for (code, want) in table {
            assert_eq!(status(code, None), want, "status {code}");
        }
    }

    #[test]
    fn retry_after_only_on_429_502_504() {
        let after = |s, secs| Outcome::Failed {
            status: Some(s),
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(status(429, Some("120")), after(429, 120));
        assert_eq!(status(502, Some(" 7 ")), after(502, 7));
        assert_eq!(
            status(504, Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            after(504, 60)
        );
        assert_eq!(
            status(500, Some("120")),
            Outcome::Failed {
                status: Some(500),
                retry_after: None
            }
        );
    }

    #[test]
    fn retry_after_forms() {
        let n = now();
        assert_eq!(parse_retry_after("0", n), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-5", n), None);
        assert_eq!(parse_retry_after("soon", n), None);
        assert_eq!(parse_retry_after("999999999", n), Some(MAX_RETRY_AFTER));
        // RFC 850 and asctime forms, which recipients must also read.
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", n),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:27:30 2015", n),
            Some(Duration::from_secs(30))
        );
        // In the past: come back now.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", n),
            Some(Duration::ZERO)
        );
    }
}
