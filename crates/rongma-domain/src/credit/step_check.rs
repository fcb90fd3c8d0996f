//! Checks a rule's step table: rows from the highest `min` down, each `min` in the range
//! its measure can take, the last row at 0 so every measured value finds a row.

use super::model::{Measure, Step};
use super::model_check::Issues;
use super::model_format::RawStep;
use rust_decimal::Decimal;

/// Rows from the highest `min` down, strictly decreasing, the last at 0 so every value
/// finds a row. Counts and months take whole numbers, shares 0–1 with up to 4 decimals.
pub(super) fn step_table(
    is: &mut Issues,
    place: &str,
    raw: &[RawStep],
    measure: &Measure,
) -> Vec<Step> {
    let (whole, at_most_one) = match measure {
        Measure::Count { .. } | Measure::PilotMonths => (true, false),
        Measure::PerTenThousandTags { .. } => (false, false),
        Measure::Share { .. } | Measure::GradeShare { .. } => (false, true),
    };
    if raw.is_empty() {
        is.add(place, "needs at least one row");
    }
    let mut out: Vec<Step> = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let at = format!("{place}[{i}].min");
        let min = s.min.0.normalize();
        let points = is.points(&format!("{place}[{i}].points"), s.points.0);
        if min < Decimal::ZERO {
            is.add(&at, format!("{min} must not be negative"));
        } else if whole && min.scale() > 0 {
            is.add(
                &at,
                format!("{min} must be a whole number for this measure"),
            );
        } else if at_most_one && min > Decimal::ONE {
            is.add(&at, format!("{min} is a share: write 0.95 for 95 %"));
        } else if min.scale() > 4 || min > Decimal::from(1_000_000) {
            is.add(
                &at,
                format!("{min} must have at most 4 decimals and be at most 1000000"),
            );
        }
        if let Some(prev) = out.last() {
            if min >= prev.min {
                is.add(
                    &at,
                    format!(
                        "{min} must be below the row above ({}): rows go from the highest min down",
                        prev.min
                    ),
                );
            }
        }
        out.push(Step { min, points });
    }
    if let Some(last) = out.last() {
        if !last.min.is_zero() {
            is.add(
                format!("{place}[{}].min", out.len() - 1),
                format!(
                    "the last row must have min 0 so every value finds a row (it is {})",
                    last.min
                ),
            );
        }
    }
    out
}
