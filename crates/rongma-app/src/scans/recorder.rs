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

use super::rules;
use chrono::{DateTime, Utc};
use rongma_store::CodeState;
use rongma_store::{NewScanEvent, Store};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

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

impl RowSet {
    fn has(&self, start: i64, seq: i64) -> bool {
        let i = (seq - start) as usize;
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn set(&mut self, start: i64, seq: i64) {
        let i = (seq - start) as usize;
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}

/// What a remembered row keeps: everything a scan page shows, not the networks the
/// code was scanned from (only the rules need them, and a page copies its row).
fn counted(row: &CodeState) -> CodeState {
    CodeState {
        scan_networks: Vec::new(),
        pin_networks: row.pin_networks.clone(),
        ..*row
    }
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

const STRIPES: usize = 1 << 16;

fn stripe(seq: i64) -> usize {
    (seq as u64 as usize) & (STRIPES - 1)
}

impl Queue {
    fn bump<'a>(&mut self, seqs: impl Iterator<Item = &'a i64>, by: u32) {
        if self.stripes.is_empty() {
            self.stripes = vec![0; STRIPES];
        }
        for seq in seqs {
            let v = &mut self.stripes[stripe(*seq)];
            *v = v.wrapping_add(by);
        }
    }

    fn version(&self, seq: i64) -> u32 {
        self.stripes.get(stripe(seq)).copied().unwrap_or(0)
    }

    /// Marks that `seq` has a row now, in the set covering it.
    fn mark_row(&mut self, seq: i64) {
        if let Some((start, set)) = self.rows.range_mut(..=seq).next_back() {
            if seq <= set.last {
                set.set(*start, seq);
            }
        }
    }
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

    /// Stores the queue's oldest unwritten scan in `oldest`; called under the lock after
    /// every change of `pending_since` or `in_flight_since`.
    fn publish(&self, q: &Queue) {
        let oldest = [q.pending_since, q.in_flight_since]
            .into_iter()
            .flatten()
            .min()
            .map_or(0, |t| {
                t.saturating_duration_since(self.epoch).as_nanos() as u64 + 1
            });
        self.oldest.store(oldest, Ordering::Release);
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
            Some(seq) => look_in(&mut q, seq, batch, ttl),
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
        look_in(&mut self.lock(), seq, batch, ttl)
    }

    /// The remembered count of `seq`: its row as read and the scans recorded since (count,
    /// first time), and whether it is fresher than `ttl`.
    pub fn known(&self, seq: i64, ttl: Duration) -> Option<Remembered> {
        known_in(&self.lock(), seq, ttl)
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
        let u = unwritten_of(&q, seq);
        if q.known.len() >= MAX_KNOWN {
            q.known.clear();
        }
        q.known.insert(
            seq,
            Known {
                base: counted(state),
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

    #[cfg(test)]
    fn pending_len(&self) -> usize {
        self.lock().pending.len()
    }

    pub fn unwritten(&self, seq: i64) -> Unwritten {
        unwritten_of(&self.lock(), seq)
    }

    /// How long the oldest scan not yet written has waited (read without the lock).
    fn backlog_age(&self) -> Duration {
        match self.oldest.load(Ordering::Acquire) {
            0 => Duration::ZERO,
            n => (self.epoch + Duration::from_nanos(n - 1)).elapsed(),
        }
    }

    /// Backpressure: while the oldest unwritten scan is older than `limit` (the writer has
    /// fallen behind, so the crash-loss window has grown past it), waits for writes to
    /// catch up, at most `max_wait`. Scans then slow down to the pace the database can
    /// write instead of piling up in memory.
    pub async fn keep_up(&self, limit: Duration, max_wait: Duration) {
        // Nearly always: no backlog, and no waiter is registered with `written` (whose
        // list every scan would otherwise lock twice).
        if self.backlog_age() <= limit {
            return;
        }
        let deadline = Instant::now() + max_wait;
        loop {
            let written = self.written.notified();
            tokio::pin!(written);
            written.as_mut().enable();
            if self.backlog_age() <= limit {
                return;
            }
            self.wake.notify_one();
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || tokio::time::timeout(left, written).await.is_err() {
                return;
            }
        }
    }

    /// Waits until a write is due: `flush_max_events` scans are waiting, the oldest
    /// waiting scan is half `interval` old, or `interval` passed. Under load the age sets
    /// the batch size on a slower machine, the count on a faster one; either way a write
    /// starts before its oldest scan is older than half the interval.
    pub async fn due(&self, interval: Duration) {
        let deadline = Instant::now() + interval;
        loop {
            let woken = self.wake.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let until = match self.oldest.load(Ordering::Acquire) {
                0 => deadline,
                n => (self.epoch + Duration::from_nanos(n - 1) + interval / 2).min(deadline),
            };
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || tokio::time::timeout(left, woken).await.is_ok() {
                return;
            }
        }
    }

    /// Writes everything queued in one transaction. On failure the scans go back to the
    /// front of the queue (as far as it has room) and the error is logged.
    pub async fn flush(&self, store: &dyn Store, rules: &rules::Rules) {
        self.flush_with(async |batch: &[PendingScan]| rules::write_scans(store, batch, rules).await)
            .await
    }

    /// [`Self::flush`] with `write` writing the batch and returning the rows it wrote.
    async fn flush_with(
        &self,
        write: impl AsyncFnOnce(&[PendingScan]) -> rongma_store::StoreResult<Vec<CodeState>>,
    ) {
        let _one = self.writing.lock().await;
        let _told = Told(&self.written);
        let (batch, dropped, versions) = {
            let mut q = self.lock();
            if q.pending.is_empty() {
                return;
            }
            q.in_flight_since = q.pending_since.take();
            self.publish(&q);
            let spare = std::mem::take(&mut q.spare_counts);
            let counts = std::mem::replace(&mut q.counts, spare);
            q.bump(counts.keys(), 1);
            let versions: Vec<(i64, u32)> = counts.keys().map(|s| (*s, q.version(*s))).collect();
            q.in_flight = counts;
            let spare = std::mem::take(&mut q.spare_pending);
            (
                std::mem::replace(&mut q.pending, spare),
                std::mem::take(&mut q.dropped),
                versions,
            )
        };
        if dropped > 0 {
            tracing::warn!(dropped, "scan events were not recorded: the queue was full");
        }
        let started = Instant::now();
        let result = write(&batch).await;
        // Rows written by this write, as committed, with their codes' versions while it
        // was written: prepared before taking the lock, which every scan waits for.
        let written: Vec<(u32, CodeState)> = match &result {
            Ok(rows) => {
                let versions: HashMap<i64, u32> = versions.into_iter().collect();
                rows.iter()
                    .filter_map(|r| versions.get(&r.seq).map(|v| (*v, counted(r))))
                    .collect()
            }
            Err(_) => Vec::new(),
        };
        let mut q = self.lock();
        // Kept when nothing else changed the code since the write began (no PIN check
        // forgot it), checked before the versions move on below.
        let unchanged: Vec<CodeState> = written
            .into_iter()
            .filter(|(version, row)| q.version(row.seq) == *version)
            .map(|(_, row)| row)
            .collect();
        let mut in_flight = std::mem::take(&mut q.in_flight);
        let in_flight_since = q.in_flight_since.take();
        self.publish(&q);
        q.bump(in_flight.keys(), 1);
        q.writes_done += 1;
        match result {
            Ok(_) => {
                for seq in in_flight.keys() {
                    q.mark_row(*seq);
                }
                let now = Instant::now();
                if q.known.len() + unchanged.len() > MAX_KNOWN {
                    q.known.clear();
                }
                // Remembered with the scans queued since.
                for row in unchanged {
                    let (count, first_at) = q
                        .counts
                        .get(&row.seq)
                        .map_or((0, None), |(n, at)| (*n, Some(*at)));
                    q.known.insert(
                        row.seq,
                        Known {
                            base: row,
                            since: count,
                            since_first_at: first_at,
                            read_at: now,
                        },
                    );
                }
                tracing::debug!(
                    events = batch.len(),
                    ms = started.elapsed().as_secs_f64() * 1e3,
                    "scan events written"
                );
                // Emptied outside the lock (dropping the scans frees their text), then
                // kept unless an outage made them far larger than a usual write.
                drop(q);
                let (mut batch, limit) = (batch, self.flush_at.saturating_mul(2));
                batch.clear();
                in_flight.clear();
                let mut q = self.lock();
                if batch.capacity() <= limit && in_flight.capacity() <= limit {
                    q.spare_pending = batch;
                    q.spare_counts = in_flight;
                }
            }
            Err(e) => {
                tracing::error!(error = %e, events = batch.len(), "writing scan events failed; will retry");
                // Scans that do not fit back are lost: start the remembered counts over.
                q.known.clear();
                for (seq, (n, at)) in in_flight {
                    let e = q.counts.entry(seq).or_insert((0, at));
                    e.0 += n;
                    e.1 = e.1.min(at);
                }
                q.pending_since = match (in_flight_since, q.pending_since) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                self.publish(&q);
                let room = self.max_pending.saturating_sub(q.pending.len());
                let mut back: Vec<PendingScan> = batch.into_iter().take(room).collect();
                back.append(&mut q.pending);
                q.pending = back;
            }
        }
    }
}

/// Tells the waiters of [`Recorder::keep_up`] when a write ends, however it ends.
struct Told<'a>(&'a Notify);

impl Drop for Told<'_> {
    fn drop(&mut self) {
        self.0.notify_waiters();
    }
}

/// The writer task: flushes when due until the recorder is dropped by its app.
pub fn spawn_writer(
    recorder: std::sync::Weak<Recorder>,
    store: Arc<dyn Store>,
    rules: rules::Rules,
    interval: std::time::Duration,
) {
    tokio::spawn(async move {
        loop {
            let Some(r) = recorder.upgrade() else { return };
            r.due(interval).await;
            r.flush(store.as_ref(), &rules).await;
        }
    });
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

fn known_in(q: &Queue, seq: i64, ttl: Duration) -> Option<Remembered> {
    let k = q.known.get(&seq)?;
    Some(Remembered {
        row: k.base.clone(),
        since: k.since,
        since_first_at: k.since_first_at,
        // Forever (SQLite) needs no clock.
        fresh: ttl == Duration::MAX || k.read_at.elapsed() < ttl,
    })
}

fn look_in(q: &mut Queue, seq: i64, batch: Option<(i64, i64)>, ttl: Duration) -> Look {
    let known = match known_in(q, seq, ttl) {
        Some(k) if k.fresh => return Look::Fresh(k),
        known => known,
    };
    let rows = batch.map(|(first, last)| row_lookup_in(q, seq, first, last, ttl));
    if let Some(RowLookup::Absent(u)) = rows {
        return Look::Absent(u);
    }
    Look::Read { stale: known, rows }
}

fn row_lookup_in(q: &mut Queue, seq: i64, first: i64, last: i64, ttl: Duration) -> RowLookup {
    if let Some(set) = q.rows.get(&first) {
        if set.last == last && (ttl == Duration::MAX || set.loaded.elapsed() < ttl) {
            return if set.has(first, seq) {
                RowLookup::Present
            } else {
                RowLookup::Absent(unwritten_of(q, seq))
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

fn unwritten_of(q: &Queue, seq: i64) -> Unwritten {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(seq: i64, at: DateTime<Utc>) -> PendingScan {
        PendingScan {
            event: NewScanEvent {
                at,
                seq: Some(seq),
                serial: None,
                batch_id: Some(1),
                kind: "scan",
                outcome: "valid",
                network: "n".into(),
                ua_family: "other",
                channel: "page",
            },
            enterprise_id: Some(1),
        }
    }

    #[test]
    fn remembered_counts_add_later_scans_and_forget_on_pin_checks() {
        let r = Recorder::new(1000, 10_000);
        let t0 = Utc::now();
        let ttl = Duration::from_secs(60);
        // One scan queued before the row is read: it is not in the row, so it counts.
        r.record(scan(7, t0));
        let before = r.before(7);
        let row = CodeState {
            seq: 7,
            scan_count: 3,
            ..CodeState::default()
        };
        let u = r
            .remember(7, before, &row)
            .expect("a quiet read is consistent");
        assert_eq!(u.count, 1);
        r.record(scan(7, t0));
        r.record(scan(8, t0));
        let k = r.known(7, ttl).expect("remembered");
        assert_eq!(
            (k.row.scan_count, k.since, k.since_first_at, k.fresh),
            (3, 2, Some(t0), true)
        );
        assert!(r.known(8, ttl).is_none());
        assert!(
            !r.known(7, Duration::ZERO).unwrap().fresh,
            "older than its time to live"
        );

        // A PIN check forgets the code, and a read that overlapped it is not kept.
        let before = r.before(7);
        let other = r.before(9);
        r.forget(7);
        assert!(r.known(7, ttl).is_none());
        assert!(r.remember(7, before, &row).is_none());
        assert!(r.remember(7, r.before(7), &row).is_some());
        // Forgetting one code does not disturb a read of another.
        assert!(r.remember(9, other, &row).is_some());
    }

    #[test]
    fn row_sets_answer_first_scans_and_are_refused_when_a_write_overlaps_their_read() {
        let r = Recorder::new(1000, 10_000);
        let ttl = Duration::from_secs(60);
        let t0 = Utc::now();
        // Nothing known: the first caller reads the set, the others read rows meanwhile.
        let RowLookup::Unknown(Some(token)) = r.row_lookup(105, 100, 199, ttl) else {
            panic!("the first lookup should read the set");
        };
        assert!(matches!(
            r.row_lookup(105, 100, 199, ttl),
            RowLookup::Unknown(None)
        ));
        // A PIN check finishing during the read: the set may miss its row.
        r.forget(150);
        assert!(!r.install_rows(100, 199, Some(&[101, 180]), token));
        let RowLookup::Unknown(Some(token)) = r.row_lookup(105, 100, 199, ttl) else {
            panic!("a refused set is read again");
        };
        assert!(r.install_rows(100, 199, Some(&[101, 150, 180, 999]), token));
        for seq in [101, 150, 180] {
            assert!(matches!(
                r.row_lookup(seq, 100, 199, ttl),
                RowLookup::Present
            ));
        }
        // No row: the count is the scans not yet written, with no read.
        r.record(scan(105, t0));
        r.record(scan(105, t0));
        match r.row_lookup(105, 100, 199, ttl) {
            RowLookup::Absent(u) => assert_eq!((u.count, u.first_at), (2, Some(t0))),
            other => panic!("105 has no row: {other:?}"),
        }
        // A later PIN check gives a code its row; another batch is untouched.
        r.forget(106);
        assert!(matches!(
            r.row_lookup(106, 100, 199, ttl),
            RowLookup::Present
        ));
        assert!(matches!(
            r.row_lookup(250, 200, 299, ttl),
            RowLookup::Unknown(Some(_))
        ));
        // An old set is read again; a failed read leaves none behind.
        let RowLookup::Unknown(Some(token)) = r.row_lookup(105, 100, 199, Duration::ZERO) else {
            panic!("an expired set is read again");
        };
        assert!(!r.install_rows(100, 199, None, token));
        assert!(matches!(
            r.row_lookup(105, 100, 199, Duration::ZERO),
            RowLookup::Unknown(Some(_))
        ));
    }

    #[test]
    fn recording_and_looking_up_under_one_lock_counts_the_scan_just_recorded() {
        let r = Recorder::new(1000, 10_000);
        let ttl = Duration::from_secs(60);
        let t0 = Utc::now();
        // No set for the batch yet: the caller is told to read it (and the row).
        match r.record_and_look(scan(5, t0), Some((1, 100)), ttl) {
            Look::Read {
                stale: None,
                rows: Some(RowLookup::Unknown(Some(token))),
            } => assert!(r.install_rows(1, 100, Some(&[6]), token)),
            other => panic!("nothing is known yet: {other:?}"),
        }
        // A code without a row: its queued scans, this one included.
        match r.record_and_look(scan(5, t0), Some((1, 100)), ttl) {
            Look::Absent(u) => assert_eq!((u.count, u.first_at), (2, Some(t0))),
            other => panic!("5 has no row: {other:?}"),
        }
        // A code with a row: read it, then it is remembered with the scans since.
        let Look::Read {
            stale: None,
            rows: Some(RowLookup::Present),
        } = r.record_and_look(scan(6, t0), Some((1, 100)), ttl)
        else {
            panic!("6 has a row to read");
        };
        let row = CodeState {
            seq: 6,
            scan_count: 4,
            ..CodeState::default()
        };
        assert_eq!(r.remember(6, r.before(6), &row).map(|u| u.count), Some(1));
        match r.record_and_look(scan(6, t0), Some((1, 100)), ttl) {
            Look::Fresh(k) => assert_eq!((k.row.scan_count, k.since), (4, 2)),
            other => panic!("6 is remembered: {other:?}"),
        }
        // Past its time to live the entry comes back as stale, beside the set's answer.
        match r.look(6, Some((1, 100)), Duration::ZERO) {
            Look::Read {
                stale: Some(k),
                rows: Some(RowLookup::Unknown(Some(_))),
            } => assert_eq!(k.since, 2),
            other => panic!("6 is remembered but old: {other:?}"),
        }
        // A code of no batch has no set to ask.
        assert!(matches!(
            r.look(500, None, ttl),
            Look::Read {
                stale: None,
                rows: None
            }
        ));
        assert_eq!(r.pending_len(), 4);
    }

    // Paused tokio time: a wait that ends by its timeout moves the tokio clock on, one that
    // ends at once does not. (The recorder's ages are real time.)
    #[tokio::test(start_paused = true)]
    async fn a_write_is_due_when_the_oldest_scan_is_half_the_interval_old_or_enough_wait() {
        let r = Recorder::new(1000, 10_000);
        r.record(scan(7, Utc::now()));
        std::thread::sleep(Duration::from_millis(30));
        let t = tokio::time::Instant::now();
        r.due(Duration::from_millis(40)).await;
        assert_eq!(t.elapsed(), Duration::ZERO, "the oldest scan is past 20 ms");

        let r = Recorder::new(2, 10_000);
        r.record(scan(7, Utc::now()));
        r.record(scan(8, Utc::now()));
        r.due(Duration::from_secs(3600)).await;
        assert_eq!(t.elapsed(), Duration::ZERO, "two scans are enough");
    }

    #[tokio::test]
    async fn a_row_changed_by_a_pin_check_during_a_write_is_not_remembered_from_it() {
        let r = Recorder::new(1000, 10_000);
        let ttl = Duration::from_secs(60);
        let t0 = Utc::now();
        r.record(scan(7, t0));
        r.record(scan(8, t0));
        let row = |seq| CodeState {
            seq,
            scan_count: 1,
            ..CodeState::default()
        };
        r.flush_with(async |_: &[PendingScan]| {
            r.forget(8);
            Ok(vec![row(7), row(8)])
        })
        .await;
        assert!(r.known(7, ttl).is_some(), "7 is remembered as written");
        assert!(
            r.known(8, ttl).is_none(),
            "8 changed after the write read it: its row is read again"
        );
    }

    #[tokio::test]
    async fn a_write_remembers_its_rows_and_a_backlog_holds_scans_back_until_written() {
        let r = Recorder::new(1000, 10_000);
        let ttl = Duration::from_secs(60);
        let t0 = Utc::now();
        let RowLookup::Unknown(Some(token)) = r.row_lookup(7, 1, 100, ttl) else {
            panic!("no set yet");
        };
        assert!(r.install_rows(1, 100, Some(&[]), token));
        r.record(scan(7, t0));
        r.record(scan(7, t0));
        let limit = Duration::from_millis(20);
        // A young backlog does not hold anyone back.
        tokio::time::timeout(
            Duration::from_secs(5),
            r.keep_up(limit, Duration::from_secs(5)),
        )
        .await
        .expect("a young backlog does not wait");
        tokio::time::sleep(limit * 2).await;
        // An old one does, until a write ends.
        let r = Arc::new(r);
        let waiting = tokio::spawn({
            let r = r.clone();
            async move { r.keep_up(limit, Duration::from_secs(30)).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "scans wait while the writer is behind"
        );
        r.flush_with(async |batch: &[PendingScan]| {
            assert_eq!(batch.len(), 2);
            // A scan arriving while the batch is written counts on top of the row.
            r.record(scan(7, t0));
            Ok(vec![CodeState {
                seq: 7,
                scan_count: 2,
                first_scan_at: Some(t0),
                ..CodeState::default()
            }])
        })
        .await;
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("a finished write lets waiting scans go")
            .unwrap();
        // The row as written is remembered, with the scan queued since.
        let k = r.known(7, ttl).expect("the written row is remembered");
        assert_eq!((k.row.scan_count, k.since), (2, 1));
        assert!(matches!(r.row_lookup(7, 1, 100, ttl), RowLookup::Present));
        // A failed write remembers nothing new and keeps the scans.
        r.flush_with(async |_: &[PendingScan]| {
            Err(rongma_store::StoreError::Corrupt("test".into()))
        })
        .await;
        assert!(
            r.known(7, ttl).is_none(),
            "a failed write starts memory over"
        );
        assert_eq!(r.unwritten(7).count, 1);
    }
}
