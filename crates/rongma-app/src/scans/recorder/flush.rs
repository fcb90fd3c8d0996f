//! Writing the queue: take what is waiting, write it in one transaction, then settle —
//! remember the rows a successful write committed, or put a failed write's scans back.

use super::{queue, Known, PendingScan, Queue, Recorder, MAX_KNOWN};
use crate::scans::rules;
use chrono::{DateTime, Utc};
use rongma_store::Store;
use rongma_store::{CodeState, StoreError, StoreResult};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Per code: how many of its scans a write carries, and the first one's time.
type Counts = HashMap<i64, (i64, DateTime<Utc>)>;

/// What a write took off the queue.
struct Taken {
    batch: Vec<PendingScan>,
    /// Each code's version while the write is in progress.
    versions: Vec<(i64, u32)>,
}

impl Recorder {
    /// Writes everything queued in one transaction. On failure the scans go back to the
    /// front of the queue (as far as it has room) and the error is logged.
    pub async fn flush(&self, store: &dyn Store, rules: &rules::Rules) {
        self.flush_with(async |batch: &[PendingScan]| rules::write_scans(store, batch, rules).await)
            .await
    }

    /// [`Self::flush`] with `write` writing the batch and returning the rows it wrote.
    pub(super) async fn flush_with(
        &self,
        write: impl AsyncFnOnce(&[PendingScan]) -> StoreResult<Vec<CodeState>>,
    ) {
        let _one = self.writing.lock().await;
        let _told = Told(&self.written);
        let Some(taken) = self.take() else { return };
        let started = Instant::now();
        match write(&taken.batch).await {
            Ok(rows) => {
                self.succeeded(taken, &rows);
                tracing::debug!(
                    ms = started.elapsed().as_secs_f64() * 1e3,
                    rows = rows.len(),
                    "scan events written"
                );
            }
            Err(e) => self.failed(taken.batch, &e),
        }
    }

    /// Moves the queue to the write in progress: its codes' versions turn odd.
    fn take(&self) -> Option<Taken> {
        let mut q = self.lock();
        if q.pending.is_empty() {
            return None;
        }
        q.in_flight_since = q.pending_since.take();
        self.publish(&q);
        let spare = std::mem::take(&mut q.spare_counts);
        let counts = std::mem::replace(&mut q.counts, spare);
        q.bump(counts.keys(), 1);
        let versions = counts.keys().map(|s| (*s, q.version(*s))).collect();
        q.in_flight = counts;
        let spare = std::mem::take(&mut q.spare_pending);
        let batch = std::mem::replace(&mut q.pending, spare);
        let dropped = std::mem::take(&mut q.dropped);
        drop(q);
        if dropped > 0 {
            tracing::warn!(dropped, "scan events were not recorded: the queue was full");
        }
        Some(Taken { batch, versions })
    }

    /// Ends the write in progress, however it went: its codes' versions turn even again.
    /// Returns its counts and when its oldest scan was queued.
    fn end_write(&self, q: &mut Queue) -> (Counts, Option<Instant>) {
        let in_flight = std::mem::take(&mut q.in_flight);
        let since = q.in_flight_since.take();
        self.publish(q);
        q.bump(in_flight.keys(), 1);
        q.writes_done += 1;
        (in_flight, since)
    }

    /// Remembers the rows the write committed (with the scans queued since) and marks
    /// its codes as having rows.
    fn succeeded(&self, taken: Taken, rows: &[CodeState]) {
        // The rows with their codes' versions while written, prepared before taking the
        // lock that every scan waits for.
        let versions: HashMap<i64, u32> = taken.versions.into_iter().collect();
        let written: Vec<(u32, CodeState)> = rows
            .iter()
            .filter_map(|r| versions.get(&r.seq).map(|v| (*v, queue::counted(r))))
            .collect();
        let mut q = self.lock();
        // Kept when nothing else changed the code since the write began (no PIN check
        // forgot it), checked before the versions move on.
        let unchanged: Vec<CodeState> = written
            .into_iter()
            .filter(|(version, row)| q.version(row.seq) == *version)
            .map(|(_, row)| row)
            .collect();
        let (mut in_flight, _) = self.end_write(&mut q);
        for seq in in_flight.keys() {
            q.mark_row(*seq);
        }
        let now = Instant::now();
        if q.known.len() + unchanged.len() > MAX_KNOWN {
            q.known.clear();
        }
        for row in unchanged {
            let (since, since_first_at) = q
                .counts
                .get(&row.seq)
                .map_or((0, None), |(n, at)| (*n, Some(*at)));
            q.known.insert(
                row.seq,
                Known {
                    base: row,
                    since,
                    since_first_at,
                    read_at: now,
                },
            );
        }
        // Emptied outside the lock (dropping the scans frees their text), then kept for
        // the next write unless an outage made them far larger than a usual one.
        drop(q);
        let (mut batch, limit) = (taken.batch, self.flush_at.saturating_mul(2));
        batch.clear();
        in_flight.clear();
        if batch.capacity() <= limit && in_flight.capacity() <= limit {
            let mut q = self.lock();
            q.spare_pending = batch;
            q.spare_counts = in_flight;
        }
    }

    /// Puts a failed write's scans back at the front of the queue, as far as it has room.
    fn failed(&self, batch: Vec<PendingScan>, e: &StoreError) {
        tracing::error!(error = %e, events = batch.len(), "writing scan events failed; will retry");
        let mut q = self.lock();
        let (in_flight, in_flight_since) = self.end_write(&mut q);
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
