//! Statistics for the regulator: scans and PIN checks per day (from the daily counts the
//! writers keep, so the event table is never scanned), flags raised per day, and
//! complaints by category. Days are China Standard Time.

use super::rules::day_of;
use crate::error::AppResult;
use crate::policy::{require, Action};
use crate::App;
use chrono::{Duration, NaiveDate};
use rongma_domain::roles::Actor;
use rongma_store::CategoryCount;
use serde::Serialize;
use std::collections::BTreeMap;

/// One day's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayStats {
    pub day: NaiveDate,
    /// Every scan of a genuine or forged serial.
    pub scans: i64,
    /// Scans of codes that are valid today.
    pub valid: i64,
    /// Scans of revoked codes, or of codes whose certificate is suspended, revoked or
    /// lapsed.
    pub not_valid: i64,
    /// Scans of forged serials (well-formed, failed authentication).
    pub forged: i64,
    pub pin_correct: i64,
    pub pin_wrong: i64,
    pub pin_locked: i64,
    pub flags: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanStats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every day from `from` to `to`, empty days included.
    pub days: Vec<DayStats>,
    pub totals: DayStats,
    /// Complaints filed since `from`, by category.
    pub complaints_by_category: Vec<CategoryCount>,
}

impl App {
    /// The last `days` days (1–366, default 30), today included.
    pub async fn scan_statistics(&self, actor: &Actor, days: Option<i64>) -> AppResult<ScanStats> {
        require(actor, Action::SuperviseScans)?;
        let days = days.unwrap_or(30).clamp(1, 366);
        let now = self.now();
        let to = day_of(now);
        let from = to - Duration::days(days - 1);
        // Midnight of `from` in China Standard Time, as UTC.
        let since = from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::hours(8);
        let mut tx = self.store().read().await?;
        let counts = tx.daily_counts(from).await?;
        let flags = tx.flags_raised_since(since).await?;
        let complaints_by_category = tx.complaints_by_category(since).await?;
        drop(tx);
        let mut by_day: BTreeMap<NaiveDate, DayStats> = (0..days)
            .map(|i| {
                let day = from + Duration::days(i);
                (
                    day,
                    DayStats {
                        day,
                        ..DayStats::default()
                    },
                )
            })
            .collect();
        for c in counts {
            let Some(d) = by_day.get_mut(&c.day) else {
                continue;
            };
            match (c.kind.as_str(), c.outcome.as_str()) {
                ("scan", o) => {
                    d.scans += c.count;
                    match o {
                        "valid" => d.valid += c.count,
                        "forged" => d.forged += c.count,
                        _ => d.not_valid += c.count,
                    }
                }
                ("pin", "correct") => d.pin_correct += c.count,
                ("pin", "wrong") => d.pin_wrong += c.count,
                ("pin", _) => d.pin_locked += c.count,
                _ => {}
            }
        }
        for at in flags {
            if let Some(d) = by_day.get_mut(&day_of(at)) {
                d.flags += 1;
            }
        }
        let days: Vec<DayStats> = by_day.into_values().collect();
        let mut totals = DayStats {
            day: to,
            ..DayStats::default()
        };
        for d in &days {
            totals.scans += d.scans;
            totals.valid += d.valid;
            totals.not_valid += d.not_valid;
            totals.forged += d.forged;
            totals.pin_correct += d.pin_correct;
            totals.pin_wrong += d.pin_wrong;
            totals.pin_locked += d.pin_locked;
            totals.flags += d.flags;
        }
        Ok(ScanStats {
            from,
            to,
            days,
            totals,
            complaints_by_category,
        })
    }
}
