//! Storage for rongma: one interface, two implementations.
//!
//! Layout:
//! - `shared`: the [`Store`] (connections, transactions, migrations), the [`Tx`] that
//!   gathers every area's operations, paging ([`Page`], [`ListQuery`]) and [`now`].
//! - One folder per area: `registry`, `accounts`, `events`, `workflow`, `codes`, `scans`,
//!   `complaints`, `supervision`. Each holds its records (`mod.rs`, or `model.rs` where they are many),
//!   its operations (`…Tx`, e.g. [`CodeTx`]), its unique keys, how its rows read back
//!   (`rows.rs`, compiled once) and its SQL (`sql.rs`). `scans/sqlite_writer.rs` is
//!   SQLite's own writer of plain scans (`rusqlite`).
//! - [`sqlite`] and [`postgres`]: the two implementations. Each defines its `Db` type and
//!   compiles `src/sql/mod.rs` (the store over the pools, and every area's `sql.rs` by
//!   `#[path]`) as its own module, so each backend is fully monomorphic (no `Any` driver,
//!   native column types) while no query is written twice. Migrations live per backend
//!   under `migrations/`.
//! - `error`: [`StoreError`], with the mapping of constraint violations of both drivers.
//! - [`connect`]: open a store from a `sqlite:` or `postgres://` URL.
//! - `testing` (feature `testing`): fresh test databases and `backend_test!`.
#![forbid(unsafe_code)]

mod accounts;
mod codes;
mod complaints;
mod connect;
mod error;
mod events;
mod log;
pub mod postgres;
mod registry;
mod scans;
mod shared;
pub mod sqlite;
mod supervision;
#[cfg(feature = "testing")]
pub mod testing;
mod throttles;
mod workflow;

pub use accounts::{AccountTx, ApiKey, NewApiKey, NewUser, Session, User};
pub use codes::{
    certificate_quota_counter, seq_to_db, BatchQuery, CodeBatch, CodeRevocation, CodeTx,
    NewCodeBatch, NewRevocation, RevocationScope, CODE_SEQ_COUNTER,
};
pub use complaints::{
    CategoryCount, Complaint, ComplaintQuery, ComplaintTx, ComplaintUpdate, NewComplaint,
};
pub use connect::{connect, ConnectOptions};
pub use error::{StoreError, StoreResult};
pub use events::{Event, EventTx, NewEvent};
pub use log::{LogEntry, LogTx, NewLogEntry, StoredCheckpoint, StoredCosignature};
pub use registry::RegistryTx;
pub use scans::{
    merge_networks, CodeState, DailyCount, FlagKind, NewFlag, NewScanEvent, PinStateUpdate,
    ScanDelta, ScanEvent, ScanFlag, ScanStore, ScanTx, SuspectGroup, SuspectQuery, SuspectRow,
    MAX_PIN_NETWORKS, MAX_SCAN_NETWORKS,
};
pub use shared::{now, Backend, ListQuery, Page, Store, Tx};
pub use supervision::{
    Assignment, CheckItem, ConflictRecord, DrawRecord, InspectorRecord, NewInspector, NewSample,
    NewSpotTask, Sample, SampleQuery, SampleState, SampleUpdate, SpotTask, SupervisionTx,
    TaskState,
};
pub use throttles::{Throttle, ThrottleTx};
pub use workflow::{
    ApplicationDecision, NewApplication, NewCertificate, NewReport, ProfileRecord, PublicBrand,
    PublicListing, PublicQuery, WorkflowQuery, WorkflowTx,
};

/// The accounts, events, paging and workflow records, also reachable under this path.
pub mod model {
    pub use crate::accounts::{ApiKey, NewApiKey, NewUser, Session, User};
    pub use crate::events::{Event, NewEvent};
    pub use crate::shared::{ListQuery, Page};
    pub use crate::workflow::{
        ApplicationDecision, NewApplication, NewCertificate, NewReport, ProfileRecord, PublicBrand,
        PublicListing, PublicQuery, WorkflowQuery,
    };
}
