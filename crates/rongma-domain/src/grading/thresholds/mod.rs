//! A threshold row: the value each grade needs, 1A first. Kept both as decimals (for
//! results and hashes) and as integers at one scale, so grading compares mantissas.

use crate::grading::catalogue::Direction;
use crate::grading::decimal::DecText;
use crate::grading::grade::Grade;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

pub(super) mod check;

/// One threshold per grade, 1A first, already checked to be monotonic. Also kept as
/// integers at one common scale, so grading compares mantissas instead of decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    values: [Decimal; 5],
    units: [i128; 5],
    scale: u32,
}

impl Thresholds {
    pub(super) fn new(values: [Decimal; 5]) -> Self {
        let scale = values.iter().map(Decimal::scale).max().unwrap_or(0);
        let units = values.map(|v| {
            let mut v = v;
            v.rescale(scale);
            v.mantissa()
        });
        Self {
            values,
            units,
            scale,
        }
    }

    pub fn get(&self, grade: Grade) -> Decimal {
        self.values[grade.index()]
    }

    /// The highest grade whose inclusive threshold `value` meets, if any.
    #[inline]
    pub fn grade_of(&self, direction: Direction, value: Decimal) -> Option<Grade> {
        let found = if value.scale() == self.scale {
            let m = value.mantissa();
            (0..5).rev().find(|&i| match direction {
                Direction::Higher => m >= self.units[i],
                Direction::Lower => m <= self.units[i],
            })
        } else {
            (0..5)
                .rev()
                .find(|&i| direction.meets(value, self.values[i]))
        };
        found.and_then(Grade::from_index)
    }

    /// |threshold of `grade` − `value`|.
    #[inline]
    pub fn distance(&self, grade: Grade, value: Decimal) -> Decimal {
        let i = grade.index();
        if value.scale() == self.scale {
            Decimal::from_i128_with_scale((self.units[i] - value.mantissa()).abs(), self.scale)
        } else {
            (self.values[i] - value).abs()
        }
    }
}

impl Serialize for Thresholds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(5))?;
        for g in Grade::ALL {
            map.serialize_entry(g.as_str(), &DecText(self.get(g)))?;
        }
        map.end()
    }
}
