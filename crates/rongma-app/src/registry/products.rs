//! Products (styles): filed under a live brand of the same enterprise, with their declared
//! species, 绒子含量 and fill weights per size.

use super::{allow, unknown, visible};
use crate::audit::overlay;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::App;
use rongma_domain::registry::{Brand, Product, ProductDraft};
use rongma_domain::roles::{Actor, RegistryAction};
use rongma_domain::FieldError;
use rongma_store::{Page, Tx};

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

impl App {
    #[tracing::instrument(skip_all, err)]
    pub async fn create_product(&self, actor: &Actor, draft: ProductDraft) -> AppResult<Product> {
        allow::<Product>(actor, RegistryAction::Create)?;
        let validated = draft.validate();
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
        let now = self.now();
        let id = tx.insert_product(enterprise_id, &fields, now).await?;
        self.created(actor, tx, id, now).await
    }

    pub async fn get_product(&self, actor: &Actor, id: i64) -> AppResult<Product> {
        self.get_record(actor, id).await
    }

    pub async fn list_products(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> AppResult<Page<Product>> {
        self.list_records(actor, params).await
    }

    /// What the current grading profile says about the product's declared values before any
    /// test: each scope rule it falls outside of (empty when it can be graded).
    pub async fn product_scope(&self, p: &Product) -> AppResult<Vec<ScopeWarning>> {
        let profile = self.scope_profile().await?;
        Ok(profile
            .baselines()
            .iter()
            .filter_map(|b| {
                b.scope_issue(p.species.as_str(), p.declared_down_cluster_pct)
                    .map(|(message, message_zh)| ScopeWarning {
                        baseline: b.id().as_str().to_owned(),
                        message,
                        message_zh,
                    })
            })
            .collect())
    }

    pub async fn update_product(
        &self,
        actor: &Actor,
        id: i64,
        patch: ProductDraft,
    ) -> AppResult<Product> {
        allow::<Product>(actor, RegistryAction::Update)?;
        let mut tx = self.store().begin().await?;
        let before: Product = visible(&mut *tx, actor, id).await?;
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
        let enterprise_id = before.enterprise_id;
        let now = self.now();
        tx.update_product(id, enterprise_id, &fields, now).await?;
        self.updated(actor, tx, id, &before, now).await
    }

    pub async fn archive_product(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Product> {
        self.archive_record(actor, id, archive, reason).await
    }
}

/// A declared value of a product outside the grading profile's scope (a warning: the
/// product is registered, but a test would end in 不予分级).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeWarning {
    /// The profile's baseline id, e.g. `scope_down_cluster`.
    pub baseline: String,
    pub message: String,
    pub message_zh: String,
}
