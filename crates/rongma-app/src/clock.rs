//! The app's clock: the system time, or a settable time for tests of expiry.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use std::sync::Mutex;

pub enum Clock {
    System,
    /// A time that only moves when told to.
    Manual(Mutex<DateTime<Utc>>),
}

impl Clock {
    pub fn manual(at: DateTime<Utc>) -> Self {
        Clock::Manual(Mutex::new(at.trunc_subsecs(6)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => rongma_store::now(),
            Clock::Manual(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a manual clock forward; the system clock ignores this.
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(t) = self {
            let mut t = t.lock().unwrap_or_else(|p| p.into_inner());
            *t += by;
        }
    }
}
