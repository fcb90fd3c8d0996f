//! The SQL of the history. Compiled into each backend by `crate::sql` (through `#[path]`),
//! so `super` is that backend's `sql` module: its `Db`, `SqlTx` and query helpers.

use super::SqlTx;
use crate::error::StoreResult;
use crate::events::rows::EventRow;
use crate::events::{Event, EventTx, NewEvent};
use async_trait::async_trait;
use sqlx::types::Json;

#[async_trait]
impl EventTx for SqlTx {
    async fn append_event(&mut self, e: &NewEvent) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO events (entity_type, entity_id, enterprise_id, action, actor_kind, actor_id, actor_name, \
             reason, data, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(e.entity_type)
        .bind(e.entity_id)
        .bind(e.enterprise_id)
        .bind(e.action)
        .bind(e.actor_kind.as_str())
        .bind(e.actor_id)
        .bind(&e.actor_name)
        .bind(&e.reason)
        .bind(Json(&e.data))
        .bind(e.at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn list_events(&mut self, entity_type: &str, entity_id: i64) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, entity_type, entity_id, enterprise_id, action, actor_kind, actor_id, actor_name, reason, \
             data, at FROM events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(rows.into_iter().map(Event::from).collect())
    }
}
