//! Turns a raw model file into a validated [`CreditModel`], naming the field path of every
//! problem (`bands[2].min: …`) and reporting all of them at once. Rules are checked in
//! `rule_check`, repair and white-list policy in `policy_check`.

use super::kind::{KindSet, RecordKind};
use super::model::{CreditModel, Measure, ModelIssue, ScoreRange, Test};
use super::model_format::{RawModel, RawText, MODEL_SCHEMA_VERSION};
use super::text::Bilingual;
use super::{band_check, policy_check, rule_check};
use chrono::{FixedOffset, NaiveDate, Offset, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Points (scores, caps, band limits) lie within ±`MAX_POINTS` with at most two decimals,
/// which keeps every sum and product exact in `Decimal`.
pub(super) const MAX_POINTS: i64 = 1000;
pub(super) const POINT_PLACES: u32 = 2;
/// Windows and waiting periods are whole months, 1 to 120 (ten years).
pub(super) const MAX_MONTHS: i64 = 120;

/// Problems found so far.
#[derive(Default)]
pub(super) struct Issues(pub Vec<ModelIssue>);

impl Issues {
    pub fn add(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.0.push(ModelIssue {
            place: place.into(),
            message: message.into(),
        });
    }

    /// A text with both languages present.
    pub fn text(&mut self, place: &str, raw: &RawText) -> Bilingual {
        if raw.zh.trim().is_empty() || raw.en.trim().is_empty() {
            self.add(place, "needs a non-empty zh and en text");
        }
        Bilingual::new(raw.zh.trim(), raw.en.trim())
    }

    /// A points value: within ±1000, at most two decimals.
    pub fn points(&mut self, place: &str, d: Decimal) -> Decimal {
        let d = d.normalize();
        if d.abs() > Decimal::from(MAX_POINTS) {
            self.add(place, format!("{d} is outside ±{MAX_POINTS}"));
        } else if d.scale() > POINT_PLACES {
            self.add(
                place,
                format!(
                    "{d} has more than {POINT_PLACES} decimals (points are counted in hundredths)"
                ),
            );
        }
        d
    }

    /// A whole number of months, 1 to 120.
    pub fn months(&mut self, place: &str, m: Option<i64>, what: &str) -> u32 {
        match m {
            None => {
                self.add(place, format!("missing {what}"));
                0
            }
            Some(m) if m < 1 => {
                self.add(place, format!("{m} must be at least 1 month"));
                0
            }
            Some(m) if m > MAX_MONTHS => {
                self.add(place, format!("{m} is more than {MAX_MONTHS} months"));
                0
            }
            Some(m) => m as u32,
        }
    }

    /// A non-empty list of record kinds without repeats.
    pub fn kinds(&mut self, place: &str, list: &[String]) -> KindSet {
        let mut set = KindSet::default();
        if list.is_empty() {
            self.add(place, "needs at least one record kind");
        }
        for (i, k) in list.iter().enumerate() {
            match RecordKind::parse(k) {
                Some(kind) if !set.insert(kind) => {
                    self.add(format!("{place}[{i}]"), format!("{kind} is listed twice"))
                }
                Some(_) => {}
                None => self.add(
                    format!("{place}[{i}]"),
                    format!("unknown record kind {k:?} (known: {})", RecordKind::known()),
                ),
            }
        }
        set
    }

    /// Ids: lower-case letters, digits and '_', unique within `seen`.
    pub fn id(&mut self, place: &str, id: &str, seen: &mut Vec<String>) {
        let ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            self.add(
                place,
                format!("{id:?} must be non-empty lower-case letters, digits or '_'"),
            );
        } else if seen.iter().any(|s| s == id) {
            self.add(place, format!("duplicate id {id:?}"));
        }
        seen.push(id.to_owned());
    }
}

pub(super) fn check(raw: RawModel) -> Result<CreditModel, Vec<ModelIssue>> {
    let mut is = Issues::default();
    if raw.schema != MODEL_SCHEMA_VERSION {
        is.add(
            "schema",
            format!(
                "unsupported model format {} (this rongma reads {MODEL_SCHEMA_VERSION})",
                raw.schema
            ),
        );
    }
    let id_ok = !raw.id.is_empty()
        && raw
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
    if !id_ok {
        is.add(
            "id",
            format!(
                "{:?} must be non-empty lower-case letters, digits, '-', '_' or '.'",
                raw.id
            ),
        );
    }
    if raw.version.trim().is_empty() || raw.version.chars().any(char::is_whitespace) {
        is.add(
            "version",
            format!("{:?} must be non-empty with no spaces", raw.version),
        );
    }
    let title = is.text("title", &raw.title);
    let effective = effective_date(&mut is, &raw.effective);
    let offset = utc_offset(&raw.utc_offset);
    if offset.is_none() {
        is.add(
            "utc_offset",
            format!("{:?} is not an offset like \"+08:00\"", raw.utc_offset),
        );
    }
    let score = ScoreRange {
        start: is.points("score.start", raw.score.start.0),
        min: is.points("score.min", raw.score.min.0),
        max: is.points("score.max", raw.score.max.0),
    };
    if score.min >= score.max {
        is.add(
            "score",
            format!("min {} must be below max {}", score.min, score.max),
        );
    } else if score.start < score.min || score.start > score.max {
        is.add(
            "score.start",
            format!(
                "{} is outside min {} … max {}",
                score.start, score.min, score.max
            ),
        );
    }
    let rules = rule_check::rules(&mut is, &raw.rules);
    let bands = band_check::bands(&mut is, &raw.bands, score);
    let repair = policy_check::repair(&mut is, &raw.repair);
    let white_list = policy_check::white_list(&mut is, &raw.white_list);

    if !is.0.is_empty() {
        return Err(is.0);
    }
    let mut windows: Vec<u32> = rules
        .iter()
        .filter_map(|r| match r.measure {
            Measure::Count { window_months, .. }
            | Measure::PerTenThousandTags { window_months, .. }
            | Measure::Share { window_months, .. } => Some(window_months),
            _ => None,
        })
        .chain(white_list.criteria.iter().filter_map(|c| match c.test {
            Test::CountAtMost { window_months, .. } => Some(window_months),
            _ => None,
        }))
        .collect();
    windows.sort_unstable();
    windows.dedup();
    Ok(CreditModel {
        schema: raw.schema,
        id: raw.id,
        version: raw.version,
        title,
        effective: effective.unwrap_or_default(),
        offset_text: raw.utc_offset,
        // Present whenever no issue was found.
        offset: offset.unwrap_or(Utc.fix()),
        score,
        rules,
        bands,
        repair,
        white_list,
        windows,
        identity: Arc::default(),
    })
}

fn effective_date(is: &mut Issues, dt: &toml::value::Datetime) -> Option<NaiveDate> {
    let date = match (dt.date, dt.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    };
    if date.is_none() {
        is.add(
            "effective",
            format!("{dt} must be a date like 2026-01-01 (no time)"),
        );
    }
    date
}

/// "+08:00" / "-05:30" / "Z".
fn utc_offset(s: &str) -> Option<FixedOffset> {
    if s == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s.get(1..)?.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}
