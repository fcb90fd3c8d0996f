//! Background work of a running service: certificates expire on their end date, dead
//! sessions are cleared, failure counters older than a day that block nothing are
//! forgotten. Each run is idempotent, so several instances may run it.

use crate::App;
use std::time::Duration;

impl App {
    /// One round of housekeeping; errors are logged and the next round tries again.
    pub async fn housekeeping(&self) {
        if let Err(e) = self.expire_certificates().await {
            tracing::error!(error = %e, "expiring certificates failed");
        }
        let now = self.now();
        let cleared = async {
            let mut tx = self.store().begin().await?;
            let n = tx.delete_expired_sessions(now).await?;
            tx.purge_throttles(now - chrono::Duration::days(1)).await?;
            tx.commit().await?;
            Ok::<_, rongma_store::StoreError>(n)
        };
        match cleared.await {
            Ok(n) if n > 0 => tracing::info!(count = n, "expired sessions cleared"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "clearing sessions failed"),
        }
    }

    /// Runs [`App::housekeeping`] now and then every `every`, until the task is dropped.
    pub fn spawn_housekeeping(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                app.housekeeping().await;
            }
        })
    }
}
