//! Limits on failures (wrong passwords, wrong PINs), keyed so that an attacker's failures
//! slow the attacker and not the owner:
//!
//! | scope | key | after | then |
//! |---|---|---|---|
//! | `login_user_net` | account and network | `security.login_failures_per_account_network` in `login_lock_minutes` | that network is refused for that account for `login_lock_minutes` |
//! | `login_net` | network | `security.login_failures_per_network` in `login_lock_minutes` (any accounts: password spraying) | that network is refused for `login_lock_minutes` |
//! | `login_user` | account | `security.login_failures_per_account` in an hour (from anywhere) | networks that failed on it wait a delay that doubles with each failure (at most 15 min); a network that never failed on it is not slowed |
//! | `pin_tag_net` | tag and network | `scans.pin_max_wrong` in `pin_lock_minutes` | that network's checks of that tag are locked for `pin_lock_minutes` |
//! | `pin_net` | network | `scans.pin_wrong_per_network` in `pin_network_window_minutes` (any tags) | that network gets 429 until the window ends |
//! | `pin_tag` | tag | `scans.pin_burst_per_tag` in an hour (from anywhere) | a `pin_burst` flag for the regulator; networks that failed on it wait a doubling delay |
//!
//! A correct password or PIN clears its own (account or tag, and network) counter only.
//! Counters are rows of the store ([`rongma_store::ThrottleTx`]), so a restart forgets
//! none and every instance shares them.

use chrono::{DateTime, Duration, Utc};
use rongma_store::Throttle;

type At = DateTime<Utc>;

/// What passing a threshold does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The key is refused for this long.
    For(Duration),
    /// Each failure past the threshold doubles the wait (1 s, 2 s, 4 s, …), at most this.
    Growing(Duration),
}

/// One limit: so many failures within a window, then a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub scope: &'static str,
    pub threshold: i64,
    pub window: Duration,
    pub block: Block,
}

impl Rule {
    /// The counter after one more failure at `now`: a window that has passed starts over;
    /// reaching the threshold blocks.
    pub fn fail(&self, before: Option<&Throttle>, key: &str, now: At) -> Throttle {
        let (failures, window_start) = match before {
            Some(t) if now < t.window_start + self.window => (t.failures + 1, t.window_start),
            _ => (1, now),
        };
        let over = failures - self.threshold;
        let blocked_until = if over < 0 {
            before.and_then(|t| t.blocked_until).filter(|b| *b > now)
        } else {
            Some(match self.block {
                Block::For(d) => now + d,
                Block::Growing(max) => now + growing(over).min(max),
            })
        };
        Throttle {
            scope: self.scope.to_owned(),
            key: key.to_owned(),
            failures,
            window_start,
            blocked_until,
        }
    }

    /// Whether the counter has reached the threshold within its window.
    pub fn reached(&self, t: Option<&Throttle>, now: At) -> bool {
        t.is_some_and(|t| now < t.window_start + self.window && t.failures >= self.threshold)
    }
}

/// 2^over seconds, without overflow.
fn growing(over: i64) -> Duration {
    Duration::seconds(1i64 << over.clamp(0, 30))
}

/// Until when `t` blocks, if it still does at `now`.
pub fn blocked(t: Option<&Throttle>, now: At) -> Option<At> {
    t.and_then(|t| t.blocked_until).filter(|b| *b > now)
}

/// Seconds from `now` to `until`, at least one (for `Retry-After`).
pub fn seconds_until(until: At, now: At) -> u64 {
    (until - now).num_seconds().max(1) as u64
}

/// The counter of `scope` among those read.
pub fn find<'a>(all: &'a [Throttle], scope: &str, key: &str) -> Option<&'a Throttle> {
    all.iter().find(|t| t.scope == scope && t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> At {
        format!("2026-12-03T{s}Z").parse().unwrap()
    }

    #[test]
    fn a_fixed_block_after_the_threshold_within_the_window() {
        let r = Rule {
            scope: "s",
            threshold: 3,
            window: Duration::minutes(15),
            block: Block::For(Duration::minutes(15)),
        };
        let mut t = r.fail(None, "k", at("10:00:00"));
        t = r.fail(Some(&t), "k", at("10:01:00"));
        assert_eq!(blocked(Some(&t), at("10:01:00")), None);
        t = r.fail(Some(&t), "k", at("10:02:00"));
        assert_eq!(blocked(Some(&t), at("10:02:01")), Some(at("10:17:00")));
        assert!(r.reached(Some(&t), at("10:02:01")));
        // A window that has passed starts over.
        let fresh = r.fail(Some(&t), "k", at("10:20:00"));
        assert_eq!((fresh.failures, fresh.window_start), (1, at("10:20:00")));
        assert_eq!(blocked(Some(&fresh), at("10:20:00")), None);
    }

    #[test]
    fn a_growing_block_doubles_and_is_capped() {
        let r = Rule {
            scope: "s",
            threshold: 2,
            window: Duration::hours(1),
            block: Block::Growing(Duration::seconds(60)),
        };
        let now = at("10:00:00");
        let mut t = r.fail(None, "k", now);
        let mut waits = Vec::new();
        for _ in 0..9 {
            t = r.fail(Some(&t), "k", now);
            waits.push((t.blocked_until.unwrap() - now).num_seconds());
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(seconds_until(now, now), 1);
    }
}
