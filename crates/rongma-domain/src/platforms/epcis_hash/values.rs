//! Values in the pre-hash string: trimmed; vocabulary URNs as Web URIs; numbers without
//! trailing zeros; GS1 identifiers as constrained canonical Digital Link URIs; timestamps
//! in UTC at millisecond precision.
//!
//! Numbers follow the reference implementation exactly, which reads every value that
//! parses as a binary double and writes it back as Python would: integral values as
//! integers (`17.0` → `17`, `0123` → `123`), others in their shortest round-trip form
//! (`1e-05` below 10⁻⁴). Interoperable hashes need the same digits, so this is not
//! done with exact decimals.

use super::digital_link::canonical_digital_link;
use super::epc_uri::epc_to_digital_link;
use super::vocab::web_vocabulary;
use chrono::{DateTime, SecondsFormat, Utc};

/// A plain (non-time) value.
pub(super) fn canonical_value(text: &str) -> String {
    let text = web_vocabulary(text.trim());
    let text = python_number(&text).unwrap_or(text);
    epc_to_digital_link(&text)
        .or_else(|| canonical_digital_link(&text))
        .unwrap_or(text)
}

/// A time value: UTC, `Z`, three decimals, the third rounded up when the fourth is 5–9.
/// Text that is not an RFC 3339 time with an offset is kept as written.
pub(super) fn canonical_time(text: &str) -> String {
    let text = text.trim();
    let Ok(t) = DateTime::parse_from_rfc3339(text) else {
        return text.to_owned();
    };
    let t = t.with_timezone(&Utc);
    let sub_ms = t.timestamp_subsec_nanos() % 1_000_000;
    let truncated = t - chrono::Duration::nanoseconds(i64::from(sub_ms));
    let rounded = if sub_ms >= 500_000 {
        truncated + chrono::Duration::milliseconds(1)
    } else {
        truncated
    };
    rounded.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Python's `float(text)` syntax: sign, digits with single underscores between them, an
/// optional fraction and exponent. Infinities and NaN are left alone.
fn python_float_syntax(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let between =
                i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !between {
                return None;
            }
        } else if !(c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b'e' | b'E')) {
            return None;
        }
    }
    Some(text.replace('_', ""))
}

/// `text` re-written as the reference writes numbers, or `None` for non-numbers.
pub(super) fn python_number(text: &str) -> Option<String> {
    let cleaned = python_float_syntax(text)?;
    let f: f64 = cleaned.parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    if f == f.trunc() {
        // Exact integer digits, as Python's int(float) gives; no "-0".
        return Some(if f == 0.0 {
            "0".to_owned()
        } else {
            format!("{f:.0}")
        });
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    if exp < -4 {
        let sign = if exp < 0 { '-' } else { '+' };
        Some(format!("{mantissa}e{sign}{:02}", exp.abs()))
    } else {
        Some(format!("{f}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_python_writes_them() {
        let table = [
            ("1", Some("1")),
            ("1.0", Some("1")),
            ("17.000", Some("17")),
            ("0.3434", Some("0.3434")),
            ("0123", Some("123")),
            ("+5", Some("5")),
            ("-0.0", Some("0")),
            ("1e3", Some("1000")),
            ("1_000.5", Some("1000.5")),
            ("0.0001", Some("0.0001")),
            ("0.00001", Some("1e-05")),
            ("-2.5e-7", Some("-2.5e-07")),
            ("12345678901234567890", Some("12345678901234567168")),
            ("1__0", None),
            ("_1", None),
            ("inf", None),
            ("nan", None),
            ("1e999", None),
            ("2023-10-09", None),
            ("4711a", None),
            ("", None),
        ];
        for (text, want) in table {
            assert_eq!(python_number(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn times_in_utc_milliseconds() {
        let table = [
            ("2020-03-04T11:00:30.000+01:00", "2020-03-04T10:00:30.000Z"),
            (
                "2022-02-16T20:33:31.116000-06:00",
                "2022-02-17T02:33:31.116Z",
            ),
            ("2023-01-11T12:00:00+01:00", "2023-01-11T11:00:00.000Z"),
            ("2023-02-02T11:04:03.1415Z", "2023-02-02T11:04:03.142Z"),
            ("2023-02-02T11:04:03.1414Z", "2023-02-02T11:04:03.141Z"),
            ("2023-12-31T23:59:59.9996Z", "2024-01-01T00:00:00.000Z"),
            ("2025-10-20T10:00:00+08:00", "2025-10-20T02:00:00.000Z"),
            ("yesterday", "yesterday"),
        ];
        for (text, want) in table {
            assert_eq!(canonical_time(text), want, "{text}");
        }
    }
}
