//! Users and API clients. Only the regulator (or the system, from the CLI) creates
//! accounts; an enterprise user is bound to one enterprise and a lab user to one lab.
//! API keys are shown once and stored as a hash.

use crate::audit::EventBuilder;
use crate::auth::{hash_password, random_token, sha256_hex, verify_password, API_KEY_PREFIX};
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{require, Action};
use crate::App;
use chrono::{DateTime, Utc};
use rongma_domain::roles::{Actor, ActorKind, Role};
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{ApiKey, NewApiKey, NewUser, Page, User};
use serde::{Deserialize, Serialize};

pub const MIN_PASSWORD_LEN: usize = 10;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInput {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub password: Option<String>,
    /// regulator | reviewer | inspector | enterprise | lab
    pub role: Option<String>,
    /// Required for enterprise users.
    pub enterprise_id: Option<i64>,
    /// Required for lab users.
    pub lab_id: Option<i64>,
}

/// A user as shown to staff (never the password hash).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            enterprise_id: u.enterprise_id,
            lab_id: u.lab_id,
            active: u.active,
            created_at: u.created_at,
            last_login_at: u.last_login_at,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyInput {
    pub name: Option<String>,
    /// platform | lab
    pub role: Option<String>,
    /// Required for lab keys.
    pub lab_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyView {
    pub id: i64,
    pub prefix: String,
    pub name: String,
    pub role: Role,
    pub lab_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyView {
    fn from(k: ApiKey) -> Self {
        Self {
            id: k.id,
            prefix: k.prefix,
            name: k.name,
            role: k.role,
            lab_id: k.lab_id,
            created_by: k.created_by,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
            last_used_at: k.last_used_at,
        }
    }
}

/// A new API key: its record and the plaintext key, which is never shown again.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    pub key: ApiKeyView,
    /// `rk_<prefix>_<secret>`: send as `Authorization: Bearer <key>`.
    pub secret: String,
}

fn check_password(field: &str, p: Option<&str>) -> Result<String, FieldError> {
    let p = p.unwrap_or("");
    if p.chars().count() < MIN_PASSWORD_LEN {
        return Err(FieldError::new(
            field,
            "password_too_short",
            format!("the password must have at least {MIN_PASSWORD_LEN} characters"),
            format!("密码至少 {MIN_PASSWORD_LEN} 个字符"),
        ));
    }
    Ok(p.to_owned())
}

impl UserInput {
    fn validate(&self) -> Result<(NewUser, String), FieldErrors> {
        use rongma_domain::registry::text::required;
        let mut errs = FieldErrors::new();
        let username = errs
            .collect(required("username", "用户名", self.username.as_deref(), 32))
            .and_then(|u| {
                let u = u.to_lowercase();
                if u.len() >= 3
                    && u.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
                {
                    Some(u)
                } else {
                    errs.push(FieldError::new(
                        "username",
                        "bad_username",
                        "username must be 3–32 letters, digits, '.', '_' or '-'",
                        "用户名应为 3–32 位字母、数字、“.”、“_”或“-”",
                    ));
                    None
                }
            });
        let display_name = errs.collect(required(
            "display_name",
            "姓名",
            self.display_name.as_deref(),
            100,
        ));
        let password = errs.collect(check_password("password", self.password.as_deref()));
        let role = match self
            .role
            .as_deref()
            .and_then(Role::parse)
            .filter(|r| USER_ROLES.contains(r))
        {
            Some(r) => Some(r),
            None => {
                errs.push(FieldError::new(
                    "role",
                    "unknown_value",
                    "role must be regulator, reviewer, inspector, enterprise or lab",
                    "角色应为 regulator、reviewer、inspector、enterprise 或 lab",
                ));
                None
            }
        };
        let (enterprise_id, lab_id) = match role {
            Some(Role::Enterprise) => (self.enterprise_id, None),
            Some(Role::Lab) => (None, self.lab_id),
            _ => (None, None),
        };
        if role == Some(Role::Enterprise) && enterprise_id.is_none() {
            errs.push(FieldError::new(
                "enterprise_id",
                "required",
                "an enterprise user needs enterprise_id",
                "企业用户必须指定所属企业",
            ));
        }
        if role == Some(Role::Lab) && lab_id.is_none() {
            errs.push(FieldError::new(
                "lab_id",
                "required",
                "a lab user needs lab_id",
                "检测机构用户必须指定所属机构",
            ));
        }
        match (username, display_name, password, role) {
            (Some(username), Some(display_name), Some(password), Some(role)) if errs.is_empty() => {
                Ok((
                    NewUser {
                        username,
                        display_name,
                        password_hash: String::new(),
                        role,
                        enterprise_id,
                        lab_id,
                    },
                    password,
                ))
            }
            _ => Err(errs),
        }
    }
}

/// Active regulator accounts, counted in the write transaction (so two regulators
/// disabling each other at once cannot both succeed on SQLite, whose writers queue).
async fn active_regulators(tx: &mut dyn rongma_store::Tx) -> AppResult<i64> {
    let mut q = rongma_store::ListQuery {
        status: Some(Role::Regulator.as_str().into()),
        limit: 200,
        ..Default::default()
    };
    let mut n = 0;
    loop {
        let page = tx.list_users(&q).await?;
        n += page.items.iter().filter(|u| u.active).count() as i64;
        q.offset += page.items.len() as i64;
        if page.items.is_empty() || q.offset >= page.total {
            return Ok(n);
        }
    }
}

/// The roles a person's account can have (platforms connect with API keys only).
pub const USER_ROLES: [Role; 5] = [
    Role::Regulator,
    Role::Reviewer,
    Role::Inspector,
    Role::Enterprise,
    Role::Lab,
];

/// The roles an API key can have: a platform, or a lab's system submitting reports.
pub const API_KEY_ROLES: [Role; 2] = [Role::Platform, Role::Lab];

impl App {
    /// Creates a user (regulator or system only).
    #[tracing::instrument(skip_all, err)]
    pub async fn create_user(&self, actor: &Actor, input: UserInput) -> AppResult<UserView> {
        require(actor, Action::ManageAccounts)?;
        let (mut new, password) = input.validate()?;
        new.password_hash = hash_password(&password)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        if let Some(e) = new.enterprise_id {
            if tx
                .get_enterprise(e)
                .await?
                .is_none_or(|e| e.archived_at.is_some())
            {
                return Err(AppError::field(FieldError::new(
                    "enterprise_id",
                    "unknown",
                    "no such enterprise",
                    "企业不存在",
                )));
            }
        }
        if let Some(l) = new.lab_id {
            if tx.get_lab(l).await?.is_none_or(|l| l.archived_at.is_some()) {
                return Err(AppError::field(FieldError::new(
                    "lab_id",
                    "unknown",
                    "no such lab",
                    "检测机构不存在",
                )));
            }
        }
        let id = tx.insert_user(&new, now).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "user",
            entity_id: id,
            enterprise_id: new.enterprise_id,
        };
        tx.append_event(&ev.event(
            "created",
            None,
            serde_json::json!({"username": new.username, "role": new.role, "enterprise_id": new.enterprise_id, "lab_id": new.lab_id}),
            now,
        ))
        .await?;
        let user = tx.get_user(id).await?.ok_or(AppError::NotFound("user"))?;
        tx.commit().await?;
        tracing::info!(user.id = id, role = %new.role, "created user");
        Ok(user.into())
    }

    pub async fn list_users(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> AppResult<Page<UserView>> {
        require(actor, Action::ManageAccounts)?;
        let page = self
            .store()
            .read()
            .await?
            .list_users(&params.to_query())
            .await?;
        Ok(page.map(UserView::from))
    }

    /// Enables or disables a user; disabling ends their sessions.
    pub async fn set_user_active(
        &self,
        actor: &Actor,
        id: i64,
        active: bool,
        reason: Option<String>,
    ) -> AppResult<UserView> {
        require(actor, Action::ManageAccounts)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let user = tx.get_user(id).await?.ok_or(AppError::NotFound("user"))?;
        if !active && user.active && user.role == Role::Regulator {
            if actor.kind == ActorKind::User && actor.id == id {
                return Err(AppError::InvalidState(
                    "a regulator cannot disable their own account".into(),
                ));
            }
            if active_regulators(&mut *tx).await? <= 1 {
                return Err(AppError::InvalidState(
                    "this is the last active regulator: enable or create another one first".into(),
                ));
            }
        }
        tx.set_user_active(id, active, now).await?;
        if !active {
            tx.delete_user_sessions(id).await?;
        }
        let ev = EventBuilder {
            actor,
            entity_type: "user",
            entity_id: id,
            enterprise_id: user.enterprise_id,
        };
        tx.append_event(&ev.event(
            if active { "enabled" } else { "disabled" },
            reason,
            serde_json::json!({}),
            now,
        ))
        .await?;
        let user = tx.get_user(id).await?.ok_or(AppError::NotFound("user"))?;
        tx.commit().await?;
        Ok(user.into())
    }

    /// Sets a user's password (regulator or system), ending their sessions.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
    ) -> AppResult<()> {
        require(actor, Action::ManageAccounts)?;
        let password = check_password("password", Some(password)).map_err(AppError::field)?;
        let hash = hash_password(&password)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let user = tx
            .get_user_by_username(&username.to_lowercase())
            .await?
            .ok_or(AppError::NotFound("user"))?;
        tx.set_user_password(user.id, &hash, now).await?;
        tx.delete_user_sessions(user.id).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "user",
            entity_id: user.id,
            enterprise_id: user.enterprise_id,
        };
        tx.append_event(&ev.event("password_reset", None, serde_json::json!({}), now))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A user changes their own password, proving the old one.
    pub async fn change_password(&self, actor: &Actor, old: &str, new: &str) -> AppResult<()> {
        let new = check_password("new_password", Some(new)).map_err(AppError::field)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let user = tx
            .get_user(actor.id)
            .await?
            .filter(|_| actor.kind == rongma_domain::roles::ActorKind::User);
        let user = user.ok_or(AppError::Unauthenticated)?;
        if !verify_password(old, &user.password_hash) {
            return Err(AppError::field(FieldError::new(
                "old_password",
                "wrong_password",
                "the current password is wrong",
                "当前密码不正确",
            )));
        }
        tx.set_user_password(user.id, &hash_password(&new)?, now)
            .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "user",
            entity_id: user.id,
            enterprise_id: user.enterprise_id,
        };
        tx.append_event(&ev.event("password_changed", None, serde_json::json!({}), now))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an API key for a platform or a lab; the secret is in the result only.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_api_key(
        &self,
        actor: &Actor,
        input: ApiKeyInput,
    ) -> AppResult<CreatedApiKey> {
        use rongma_domain::registry::text::required;
        require(actor, Action::ManageAccounts)?;
        let mut errs = FieldErrors::new();
        let name = errs.collect(required("name", "名称", input.name.as_deref(), 100));
        let role = match input
            .role
            .as_deref()
            .and_then(Role::parse)
            .filter(|r| API_KEY_ROLES.contains(r))
        {
            Some(r) => Some(r),
            _ => {
                errs.push(FieldError::new(
                    "role",
                    "unknown_value",
                    "role must be platform or lab",
                    "角色应为 platform 或 lab",
                ));
                None
            }
        };
        let lab_id = if role == Some(Role::Lab) {
            input.lab_id
        } else {
            None
        };
        if role == Some(Role::Lab) && lab_id.is_none() {
            errs.push(FieldError::new(
                "lab_id",
                "required",
                "a lab key needs lab_id",
                "检测机构密钥必须指定机构",
            ));
        }
        let (Some(name), Some(role)) = (name, role) else {
            return Err(errs.into());
        };
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        if let Some(l) = lab_id {
            if tx.get_lab(l).await?.is_none() {
                return Err(AppError::field(FieldError::new(
                    "lab_id",
                    "unknown",
                    "no such lab",
                    "检测机构不存在",
                )));
            }
        }
        // Prefix: 8 URL-safe characters without '_' (the separator).
        let prefix: String = random_token(12)
            .replace(['_', '-'], "x")
            .chars()
            .take(8)
            .collect();
        let secret = random_token(32);
        let id = tx
            .insert_api_key(
                &NewApiKey {
                    prefix: prefix.clone(),
                    secret_hash: sha256_hex(&secret),
                    name,
                    role,
                    lab_id,
                    created_by: actor.name.clone(),
                },
                now,
            )
            .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "api_key",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            "created",
            None,
            serde_json::json!({"prefix": prefix, "role": role, "lab_id": lab_id}),
            now,
        ))
        .await?;
        let key = tx
            .get_api_key_by_prefix(&prefix)
            .await?
            .ok_or(AppError::NotFound("API key"))?;
        tx.commit().await?;
        tracing::info!(api_key.id = id, "created API key");
        Ok(CreatedApiKey {
            key: key.into(),
            secret: format!("{API_KEY_PREFIX}{prefix}_{secret}"),
        })
    }

    pub async fn list_api_keys(&self, actor: &Actor) -> AppResult<Vec<ApiKeyView>> {
        require(actor, Action::ManageAccounts)?;
        let keys = self.store().read().await?.list_api_keys().await?;
        Ok(keys.into_iter().map(ApiKeyView::from).collect())
    }

    pub async fn revoke_api_key(
        &self,
        actor: &Actor,
        id: i64,
        reason: Option<String>,
    ) -> AppResult<()> {
        require(actor, Action::ManageAccounts)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        if !tx.revoke_api_key(id, now).await? {
            return Err(AppError::NotFound("API key"));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "api_key",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event("revoked", reason, serde_json::json!({}), now))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
