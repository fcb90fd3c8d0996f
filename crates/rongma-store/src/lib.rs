//! Storage for rongma: one interface, two implementations.
//!
//! Layout:
//! - [`traits`]: the [`Store`] (connections, transactions, migrations) and the [`Tx`]
//!   operations, grouped by area ([`RegistryTx`], [`AccountTx`], [`EventTx`]).
//! - [`model`]: records and queries that are storage concerns (accounts, events, paging);
//!   `codes_model` and `codes_traits`: code batches and revocations ([`CodeTx`]).
//! - [`sqlite`] and [`postgres`]: the two implementations. Their SQL is written once in
//!   `src/sql/*.rs` and compiled into each backend module with its own `Db` type, so each
//!   backend is fully monomorphic (no `Any` driver, native column types) while the queries
//!   are not written twice. Migrations live per backend under `migrations/`.
//! - [`connect`]: open a store from a `sqlite:` or `postgres://` URL.
#![forbid(unsafe_code)]

mod codes_model;
mod codes_traits;
mod complaints_model;
mod connect;
mod error;
pub mod model;
pub mod postgres;
mod scans_model;
mod scans_traits;
pub mod sqlite;
mod sqlite_scans;
pub mod testing;
mod traits;

pub use codes_model::*;
pub use complaints_model::*;
pub use connect::{connect, ConnectOptions};
pub use error::{StoreError, StoreResult};
pub use model::*;
pub use scans_model::*;
pub use scans_traits::{ScanStore, ScanTx};
pub use traits::{AccountTx, Backend, CodeTx, EventTx, RegistryTx, Store, Tx, WorkflowTx};

/// The current time, truncated to microseconds: PostgreSQL keeps microseconds, so values
/// read back compare equal on both backends.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(6)
}
