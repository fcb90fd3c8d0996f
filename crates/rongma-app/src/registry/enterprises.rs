//! Enterprises: registered by the regulator; an enterprise user may change its own contact
//! details, but not its credit code or pilot status.

use super::{allow, visible};
use crate::audit::overlay;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{may, Action};
use crate::App;
use rongma_domain::registry::{Enterprise, EnterpriseDraft};
use rongma_domain::roles::{Actor, RegistryAction};
use rongma_store::Page;

impl App {
    #[tracing::instrument(skip_all, err)]
    pub async fn create_enterprise(
        &self,
        actor: &Actor,
        draft: EnterpriseDraft,
    ) -> AppResult<Enterprise> {
        allow::<Enterprise>(actor, RegistryAction::Create)?;
        let fields = draft.validate()?;
        let mut tx = self.store().begin().await?;
        let now = self.now();
        let id = tx.insert_enterprise(&fields, now).await?;
        self.created(actor, tx, id, now).await
    }

    pub async fn get_enterprise(&self, actor: &Actor, id: i64) -> AppResult<Enterprise> {
        self.get_record(actor, id).await
    }

    pub async fn list_enterprises(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> AppResult<Page<Enterprise>> {
        self.list_records(actor, params).await
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
        allow::<Enterprise>(actor, RegistryAction::Update)?;
        let mut tx = self.store().begin().await?;
        let before: Enterprise = visible(&mut *tx, actor, id).await?;
        let fields = overlay(&EnterpriseDraft::from(&before), &patch).validate()?;
        if !may(actor, Action::ControlEnterprise)
            && (fields.credit_code != before.credit_code
                || fields.pilot_status != before.pilot_status)
        {
            return Err(AppError::forbidden(
                "only the regulator may change the credit code or the pilot status",
            ));
        }
        let now = self.now();
        tx.update_enterprise(id, &fields, now).await?;
        self.updated(actor, tx, id, &before, now).await
    }

    /// Archives (soft-deletes) or restores an enterprise; its history stays.
    pub async fn archive_enterprise(
        &self,
        actor: &Actor,
        id: i64,
        archive: bool,
        reason: Option<String>,
    ) -> AppResult<Enterprise> {
        self.archive_record(actor, id, archive, reason).await
    }
}
