//! Registry use cases: enterprises, brands, products and labs. Each checks the role table
//! (`crate::policy`, which reads `rongma_domain::roles::registry_allows`) and then ownership: an enterprise user only
//! ever sees or touches records of their own enterprise, whatever id they send. A record
//! the actor may not see is reported as not found, exactly like one that does not exist.

use crate::audit::{diff, overlay, EventBuilder};
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{may, require, Action};
use crate::App;
use rongma_domain::registry::*;
use rongma_domain::roles::{Actor, RegistryAction, RegistryKind};
use rongma_domain::FieldError;
use rongma_store::{Event, Page, Tx};

fn unknown(field: &str, en: &str, zh: &str) -> AppError {
    AppError::field(FieldError::new(field, "unknown", en, zh))
}

/// Confines a list to the actor's own enterprise when they are an enterprise user.
fn scoped(actor: &Actor, params: &ListParams) -> rongma_store::ListQuery {
    let mut q = params.to_query();
    if let Some(own) = actor.enterprise_scope().id() {
        q.enterprise_id = Some(own);
    }
    q
}

async fn visible_enterprise(tx: &mut dyn Tx, actor: &Actor, id: i64) -> AppResult<Enterprise> {
    match tx.get_enterprise(id).await? {
        Some(e) if actor.sees_enterprise(e.id) => Ok(e),
        _ => Err(AppError::NotFound("enterprise")),
    }
}

async fn visible_brand(tx: &mut dyn Tx, actor: &Actor, id: i64) -> AppResult<Brand> {
    match tx.get_brand(id).await? {
        Some(b) if actor.sees_enterprise(b.enterprise_id) => Ok(b),
        _ => Err(AppError::NotFound("brand")),
    }
}

async fn visible_product(tx: &mut dyn Tx, actor: &Actor, id: i64) -> AppResult<Product> {
    match tx.get_product(id).await? {
        Some(p) if actor.sees_enterprise(p.enterprise_id) => Ok(p),
        _ => Err(AppError::NotFound("product")),
    }
}

/// The brand a product is filed under: it must exist, be live and be visible to the actor.
async fn usable_brand(
    tx: &mut dyn Tx,
    actor: &Actor,
    brand_id: Option<i64>,
) -> AppResult<Option<Brand>> {
    let Some(id) = brand_id else { return Ok(None) };
    match tx.get_brand(id).await? {
        Some(b) if actor.sees_enterprise(b.enterprise_id) && b.archived_at.is_none() => Ok(Some(b)),
        _ => Err(unknown("brand_id", "no such brand", "品牌不存在")),
    }
}

