//! Registry use cases: enterprises, brands, products and labs. Each asks the policy
//! ([`crate::policy`], which reads the role table `rongma_domain::roles::registry_allows`)
//! and then ownership: an enterprise user only ever sees or touches records of their own
//! enterprise, whatever id they send. A record the actor may not see is reported as not
//! found, exactly like one that does not exist.
//!
//! What the four kinds share — reading a visible record, listing within the actor's
//! scope, archiving and restoring, the history, the shape of an update — is written once
//! here over [`Record`]; what differs (the checks of a create or an update) stays in each
//! kind's file.

mod brands;
mod enterprises;
mod labs;
mod names;
mod products;
pub use products::ScopeWarning;

use crate::audit::{diff, EventBuilder};
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{require, Action};
use crate::App;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::registry::{Brand, Enterprise, Lab, Product};
use rongma_domain::roles::{Actor, RegistryAction, RegistryKind};
use rongma_domain::FieldError;
use rongma_store::{Event, ListQuery, Page, StoreResult, Tx};

type At = DateTime<Utc>;

/// A registry kind as the shared use cases see it.
#[async_trait]
pub(crate) trait Record: serde::Serialize + Sized + Send + Sync {
    const KIND: RegistryKind;
    /// The history's name for the kind (also the "not found" noun).
    const ENTITY: &'static str;
    /// The enterprise the record belongs to; `None` for labs, which belong to none.
    fn owner(&self) -> Option<i64>;
    async fn load(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<Self>>;
    async fn list(tx: &mut dyn Tx, q: &ListQuery) -> StoreResult<Page<Self>>;
    async fn set_archived(tx: &mut dyn Tx, id: i64, at: Option<At>, now: At) -> StoreResult<bool>;
}

#[async_trait]
impl Record for Enterprise {
    const KIND: RegistryKind = RegistryKind::Enterprise;
    const ENTITY: &'static str = "enterprise";
    fn owner(&self) -> Option<i64> {
        Some(self.id)
    }
    async fn load(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<Self>> {
        tx.get_enterprise(id).await
    }
    async fn list(tx: &mut dyn Tx, q: &ListQuery) -> StoreResult<Page<Self>> {
        tx.list_enterprises(q).await
    }
    async fn set_archived(tx: &mut dyn Tx, id: i64, at: Option<At>, now: At) -> StoreResult<bool> {
        tx.set_enterprise_archived(id, at, now).await
    }
}

#[async_trait]
impl Record for Brand {
    const KIND: RegistryKind = RegistryKind::Brand;
    const ENTITY: &'static str = "brand";
    fn owner(&self) -> Option<i64> {
        Some(self.enterprise_id)
    }
    async fn load(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<Self>> {
        tx.get_brand(id).await
    }
    async fn list(tx: &mut dyn Tx, q: &ListQuery) -> StoreResult<Page<Self>> {
        tx.list_brands(q).await
    }
    async fn set_archived(tx: &mut dyn Tx, id: i64, at: Option<At>, now: At) -> StoreResult<bool> {
        tx.set_brand_archived(id, at, now).await
    }
}

#[async_trait]
impl Record for Product {
    const KIND: RegistryKind = RegistryKind::Product;
    const ENTITY: &'static str = "product";
    fn owner(&self) -> Option<i64> {
        Some(self.enterprise_id)
    }
    async fn load(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<Self>> {
        tx.get_product(id).await
    }
    async fn list(tx: &mut dyn Tx, q: &ListQuery) -> StoreResult<Page<Self>> {
        tx.list_products(q).await
    }
    async fn set_archived(tx: &mut dyn Tx, id: i64, at: Option<At>, now: At) -> StoreResult<bool> {
        tx.set_product_archived(id, at, now).await
    }
}

#[async_trait]
impl Record for Lab {
    const KIND: RegistryKind = RegistryKind::Lab;
    const ENTITY: &'static str = "lab";
    fn owner(&self) -> Option<i64> {
        None
    }
    async fn load(tx: &mut dyn Tx, id: i64) -> StoreResult<Option<Self>> {
        tx.get_lab(id).await
    }
    async fn list(tx: &mut dyn Tx, q: &ListQuery) -> StoreResult<Page<Self>> {
        tx.list_labs(q).await
    }
    async fn set_archived(tx: &mut dyn Tx, id: i64, at: Option<At>, now: At) -> StoreResult<bool> {
        tx.set_lab_archived(id, at, now).await
    }
}

fn allow<R: Record>(actor: &Actor, action: RegistryAction) -> AppResult<()> {
    require(actor, Action::Registry(R::KIND, action))
}

/// The record if it exists and the actor may see it; else "not found", whichever it is.
pub(crate) async fn visible<R: Record>(tx: &mut dyn Tx, actor: &Actor, id: i64) -> AppResult<R> {
    match R::load(tx, id).await? {
        Some(r) if r.owner().is_none_or(|e| actor.sees_enterprise(e)) => Ok(r),
        _ => Err(AppError::NotFound(R::ENTITY)),
    }
}

/// The record as stored now (after a write in the same transaction).
async fn reload<R: Record>(tx: &mut dyn Tx, id: i64) -> AppResult<R> {
    R::load(tx, id).await?.ok_or(AppError::NotFound(R::ENTITY))
}

fn unknown(field: &str, en: &str, zh: &str) -> AppError {
    AppError::field(FieldError::new(field, "unknown", en, zh))
}

fn json(v: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// The history entry of a change to `r`.
fn event_of<'a, R: Record>(actor: &'a Actor, r: &R, id: i64) -> EventBuilder<'a> {
    EventBuilder {
        actor,
        entity_type: R::ENTITY,
        entity_id: id,
        enterprise_id: r.owner(),
    }
}

impl App {
    /// One record, if the actor may read it.
    pub(crate) async fn get_record<R: Record>(&self, actor: &Actor, id: i64) -> AppResult<R> {
        allow::<R>(actor, RegistryAction::Read)?;
        visible(&mut *self.store().read().await?, actor, id).await
    }

