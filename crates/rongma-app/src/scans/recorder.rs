//! Plain scans, written in batches (group commit): a scan is appended to a queue in
//! memory and answered at once; a writer task writes the queue in one transaction every
//! `scans.flush_interval_ms` (≤ 1 s) or as soon as `scans.flush_max_events` are waiting.
//! A crash loses at most the scans of the last interval; a failed write puts them back.
//!
//! A scan page shows the code's count including scans not yet written: the database count
//! plus this queue's. The two are read consistently thanks to `generation`, which is odd
//! while a write is in progress: a page that saw the same even generation before and after
//! its database read knows no write started or finished in between.

use super::rules;
use chrono::{DateTime, Utc};
use rongma_store::{NewScanEvent, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

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
    generation: u64,
    dropped: u64,
}

pub struct Recorder {
    queue: Mutex<Queue>,
    wake: Notify,
    flush_at: usize,
    max_pending: usize,
    /// One write at a time (the writer task, shutdown and tests all flush).
    writing: tokio::sync::Mutex<()>,
}

/// Not-yet-written scans of one code, read with the generation they belong to.
#[derive(Debug, Clone, Copy)]
pub struct Unwritten {
    pub generation: u64,
    pub count: i64,
    pub first_at: Option<DateTime<Utc>>,
}

impl Recorder {
    pub fn new(flush_at: usize, max_pending: usize) -> Self {
        Self {
            queue: Mutex::new(Queue::default()),
            wake: Notify::new(),
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
        let mut q = self.lock();
        if q.pending.len() >= self.max_pending {
            q.dropped += 1;
            return;
        }
        if let Some(seq) = scan.event.seq {
            let e = q.counts.entry(seq).or_insert((0, scan.event.at));
            e.0 += 1;
        }
        q.pending.push(scan);
        if q.pending.len() >= self.flush_at {
            self.wake.notify_one();
        }
    }

    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    pub fn unwritten(&self, seq: i64) -> Unwritten {
        let q = self.lock();
        let (mut count, mut first_at) = (0, None);
        for (n, at) in [q.counts.get(&seq), q.in_flight.get(&seq)]
            .into_iter()
            .flatten()
        {
            count += n;
            first_at = Some(first_at.map_or(*at, |f: DateTime<Utc>| f.min(*at)));
        }
        Unwritten {
            generation: q.generation,
            count,
            first_at,
        }
    }

    /// Waits until a write is due: the interval passed or enough scans are waiting.
    pub async fn due(&self, interval: std::time::Duration) {
        let _ = tokio::time::timeout(interval, self.wake.notified()).await;
    }

    /// Writes everything queued in one transaction. On failure the scans go back to the
    /// front of the queue (as far as it has room) and the error is logged.
    pub async fn flush(&self, store: &dyn Store, rules: &rules::Rules) {
        let _one = self.writing.lock().await;
        let (batch, dropped) = {
            let mut q = self.lock();
            if q.pending.is_empty() {
                return;
            }
            q.generation += 1;
            let counts = std::mem::take(&mut q.counts);
            q.in_flight = counts;
            (
                std::mem::take(&mut q.pending),
                std::mem::take(&mut q.dropped),
            )
        };
        if dropped > 0 {
            tracing::warn!(dropped, "scan events were not recorded: the queue was full");
        }
        let result = rules::write_scans(store, &batch, rules).await;
        let mut q = self.lock();
        let in_flight = std::mem::take(&mut q.in_flight);
        q.generation += 1;
        match result {
            Ok(()) => tracing::debug!(events = batch.len(), "scan events written"),
            Err(e) => {
                tracing::error!(error = %e, events = batch.len(), "writing scan events failed; will retry");
                for (seq, (n, at)) in in_flight {
                    let e = q.counts.entry(seq).or_insert((0, at));
                    e.0 += n;
                    e.1 = e.1.min(at);
                }
                let room = self.max_pending.saturating_sub(q.pending.len());
                let mut back: Vec<PendingScan> = batch.into_iter().take(room).collect();
                back.append(&mut q.pending);
                q.pending = back;
            }
        }
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