fn json(v: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

impl App {
    // ----- enterprises -----

    #[tracing::instrument(skip_all, err)]
    pub async fn create_enterprise(
        &self,
        actor: &Actor,
        draft: EnterpriseDraft,
    ) -> AppResult<Enterprise> {
        require(
            actor,
            Action::Registry(RegistryKind::Enterprise, RegistryAction::Create),
        )?;
        let fields = draft.validate()?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let id = tx.insert_enterprise(&fields, now).await?;
        let e = tx
            .get_enterprise(id)
            .await?
            .ok_or(AppError::NotFound("enterprise"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "enterprise",
            entity_id: id,
            enterprise_id: Some(id),
        };
        tx.append_event(&ev.event("created", None, json(&e), now))
            .await?;
        tx.commit().await?;
        tracing::info!(enterprise.id = id, "registered enterprise");
        Ok(e)
    }

    pub async fn get_enterprise(&self, actor: &Actor, id: i64) -> AppResult<Enterprise> {
        require(
            actor,
            Action::Registry(RegistryKind::Enterprise, RegistryAction::Read),
        )?;
        visible_enterprise(&mut *self.store().read().await?, actor, id).await
    }

    pub async fn list_enterprises(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> AppResult<Page<Enterprise>> {
        require(
            actor,
            Action::Registry(RegistryKind::Enterprise, RegistryAction::Read),
        )?;
        Ok(self
            .store()
            .read()
            .await?
            .list_enterprises(&scoped(actor, params))
            .await?)
    }

    /// Changes an enterprise; fields left out keep their value. Enterprise users may edit
    /// their own contact details but not the credit code or the pilot status.
    #[tracing::instrument(skip_all, err)]
    pub async fn update_enterprise(
        &self,
        actor: &Actor,
        id: i64,
        patch: EnterpriseDraft,
    ) -> AppResult<Enterprise> {
        require(
            actor,
            Action::Registry(RegistryKind::Enterprise, RegistryAction::Update),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let before = visible_enterprise(&mut *tx, actor, id).await?;
        let fields = overlay(&EnterpriseDraft::from(&before), &patch).validate()?;
        if !may(actor, Action::ControlEnterprise)
            && (fields.credit_code != before.credit_code
                || fields.pilot_status != before.pilot_status)
        {
            return Err(AppError::forbidden(
                "only the regulator may change the credit code or the pilot status",
            ));
        }
        tx.update_enterprise(id, &fields, now).await?;
        let after = tx
            .get_enterprise(id)
            .await?
            .ok_or(AppError::NotFound("enterprise"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "enterprise",
            entity_id: id,
            enterprise_id: Some(id),
        };
        tx.append_event(&ev.event("updated", None, diff(&before, &after), now))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Archives (soft-deletes) or restores an enterprise; its history stays.
    pub async fn archive_enterprise(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Enterprise> {
        require(
            actor,
            Action::Registry(RegistryKind::Enterprise, RegistryAction::Archive),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        visible_enterprise(&mut *tx, actor, id).await?;
        tx.set_enterprise_archived(id, archive.then_some(now), now)
            .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "enterprise",
            entity_id: id,
            enterprise_id: Some(id),
        };
        tx.append_event(&ev.event(
            if archive { "archived" } else { "restored" },
            reason,
            serde_json::json!({}),
            now,
        ))
        .await?;
        let e = tx
            .get_enterprise(id)
            .await?
            .ok_or(AppError::NotFound("enterprise"))?;
        tx.commit().await?;
        Ok(e)
    }

    // ----- brands -----

    #[tracing::instrument(skip_all, err)]
    pub async fn create_brand(&self, actor: &Actor, mut draft: BrandDraft) -> AppResult<Brand> {
        require(
            actor,
            Action::Registry(RegistryKind::Brand, RegistryAction::Create),
        )?;
        if let Some(own) = actor.enterprise_scope().id() {
            if draft.enterprise_id.is_some_and(|e| e != own) {
                return Err(AppError::forbidden(
                    "enterprise users register brands of their own enterprise only",
                ));
            }
            draft.enterprise_id = Some(own);
        }
        let fields = draft.validate()?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        match tx.get_enterprise(fields.enterprise_id).await? {
            Some(e) if e.archived_at.is_none() => {}
            _ => return Err(unknown("enterprise_id", "no such enterprise", "企业不存在")),
        }
        let id = tx.insert_brand(&fields, now).await?;
        let b = tx.get_brand(id).await?.ok_or(AppError::NotFound("brand"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "brand",
            entity_id: id,
            enterprise_id: Some(b.enterprise_id),
        };
        tx.append_event(&ev.event("created", None, json(&b), now))
            .await?;
        tx.commit().await?;
        Ok(b)
    }

    pub async fn get_brand(&self, actor: &Actor, id: i64) -> AppResult<Brand> {
        require(
            actor,
            Action::Registry(RegistryKind::Brand, RegistryAction::Read),
        )?;
        visible_brand(&mut *self.store().read().await?, actor, id).await
    }

    pub async fn list_brands(&self, actor: &Actor, params: &ListParams) -> AppResult<Page<Brand>> {
        require(
            actor,
            Action::Registry(RegistryKind::Brand, RegistryAction::Read),
        )?;
        Ok(self
            .store()
            .read()
            .await?
            .list_brands(&scoped(actor, params))
            .await?)
    }

    pub async fn update_brand(
        &self,
        actor: &Actor,
        id: i64,
        patch: BrandDraft,
    ) -> AppResult<Brand> {
        require(
            actor,
            Action::Registry(RegistryKind::Brand, RegistryAction::Update),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let before = visible_brand(&mut *tx, actor, id).await?;
        let fields = overlay(&BrandDraft::from(&before), &patch).validate()?;
        if fields.enterprise_id != before.enterprise_id {
            return Err(AppError::field(FieldError::new(
                "enterprise_id",
                "immutable",
                "a brand cannot move to another enterprise",
                "品牌不能转到其他企业",
            )));
        }
        tx.update_brand(id, &fields, now).await?;
        let after = tx.get_brand(id).await?.ok_or(AppError::NotFound("brand"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "brand",
            entity_id: id,
            enterprise_id: Some(after.enterprise_id),
        };
        tx.append_event(&ev.event("updated", None, diff(&before, &after), now))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn archive_brand(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Brand> {
        require(
            actor,
            Action::Registry(RegistryKind::Brand, RegistryAction::Archive),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let b = visible_brand(&mut *tx, actor, id).await?;
        tx.set_brand_archived(id, archive.then_some(now), now)
            .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "brand",
            entity_id: id,
            enterprise_id: Some(b.enterprise_id),
        };
        tx.append_event(&ev.event(
            if archive { "archived" } else { "restored" },
            reason,
            serde_json::json!({}),
            now,
        ))
        .await?;
        let b = tx.get_brand(id).await?.ok_or(AppError::NotFound("brand"))?;
        tx.commit().await?;
        Ok(b)
    }

    // ----- products -----

    #[tracing::instrument(skip_all, err)]
    pub async fn create_product(&self, actor: &Actor, draft: ProductDraft) -> AppResult<Product> {
        require(
            actor,
            Action::Registry(RegistryKind::Product, RegistryAction::Create),
        )?;
        let validated = draft.validate();
        let now = self.now();
        let mut tx = self.store().begin().await?;
        // Check the brand even when other fields are bad, so every error is reported at once.
        let brand = usable_brand(&mut *tx, actor, draft.brand_id).await;
        let (fields, enterprise_id) = match (validated, brand) {
            (Ok(f), Ok(Some(b))) => (f, b.enterprise_id),
            (Err(mut errs), Err(AppError::Validation(b))) => {
                errs.0.retain(|e| e.field != "brand_id");
                errs.0.splice(0..0, b.0);
                return Err(errs.into());
            }
            (Err(errs), _) => return Err(errs.into()),
            (_, Err(e)) => return Err(e),
            (Ok(_), Ok(None)) => {
                return Err(unknown("brand_id", "brand_id is required", "品牌不能为空"))
            }
        };
        let id = tx.insert_product(enterprise_id, &fields, now).await?;
        let p = tx
            .get_product(id)
            .await?
            .ok_or(AppError::NotFound("product"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "product",
            entity_id: id,
            enterprise_id: Some(enterprise_id),
        };
        tx.append_event(&ev.event("created", None, json(&p), now))
            .await?;
        tx.commit().await?;
        tracing::info!(product.id = id, "registered product");
        Ok(p)
    }

    pub async fn get_product(&self, actor: &Actor, id: i64) -> AppResult<Product> {
        require(
            actor,
            Action::Registry(RegistryKind::Product, RegistryAction::Read),
        )?;
        visible_product(&mut *self.store().read().await?, actor, id).await
    }

    pub async fn list_products(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> AppResult<Page<Product>> {
        require(
            actor,
            Action::Registry(RegistryKind::Product, RegistryAction::Read),
        )?;
        Ok(self
            .store()
            .read()
            .await?
            .list_products(&scoped(actor, params))
            .await?)
    }

    pub async fn update_product(
        &self,
        actor: &Actor,
        id: i64,
        patch: ProductDraft,
    ) -> AppResult<Product> {
        require(
            actor,
            Action::Registry(RegistryKind::Product, RegistryAction::Update),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let before = visible_product(&mut *tx, actor, id).await?;
        let fields = overlay(&ProductDraft::from(&before), &patch).validate()?;
        let brand = usable_brand(&mut *tx, actor, Some(fields.brand_id)).await?;
        if brand.is_none_or(|b| b.enterprise_id != before.enterprise_id) {
            return Err(AppError::field(FieldError::new(
                "brand_id",
                "other_enterprise",
                "a product can only move to another brand of the same enterprise",
                "产品只能改到同一企业的其他品牌",
            )));
        }
        tx.update_product(id, before.enterprise_id, &fields, now)
            .await?;
        let after = tx
            .get_product(id)
            .await?
            .ok_or(AppError::NotFound("product"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "product",
            entity_id: id,
            enterprise_id: Some(after.enterprise_id),
        };
        tx.append_event(&ev.event("updated", None, diff(&before, &after), now))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn archive_product(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Product> {
        require(
            actor,
            Action::Registry(RegistryKind::Product, RegistryAction::Archive),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let p = visible_product(&mut *tx, actor, id).await?;
        tx.set_product_archived(id, archive.then_some(now), now)
            .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "product",
            entity_id: id,
            enterprise_id: Some(p.enterprise_id),
        };
        tx.append_event(&ev.event(
            if archive { "archived" } else { "restored" },
            reason,
            serde_json::json!({}),
            now,
        ))
        .await?;
        let p = tx
            .get_product(id)
            .await?
            .ok_or(AppError::NotFound("product"))?;
        tx.commit().await?;
        Ok(p)
    }

    // ----- labs -----

    #[tracing::instrument(skip_all, err)]
    pub async fn create_lab(&self, actor: &Actor, draft: LabDraft) -> AppResult<Lab> {
        require(
            actor,
            Action::Registry(RegistryKind::Lab, RegistryAction::Create),
        )?;
        let fields = draft.validate()?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let id = tx.insert_lab(&fields, now).await?;
        let l = tx.get_lab(id).await?.ok_or(AppError::NotFound("lab"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "lab",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event("created", None, json(&l), now))
            .await?;
        tx.commit().await?;
        Ok(l)
    }

    pub async fn get_lab(&self, actor: &Actor, id: i64) -> AppResult<Lab> {
        require(
            actor,
            Action::Registry(RegistryKind::Lab, RegistryAction::Read),
        )?;
        self.store()
            .read()
            .await?
            .get_lab(id)
            .await?
            .ok_or(AppError::NotFound("lab"))
    }

    pub async fn list_labs(&self, actor: &Actor, params: &ListParams) -> AppResult<Page<Lab>> {
        require(
            actor,
            Action::Registry(RegistryKind::Lab, RegistryAction::Read),
        )?;
        Ok(self
            .store()
            .read()
            .await?
            .list_labs(&params.to_query())
            .await?)
    }

    pub async fn update_lab(&self, actor: &Actor, id: i64, patch: LabDraft) -> AppResult<Lab> {
        require(
            actor,
            Action::Registry(RegistryKind::Lab, RegistryAction::Update),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let before = tx.get_lab(id).await?.ok_or(AppError::NotFound("lab"))?;
        let fields = overlay(&LabDraft::from(&before), &patch).validate()?;
        tx.update_lab(id, &fields, now).await?;
        let after = tx.get_lab(id).await?.ok_or(AppError::NotFound("lab"))?;
        let ev = EventBuilder {
            actor,
            entity_type: "lab",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event("updated", None, diff(&before, &after), now))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn archive_lab(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Lab> {
        require(
            actor,
            Action::Registry(RegistryKind::Lab, RegistryAction::Archive),
        )?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.get_lab(id).await?.ok_or(AppError::NotFound("lab"))?;
        tx.set_lab_archived(id, archive.then_some(now), now).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "lab",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            if archive { "archived" } else { "restored" },
            reason,
            serde_json::json!({}),
            now,
        ))
        .await?;
        let l = tx.get_lab(id).await?.ok_or(AppError::NotFound("lab"))?;
        tx.commit().await?;
        Ok(l)
    }

    /// The history of a registry record, if the actor may read the record itself.
    pub async fn registry_history(
        &self,
        actor: &Actor,
        kind: RegistryKind,
        id: i64,
    ) -> AppResult<Vec<Event>> {
        require(actor, Action::Registry(kind, RegistryAction::Read))?;
        let mut tx = self.store().read().await?;
        let entity_type = match kind {
            RegistryKind::Enterprise => visible_enterprise(&mut *tx, actor, id)
                .await
                .map(|_| "enterprise")?,
            RegistryKind::Brand => visible_brand(&mut *tx, actor, id).await.map(|_| "brand")?,
            RegistryKind::Product => visible_product(&mut *tx, actor, id)
                .await
                .map(|_| "product")?,
            RegistryKind::Lab => tx
                .get_lab(id)
                .await?
                .map(|_| "lab")
                .ok_or(AppError::NotFound("lab"))?,
        };
        Ok(tx.list_events(entity_type, id).await?)
    }
}
