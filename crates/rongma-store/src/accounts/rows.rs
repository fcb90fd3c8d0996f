//! How account rows read back into records (on either backend).

use crate::accounts::{ApiKey, Session, User};
use crate::error::{corrupt, StoreResult};
use chrono::{DateTime, Utc};
use rongma_domain::roles::Role;

fn parse_role(s: &str) -> StoreResult<Role> {
    Role::parse(s).ok_or_else(|| corrupt("role", s))
}

pub(crate) const USER_COLS: &str =
    "id, username, display_name, password_hash, role, enterprise_id, lab_id, active, \
     created_at, updated_at, last_login_at";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    password_hash: String,
    role: String,
    enterprise_id: Option<i64>,
    lab_id: Option<i64>,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_login_at: Option<DateTime<Utc>>,
}

impl UserRow {
    pub(crate) fn into_user(self) -> StoreResult<User> {
        Ok(User {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            password_hash: self.password_hash,
            role: parse_role(&self.role)?,
            enterprise_id: self.enterprise_id,
            lab_id: self.lab_id,
            active: self.active,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_login_at: self.last_login_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    token_hash: String,
    user_id: i64,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

impl SessionRow {
    pub(crate) fn into_session(self) -> Session {
        Session {
            token_hash: self.token_hash,
            user_id: self.user_id,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_seen_at: self.last_seen_at,
        }
    }
}

pub(crate) const API_KEY_COLS: &str =
    "id, prefix, secret_hash, name, role, lab_id, created_by, created_at, revoked_at, last_used_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ApiKeyRow {
    id: i64,
    prefix: String,
    secret_hash: String,
    name: String,
    role: String,
    lab_id: Option<i64>,
    created_by: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

impl ApiKeyRow {
    pub(crate) fn into_key(self) -> StoreResult<ApiKey> {
        Ok(ApiKey {
            id: self.id,
            prefix: self.prefix,
            secret_hash: self.secret_hash,
            name: self.name,
            role: parse_role(&self.role)?,
            lab_id: self.lab_id,
            created_by: self.created_by,
            created_at: self.created_at,
            revoked_at: self.revoked_at,
            last_used_at: self.last_used_at,
        })
    }
}
