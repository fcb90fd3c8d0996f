//! Plain scans, written in batches (group commit): a scan is appended to a queue in
//! memory and answered at once; a writer task writes the queue in one transaction every
//! `scans.flush_interval_ms` (≤ 1 s), when the oldest waiting scan is half that old, or as
//! soon as `scans.flush_max_events` are waiting.
//! A crash loses at most the scans of the last interval and the write in progress: when
//! the oldest unwritten scan is older than the interval, new scans wait for the writer
//! before they are queued ([`Recorder::keep_up`], at most 5 s) instead of piling up. A
//! failed write puts its scans back.
//!
//! A scan page shows the code's count including scans not yet written: the database count
//! plus this queue's. The two are read consistently thanks to per-code versions (`stripes`,
//! codes hashed onto 65,536 counters): a write makes the counters of the codes it carries
//! odd while it is in progress and even again when done, and forgetting a code moves its
//! counter on. A read that saw the same even counter before and after its database read
//! knows no write of that code started or finished in between, however busy the writer is
//! with other codes.
//!
//! Such a consistent read is remembered (`known`): the row as read plus every scan of the
//! code this process records afterwards gives its count without reading the row again, so
//! a busy scan path reads each code's row once per time to live: `scans.cache_ttl_secs` on
//! PostgreSQL, where other instances' scans show after it; never again on SQLite, whose
//! only writer of code rows is this process. A PIN check changes the row, so it forgets
//! the code ([`Recorder::forget`]).
//!
//! Most scans are a code's first, and its row does not exist yet. So per batch the
//! recorder also keeps which codes have a row (`rows`, a bit per code, loaded by one
//! range read of the primary key): a code without one counts only its scans not yet
//! written, with no read at all. The sets are complete: a set is installed only if no
//! write finished while it was read (`writes_done`), and every write that finishes sets
//! the bits of the codes it wrote in the installed sets, in the same critical section
//! that takes its scans off the queue. On PostgreSQL a set is read again after
//! `scans.cache_ttl_secs`, which bounds how long another instance's first scans of a code
//! go unseen.
//!
//! Layout: this file holds the recorder's state and the scan path's calls; [`queue`] the
//! queue's bookkeeping and lookups, [`rows`] the per-batch row sets, [`pace`] when writes
//! start and backpressure, [`flush`] the write itself and the writer task. Times are
//! tokio's, so tests run on a paused clock.

mod flush;
mod pace;
mod queue;
mod rows;
#[cfg(test)]
mod tests;

pub use flush::spawn_writer;

use chrono::{DateTime, Utc};
use rongma_store::{CodeState, NewScanEvent};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::sync::atomic::AtomicU64;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// The most codes remembered at once; past it the memory starts over (each entry is
/// about 200 bytes, so this bounds it near 50 MB).
const MAX_KNOWN: usize = 250_000;

/// The most bits of row sets kept at once (16 MiB); past it the sets start over.
const MAX_ROW_BITS: u64 = 1 << 27;

/// Which codes of one batch have a row.
struct RowSet {
    last: i64,
    bits: Vec<u64>,
    loaded: Instant,
}

/// A code's row as read consistently, plus the scans recorded since.
struct Known {
    base: CodeState,
    since: i64,
    since_first_at: Option<DateTime<Utc>>,
    read_at: Instant,
}

/// A scan waiting to be written, with what the flag rules need.
#[derive(Debug, Clone)]
pub struct PendingScan {
    pub event: NewScanEvent,
    pub enterprise_id: Option<i64>,
}

#[derive(Default)]
struct Queue {
    pending: Vec<PendingScan>,
    /// Per code: scans in `pending` and in the write in progress, and the first one's time.
    counts: HashMap<i64, (i64, DateTime<Utc>)>,
    in_flight: HashMap<i64, (i64, DateTime<Utc>)>,
    dropped: u64,
    /// When the oldest scan in `pending`, and in the write in progress, was queued.
    pending_since: Option<Instant>,
    in_flight_since: Option<Instant>,
    known: HashMap<i64, Known>,
    /// Per-code versions (see the module's documentation), empty until the first write.
    stripes: Vec<u32>,
    /// Row sets by their batch's first code.
    rows: BTreeMap<i64, RowSet>,
    row_bits: u64,
    /// Batches whose set is being read.
    rows_loading: HashSet<i64>,
    /// Writes of code rows finished (scans and PIN checks).
    writes_done: u64,
    /// The last write's queue and counts, emptied, for the next ones to fill: they keep
    /// their room, so recording does not grow them from nothing after every write.
    spare_pending: Vec<PendingScan>,
    spare_counts: HashMap<i64, (i64, DateTime<Utc>)>,
}

/// What [`Recorder::row_lookup`] found.
#[derive(Debug, Clone, Copy)]
pub enum RowLookup {
    /// The code has no row: its count is these scans not yet written.
    Absent(Unwritten),
    /// The code has a row, to read.
    Present,
    /// The batch's set is missing or old: whoever gets `Some` reads it and calls
    /// [`Recorder::install_rows`] with this token; `None` means another scan is reading it.
    Unknown(Option<RowsToken>),
}

/// Taken before reading a batch's row set, for [`Recorder::install_rows`].
#[derive(Debug, Clone, Copy)]
pub struct RowsToken {
    writes_done: u64,
}

/// A code's count as remembered: see [`Recorder::known`].
#[derive(Debug, Clone)]
pub struct Remembered {
    pub row: CodeState,
    pub since: i64,
    pub since_first_at: Option<DateTime<Utc>>,
    /// Read within the time to live. An older entry is still exact for this process's
    /// scans; it only misses other instances' since it was read.
    pub fresh: bool,
}

