//! Failure counters that slow down whoever fails: wrong passwords and wrong PINs, each
//! counted under a scope and a key (e.g. `login_user_net`, `alice|<network>`), with when the
//! count's window started and until when the key is blocked. They live in the database so
//! a restart forgets no lockout, and on PostgreSQL every instance sees the same ones.
//! The rules that read and write them are the app's (`rongma_app::throttle`).

use crate::error::StoreResult;
use crate::shared::At;
use async_trait::async_trait;

/// One counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttle {
    pub scope: String,
    pub key: String,
    pub failures: i64,
    pub window_start: At,
    pub blocked_until: Option<At>,
}

#[async_trait]
pub trait ThrottleTx: Send {
    /// The counters of these (scope, key) pairs that exist.
    async fn get_throttles(&mut self, keys: &[(&str, &str)]) -> StoreResult<Vec<Throttle>>;
    /// Writes a counter (created or replaced).
    async fn put_throttle(&mut self, t: &Throttle) -> StoreResult<()>;
    /// Forgets a counter (a correct password or PIN clears its own).
    async fn clear_throttle(&mut self, scope: &str, key: &str) -> StoreResult<()>;
    /// Forgets counters whose window started before `before` and that block nothing now.
    async fn purge_throttles(&mut self, before: At) -> StoreResult<u64>;
}
