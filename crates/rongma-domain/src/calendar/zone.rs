//! The one time zone of an installation (`[time] zone`): every date and time shown to
//! people, every "today" (validity, ticket numbers, default production dates, deadlines)
//! and every statistics day is taken in it.
//!
//! A zone is a fixed UTC offset, named or not. The named zones below each keep one offset
//! all year and have done so since at least 2000 (China has had no daylight saving time
//! since 1991), so a fixed offset is exact for every date the service holds. Zones with
//! daylight saving time are refused rather than shown an hour off for half the year; see
//! docs/ARCHITECTURE.md ("Time") for why there is no time-zone database.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// The named zones accepted, with their UTC offset in seconds.
const NAMED: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8 * 3600),
    ("Asia/Chongqing", 8 * 3600),
    ("Asia/Harbin", 8 * 3600),
    ("PRC", 8 * 3600),
    ("Asia/Urumqi", 6 * 3600),
    ("Asia/Hong_Kong", 8 * 3600),
    ("Asia/Macau", 8 * 3600),
    ("Asia/Taipei", 8 * 3600),
    ("Asia/Singapore", 8 * 3600),
    ("Asia/Kuala_Lumpur", 8 * 3600),
    ("Asia/Manila", 8 * 3600),
    ("Asia/Bangkok", 7 * 3600),
    ("Asia/Ho_Chi_Minh", 7 * 3600),
    ("Asia/Jakarta", 7 * 3600),
    ("Asia/Tokyo", 9 * 3600),
    ("Asia/Seoul", 9 * 3600),
    ("Asia/Kolkata", 5 * 3600 + 1800),
    ("Asia/Dubai", 4 * 3600),
    ("UTC", 0),
    ("Etc/UTC", 0),
];

/// A time zone: a UTC offset, with the name it was configured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    name: Option<&'static str>,
    offset: FixedOffset,
}

impl Default for Zone {
    /// Asia/Shanghai (China Standard Time, UTC+8).
    fn default() -> Self {
        Self::named(0)
    }
}

impl Zone {
    fn named(i: usize) -> Self {
        let (name, secs) = NAMED[i];
        Self {
            name: Some(name),
            // Every offset in the table is within ±24 h.
            offset: FixedOffset::east_opt(secs).expect("offsets in the table are valid"),
        }
    }

    /// A supported zone name (`Asia/Shanghai`) or a fixed offset (`+08:00`, `-05:30`,
    /// `Z`); the error says what is accepted.
    pub fn parse(s: &str) -> Result<Zone, String> {
        let s = s.trim();
        if let Some(i) = NAMED.iter().position(|(n, _)| n.eq_ignore_ascii_case(s)) {
            return Ok(Self::named(i));
        }
        if let Some(offset) = parse_offset(s) {
            return Ok(Self { name: None, offset });
        }
        let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
        Err(format!(
            "{s:?} is not a supported time zone: use one of {} or a fixed offset such as +08:00 \
             (zones with daylight saving time are not supported)",
            names.join(", ")
        ))
    }

    /// The name it was configured by, or the offset (`+09:00`).
    pub fn name(&self) -> String {
        match self.name {
            Some(n) => n.to_owned(),
            None => self.offset.to_string(),
        }
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// The wall-clock time of `t` in this zone.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.offset).naive_local()
    }

    /// The calendar date of `t` in this zone ("today" when `t` is now).
    pub fn date(&self, t: DateTime<Utc>) -> NaiveDate {
        self.local(t).date()
    }

    /// Midnight at the start of `day` in this zone, as UTC.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        // A fixed offset has exactly one local midnight.
        (midnight - chrono::Duration::seconds(i64::from(self.offset.local_minus_utc()))).and_utc()
    }
}

/// `+HH:MM`, `-HH:MM`, `+HH` or `Z`, within ±14 hours.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    if s == "Z" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    if h.len() != 2 || !h.bytes().all(|b| b.is_ascii_digit()) || m.len() > 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m >= 60 || (h == 14 && m > 0) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}
