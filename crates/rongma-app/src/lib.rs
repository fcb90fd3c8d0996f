//! rongma's use cases: one function per operation, each deciding authorisation, owning
//! its transaction and appending the history in that same transaction. The web pages,
//! the JSON API, the CLI and background jobs all call these, so a rule lives once.
//!
//! Layout:
//! - [`config`]: typed settings (defaults → `rongma.toml` → `RONGMA_…`), [`secrets`].
//! - [`error`]: [`AppError`], what a client can act on.
//! - [`policy`]: who may do what — asked by pages, enforced by the use cases.
//! - [`auth`]: passwords, sessions, API keys, CSRF tokens, login throttling.
//! - [`accounts`]: users and API clients.
//! - [`registry`]: enterprises, brands, products, labs.
//! - [`audit`]: the history events each change appends, and reading them back.
//! - [`codes`]: code batches, revocations, exports and the status a scan shows.
//! - [`scans`]: consumer scans, PIN checks, copied-code flags, scan statistics.
//! - [`demo`]: idempotent demo data.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod blobs;
pub mod certificates;
pub mod client_ip;
mod clock;
pub mod codes;
pub mod complaints;
pub mod config;
pub mod demo;
pub mod error;
pub mod files;
mod jobs;
pub mod net;
pub mod paging;
pub mod photo;
pub mod policy;
pub mod profiles;
pub mod public;
pub mod registry;
pub mod reports;
pub mod reports_import;
pub mod scans;
pub mod sealed;
pub mod secrets;
pub mod spreadsheet;
pub mod supervision;
pub mod throttle;
pub mod tlog;

pub use clock::Clock;
pub use error::{AppError, AppResult};
pub use rongma_domain::roles::Actor;
pub use rongma_store::{Event, Page};

use config::Settings;
use rongma_store::Store;
use secrets::Secrets;
use std::sync::Arc;

/// The application: storage, settings, keys and a clock. Cheap to clone.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    settings: Settings,
    secrets: Secrets,
    clock: Clock,
    complaint_throttle: auth::Throttle,
    /// Wrong ticket + phone-digits pairs per network (following a complaint by phone).
    follow_throttle: auth::Throttle,
    profiles: profiles::ProfileCache,
    blobs: Arc<dyn blobs::BlobStore>,
    code_keys: Arc<rongma_domain::codes::CodeKeys>,
    fingerprint_key: net::FingerprintKey,
    trusted_proxies: client_ip::TrustedProxies,
    sealer: sealed::Sealer,
    scans: scans::Scans,
    log_signer: rongma_tlog::LogSigner,
    witnesses: Vec<rongma_tlog::WitnessVerifier>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, settings: Settings, secrets: Secrets, clock: Clock) -> Self {
        let blobs = Arc::new(blobs::FsBlobStore::new(
            settings.storage.data_dir.join("blobs"),
        ));
        // Keyed once here: every serial check and export reuses the prepared HMAC states.
        // Loaded secrets were checked (`Secrets::load_or_create`), generated ones are valid.
        let code_keys = Arc::new(
            secrets
                .code_keys()
                .expect("code keys are checked when the secrets are loaded"),
        );
        let scans = scans::Scans::new(&settings.scans, store.clone());
        // The origin and the key were checked when the settings and secrets were loaded.
        let log_signer = tlog::signer(
            &settings.transparency.origin,
            secrets
                .log_key
                .as_ref()
                .expect("the log key is filled in when the secrets are loaded")
                .expose(),
        )
        .expect("the log origin and key are checked when loaded");
        let witnesses = settings
            .transparency
            .witnesses
            .iter()
            .filter_map(|w| rongma_tlog::WitnessVerifier::parse(w).ok())
            .collect();
        Self {
            inner: Arc::new(Inner {
                scans,
                log_signer,
                witnesses,
                code_keys,
                fingerprint_key: net::FingerprintKey::new(secrets.fingerprint_salt.expose()),
                // Checked when the settings were loaded; settings made in code are trusted.
                sealer: sealed::Sealer::new(
                    secrets
                        .phone_key
                        .as_ref()
                        .expect("the phone key is filled in when the secrets are loaded")
                        .expose(),
                )
                .expect("the phone key is checked when the secrets are loaded"),
                trusted_proxies: client_ip::TrustedProxies::parse(&settings.server.trusted_proxies)
                    .unwrap_or_default(),
                profiles: profiles::ProfileCache::default(),
                blobs,
                store,
                settings,
                secrets,
                clock,
                complaint_throttle: complaints::throttle(),
                follow_throttle: complaints::follow_throttle(),
            }),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn secrets(&self) -> &Secrets {
        &self.inner.secrets
    }

    pub fn blobs(&self) -> &dyn blobs::BlobStore {
        self.inner.blobs.as_ref()
    }

    /// The serial and PIN keyrings (all generations; the newest issues new batches).
    pub fn code_keys(&self) -> &Arc<rongma_domain::codes::CodeKeys> {
        &self.inner.code_keys
    }

    /// Seals personal data at rest (phone numbers).
    pub fn sealer(&self) -> &sealed::Sealer {
        &self.inner.sealer
    }

    /// The reverse proxies whose forwarding header is believed.
    pub fn trusted_proxies(&self) -> &client_ip::TrustedProxies {
        &self.inner.trusted_proxies
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Now, by the app's clock (tests move it to expire things).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }
}
