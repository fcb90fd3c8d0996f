//! The history: one append-only event per change (who did what to which record, when and
//! why), written in the transaction of the change ([`EventTx`]). Triggers on both
//! backends refuse `UPDATE` and `DELETE` of events.
//!
//! The SQL is in `sql.rs` (compiled into each backend, see `crate::sql`); how a row
//! becomes a record is in `rows.rs`.

pub(crate) mod rows;

use crate::error::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::roles::ActorKind;
use serde::Serialize;

/// One state change: who did what to which record, when and why.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub entity_type: &'static str,
    pub entity_id: i64,
    /// The enterprise the record belongs to, so an enterprise's whole history can be read.
    pub enterprise_id: Option<i64>,
    pub action: &'static str,
    pub actor_kind: ActorKind,
    pub actor_id: i64,
    pub actor_name: String,
    pub reason: Option<String>,
    /// What changed (the new values, a diff, or the inputs of a decision).
    pub data: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: i64,
    pub entity_type: String,
    pub entity_id: i64,
    pub enterprise_id: Option<i64>,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: i64,
    pub actor_name: String,
    pub reason: Option<String>,
    pub data: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait EventTx: Send {
    async fn append_event(&mut self, e: &NewEvent) -> StoreResult<i64>;
    /// The history of one record, oldest first.
    async fn list_events(&mut self, entity_type: &str, entity_id: i64) -> StoreResult<Vec<Event>>;
}
