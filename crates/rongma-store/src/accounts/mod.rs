//! Accounts: the people who log in ([`User`]), their sessions and the API keys of
//! platforms and labs, with their operations ([`AccountTx`]) and unique keys.
//!
//! The SQL is in `sql.rs` (compiled into each backend, see `crate::sql`); how a row
//! becomes a record is in `rows.rs`.

pub(crate) mod rows;

use crate::error::{unique, StoreResult, UniqueKey};
use crate::shared::{At, ListQuery, Page};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::roles::Role;

/// The accounts' unique constraints.
pub(crate) const UNIQUE_KEYS: &[UniqueKey] = &[
    unique("uq_users_username", "users.username", "users.username"),
    unique("uq_api_keys_prefix", "api_keys.prefix", "api_keys.prefix"),
];

/// A person who logs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub prefix: String,
    pub secret_hash: String,
    pub name: String,
    pub role: Role,
    pub lab_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub prefix: String,
    pub secret_hash: String,
    pub name: String,
    pub role: Role,
    pub lab_id: Option<i64>,
    pub created_by: String,
}

#[async_trait]
pub trait AccountTx: Send {
    async fn insert_user(&mut self, u: &NewUser, at: At) -> StoreResult<i64>;
    async fn get_user(&mut self, id: i64) -> StoreResult<Option<User>>;
    async fn get_user_by_username(&mut self, username: &str) -> StoreResult<Option<User>>;
    async fn list_users(&mut self, q: &ListQuery) -> StoreResult<Page<User>>;
    async fn set_user_password(
        &mut self,
        id: i64,
        password_hash: &str,
        at: At,
    ) -> StoreResult<bool>;
    async fn set_user_active(&mut self, id: i64, active: bool, at: At) -> StoreResult<bool>;
    async fn record_login(&mut self, id: i64, at: At) -> StoreResult<()>;

    async fn insert_session(&mut self, s: &Session) -> StoreResult<()>;
    /// The session and its user, if the session exists (expiry is the caller's check).
    async fn get_session(&mut self, token_hash: &str) -> StoreResult<Option<(Session, User)>>;
    async fn touch_session(&mut self, token_hash: &str, seen: At, expires: At) -> StoreResult<()>;
    async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()>;
    async fn delete_user_sessions(&mut self, user_id: i64) -> StoreResult<u64>;
    async fn delete_expired_sessions(&mut self, now: At) -> StoreResult<u64>;

    async fn insert_api_key(&mut self, k: &NewApiKey, at: At) -> StoreResult<i64>;
    async fn get_api_key_by_prefix(&mut self, prefix: &str) -> StoreResult<Option<ApiKey>>;
    async fn list_api_keys(&mut self) -> StoreResult<Vec<ApiKey>>;
    async fn revoke_api_key(&mut self, id: i64, at: At) -> StoreResult<bool>;
    async fn touch_api_key(&mut self, id: i64, at: At) -> StoreResult<()>;
}
