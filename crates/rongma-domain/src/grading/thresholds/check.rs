//! Checks one threshold row of a profile: all five grades, values that fit the
//! indicator's precision and unit, and no step the wrong way for its direction.

use super::Thresholds;
use crate::grading::catalogue::{Direction, Unit};
use crate::grading::decimal::Precision;
use crate::grading::grade::Grade;
use crate::grading::profile::check::Issues;
use crate::grading::profile::format::Dec;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Checks one row of five thresholds; `None` (with issues added) when it is unusable.
pub(in crate::grading) fn thresholds(
    is: &mut Issues,
    place: &str,
    row: &BTreeMap<String, Dec>,
    precision: Option<Precision>,
    direction: Option<Direction>,
    unit: Option<Unit>,
) -> Option<Thresholds> {
    let before = is.0.len();
    let show = |v: Decimal| precision.map_or(v, |p| p.normalise(v));
    for key in row.keys() {
        if !Grade::ALL.iter().any(|g| g.as_str() == key) {
            is.add(
                place,
                format!("unknown grade {key:?} (expected 1A, 2A, 3A, 4A and 5A)"),
            );
        }
    }
    let mut values = [Decimal::ZERO; 5];
    for g in Grade::ALL {
        let Some(v) = row.get(g.as_str()).map(|d| d.0) else {
            is.add(place, format!("missing {g}"));
            continue;
        };
        values[g.index()] = v;
        if let Some(p) = precision.filter(|p| !p.allows(v)) {
            is.add(place, format!("{g} ({v}) {}", p.misfit()));
        }
        let (lo, hi) = match unit {
            Some(Unit::Percent) => (Decimal::ZERO, Decimal::ONE_HUNDRED),
            Some(Unit::GreyScale) => (Decimal::ONE, Decimal::from(5)),
            _ => (Decimal::ZERO, Decimal::MAX),
        };
        if v < lo || v > hi {
            is.add(
                place,
                format!("{g} ({}) is outside the range of the unit", show(v)),
            );
        }
    }
    if is.0.len() > before {
        return None;
    }
    for pair in Grade::ALL.windows(2) {
        let (lower, upper) = (pair[0], pair[1]);
        let (a, b) = (values[lower.index()], values[upper.index()]);
        match direction {
            Some(Direction::Higher) if b < a => is.add(
                place,
                format!(
                    "{upper} ({}) is below {lower} ({}) for a higher-is-better indicator",
                    show(b),
                    show(a)
                ),
            ),
            Some(Direction::Lower) if b > a => is.add(
                place,
                format!(
                    "{upper} ({}) is above {lower} ({}) for a lower-is-better indicator",
                    show(b),
                    show(a)
                ),
            ),
            _ => {}
        }
    }
    if is.0.len() > before {
        return None;
    }
    Some(Thresholds::new(values.map(show)))
}
