//! The queue's bookkeeping: per-code versions, and what is known of a code's count
//! without reading the database.

use super::{Look, Queue, Remembered, RowLookup, Unwritten};
use chrono::{DateTime, Utc};
use rongma_store::CodeState;
use std::time::Duration;

/// What a remembered row keeps: everything a scan page shows, not the networks the
/// code was scanned from (only the rules need them, and a page copies its row).
pub(super) fn counted(row: &CodeState) -> CodeState {
    CodeState {
        scan_networks: Vec::new(),
        pin_networks: row.pin_networks.clone(),
        ..*row
    }
}

const STRIPES: usize = 1 << 16;

fn stripe(seq: i64) -> usize {
    (seq as u64 as usize) & (STRIPES - 1)
}

impl Queue {
    pub(super) fn bump<'a>(&mut self, seqs: impl Iterator<Item = &'a i64>, by: u32) {
        if self.stripes.is_empty() {
            self.stripes = vec![0; STRIPES];
        }
        for seq in seqs {
            let v = &mut self.stripes[stripe(*seq)];
            *v = v.wrapping_add(by);
        }
    }

    pub(super) fn version(&self, seq: i64) -> u32 {
        self.stripes.get(stripe(seq)).copied().unwrap_or(0)
    }

    /// Marks that `seq` has a row now, in the set covering it.
    pub(super) fn mark_row(&mut self, seq: i64) {
        if let Some((start, set)) = self.rows.range_mut(..=seq).next_back() {
            if seq <= set.last {
                set.set(*start, seq);
            }
        }
    }
}

pub(super) fn known_in(q: &Queue, seq: i64, ttl: Duration) -> Option<Remembered> {
    let k = q.known.get(&seq)?;
    Some(Remembered {
        row: k.base.clone(),
        since: k.since,
        since_first_at: k.since_first_at,
        // Forever (SQLite) needs no clock.
        fresh: ttl == Duration::MAX || k.read_at.elapsed() < ttl,
    })
}

pub(super) fn look_in(q: &mut Queue, seq: i64, batch: Option<(i64, i64)>, ttl: Duration) -> Look {
    let known = match known_in(q, seq, ttl) {
        Some(k) if k.fresh => return Look::Fresh(k),
        known => known,
    };
    let rows = batch.map(|(first, last)| super::rows::row_lookup_in(q, seq, first, last, ttl));
    if let Some(RowLookup::Absent(u)) = rows {
        return Look::Absent(u);
    }
    Look::Read { stale: known, rows }
}

pub(super) fn unwritten_of(q: &Queue, seq: i64) -> Unwritten {
    let (mut count, mut first_at) = (0, None);
    for (n, at) in [q.counts.get(&seq), q.in_flight.get(&seq)]
        .into_iter()
        .flatten()
    {
        count += n;
        first_at = Some(first_at.map_or(*at, |f: DateTime<Utc>| f.min(*at)));
    }
    Unwritten { count, first_at }
}
