//! Test labs (检测机构): kept by the regulator, read by everyone who works with reports.

use super::{allow, Record};
use crate::audit::overlay;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::App;
use rongma_domain::registry::{Lab, LabDraft};
use rongma_domain::roles::{Actor, RegistryAction};
use rongma_store::Page;

impl App {
    #[tracing::instrument(skip_all, err)]
    pub async fn create_lab(&self, actor: &Actor, draft: LabDraft) -> AppResult<Lab> {
        allow::<Lab>(actor, RegistryAction::Create)?;
        let fields = draft.validate()?;
        let mut tx = self.store().begin().await?;
        let now = self.now();
        let id = tx.insert_lab(&fields, now).await?;
        self.created(actor, tx, id, now).await
    }

    pub async fn get_lab(&self, actor: &Actor, id: i64) -> AppResult<Lab> {
        self.get_record(actor, id).await
    }

    pub async fn list_labs(&self, actor: &Actor, params: &ListParams) -> AppResult<Page<Lab>> {
        self.list_records(actor, params).await
    }

    pub async fn update_lab(&self, actor: &Actor, id: i64, patch: LabDraft) -> AppResult<Lab> {
        allow::<Lab>(actor, RegistryAction::Update)?;
        let mut tx = self.store().begin().await?;
        let before = Lab::load(&mut *tx, id)
            .await?
            .ok_or(AppError::NotFound(Lab::ENTITY))?;
        let fields = overlay(&LabDraft::from(&before), &patch).validate()?;
        let now = self.now();
        tx.update_lab(id, &fields, now).await?;
        self.updated(actor, tx, id, &before, now).await
    }

    pub async fn archive_lab(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Lab> {
        self.archive_record(actor, id, archive, reason).await
    }
}
