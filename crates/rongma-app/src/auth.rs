//! Authentication: Argon2id passwords, session tokens, API keys, CSRF tokens, and a
//! throttle against password guessing. Tokens are random and only their SHA-256 is
//! stored; comparisons of secrets are constant-time.

use crate::error::{AppError, AppResult};
use crate::throttle;
use crate::App;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use rongma_domain::roles::{Actor, ActorKind};
use rongma_store::{ApiKey, Session, User};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use subtle::ConstantTimeEq;

/// API keys look like `rk_<8-character prefix>_<secret>`; the prefix finds the row.
pub const API_KEY_PREFIX: &str = "rk_";

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}").into()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash of nothing in particular, verified against when the user does not exist so a
/// login takes as long for unknown users as for wrong passwords.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

pub fn random_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

pub(crate) fn ct_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Counts failures per key in a sliding window; over the limit, attempts are refused.
pub struct Throttle {
    max: usize,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

impl Throttle {
    pub fn new(max: usize, window: Duration) -> Self {
        Self {
            max,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err` with the seconds to wait when `key` has failed too often lately.
    pub fn check(&self, key: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(list) = map.get_mut(key) else {
            return Ok(());
        };
        list.retain(|t| now - *t < self.window);
        if list.len() >= self.max {
            let oldest = list[0];
            let wait = (oldest + self.window - now).num_seconds().max(1);
            return Err(wait as u64);
        }
        Ok(())
    }

    /// Recorded events of `key` within the window.
    pub fn count(&self, key: &str, now: DateTime<Utc>) -> usize {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.get_mut(key).map_or(0, |l| {
            l.retain(|t| now - *t < self.window);
            l.len()
        })
    }

    pub fn fail(&self, key: &str, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a flood of distinct keys: forget windows that are over.
            map.retain(|_, l| l.last().is_some_and(|t| now - *t < self.window));
        }
        map.entry(key.to_owned()).or_default().push(now);
    }

    pub fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    /// The session token: a cookie on the web, a bearer token on the API. Shown once.
    pub token: String,
    pub actor: Actor,
    pub expires_at: DateTime<Utc>,
}

pub(crate) fn actor_of_user(u: &User) -> Actor {
    Actor {
        kind: ActorKind::User,
        id: u.id,
        name: u.username.clone(),
        role: u.role,
        enterprise_id: u.enterprise_id,
        lab_id: u.lab_id,
    }
}

fn actor_of_key(k: &ApiKey) -> Actor {
    Actor {
        kind: ActorKind::ApiKey,
        id: k.id,
        name: k.name.clone(),
        role: k.role,
        enterprise_id: None,
        lab_id: k.lab_id,
    }
}

/// The three login limits, from the settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoginRules {
    pub pair: throttle::Rule,
    pub network: throttle::Rule,
    pub account: throttle::Rule,
}

impl App {
    pub(crate) fn login_rules(&self) -> LoginRules {
        use throttle::{Block, Rule};
        let s = &self.settings().security;
        let lock = Duration::minutes(i64::from(s.login_lock_minutes));
        LoginRules {
            pair: Rule {
                scope: "login_user_net",
                threshold: i64::from(s.login_failures_per_account_network),
                window: lock,
                block: Block::For(lock),
            },
            network: Rule {
                scope: "login_net",
                threshold: i64::from(s.login_failures_per_network),
                window: lock,
                block: Block::For(lock),
            },
            account: Rule {
                scope: "login_user",
                threshold: i64::from(s.login_failures_per_account),
                window: Duration::hours(1),
                block: Block::Growing(Duration::minutes(15)),
            },
        }
    }

    fn idle(&self) -> Duration {
        Duration::hours(self.settings().security.session_idle_hours.max(1))
    }

    /// Checks a username and password from `network` (the client's network fingerprint)
    /// and opens a session. Failures are limited per account and network, per network and
    /// per account (see [`crate::throttle`]): 429 with the seconds to wait.
    #[tracing::instrument(skip_all, fields(username = ?username))]
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        network: &str,
    ) -> AppResult<LoginOutcome> {
        let now = self.now();
        let key = username.trim().to_lowercase();
        let rules = self.login_rules();
        let pair = format!("{key}|{network}");
        let keys = [
            (rules.pair.scope, pair.as_str()),
            (rules.network.scope, network),
            (rules.account.scope, key.as_str()),
        ];
        let counters = self.store().read().await?.get_throttles(&keys).await?;
        let pair_t = throttle::find(&counters, rules.pair.scope, &pair);
        let net_t = throttle::find(&counters, rules.network.scope, network);
        let account_t = throttle::find(&counters, rules.account.scope, &key);
        // The account's own delay applies only to networks that have failed on it.
        let account_wait = throttle::blocked(account_t, now).filter(|_| pair_t.is_some());
        if let Some(until) = throttle::blocked(pair_t, now)
            .or(throttle::blocked(net_t, now))
            .or(account_wait)
        {
            tracing::warn!("login throttled");
            return Err(AppError::RateLimited {
                retry_after_secs: throttle::seconds_until(until, now),
            });
        }
        let user = self
            .store()
            .read()
            .await?
            .get_user_by_username(&key)
            .await?;
        let ok = match &user {
            Some(u) => verify_password(password, &u.password_hash) && u.active,
            None => {
                verify_password(password, dummy_hash());
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            let mut tx = self.store().begin().await?;
            // Read again inside the write: concurrent failures must all count.
            let counters = tx.get_throttles(&keys).await?;
            for (rule, k) in [
                (rules.pair, pair.as_str()),
                (rules.network, network),
                (rules.account, key.as_str()),
            ] {
                let t = rule.fail(throttle::find(&counters, rule.scope, k), k, now);
                tx.put_throttle(&t).await?;
            }
            tx.commit().await?;
            tracing::info!("login refused");
            return Err(AppError::Unauthenticated);
        };
        if pair_t.is_some() {
            let mut tx = self.store().begin().await?;
            tx.clear_throttle(rules.pair.scope, &pair).await?;
            tx.commit().await?;
        }
        let token = random_token(32);
        let expires_at = now + self.idle();
        let mut tx = self.store().begin().await?;
        tx.insert_session(&Session {
            token_hash: sha256_hex(&token),
            user_id: user.id,
            created_at: now,
            expires_at,
            last_seen_at: now,
        })
        .await?;
        tx.record_login(user.id, now).await?;
        tx.commit().await?;
        tracing::info!(user.id, "logged in");
        Ok(LoginOutcome {
            token,
            actor: actor_of_user(&user),
            expires_at,
        })
    }

    pub async fn logout(&self, token: &str) -> AppResult<()> {
        let mut tx = self.store().begin().await?;
        tx.delete_session(&sha256_hex(token)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind a session token, if the session is live and the user active.
    /// Sliding expiry: use renews the session (written at most every five minutes).
    pub async fn actor_for_session(&self, token: &str) -> AppResult<Option<Actor>> {
        let now = self.now();
        let hash = sha256_hex(token);
        let found = self.store().read().await?.get_session(&hash).await?;
        let Some((session, user)) = found else {
            return Ok(None);
        };
        if session.expires_at <= now || !user.active {
            return Ok(None);
        }
        if now - session.last_seen_at > Duration::minutes(5) {
            let mut tx = self.store().begin().await?;
            tx.touch_session(&hash, now, now + self.idle()).await?;
            tx.commit().await?;
        }
        Ok(Some(actor_of_user(&user)))
    }

    /// The actor behind an API key, if the key exists and is not revoked.
    pub async fn actor_for_api_key(&self, token: &str) -> AppResult<Option<Actor>> {
        let Some((prefix, secret)) = token
            .strip_prefix(API_KEY_PREFIX)
            .and_then(|t| t.split_once('_'))
        else {
            return Ok(None);
        };
        let key = self
            .store()
            .read()
            .await?
            .get_api_key_by_prefix(prefix)
            .await?;
        let Some(key) = key.filter(|k| k.revoked_at.is_none()) else {
            return Ok(None);
        };
        if !ct_eq(&sha256_hex(secret), &key.secret_hash) {
            return Ok(None);
        }
        let now = self.now();
        if key
            .last_used_at
            .is_none_or(|t| now - t > Duration::minutes(5))
        {
            let mut tx = self.store().begin().await?;
            tx.touch_api_key(key.id, now).await?;
            tx.commit().await?;
        }
        Ok(Some(actor_of_key(&key)))
    }

    /// A bearer token is either an API key (`rk_…`) or a session token.
    pub async fn actor_for_bearer(&self, token: &str) -> AppResult<Option<Actor>> {
        if token.starts_with(API_KEY_PREFIX) {
            self.actor_for_api_key(token).await
        } else {
            self.actor_for_session(token).await
        }
    }

    /// The CSRF token for forms of the holder of `session_token` (a session or, before
    /// login, an anonymous cookie): an HMAC only the server can make, bound to that token.
    pub fn csrf_token(&self, session_token: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secrets().session_key_bytes())
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(b"csrf:");
        mac.update(session_token.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    pub fn verify_csrf(&self, session_token: &str, presented: &str) -> bool {
        ct_eq(&self.csrf_token(session_token), presented)
    }
}

/// HMAC accepts keys of any length, so keying cannot fail.
fn unreachable_hmac() -> hmac::Hmac<Sha256> {
    use hmac::Mac;
    <hmac::Hmac<Sha256> as Mac>::new_from_slice(&[0u8; 32]).expect("HMAC takes any key length")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("Correct horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn throttle_blocks_after_max_failures_then_forgets() {
        let t = Throttle::new(3, Duration::minutes(15));
        let now = Utc::now();
        for _ in 0..3 {
            assert!(t.check("u", now).is_ok());
            t.fail("u", now);
        }
        let wait = t.check("u", now).unwrap_err();
        assert!(wait > 800 && wait <= 900, "{wait}");
        assert!(t.check("other", now).is_ok());
        assert!(t.check("u", now + Duration::minutes(16)).is_ok());
    }
}
