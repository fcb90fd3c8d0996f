//! What a rule found in the record: a count, a rate over tags, a share, or months — with
//! the window it looked at, so an explanation can say "in the last 12 months".

use super::compute::mul;
use crate::grading::Grade;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a rule found in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "measure", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measured {
    Count {
        count: u64,
        window_months: u32,
        since: DateTime<Utc>,
    },
    /// `count` per 10,000 of `denominator` = max(`tags`, the rule's `min_tags`).
    #[serde(rename = "per_10k_tags")]
    PerTenThousandTags {
        count: u64,
        tags: u64,
        denominator: u64,
        window_months: u32,
        since: DateTime<Utc>,
    },
    Share {
        count: u64,
        of: u64,
        window_months: u32,
        since: DateTime<Utc>,
    },
    PilotMonths {
        months: u32,
    },
    GradeShare {
        count: u64,
        of: u64,
        min_grade: Grade,
    },
}

impl Measured {
    /// The value as a fraction `num / den`; `None` when a share has nothing to divide.
    pub(super) fn fraction(&self) -> Option<(Decimal, Decimal)> {
        let d = Decimal::from;
        match *self {
            Measured::Count { count, .. } => Some((d(count), Decimal::ONE)),
            Measured::PerTenThousandTags {
                count, denominator, ..
            } => Some((mul(d(count), d(10_000u64)), d(denominator))),
            Measured::Share { count, of, .. } | Measured::GradeShare { count, of, .. } => {
                (of > 0).then(|| (d(count), d(of)))
            }
            Measured::PilotMonths { months } => Some((d(u64::from(months)), Decimal::ONE)),
        }
    }

    /// The number an English text says "one" about.
    pub(super) fn counted(&self) -> u64 {
        match *self {
            Measured::Count { count, .. }
            | Measured::PerTenThousandTags { count, .. }
            | Measured::Share { count, .. }
            | Measured::GradeShare { count, .. } => count,
            Measured::PilotMonths { months } => u64::from(months),
        }
    }
}
