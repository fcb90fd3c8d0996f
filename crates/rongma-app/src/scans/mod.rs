//! The consumer scan: what a scan of a tag shows, PIN checks, the record of every
//! scan and check, copied-code flags and the regulator's statistics.
//!
//! The path of a scan, cheapest first:
//! 1. the per-network rate limit (memory);
//! 2. the serial's check character and MAC (no database: a forgery is answered here);
//! 3. the batch, its revocations, certificate and public facts ([`cache`], memory while
//!    fresh);
//! 4. the code's own row (`code_state`: one primary-key probe, no transaction, then
//!    remembered with the scans recorded since: see [`recorder`]), plus the
//!    scans of it still queued in memory;
//! 5. the scan event is queued ([`recorder`]) and written with others within a second.
//!
//! PIN checks go through [`pin_writer`], which commits a group of checks before answering
//! any of them. Flags are raised by the writers ([`rules`], [`pin_writer`]).
//!
//! Layout: [`scan`] (App::scan), [`pin`] (App::check_pin), [`flags`] (suspects, evidence,
//! handling), [`stats`], [`view`] (the answer), [`ua`] (user-agent families), [`limit`].

pub mod cache;
pub mod flags;
pub mod limit;
pub mod pin;
pub mod pin_writer;
pub mod receipt;
pub mod recorder;
pub mod rules;
pub mod scan;
pub mod stats;
pub mod ua;
pub mod view;

pub use cache::BatchEntry;
pub use pin::{PinCheck, PinResult};
pub use receipt::{PinReceipt, ReceiptKind};
pub use scan::{ScanClient, ScanOutcome};
pub use ua::UaFamily;
pub use view::ScanView;

use crate::config::ScanSettings;
use rongma_store::Store;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

type PinSender = tokio::sync::mpsc::Sender<(
    pin_writer::PinJob,
    tokio::sync::oneshot::Sender<Result<pin_writer::PinApplied, String>>,
)>;

/// The scan machinery one [`crate::App`] owns. The writer tasks start with the first scan
/// (inside the runtime), so building an `App` needs no runtime.
pub struct Scans {
    store: Arc<dyn Store>,
    pub(crate) cache: cache::BatchCache,
    pub(crate) recorder: Arc<recorder::Recorder>,
    pub(crate) rules: rules::Rules,
    pub(crate) rate: limit::RateLimit,
    flush_interval: Duration,
    /// How long remembered counts and row sets are trusted: `scans.cache_ttl_secs` on a
    /// shared database (PostgreSQL, where other instances write code rows too); forever
    /// on SQLite, where this process is the only writer of code rows (one `serve` per
    /// database file), so nothing it remembers can go stale.
    pub(crate) counts_ttl: Duration,
    pins: OnceLock<PinSender>,
    writer: OnceLock<()>,
}

impl Scans {
    pub fn new(s: &ScanSettings, store: Arc<dyn Store>) -> Self {
        let ttl = Duration::from_secs(s.cache_ttl_secs);
        let counts_ttl = match store.backend() {
            rongma_store::Backend::Sqlite => Duration::MAX,
            rongma_store::Backend::Postgres => ttl,
        };
        Self {
            store,
            cache: cache::BatchCache::new(ttl),
            counts_ttl,
            recorder: Arc::new(recorder::Recorder::new(
                s.flush_max_events,
                s.max_pending_events,
            )),
            rules: rules::Rules::new(s),
            rate: limit::RateLimit::new(s.scans_per_network_per_minute),
            flush_interval: Duration::from_millis(s.flush_interval_ms),
            pins: OnceLock::new(),
            writer: OnceLock::new(),
        }
    }

    /// Queues a plain scan (starting the writer on first use).
    pub(crate) fn record(&self, scan: recorder::PendingScan) {
        self.start_writer();
        self.recorder.record(scan);
    }

    /// Queues a plain scan of a code and looks up the code's count in memory
    /// ([`recorder::Recorder::record_and_look`]).
    pub(crate) fn record_and_look(
        &self,
        scan: recorder::PendingScan,
        batch: Option<(i64, i64)>,
    ) -> recorder::Look {
        self.start_writer();
        self.recorder.record_and_look(scan, batch, self.counts_ttl)
    }

    fn start_writer(&self) {
        self.writer.get_or_init(|| {
            recorder::spawn_writer(
                Arc::downgrade(&self.recorder),
                self.store.clone(),
                self.rules.clone(),
                self.flush_interval,
            )
        });
    }

    /// Waits while the writer is behind by more than the flush interval (see
    /// [`recorder::Recorder::keep_up`]), at most five seconds.
    pub(crate) async fn keep_up(&self) {
        self.recorder
            .keep_up(self.flush_interval, Duration::from_secs(5))
            .await;
    }

    pub(crate) fn pin_sender(&self) -> &PinSender {
        self.pins
            .get_or_init(|| pin_writer::spawn(self.store.clone(), self.rules.clone()))
    }

    /// Forgets cached batches: call after a certificate, batch or revocation changed.
    pub fn invalidate(&self) {
        self.cache.invalidate();
    }

    /// Writes the queued plain scans now (graceful shutdown, tests).
    pub async fn flush(&self) {
        self.recorder.flush(self.store.as_ref(), &self.rules).await;
    }
}

impl crate::App {
    pub fn scans(&self) -> &Scans {
        &self.inner.scans
    }

    /// Call after a certificate state, a batch or a revocation changed, so scans show it
    /// at once (other instances see it within `scans.cache_ttl_secs`).
    pub fn invalidate_scan_cache(&self) {
        self.inner.scans.invalidate();
    }

    /// Writes queued scan events now; the server calls it on graceful shutdown.
    pub async fn flush_scans(&self) {
        self.inner.scans.flush().await;
    }
}
