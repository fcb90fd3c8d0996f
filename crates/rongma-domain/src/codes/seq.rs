//! Sequence numbers: the global counter behind every serial, and ranges of it.
//!
//! A batch owns the half-open range `[start, start + count)` of one global counter, so two
//! batches never share a number and so never share a serial, whatever key they use. The
//! same ranges describe revocations ("serials A to B" is a range of sequence numbers).

use std::fmt;
use std::ops::Range;
use thiserror::Error;

/// One sequence number, below 2⁴⁰ (eight base-32 symbols in the serial).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Seq(u64);

impl Seq {
    /// Number of distinct sequence numbers: 2⁴⁰ ≈ 1.1 × 10¹².
    pub const LIMIT: u64 = 1 << 40;
    /// The largest sequence number.
    pub const MAX: Seq = Seq(Self::LIMIT - 1);

    pub fn new(value: u64) -> Result<Self, SeqError> {
        if value < Self::LIMIT {
            Ok(Self(value))
        } else {
            Err(SeqError::TooLarge { value })
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// From a value read out of eight symbols, which holds exactly 40 bits.
    pub(crate) fn from_bits40(value: u64) -> Self {
        Self(value & (Self::LIMIT - 1))
    }
}

impl fmt::Display for Seq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A non-empty half-open range of sequence numbers, all below [`Seq::LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SeqRange {
    start: u64,
    end: u64,
}

impl SeqRange {
    /// `count` numbers from `start`: the range a batch of `count` codes takes from the counter.
    pub fn new(start: u64, count: u64) -> Result<Self, SeqError> {
        if count == 0 {
            return Err(SeqError::Empty);
        }
        let end = start
            .checked_add(count)
            .filter(|&e| e <= Seq::LIMIT)
            .ok_or(SeqError::Exhausted { start, count })?;
        Ok(Self { start, end })
    }

    /// From `first` to `last`, both included (a revocation "from serial A to serial B").
    pub fn inclusive(first: Seq, last: Seq) -> Result<Self, SeqError> {
        if first > last {
            return Err(SeqError::Reversed {
                first: first.0,
                last: last.0,
            });
        }
        Ok(Self {
            start: first.0,
            end: last.0 + 1,
        })
    }

    pub fn start(&self) -> Seq {
        Seq(self.start)
    }

    /// The first number after the range: the counter's next value once this batch is taken.
    pub fn end(&self) -> u64 {
        self.end
    }

    pub fn last(&self) -> Seq {
        Seq(self.end - 1)
    }

    pub fn count(&self) -> u64 {
        self.end - self.start
    }

    pub fn contains(&self, seq: Seq) -> bool {
        (self.start..self.end).contains(&seq.0)
    }

    /// Whether `inner` lies wholly inside this range (a revoked range inside its batch).
    pub fn contains_range(&self, inner: &SeqRange) -> bool {
        self.start <= inner.start && inner.end <= self.end
    }

    pub fn overlaps(&self, other: &SeqRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The sub-range `[offset, offset + count)` counted from the start, for exporting part
    /// of a batch; errors when it does not fit inside this range.
    pub fn slice(&self, offset: u64, count: u64) -> Result<SeqRange, SeqError> {
        let sub = SeqRange::new(self.start.saturating_add(offset), count)?;
        if self.contains_range(&sub) {
            Ok(sub)
        } else {
            Err(SeqError::OutsideRange { offset, count })
        }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Seq> {
        (self.start..self.end).map(Seq)
    }

    pub fn as_range(&self) -> Range<u64> {
        self.start..self.end
    }
}

/// Why a sequence number or range was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SeqError {
    #[error("sequence number {value} is beyond the serial space (at most 2^40 - 1)")]
    TooLarge { value: u64 },
    #[error("a range of sequence numbers must hold at least one number")]
    Empty,
    #[error("{count} numbers from {start} would run past the serial space of 2^40")]
    Exhausted { start: u64, count: u64 },
    #[error("range start {first} is after its end {last}")]
    Reversed { first: u64, last: u64 },
    #[error("{count} codes from offset {offset} do not fit inside the range")]
    OutsideRange { offset: u64, count: u64 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_reject_empty_overflowing_and_reversed() {
        assert_eq!(SeqRange::new(5, 0), Err(SeqError::Empty));
        assert!(SeqRange::new(Seq::LIMIT - 2, 2).is_ok());
        assert!(SeqRange::new(Seq::LIMIT - 2, 3).is_err());
        assert!(SeqRange::new(u64::MAX, 2).is_err());
        let (a, b) = (Seq::new(9).unwrap(), Seq::new(3).unwrap());
        assert!(matches!(
            SeqRange::inclusive(a, b),
            Err(SeqError::Reversed { .. })
        ));
        assert_eq!(SeqRange::inclusive(b, a).unwrap().count(), 7);
    }

    #[test]
    fn slices_stay_inside() {
        let batch = SeqRange::new(100, 10).unwrap();
        assert_eq!(batch.slice(2, 3).unwrap().as_range(), 102..105);
        assert!(batch.slice(8, 3).is_err());
        assert!(batch.contains(batch.last()));
        assert!(!batch.contains(Seq::new(110).unwrap()));
    }
}
