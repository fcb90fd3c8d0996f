//! The five quality grades, 1A (lowest) to 5A (highest), as one ordered type that every
//! crate (engine, certificates, hang tags, the API) shares.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A quality grade. `Ord` follows quality: `G1A < G5A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    G1A,
    G2A,
    G3A,
    G4A,
    G5A,
}

impl Grade {
    /// All grades from lowest to highest; also the column order of threshold rows.
    pub const ALL: [Grade; 5] = [Grade::G1A, Grade::G2A, Grade::G3A, Grade::G4A, Grade::G5A];

    /// 0 for 1A … 4 for 5A: the position in a threshold row.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The grade at a threshold-row position, if there is one.
    pub const fn from_index(i: usize) -> Option<Grade> {
        match i {
            0 => Some(Grade::G1A),
            1 => Some(Grade::G2A),
            2 => Some(Grade::G3A),
            3 => Some(Grade::G4A),
            4 => Some(Grade::G5A),
            _ => None,
        }
    }

    /// The grade one step up, `None` at 5A.
    pub const fn next(self) -> Option<Grade> {
        Self::from_index(self.index() + 1)
    }

    /// The short label used everywhere: "1A" … "5A".
    pub const fn as_str(self) -> &'static str {
        match self {
            Grade::G1A => "1A",
            Grade::G2A => "2A",
            Grade::G3A => "3A",
            Grade::G4A => "4A",
            Grade::G5A => "5A",
        }
    }

    /// The text printed on a hang-tag badge: one "A" per grade step, e.g. "AAAA" for 4A.
    pub const fn badge(self) -> &'static str {
        match self {
            Grade::G1A => "A",
            Grade::G2A => "AA",
            Grade::G3A => "AAA",
            Grade::G4A => "AAAA",
            Grade::G5A => "AAAAA",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of "1A" … "5A".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown grade {0:?}: expected 1A, 2A, 3A, 4A or 5A")]
pub struct UnknownGrade(pub String);

impl FromStr for Grade {
    type Err = UnknownGrade;

    /// Accepts "1A" … "5A" (a lower-case "a" too, as people type it).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "1A" | "1a" => Ok(Grade::G1A),
            "2A" | "2a" => Ok(Grade::G2A),
            "3A" | "3a" => Ok(Grade::G3A),
            "4A" | "4a" => Ok(Grade::G4A),
            "5A" | "5a" => Ok(Grade::G5A),
            other => Err(UnknownGrade(other.to_owned())),
        }
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text_and_orders_by_quality() {
        for g in Grade::ALL {
            assert_eq!(g.as_str().parse::<Grade>(), Ok(g));
            assert_eq!(g.badge().len(), g.index() + 1);
        }
        assert!(Grade::G1A < Grade::G5A);
        assert_eq!(Grade::G4A.badge(), "AAAA");
        assert_eq!(Grade::G5A.next(), None);
        assert!("6A".parse::<Grade>().is_err());
    }
}
