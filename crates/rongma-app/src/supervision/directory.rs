//! The directories of 一单两库: inspectors (执法人员库), their declared conflicts (回避),
//! check items (检查事项清单), and each enterprise's stratum for the draw.

use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::roles::Actor;
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{CheckItem, ConflictRecord, InspectorRecord, NewInspector};
use serde_json::json;

/// A directory entry as typed on the form.
#[derive(Debug, Clone, Default)]
pub struct InspectorDraft {
    pub cert_no: String,
    pub name: String,
    pub field: String,
    pub username: String,
}

fn required(errs: &mut FieldErrors, field: &str, v: &str, en: &str, zh: &str) {
    if v.trim().is_empty() {
        errs.push(FieldError::new(
            field,
            "required",
            format!("{en} is required"),
            format!("请填写{zh}"),
        ));
    }
}

/// A label the plan may carry: 1–128 bytes, no control characters (docs/LOTTERY.md).
pub(crate) fn check_label(errs: &mut FieldErrors, field: &str, v: &str) {
    if v.len() > 128 || v.chars().any(char::is_control) {
        errs.push(FieldError::new(
            field,
            "bad_label",
            "at most 128 bytes, no control characters",
            "最多 128 字节，不含控制字符",
        ));
    }
}

impl App {
    pub async fn add_inspector(
        &self,
        actor: &Actor,
        d: InspectorDraft,
    ) -> AppResult<InspectorRecord> {
        require(actor, Action::ManageSupervision)?;
        let mut errs = FieldErrors::new();
        required(
            &mut errs,
            "cert_no",
            &d.cert_no,
            "the law-enforcement certificate number",
            "执法证号",
        );
        required(&mut errs, "name", &d.name, "the name", "姓名");
        required(
            &mut errs,
            "field",
            &d.field,
            "the enforcement field",
            "执法领域",
        );
        check_label(&mut errs, "cert_no", d.cert_no.trim());
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let username = Some(d.username.trim().to_owned()).filter(|u| !u.is_empty());
        if let Some(u) = &username {
            match tx.get_user_by_username(u).await? {
                Some(user) if user.role == rongma_domain::roles::Role::Inspector => {}
                _ => errs.push(FieldError::new(
                    "username",
                    "not_an_inspector",
                    format!("no inspector account is called \"{u}\""),
                    format!("没有名为“{u}”的执法人员账号"),
                )),
            }
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let new = NewInspector {
            cert_no: d.cert_no.trim().to_owned(),
            name: d.name.trim().to_owned(),
            field: d.field.trim().to_owned(),
            username,
        };
        let id = tx.insert_inspector(&new, now).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "inspector",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            "created",
            None,
            json!({"cert_no": new.cert_no, "name": new.name, "field": new.field}),
            now,
        ))
        .await?;
        let rec = tx
            .get_inspector(id)
            .await?
            .ok_or(AppError::NotFound("inspector"))?;
        tx.commit().await?;
        Ok(rec)
    }

    pub async fn list_inspectors(&self, actor: &Actor) -> AppResult<Vec<InspectorRecord>> {
        require(actor, Action::ReadSupervision)?;
        Ok(self.store().read().await?.list_inspectors().await?)
    }

    /// Takes an inspector out of (or back into) future draws.
    pub async fn set_inspector_active(
        &self,
        actor: &Actor,
        id: i64,
        active: bool,
    ) -> AppResult<()> {
        require(actor, Action::ManageSupervision)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        if !tx.set_inspector_active(id, active, now).await? {
            return Err(AppError::NotFound("inspector"));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "inspector",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            if active { "activated" } else { "deactivated" },
            None,
            json!({"active": active}),
            now,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Declares that an inspector must step aside (回避) for an enterprise.
    pub async fn add_conflict(
        &self,
        actor: &Actor,
        inspector_id: i64,
        enterprise_id: i64,
        reason: &str,
    ) -> AppResult<()> {
        require(actor, Action::ManageSupervision)?;
        let mut errs = FieldErrors::new();
        required(&mut errs, "reason", reason, "the reason", "回避原因");
        let now = self.now();
        let mut tx = self.store().begin().await?;
        if tx.get_inspector(inspector_id).await?.is_none() {
            errs.push(FieldError::new(
                "inspector_id",
                "unknown",
                "no such inspector",
                "没有该执法人员",
            ));
        }
        if tx.get_enterprise(enterprise_id).await?.is_none() {
            errs.push(FieldError::new(
                "enterprise_id",
                "unknown",
                "no such enterprise",
                "没有该企业",
            ));
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        tx.insert_conflict(&ConflictRecord {
            inspector_id,
            enterprise_id,
            reason: reason.trim().to_owned(),
            created_at: now,
        })
        .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "inspector",
            entity_id: inspector_id,
            enterprise_id: Some(enterprise_id),
        };
        tx.append_event(&ev.event(
            "conflict_declared",
            Some(reason.trim().to_owned()),
            json!({"enterprise_id": enterprise_id}),
            now,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn list_conflicts(&self, actor: &Actor) -> AppResult<Vec<ConflictRecord>> {
        require(actor, Action::ReadSupervision)?;
        Ok(self.store().read().await?.list_conflicts().await?)
    }

    /// Adds a check item; `kind` is `general` (一般) or `key` (重点).
    pub async fn add_check_item(
        &self,
        actor: &Actor,
        code: &str,
        name_zh: &str,
        name_en: &str,
        kind: &str,
    ) -> AppResult<CheckItem> {
        require(actor, Action::ManageSupervision)?;
        let mut errs = FieldErrors::new();
        required(&mut errs, "code", code, "the code", "事项编号");
        required(
            &mut errs,
            "name_zh",
            name_zh,
            "the Chinese name",
            "中文名称",
        );
        required(
            &mut errs,
            "name_en",
            name_en,
            "the English name",
            "英文名称",
        );
        if kind != "general" && kind != "key" {
            errs.push(FieldError::new(
                "kind",
                "bad_kind",
                "choose general or key",
                "请选择一般或重点",
            ));
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let mut item = CheckItem {
            id: 0,
            code: code.trim().to_owned(),
            name_zh: name_zh.trim().to_owned(),
            name_en: name_en.trim().to_owned(),
            kind: kind.to_owned(),
            active: true,
        };
        let now = self.now();
        let mut tx = self.store().begin().await?;
        item.id = tx.insert_check_item(&item, now).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "check_item",
            entity_id: item.id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            "created",
            None,
            json!({"code": item.code, "kind": item.kind}),
            now,
        ))
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    pub async fn list_check_items(&self, actor: &Actor) -> AppResult<Vec<CheckItem>> {
        require(actor, Action::ReadSupervision)?;
        Ok(self.store().read().await?.list_check_items().await?)
    }

    /// Sets an enterprise's stratum for future draws (`None`: the configured default).
    pub async fn set_stratum(
        &self,
        actor: &Actor,
        enterprise_id: i64,
        stratum: Option<&str>,
    ) -> AppResult<()> {
        require(actor, Action::ManageSupervision)?;
        let stratum = stratum.map(str::trim).filter(|s| !s.is_empty());
        let mut errs = FieldErrors::new();
        if let Some(s) = stratum {
            check_label(&mut errs, "stratum", s);
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        if tx.get_enterprise(enterprise_id).await?.is_none() {
            return Err(AppError::NotFound("enterprise"));
        }
        tx.set_subject_stratum(enterprise_id, stratum, now).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "enterprise",
            entity_id: enterprise_id,
            enterprise_id: Some(enterprise_id),
        };
        tx.append_event(&ev.event("stratum_set", None, json!({"stratum": stratum}), now))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
