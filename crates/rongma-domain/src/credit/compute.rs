//! The computation: each rule measures the record and turns the measure into points; the
//! total is the start plus every rule's points, kept within the score range, and its band
//! gives the class. Exact decimals throughout; only a rate or share times points is
//! rounded (to 0.01 point, half to even). [`CreditModel::score`] is the fast path without
//! explanations; [`CreditModel::assess`](super::CreditModel::assess) explains every step.

use super::calendar::{months_before, whole_months};
use super::kind::{CreditClass, KindSet};
pub use super::measured::Measured;
use super::model::{CreditModel, Measure, Rule, Scoring};
use super::model_check::POINT_PLACES;
use super::record::{EnterpriseRecord, RecordItem};
use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A total and its class, without explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub total: Decimal,
    pub class: CreditClass,
}

/// The points of one rule: after the cap, and whether the cap (or `when_none`) applied.
#[derive(Debug, Clone, Copy)]
pub(super) struct Points {
    pub points: Decimal,
    pub capped: bool,
    pub none: bool,
}

/// Whether an item counts in a window ending at `as_of`: dated in [since, as_of] and not
/// repaired by `as_of` (unless repairs are to be ignored).
#[inline]
pub(super) fn in_window(
    item: &RecordItem,
    kinds: KindSet,
    since: DateTime<Utc>,
    as_of: DateTime<Utc>,
    with_repaired: bool,
) -> bool {
    kinds.contains(item.kind)
        && item.at >= since
        && item.at <= as_of
        && (with_repaired || !item.is_repaired_at(as_of))
}

fn count(record: &EnterpriseRecord, kinds: KindSet, since: DateTime<Utc>) -> u64 {
    let as_of = record.as_of;
    record
        .items
        .iter()
        .filter(|i| in_window(i, kinds, since, as_of, false))
        .count() as u64
}

/// The start of every window the model uses, computed once per record (calendar
/// arithmetic costs more than matching a handful of items).
pub(super) struct Starts(Vec<(u32, DateTime<Utc>)>);

impl Starts {
    /// The start of a window the model declared (every rule's and criterion's is).
    pub fn get(&self, window: u32) -> DateTime<Utc> {
        self.0
            .iter()
            .find(|(w, _)| *w == window)
            .map_or(DateTime::<Utc>::MIN_UTC, |(_, t)| *t)
    }
}

impl CreditModel {
    pub(super) fn starts(&self, as_of: DateTime<Utc>) -> Starts {
        Starts(
            self.windows
                .iter()
                .map(|&w| (w, months_before(as_of, w, self.offset)))
                .collect(),
        )
    }

    /// What one rule finds in the record.
    pub(super) fn measure(
        &self,
        rule: &Rule,
        record: &EnterpriseRecord,
        starts: &Starts,
    ) -> Measured {
        let since = |w: u32| starts.get(w);
        match rule.measure {
            Measure::Count {
                kinds,
                window_months,
            } => {
                let since = since(window_months);
                Measured::Count {
                    count: count(record, kinds, since),
                    window_months,
                    since,
                }
            }
            Measure::PerTenThousandTags {
                kinds,
                window_months,
                min_tags,
            } => {
                let since = since(window_months);
                let tags = record
                    .tags_issued
                    .iter()
                    .filter(|b| b.issued_at >= since && b.issued_at <= record.as_of)
                    .fold(0u64, |s, b| s.saturating_add(b.count));
                Measured::PerTenThousandTags {
                    count: count(record, kinds, since),
                    tags,
                    denominator: tags.max(min_tags),
                    window_months,
                    since,
                }
            }
            Measure::Share {
                numerator,
                denominator,
                window_months,
            } => {
                let since = since(window_months);
                Measured::Share {
                    count: count(record, numerator, since),
                    of: count(record, denominator, since),
                    window_months,
                    since,
                }
            }
            Measure::PilotMonths => Measured::PilotMonths {
                months: whole_months(record.pilot_start, record.as_of, self.offset),
            },
            Measure::GradeShare { min_grade } => {
                let held = record
                    .certificates
                    .iter()
                    .filter(|c| c.issued_at <= record.as_of);
                let (count, of) = held.fold((0, 0), |(n, all), c| {
                    (n + u64::from(c.grade >= min_grade), all + 1)
                });
                Measured::GradeShare {
                    count,
                    of,
                    min_grade,
                }
            }
        }
    }

    /// The points a rule gives for what it measured.
    pub(super) fn points(&self, rule: &Rule, m: &Measured) -> Points {
        let Some((num, den)) = m.fraction() else {
            return Points {
                points: rule.when_none.unwrap_or_default(),
                capped: false,
                none: true,
            };
        };
        match &rule.scoring {
            Scoring::Linear { points, cap } => {
                let raw = if den == Decimal::ONE {
                    mul(*points, num)
                } else {
                    (mul(*points, num) / den)
                        .round_dp_with_strategy(POINT_PLACES, RoundingStrategy::MidpointNearestEven)
                };
                let (p, capped) = match cap {
                    Some(c) if raw.abs() > *c => (if raw < Decimal::ZERO { -*c } else { *c }, true),
                    _ => (raw, false),
                };
                Points {
                    points: p.normalize(),
                    capped,
                    none: false,
                }
            }
            Scoring::Steps(steps) => {
                // Exact: num/den ≥ min ⇔ num ≥ min·den (den > 0).
                let row = steps.iter().find(|s| num >= mul(s.min, den));
                Points {
                    points: row.map_or(Decimal::ZERO, |s| s.points),
                    capped: false,
                    none: false,
                }
            }
        }
    }

    /// The start plus `sum`, kept within the score range.
    pub(super) fn clamp(&self, sum: Decimal) -> Decimal {
        sum.clamp(self.score.min, self.score.max).normalize()
    }

    /// The total and class of a record, without explanations (the bulk path).
    pub fn score(&self, record: &EnterpriseRecord) -> Score {
        let starts = self.starts(record.as_of);
        let sum = self.rules.iter().fold(self.score.start, |s, r| {
            let m = self.measure(r, record, &starts);
            s.saturating_add(self.points(r, &m).points)
        });
        let total = self.clamp(sum);
        Score {
            total,
            class: self.class_of(total),
        }
    }
}

/// `a × b`, saturating instead of overflowing (far outside any record; the cap and the
/// score range then bound the result).
pub(super) fn mul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b)
        .unwrap_or(if a.is_sign_negative() != b.is_sign_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
}
