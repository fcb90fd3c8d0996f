//! The SQL of accounts: users, sessions and API keys. Compiled into each backend by
//! `crate::sql` (through `#[path]`), so `super` is that backend's `sql` module: its `Db`,
//! `SqlTx` and query helpers.

use super::table::Table;
use super::SqlTx;
use crate::accounts::rows::*;
use crate::accounts::{AccountTx, ApiKey, NewApiKey, NewUser, Session, User};
use crate::error::StoreResult;
use crate::shared::{ListQuery, Page};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

const USERS: Table = Table {
    name: "users",
    columns: USER_COLS,
    search: &["username", "display_name"],
    owner: Some("enterprise_id"),
    status: Some("role"),
    brand: None,
    archived: false,
    order: "username",
};

#[async_trait]
impl AccountTx for SqlTx {
    async fn insert_user(&mut self, u: &NewUser, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, role, enterprise_id, lab_id, active, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7) RETURNING id",
        )
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(&u.password_hash)
        .bind(u.role.as_str())
        .bind(u.enterprise_id)
        .bind(u.lab_id)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_user(&mut self, id: i64) -> StoreResult<Option<User>> {
        self.get(&USERS, id, UserRow::into_user).await
    }

    async fn get_user_by_username(&mut self, username: &str) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE username = $1");
        self.one(&sql, username, UserRow::into_user).await
    }

    async fn list_users(&mut self, q: &ListQuery) -> StoreResult<Page<User>> {
        self.list(&USERS, q, UserRow::into_user).await
    }

    async fn set_user_password(
        &mut self,
        id: i64,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(at)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn set_user_active(
        &mut self,
        id: i64,
        active: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(active)
            .bind(at)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn record_login(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn insert_session(&mut self, s: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.last_seen_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn get_session(&mut self, token_hash: &str) -> StoreResult<Option<(Session, User)>> {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT token_hash, user_id, created_at, expires_at, last_seen_at FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *self.tx)
        .await?;
        let Some(session) = row.map(SessionRow::into_session) else {
            return Ok(None);
        };
        let Some(user) = self.get_user(session.user_id).await? else {
            return Ok(None);
        };
        Ok(Some((session, user)))
    }

    async fn touch_session(
        &mut self,
        token_hash: &str,
        seen: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(seen)
            .bind(expires)
            .bind(token_hash)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn delete_user_sessions(&mut self, user_id: i64) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected())
    }

    async fn delete_expired_sessions(&mut self, now: DateTime<Utc>) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected())
    }

    async fn insert_api_key(&mut self, k: &NewApiKey, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO api_keys (prefix, secret_hash, name, role, lab_id, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&k.prefix)
        .bind(&k.secret_hash)
        .bind(&k.name)
        .bind(k.role.as_str())
        .bind(k.lab_id)
        .bind(&k.created_by)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn get_api_key_by_prefix(&mut self, prefix: &str) -> StoreResult<Option<ApiKey>> {
        let sql = format!("SELECT {API_KEY_COLS} FROM api_keys WHERE prefix = $1");
        self.one(&sql, prefix, ApiKeyRow::into_key).await
    }

    async fn list_api_keys(&mut self) -> StoreResult<Vec<ApiKey>> {
        let sql = format!("SELECT {API_KEY_COLS} FROM api_keys ORDER BY id");
        let rows: Vec<ApiKeyRow> = sqlx::query_as(&sql).fetch_all(&mut *self.tx).await?;
        rows.into_iter().map(ApiKeyRow::into_key).collect()
    }

    async fn revoke_api_key(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<bool> {
        let r =
            sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(id)
                .execute(&mut *self.tx)
                .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn touch_api_key(&mut self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}