/// What [`Recorder::remember`] needs to know about the time before a database read.
#[derive(Debug, Clone, Copy)]
pub struct Before {
    version: u32,
}

/// What [`Recorder::look`] found.
#[derive(Debug, Clone)]
pub enum Look {
    /// Remembered within the time to live.
    Fresh(Remembered),
    /// The code has no row: its count is these scans not yet written.
    Absent(Unwritten),
    /// The row is to be read. `stale`: an entry remembered longer than the time to live
    /// (exact for this process's scans); `rows`: the batch's row set's answer, `None` for
    /// a code of no batch.
    Read {
        stale: Option<Remembered>,
        rows: Option<RowLookup>,
    },
}

pub struct Recorder {
    queue: Mutex<Queue>,
    /// When the oldest unwritten scan was queued, as nanoseconds after `epoch` plus one
    /// (0: none): the queue's `pending_since` and `in_flight_since` as every scan's
    /// [`Self::keep_up`] reads them, without taking the queue's lock.
    oldest: AtomicU64,
    epoch: Instant,
    wake: Notify,
    /// Told after every write.
    written: Notify,
    flush_at: usize,
    max_pending: usize,
    /// One write at a time (the writer task, shutdown and tests all flush).
    writing: tokio::sync::Mutex<()>,
}

/// Not-yet-written scans of one code.
#[derive(Debug, Clone, Copy)]
pub struct Unwritten {
    pub count: i64,
    pub first_at: Option<DateTime<Utc>>,
}

impl Recorder {
    pub fn new(flush_at: usize, max_pending: usize) -> Self {
        Self {
            queue: Mutex::new(Queue::default()),
            oldest: AtomicU64::new(0),
            epoch: Instant::now(),
            wake: Notify::new(),
            written: Notify::new(),
            flush_at,
            max_pending,
            writing: tokio::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a scan; never waits for the database.
    pub fn record(&self, scan: PendingScan) {
        self.record_in(&mut self.lock(), scan);
    }

    fn record_in(&self, q: &mut Queue, scan: PendingScan) {
        if q.pending.len() >= self.max_pending {
            q.dropped += 1;
            return;
        }
        if let Some(seq) = scan.event.seq {
            let e = q.counts.entry(seq).or_insert((0, scan.event.at));
            e.0 += 1;
            if let Some(k) = q.known.get_mut(&seq) {
                k.since += 1;
                k.since_first_at.get_or_insert(scan.event.at);
            }
        }
        if q.pending_since.is_none() {
            q.pending_since = Some(Instant::now());
            self.publish(q);
        }
        q.pending.push(scan);
        if q.pending.len() >= self.flush_at {
            self.wake.notify_one();
        }
    }

    /// Queues a scan of `seq` and looks up its count, under one acquisition of the lock
    /// (the scan path's only one when the answer needs no database read): see
    /// [`Self::look`].
    pub fn record_and_look(
        &self,
        scan: PendingScan,
        batch: Option<(i64, i64)>,
        ttl: Duration,
    ) -> Look {
        let seq = scan.event.seq;
        let mut q = self.lock();
        self.record_in(&mut q, scan);
        match seq {
            Some(seq) => queue::look_in(&mut q, seq, batch, ttl),
            None => Look::Read {
                stale: None,
                rows: None,
            },
        }
    }

    /// What is known of the count of `seq` (of the batch whose codes run from `first` to
    /// `last`, if any) without reading the database: remembered within `ttl`, or known to
    /// have no row; else what the caller needs to read it.
    pub fn look(&self, seq: i64, batch: Option<(i64, i64)>, ttl: Duration) -> Look {
        queue::look_in(&mut self.lock(), seq, batch, ttl)
    }

    /// The remembered count of `seq`: its row as read and the scans recorded since (count,
    /// first time), and whether it is fresher than `ttl`.
    pub fn known(&self, seq: i64, ttl: Duration) -> Option<Remembered> {
        queue::known_in(&self.lock(), seq, ttl)
    }

    /// Taken before reading the row of `seq`, for [`Self::remember`].
    pub fn before(&self, seq: i64) -> Before {
        Before {
            version: self.lock().version(seq),
        }
    }

    /// After reading `state` (the row of `seq`): when no write of the code was in progress
    /// or finished and it was not forgotten since `before`, the read is consistent with
    /// the queue. Then it is remembered and the scans not yet written are returned, to add
    /// to it.
    pub fn remember(&self, seq: i64, before: Before, state: &CodeState) -> Option<Unwritten> {
        let mut q = self.lock();
        let now = q.version(seq);
        if now != before.version || !now.is_multiple_of(2) {
            return None;
        }
        let u = queue::unwritten_of(&q, seq);
        if q.known.len() >= MAX_KNOWN {
            q.known.clear();
        }
        q.known.insert(
            seq,
            Known {
                base: queue::counted(state),
                since: u.count,
                since_first_at: u.first_at,
                read_at: Instant::now(),
            },
        );
        Some(u)
    }

    /// Forgets what is remembered of `seq`: its row changed other than by plain scans (a
    /// PIN check), and it has a row now.
    pub fn forget(&self, seq: i64) {
        let mut q = self.lock();
        q.known.remove(&seq);
        q.bump(std::iter::once(&seq), 2);
        q.mark_row(seq);
        q.writes_done += 1;
    }

    #[cfg(test)]
    fn pending_len(&self) -> usize {
        self.lock().pending.len()
    }

    pub fn unwritten(&self, seq: i64) -> Unwritten {
        queue::unwritten_of(&self.lock(), seq)
    }
}
