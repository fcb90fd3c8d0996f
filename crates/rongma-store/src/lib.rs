//! Storage for rongma: one interface, two implementations.
#![forbid(unsafe_code)]

mod accounts;
mod codes;
mod complaints;
mod connect;
mod error;
mod events;
pub mod postgres;
mod registry;
mod scans;
mod shared;
pub mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;
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
pub use registry::RegistryTx;
pub use scans::{
    merge_networks, CodeState, DailyCount, FlagKind, NewFlag, NewScanEvent, PinStateUpdate,
    ScanDelta, ScanEvent, ScanFlag, ScanStore, ScanTx, SuspectGroup, SuspectQuery, SuspectRow,
    MAX_PIN_NETWORKS, MAX_SCAN_NETWORKS,
};
pub use shared::{now, Backend, ListQuery, Page, Store, Tx};
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
