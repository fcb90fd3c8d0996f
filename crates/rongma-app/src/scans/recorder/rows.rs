//! Which codes of a batch have a row: most scans are a code's first, and a code without
//! a row counts only its scans not yet written, with no read at all.

use super::{Queue, Recorder, RowLookup, RowSet, RowsToken, MAX_ROW_BITS};
use std::time::Duration;
use tokio::time::Instant;

impl RowSet {
    pub(super) fn has(&self, start: i64, seq: i64) -> bool {
        let i = (seq - start) as usize;
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub(super) fn set(&mut self, start: i64, seq: i64) {
        let i = (seq - start) as usize;
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}

impl Recorder {
    /// Whether `seq` (of the batch whose codes run from `first` to `last`) has a row, as
    /// far as the batch's row set knows; see the module's documentation.
    pub fn row_lookup(&self, seq: i64, first: i64, last: i64, ttl: Duration) -> RowLookup {
        row_lookup_in(&mut self.lock(), seq, first, last, ttl)
    }

    /// Installs the row set of the batch from `first` to `last`, read after `token` was
    /// taken (`None`: the read failed). Refused when a write finished since: the read may
    /// have missed its rows. Returns whether it was installed.
    pub fn install_rows(
        &self,
        first: i64,
        last: i64,
        seqs: Option<&[i64]>,
        token: RowsToken,
    ) -> bool {
        let mut q = self.lock();
        q.rows_loading.remove(&first);
        let Some(seqs) = seqs else { return false };
        if q.writes_done != token.writes_done || last < first {
            return false;
        }
        let len = (last - first) as u64 + 1;
        if q.row_bits + len > MAX_ROW_BITS {
            q.rows.clear();
            q.row_bits = 0;
            if len > MAX_ROW_BITS {
                return false;
            }
        }
        let mut set = RowSet {
            last,
            bits: vec![0; len.div_ceil(64) as usize],
            loaded: Instant::now(),
        };
        for &seq in seqs.iter().filter(|s| (first..=last).contains(*s)) {
            set.set(first, seq);
        }
        if let Some(old) = q.rows.insert(first, set) {
            q.row_bits -= (old.last - first) as u64 + 1;
        }
        q.row_bits += len;
        true
    }
}

pub(super) fn row_lookup_in(
    q: &mut Queue,
    seq: i64,
    first: i64,
    last: i64,
    ttl: Duration,
) -> RowLookup {
    if let Some(set) = q.rows.get(&first) {
        if set.last == last && (ttl == Duration::MAX || set.loaded.elapsed() < ttl) {
            return if set.has(first, seq) {
                RowLookup::Present
            } else {
                RowLookup::Absent(super::queue::unwritten_of(q, seq))
            };
        }
    }
    if !q.rows_loading.insert(first) {
        return RowLookup::Unknown(None);
    }
    RowLookup::Unknown(Some(RowsToken {
        writes_done: q.writes_done,
    }))
}
