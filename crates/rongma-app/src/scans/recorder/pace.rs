//! When a write starts, and backpressure: while the writer is behind, scans wait for it
//! instead of piling up (the crash-loss window stays bounded).

use super::{Queue, Recorder};
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::time::Instant;

impl Recorder {
    /// Stores the queue's oldest unwritten scan in `oldest`; called under the lock after
    /// every change of `pending_since` or `in_flight_since`.
    pub(super) fn publish(&self, q: &Queue) {
        let oldest = [q.pending_since, q.in_flight_since]
            .into_iter()
            .flatten()
            .min()
            .map_or(0, |t| {
                t.saturating_duration_since(self.epoch).as_nanos() as u64 + 1
            });
        self.oldest.store(oldest, Ordering::Release);
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

    /// Waits until no write carrying `seq` is in progress (its version is even), or until
    /// `deadline`: a read of its row taken then can be consistent with the queue.
    pub async fn settled(&self, seq: i64, deadline: Instant) {
        loop {
            let written = self.written.notified();
            tokio::pin!(written);
            written.as_mut().enable();
            if self.lock().version(seq).is_multiple_of(2) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || tokio::time::timeout(left, written).await.is_err() {
                return;
            }
        }
    }
}
