//! The PIN writer: PIN checks are durable before they are answered, and many of them share
//! one commit (group commit). A check is sent to this task with a reply channel; the task
//! takes every check waiting, applies them in order in one transaction (lock the code's
//! row, decide, update it, raise the PIN flag), inserts their events, commits — one fsync
//! for the lot — and only then replies to each waiter. While one commit is being synced,
//! the next checks queue up and form the next group.

use super::rules::{daily, Rules};
use chrono::{DateTime, Utc};
use rongma_store::{
    CodeState, FlagKind, NewFlag, NewScanEvent, PinStateUpdate, Store, StoreResult,
    MAX_PIN_NETWORKS,
};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Checks in one group at most.
const MAX_GROUP: usize = 512;

/// One PIN check to apply.
#[derive(Debug, Clone)]
pub struct PinJob {
    pub seq: i64,
    pub batch_id: i64,
    pub enterprise_id: i64,
    pub correct: bool,
    pub event: NewScanEvent,
}

/// What a check did to the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinDecision {
    Correct,
    Wrong,
    /// Checks on this code were locked; nothing was compared.
    Locked,
}

#[derive(Debug, Clone)]
pub struct PinApplied {
    pub decision: PinDecision,
    /// The code's state after the check.
    pub state: CodeState,
}

type Reply = oneshot::Sender<Result<PinApplied, String>>;

/// Decides one check against the code's state; pure, so it is tested without a database.
pub fn decide(
    state: &CodeState,
    job: &PinJob,
    rules: &Rules,
    at: DateTime<Utc>,
) -> (PinDecision, CodeState) {
    let mut s = state.clone();
    if s.locked_until.is_some_and(|t| t > at) {
        return (PinDecision::Locked, s);
    }
    if job.correct {
        s.pin_ok_count += 1;
        s.first_pin_ok_at.get_or_insert(at);
        s.pin_wrong_streak = 0;
        if !s.pin_networks.contains(&job.event.network) && s.pin_networks.len() < MAX_PIN_NETWORKS {
            s.pin_networks.push(job.event.network.clone());
        }
        (PinDecision::Correct, s)
    } else {
        s.pin_wrong_total += 1;
        s.pin_wrong_streak += 1;
        if s.pin_wrong_streak >= rules.pin_max_wrong {
            s.locked_until = Some(at + rules.pin_lock);
            s.pin_wrong_streak = 0;
        }
        (PinDecision::Wrong, s)
    }
}

pub fn spawn(store: Arc<dyn Store>, rules: Rules) -> mpsc::Sender<(PinJob, Reply)> {
    let (tx, mut rx) = mpsc::channel::<(PinJob, Reply)>(8192);
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut group = vec![first];
            while group.len() < MAX_GROUP {
                match rx.try_recv() {
                    Ok(j) => group.push(j),
                    Err(_) => break,
                }
            }
            let jobs: Vec<&PinJob> = group.iter().map(|(j, _)| j).collect();
            match apply(store.as_ref(), &jobs, &rules).await {
                Ok(results) => {
                    for ((_, reply), r) in group.into_iter().zip(results) {
                        let _ = reply.send(Ok(r));
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, checks = group.len(), "writing PIN checks failed");
                    for (_, reply) in group {
                        let _ = reply.send(Err(e.to_string()));
                    }
                }
            }
        }
    });
    tx
}

async fn apply(store: &dyn Store, jobs: &[&PinJob], rules: &Rules) -> StoreResult<Vec<PinApplied>> {
    let mut tx = store.begin().await?;
    let mut out = Vec::with_capacity(jobs.len());
    let mut events = Vec::with_capacity(jobs.len());
    for job in jobs {
        let at = job.event.at;
        let before = tx.lock_code_state(job.seq, Some(job.batch_id)).await?;
        let (decision, after) = decide(&before, job, rules, at);
        if after != before {
            tx.update_pin_state(
                job.seq,
                &PinStateUpdate {
                    pin_ok_count: after.pin_ok_count,
                    first_pin_ok_at: after.first_pin_ok_at,
                    pin_networks: after.pin_networks.clone(),
                    pin_wrong_total: after.pin_wrong_total,
                    pin_wrong_streak: after.pin_wrong_streak,
                    locked_until: after.locked_until,
                },
            )
            .await?;
        }
        if decision == PinDecision::Correct && after.pin_networks.len() >= rules.flag_pin_networks {
            tx.raise_flag(&NewFlag {
                seq: job.seq,
                batch_id: job.batch_id,
                enterprise_id: job.enterprise_id,
                kind: FlagKind::PinManyNetworks,
                networks: after.pin_networks.len() as i64,
                evidence: 1,
                at,
            })
            .await?;
        }
        let mut event = job.event.clone();
        event.outcome = match decision {
            PinDecision::Correct => "correct",
            PinDecision::Wrong => "wrong",
            PinDecision::Locked => "locked",
        };
        events.push(event);
        out.push(PinApplied {
            decision,
            state: after,
        });
    }
    tx.insert_scan_events(&events).await?;
    tx.add_daily_counts(&daily(events.iter())).await?;
    tx.commit().await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ScanSettings;

    fn job(correct: bool, network: &str) -> PinJob {
        PinJob {
            seq: 7,
            batch_id: 1,
            enterprise_id: 1,
            correct,
            event: NewScanEvent {
                at: Utc::now(),
                seq: Some(7),
                serial: None,
                batch_id: Some(1),
                kind: "pin",
                outcome: "correct",
                network: network.into(),
                ua_family: "ios",
                channel: "page",
            },
        }
    }

    #[test]
    fn five_wrong_lock_and_a_correct_one_resets_the_streak() {
        let rules = Rules::new(&ScanSettings::default());
        let at: DateTime<Utc> = "2026-11-11T10:00:00Z".parse().unwrap();
        let mut s = CodeState::default();
        for _ in 0..4 {
            let (d, next) = decide(&s, &job(false, "n1"), &rules, at);
            assert_eq!(d, PinDecision::Wrong);
            s = next;
        }
        let (_, reset) = decide(&s, &job(true, "n1"), &rules, at);
        assert_eq!((reset.pin_wrong_streak, reset.pin_ok_count), (0, 1));
        let (d, locked) = decide(&s, &job(false, "n1"), &rules, at);
        assert_eq!(d, PinDecision::Wrong);
        assert_eq!(locked.locked_until, Some(at + chrono::Duration::hours(1)));
        let (d, same) = decide(
            &locked,
            &job(true, "n1"),
            &rules,
            at + chrono::Duration::minutes(59),
        );
        assert_eq!((d, &same), (PinDecision::Locked, &locked));
        let (d, _) = decide(
            &locked,
            &job(true, "n1"),
            &rules,
            at + chrono::Duration::minutes(61),
        );
        assert_eq!(d, PinDecision::Correct);
    }

    #[test]
    fn networks_are_remembered_once() {
        let rules = Rules::new(&ScanSettings::default());
        let at = Utc::now();
        let mut s = CodeState::default();
        for n in ["a", "b", "a", "c"] {
            s = decide(&s, &job(true, n), &rules, at).1;
        }
        assert_eq!(s.pin_networks, ["a", "b", "c"]);
        assert_eq!(s.pin_ok_count, 4);
    }
}
