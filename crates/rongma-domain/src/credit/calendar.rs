//! Month arithmetic in the model's calendar (Pinghu: UTC+8), so "the last 12 months" and
//! "6 months after the decision" mean the same wall-clock dates a regulator would count.
//! Adding a month to the 31st lands on the last day of a shorter month (chrono's rule).

use chrono::{DateTime, Datelike, FixedOffset, Months, Utc};

/// `t` minus `months` calendar months (the start of a window).
pub(super) fn months_before(t: DateTime<Utc>, months: u32, offset: FixedOffset) -> DateTime<Utc> {
    t.with_timezone(&offset)
        .checked_sub_months(Months::new(months))
        .map_or(DateTime::<Utc>::MIN_UTC, |d| d.with_timezone(&Utc))
}

/// `t` plus `months` calendar months (the end of a waiting period).
pub(super) fn months_after(t: DateTime<Utc>, months: u32, offset: FixedOffset) -> DateTime<Utc> {
    t.with_timezone(&offset)
        .checked_add_months(Months::new(months))
        .map_or(DateTime::<Utc>::MAX_UTC, |d| d.with_timezone(&Utc))
}

/// Whole calendar months from `from` to `to`: the largest n with from + n months ≤ to.
pub(super) fn whole_months(from: DateTime<Utc>, to: DateTime<Utc>, offset: FixedOffset) -> u32 {
    if to <= from {
        return 0;
    }
    let (a, b) = (from.with_timezone(&offset), to.with_timezone(&offset));
    let guess = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
        - i64::from(a.month());
    let mut n = u32::try_from(guess.max(0)).unwrap_or(u32::MAX);
    while n > 0 && months_after(from, n, offset) > to {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn months_follow_the_local_calendar() {
        let cst = FixedOffset::east_opt(8 * 3600).expect("offset");
        // 2026-03-01 00:00 in Pinghu is 2026-02-28 16:00 UTC.
        assert_eq!(
            months_before(t("2026-03-01T00:00:00+08:00"), 12, cst),
            t("2025-03-01T00:00:00+08:00")
        );
        assert_eq!(
            months_after(t("2025-01-31T12:00:00+08:00"), 1, cst),
            t("2025-02-28T12:00:00+08:00")
        );
        let start = t("2025-01-15T09:00:00+08:00");
        assert_eq!(whole_months(start, t("2026-01-15T08:59:59+08:00"), cst), 11);
        assert_eq!(whole_months(start, t("2026-01-15T09:00:00+08:00"), cst), 12);
        assert_eq!(whole_months(start, t("2024-01-01T00:00:00Z"), cst), 0);
    }
}
