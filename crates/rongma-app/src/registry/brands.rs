//! Brands: registered by the regulator or by the enterprise that owns them, never moved
//! to another enterprise.

use super::{allow, unknown, visible};
use crate::audit::overlay;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::App;
use rongma_domain::registry::{Brand, BrandDraft};
use rongma_domain::roles::{Actor, RegistryAction};
use rongma_domain::FieldError;
use rongma_store::Page;

impl App {
    #[tracing::instrument(skip_all, err)]
    pub async fn create_brand(&self, actor: &Actor, mut draft: BrandDraft) -> AppResult<Brand> {
        allow::<Brand>(actor, RegistryAction::Create)?;
        if let Some(own) = actor.enterprise_scope().id() {
            if draft.enterprise_id.is_some_and(|e| e != own) {
                return Err(AppError::forbidden(
                    "enterprise users register brands of their own enterprise only",
                ));
            }
            draft.enterprise_id = Some(own);
        }
        let fields = draft.validate()?;
        let mut tx = self.store().begin().await?;
        match tx.get_enterprise(fields.enterprise_id).await? {
            Some(e) if e.archived_at.is_none() => {}
            _ => return Err(unknown("enterprise_id", "no such enterprise", "企业不存在")),
        }
        let now = self.now();
        let id = tx.insert_brand(&fields, now).await?;
        self.created(actor, tx, id, now).await
    }

    pub async fn get_brand(&self, actor: &Actor, id: i64) -> AppResult<Brand> {
        self.get_record(actor, id).await
    }

    pub async fn list_brands(&self, actor: &Actor, params: &ListParams) -> AppResult<Page<Brand>> {
        self.list_records(actor, params).await
    }

    pub async fn update_brand(
        &self,
        actor: &Actor,
        id: i64,
        patch: BrandDraft,
    ) -> AppResult<Brand> {
        allow::<Brand>(actor, RegistryAction::Update)?;
        let mut tx = self.store().begin().await?;
        let before: Brand = visible(&mut *tx, actor, id).await?;
        let fields = overlay(&BrandDraft::from(&before), &patch).validate()?;
        if fields.enterprise_id != before.enterprise_id {
            return Err(AppError::field(FieldError::new(
                "enterprise_id",
                "immutable",
                "a brand cannot move to another enterprise",
                "品牌不能转到其他企业",
            )));
        }
        let now = self.now();
        tx.update_brand(id, &fields, now).await?;
        self.updated(actor, tx, id, &before, now).await
    }

    pub async fn archive_brand(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Brand> {
        self.archive_record(actor, id, archive, reason).await
    }
}
