//! Which size each code of a batch is. A batch with a size breakdown hands its sequence
//! range to the sizes in the order the breakdown lists them: the first size takes the
//! first `quantity` numbers, the next size the numbers after those, and so on. Tag
//! printing, scan pages and status look-ups all read the breakdown through here, so a tag
//! and the page its code opens cannot disagree about the size.

use super::issue::BatchSize;
use super::seq::{Seq, SeqError, SeqRange};
use std::ops::Range;

/// The size of the code with sequence number `seq` in the batch of range `batch` with
/// breakdown `sizes`; `None` when the batch has no breakdown or `seq` is not in it.
pub fn size_of_code(sizes: &[BatchSize], batch: SeqRange, seq: Seq) -> Option<&BatchSize> {
    let offset = seq.get().checked_sub(batch.start().get())?;
    runs(sizes)
        .find(|(run, _)| run.contains(&offset))
        .map(|(_, size)| size)
}

/// The part of the batch's range each size takes, in breakdown order (one tag design per
/// part). Fails when a size has no codes or runs past the counter's limit, which a checked
/// breakdown never does.
pub fn size_ranges(
    sizes: &[BatchSize],
    batch: SeqRange,
) -> Result<Vec<(SeqRange, &BatchSize)>, SeqError> {
    let start = batch.start().get();
    runs(sizes)
        .map(|(run, size)| {
            Ok((
                SeqRange::new(start.saturating_add(run.start), size.quantity)?,
                size,
            ))
        })
        .collect()
}

/// The offsets from the start of the batch that each size takes.
fn runs(sizes: &[BatchSize]) -> impl Iterator<Item = (Range<u64>, &BatchSize)> {
    sizes.iter().scan(0u64, |upto, size| {
        let from = *upto;
        *upto = from.saturating_add(size.quantity);
        Some((from..*upto, size))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(parts: &[(&str, u64)]) -> Vec<BatchSize> {
        parts
            .iter()
            .map(|&(size, quantity)| BatchSize {
                size: size.into(),
                fill_weight_g: rust_decimal::Decimal::from(quantity),
                quantity,
            })
            .collect()
    }

    fn at(sizes: &[BatchSize], batch: SeqRange, n: u64) -> Option<&str> {
        let seq = Seq::new(n).expect("test seq");
        size_of_code(sizes, batch, seq).map(|s| s.size.as_str())
    }

    #[test]
    fn codes_take_sizes_in_breakdown_order() {
        let batch = SeqRange::new(100, 6).expect("range");
        let s = sizes(&[("L", 2), ("M", 3), ("S", 1)]);
        let got: Vec<_> = batch.iter().map(|q| at(&s, batch, q.get())).collect();
        assert_eq!(
            got,
            [
                Some("L"),
                Some("L"),
                Some("M"),
                Some("M"),
                Some("M"),
                Some("S")
            ]
        );
        // Outside the batch, and a batch without a breakdown, have no size.
        assert_eq!(at(&s, batch, 99), None);
        assert_eq!(at(&s, batch, 106), None);
        assert_eq!(at(&[], batch, 100), None);
    }

    #[test]
    fn ranges_split_the_batch_in_the_same_order() {
        let batch = SeqRange::new(100, 6).expect("range");
        let s = sizes(&[("L", 2), ("M", 3), ("S", 1)]);
        let got: Vec<_> = size_ranges(&s, batch)
            .expect("ranges")
            .into_iter()
            .map(|(r, size)| (r.start().get(), r.count(), size.size.as_str()))
            .collect();
        assert_eq!(got, [(100, 2, "L"), (102, 3, "M"), (105, 1, "S")]);
        assert_eq!(
            size_ranges(&sizes(&[("L", 2), ("M", 0)]), batch),
            Err(SeqError::Empty)
        );
    }

    #[test]
    fn every_code_is_in_the_range_of_its_size() {
        let batch = SeqRange::new(7, 40).expect("range");
        let s = sizes(&[("XL", 1), ("L", 17), ("M", 9), ("S", 13)]);
        let ranges = size_ranges(&s, batch).expect("ranges");
        for seq in batch.iter() {
            let by_range = ranges
                .iter()
                .find(|(r, _)| r.contains(seq))
                .map(|(_, s)| *s);
            assert_eq!(size_of_code(&s, batch, seq), by_range, "{seq}");
            assert!(by_range.is_some(), "{seq}");
        }
    }
}
