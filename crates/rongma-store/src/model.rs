//! Records and queries that belong to storage: accounts, the history, paging. Registry
//! values are the domain's own types (`rongma_domain::registry`).

use chrono::{DateTime, Utc};
use rongma_domain::roles::{ActorKind, Role};
use serde::Serialize;

/// Unique keys added by later migrations: (PostgreSQL constraint, SQLite columns, key).
pub(crate) const EXTRA_UNIQUE_KEYS: &[(&str, &str, &str)] = &[];

/// A page of a list, with the total count for paging controls.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// Filters for registry lists. `enterprise_id` confines a list to one enterprise (set by
/// the app layer for enterprise users whatever the client asked).
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Case-insensitive substring of the name (and code/number where the kind has one).
    pub search: Option<String>,
    pub enterprise_id: Option<i64>,
    pub brand_id: Option<i64>,
    /// Kind-specific status filter (pilot status for enterprises, species for products).
    pub status: Option<String>,
    pub include_archived: bool,
    pub limit: i64,
    pub offset: i64,
}

impl ListQuery {
    /// The search text as a `LIKE` pattern with `%`, `_` and `\` escaped.
    pub fn like_pattern(&self) -> Option<String> {
        let s = self.search.as_deref()?.trim();
        if s.is_empty() {
            return None;
        }
        let mut p = String::with_capacity(s.len() + 2);
        p.push('%');
        for c in s.to_lowercase().chars() {
            if matches!(c, '%' | '_' | '\\') {
                p.push('\\');
            }
            p.push(c);
        }
        p.push('%');
        Some(p)
    }
}

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

/// One state change: who did what to which record, when and why.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub entity_type: &'static str,
    pub entity_id: i64,
    /// The enterprise the record belongs to, so an enterprise's whole history can be read.
    pub enterprise_id: Option<i64>,
    pub action: &'static str,
    pub actor_kind: ActorKind,
    pub actor_id: i64,
    pub actor_name: String,
    pub reason: Option<String>,
    /// What changed (the new values, a diff, or the inputs of a decision).
    pub data: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: i64,
    pub entity_type: String,
    pub entity_id: i64,
    pub enterprise_id: Option<i64>,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: i64,
    pub actor_name: String,
    pub reason: Option<String>,
    pub data: serde_json::Value,
    pub at: DateTime<Utc>,
}