    /// A page of records, confined to the actor's own enterprise for enterprise users
    /// (labs belong to no enterprise and are listed whole).
    pub(crate) async fn list_records<R: Record>(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> AppResult<Page<R>> {
        allow::<R>(actor, RegistryAction::Read)?;
        let mut q = params.to_query();
        if R::KIND != RegistryKind::Lab {
            if let Some(own) = actor.enterprise_scope().id() {
                q.enterprise_id = Some(own);
            }
        }
        Ok(R::list(&mut *self.store().read().await?, &q).await?)
    }

    /// After the new record `id` was inserted at `now`: its `created` event, and commit.
    async fn created<R: Record>(
        &self,
        actor: &Actor,
        mut tx: Box<dyn Tx>,
        id: i64,
        now: At,
    ) -> AppResult<R> {
        let r: R = reload(&mut *tx, id).await?;
        tx.append_event(&event_of(actor, &r, id).event("created", None, json(&r), now))
            .await?;
        tx.commit().await?;
        tracing::info!(kind = R::ENTITY, id, "registered");
        Ok(r)
    }

    /// After `before` was updated at `now`: its `updated` event with what changed, and
    /// commit.
    async fn updated<R: Record>(
        &self,
        actor: &Actor,
        mut tx: Box<dyn Tx>,
        id: i64,
        before: &R,
        now: At,
    ) -> AppResult<R> {
        let after: R = reload(&mut *tx, id).await?;
        tx.append_event(&event_of(actor, &after, id).event(
            "updated",
            None,
            diff(before, &after),
            now,
        ))
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Archives (soft-deletes) or restores a record; its history stays.
    pub(crate) async fn archive_record<R: Record>(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<R> {
        allow::<R>(actor, RegistryAction::Archive)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let r: R = visible(&mut *tx, actor, id).await?;
        R::set_archived(&mut *tx, id, archive.then_some(now), now).await?;
        let action = if archive { "archived" } else { "restored" };
        tx.append_event(&event_of(actor, &r, id).event(action, reason, serde_json::json!({}), now))
            .await?;
        let r = reload(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// Archives or restores a record of any registry kind (the pages' one handler).
    pub async fn archive(
        &self,
        actor: &Actor,
        kind: RegistryKind,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<()> {
        match kind {
            RegistryKind::Enterprise => self
                .archive_record::<Enterprise>(actor, id, archive, reason)
                .await
                .map(drop),
            RegistryKind::Brand => self
                .archive_record::<Brand>(actor, id, archive, reason)
                .await
                .map(drop),
            RegistryKind::Product => self
                .archive_record::<Product>(actor, id, archive, reason)
                .await
                .map(drop),
            RegistryKind::Lab => self
                .archive_record::<Lab>(actor, id, archive, reason)
                .await
                .map(drop),
        }
    }

    /// The history of a registry record, if the actor may read the record itself.
    pub async fn registry_history(
        &self,
        actor: &Actor,
        kind: RegistryKind,
        id: i64,
    ) -> AppResult<Vec<Event>> {
        async fn of<R: Record>(tx: &mut dyn Tx, actor: &Actor, id: i64) -> AppResult<Vec<Event>> {
            allow::<R>(actor, RegistryAction::Read)?;
            visible::<R>(tx, actor, id).await?;
            Ok(tx.list_events(R::ENTITY, id).await?)
        }
        let mut tx = self.store().read().await?;
        match kind {
            RegistryKind::Enterprise => of::<Enterprise>(&mut *tx, actor, id).await,
            RegistryKind::Brand => of::<Brand>(&mut *tx, actor, id).await,
            RegistryKind::Product => of::<Product>(&mut *tx, actor, id).await,
            RegistryKind::Lab => of::<Lab>(&mut *tx, actor, id).await,
        }
    }
}
