//! A per-network scan rate limit: a counter per network fingerprint and minute, in memory.
//! It bounds how fast one network can probe serials (a forged serial costs no database
//! read, but 40 bits is a guessing bound only while guesses are slow) and how much load
//! one network can put on the database. Memory is bounded: the map is cut back to the
//! current minute when it grows past [`MAX_NETWORKS`].

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

const MAX_NETWORKS: usize = 100_000;

pub struct RateLimit {
    per_minute: u32,
    counts: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimit {
    /// `per_minute` 0 means no limit.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request; `Err(seconds to wait)` once the network's minute is used up.
    pub fn hit(&self, network: &str, now: DateTime<Utc>) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let minute = now.timestamp().div_euclid(60);
        let mut m = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= MAX_NETWORKS && !m.contains_key(network) {
            m.retain(|_, (min, _)| *min == minute);
        }
        let e = m.entry(network.to_owned()).or_insert((minute, 0));
        if e.0 != minute {
            *e = (minute, 0);
        }
        if e.1 >= self.per_minute {
            let wait = 60 - now.timestamp().rem_euclid(60);
            return Err(wait.max(1) as u64);
        }
        e.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_gets_its_minute() {
        let l = RateLimit::new(3);
        let t: DateTime<Utc> = "2026-11-11T10:00:15Z".parse().unwrap();
        for _ in 0..3 {
            assert!(l.hit("a", t).is_ok());
        }
        assert_eq!(l.hit("a", t), Err(45));
        assert!(l.hit("b", t).is_ok());
        assert!(l.hit("a", t + chrono::Duration::seconds(45)).is_ok());
        assert!(RateLimit::new(0).hit("a", t).is_ok());
    }
}
