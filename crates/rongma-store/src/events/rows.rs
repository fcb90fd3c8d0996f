//! How an `events` row reads back into an [`Event`] (on either backend).

use crate::events::Event;
use chrono::{DateTime, Utc};
use sqlx::types::Json;

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    id: i64,
    entity_type: String,
    entity_id: i64,
    enterprise_id: Option<i64>,
    action: String,
    actor_kind: String,
    actor_id: i64,
    actor_name: String,
    reason: Option<String>,
    data: Json<serde_json::Value>,
    at: DateTime<Utc>,
}

impl From<EventRow> for Event {
    fn from(r: EventRow) -> Self {
        Event {
            id: r.id,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            enterprise_id: r.enterprise_id,
            action: r.action,
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            reason: r.reason,
            data: r.data.0,
            at: r.at,
        }
    }
}
