//! Working days: Monday to Friday, except the public holidays of a year, plus the
//! weekend days that the year's arrangement makes working days (调休上班). A year the
//! calendar has no data for counts Monday to Friday; [`WorkingCalendar::uncovered`] says
//! which years a computation had to assume that for, so the caller can warn.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a listed day is: a day off (放假) or a working weekend day (调休上班).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DayKind {
    Holiday,
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Workday => "workday",
        }
    }

    pub fn parse(s: &str) -> Option<DayKind> {
        match s.trim() {
            "holiday" => Some(Self::Holiday),
            "workday" => Some(Self::Workday),
            _ => None,
        }
    }
}

/// Whether `d` is a Saturday or a Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The listed days of the years it covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    years: BTreeSet<i32>,
    days: BTreeMap<NaiveDate, DayKind>,
}

impl WorkingCalendar {
    /// Monday to Friday for every year (no year covered).
    pub fn weekdays_only() -> Self {
        Self::default()
    }

    /// Adds a covered year with its listed days (a year with no listed day is still
    /// covered: its arrangement is plain Monday to Friday).
    pub fn with_year(
        mut self,
        year: i32,
        days: impl IntoIterator<Item = (NaiveDate, DayKind)>,
    ) -> Self {
        self.years.insert(year);
        self.days.extend(days);
        self
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The listed kind of `d`, if any.
    pub fn listed(&self, d: NaiveDate) -> Option<DayKind> {
        self.days.get(&d).copied()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.listed(d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !is_weekend(d),
        }
    }

    /// `from` plus `n` working days: the `n`-th working day after `from` (`from` itself
    /// when `n` is 0). A complaint received on a holiday counts from the next working day.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days `d` with `from < d ≤ to` (negative when `to` is before `from`), so
    /// `working_days_between(from, add_working_days(from, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as i64
    }

    /// The years from `from` to `to` (inclusive) that this calendar has no data for, where
    /// Monday to Friday was assumed.
    pub fn uncovered(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        (a.year()..=b.year()).filter(|y| !self.covers(*y)).collect()
    }
}
