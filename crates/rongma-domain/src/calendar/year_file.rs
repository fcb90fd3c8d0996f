//! A year's holiday arrangement as shipped in `calendars/<year>.toml`: each festival's
//! days off (`from`–`to`) and its make-up working days (`work`), as the State Council's
//! notice states them. Parsed and checked into a [`YearCalendar`]; docs/CALENDAR.md
//! describes the format.

use super::working::{is_weekend, DayKind};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// One listed day with its name in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    pub name_en: String,
}

/// A year's arrangement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCalendar {
    pub year: i32,
    /// Not yet the official arrangement (to be checked by the regulator).
    pub provisional: bool,
    /// Where the days come from.
    pub source: String,
    /// What the regulator should know about the data (e.g. why it is provisional).
    pub note: String,
    pub days: Vec<CalendarDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    status: String,
    source: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    festival: Vec<RawFestival>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFestival {
    name: String,
    name_en: String,
    from: TomlDate,
    #[serde(default)]
    to: Option<TomlDate>,
    #[serde(default)]
    work: Vec<TomlDate>,
}

/// A TOML local date (`2026-10-01`, unquoted), which chrono cannot read by itself.
type TomlDate = toml::value::Datetime;

fn date(f: &str, v: &TomlDate) -> Result<NaiveDate, String> {
    match (v.date, v.time, v.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| format!("{f}: {v} is not a date"))
        }
        _ => Err(format!(
            "{f}: {v} must be a date such as 2026-10-01, without a time"
        )),
    }
}

impl YearCalendar {
    /// Parses and checks a year file: every date in the year, ranges in order and at most
    /// 14 days, make-up working days on a Saturday or Sunday, no day listed twice.
    pub fn parse(text: &str) -> Result<YearCalendar, String> {
        let raw: RawYear = toml::from_str(text).map_err(|e| e.to_string())?;
        if !(2000..=2100).contains(&raw.year) {
            return Err(format!("year {} is not between 2000 and 2100", raw.year));
        }
        let provisional = match raw.status.as_str() {
            "official" => false,
            "provisional" => true,
            other => return Err(format!("status {other:?} must be official or provisional")),
        };
        let mut days: Vec<CalendarDay> = Vec::new();
        for f in &raw.festival {
            let from = date(&f.name, &f.from)?;
            let to = match &f.to {
                Some(t) => date(&f.name, t)?,
                None => from,
            };
            let span = (to - from).num_days();
            if !(0..14).contains(&span) {
                return Err(format!(
                    "{}: from {from} to {to} must be in order and at most 14 days",
                    f.name
                ));
            }
            let off = from.iter_days().take_while(|d| *d <= to);
            for date in off {
                days.push(day(f, date, DayKind::Holiday));
            }
            for w in &f.work {
                let date = date(&f.name, w)?;
                if !is_weekend(date) {
                    return Err(format!(
                        "{}: make-up working day {date} is not a Saturday or Sunday",
                        f.name
                    ));
                }
                days.push(day(f, date, DayKind::Workday));
            }
        }
        check_days(raw.year, &days)?;
        days.sort_by_key(|d| d.date);
        Ok(YearCalendar {
            year: raw.year,
            provisional,
            source: raw.source,
            note: raw.note.unwrap_or_default(),
            days,
        })
    }
}

fn day(f: &RawFestival, date: NaiveDate, kind: DayKind) -> CalendarDay {
    CalendarDay {
        date,
        kind,
        name: f.name.clone(),
        name_en: f.name_en.clone(),
    }
}

/// Every day in `year`, none listed twice.
pub fn check_days(year: i32, days: &[CalendarDay]) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for d in days {
        if d.date.year() != year {
            return Err(format!("{}: {} is not in {year}", d.name, d.date));
        }
        if !seen.insert(d.date) {
            return Err(format!("{}: {} is listed twice", d.name, d.date));
        }
    }
    Ok(())
}
