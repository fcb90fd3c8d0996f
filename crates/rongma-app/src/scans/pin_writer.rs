//! The PIN writer: PIN checks are durable before they are answered, and many of them share
//! one commit (group commit). A check is sent to this task with a reply channel; the task
//! takes every check waiting, applies them in order in one transaction (lock the codes'
//! rows, read the failure counters, decide, update the row and the counters, raise the
//! flags), inserts their events, commits — one fsync for the lot — and only then replies
//! to each waiter. The limits are `crate::throttle`'s: per tag and network, per network,
//! and bursts per tag. While one commit is being synced,
//! the next checks queue up and form the next group.

use super::rules::{daily, Rules};
use crate::throttle;
use chrono::{DateTime, Utc};
use rongma_store::{
    CodeState, FlagKind, NewFlag, NewScanEvent, PinStateUpdate, Store, StoreResult, Throttle,
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
    /// Not this tag's PIN; `locked_until`: this network's checks of the tag are locked now.
    Wrong {
        attempts_left: i64,
        locked_until: Option<DateTime<Utc>>,
    },
    /// This network's checks of this tag are locked (or delayed after a burst of wrong
    /// PINs on the tag); nothing was compared.
    Locked {
        until: DateTime<Utc>,
    },
    /// This network sent too many wrong PINs on any tags; nothing was compared.
    NetworkLimited {
        until: DateTime<Utc>,
    },
}

#[derive(Debug, Clone)]
pub struct PinApplied {
    pub decision: PinDecision,
    /// The code's state after the check.
    pub state: CodeState,
}

type Reply = oneshot::Sender<Result<PinApplied, String>>;

/// The counters a check reads: tag and network, tag, network.
struct Keys {
    tag_net: String,
    tag: String,
}

impl Keys {
    fn of(job: &PinJob) -> Self {
        Self {
            tag_net: format!("{}|{}", job.seq, job.event.network),
            tag: job.seq.to_string(),
        }
    }
}

/// Decides one check against the code's state and the failure counters read for it;
/// pure, so it is tested without a database. Returns the decision, the code's new state
/// and the counters to write (`None`: clear the tag-and-network counter).
pub(crate) fn decide(
    state: &CodeState,
    counters: &[Throttle],
    job: &PinJob,
    rules: &Rules,
    at: DateTime<Utc>,
) -> (PinDecision, CodeState, Vec<Throttle>) {
    let keys = Keys::of(job);
    let net = job.event.network.as_str();
    let tag_net = throttle::find(counters, rules.pin_tag_net.scope, &keys.tag_net);
    let tag = throttle::find(counters, rules.pin_tag.scope, &keys.tag);
    let by_net = throttle::find(counters, rules.pin_net.scope, net);
    let mut s = state.clone();
    if let Some(until) = throttle::blocked(by_net, at) {
        return (PinDecision::NetworkLimited { until }, s, Vec::new());
    }
    // A burst on the tag slows only the networks that took part in it.
    let burst_wait = throttle::blocked(tag, at).filter(|_| tag_net.is_some());
    if let Some(until) = throttle::blocked(tag_net, at).or(burst_wait) {
        return (PinDecision::Locked { until }, s, Vec::new());
    }
    if job.correct {
        s.pin_ok_count += 1;
        s.first_pin_ok_at.get_or_insert(at);
        s.pin_wrong_streak = 0;
        if !s.pin_networks.contains(&job.event.network) && s.pin_networks.len() < MAX_PIN_NETWORKS {
            s.pin_networks.push(job.event.network.clone());
        }
        return (PinDecision::Correct, s, Vec::new());
    }
    s.pin_wrong_total += 1;
    s.pin_wrong_streak += 1;
    let next_tag_net = rules.pin_tag_net.fail(tag_net, &keys.tag_net, at);
    let next_tag = rules.pin_tag.fail(tag, &keys.tag, at);
    let next_net = rules.pin_net.fail(by_net, net, at);
    let locked_until = throttle::blocked(Some(&next_tag_net), at);
    let attempts_left = (rules.pin_tag_net.threshold - next_tag_net.failures).max(0);
    (
        PinDecision::Wrong {
            attempts_left,
            locked_until,
        },
        s,
        vec![next_tag_net, next_tag, next_net],
    )
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
    // The codes' rows are locked in ascending order before any is changed, the order the
    // scan writer writes them in, so the two writers never wait for each other in a cycle.
    let mut seqs: Vec<(i64, i64)> = jobs.iter().map(|j| (j.seq, j.batch_id)).collect();
    seqs.sort_unstable();
    seqs.dedup_by_key(|(seq, _)| *seq);
    let mut states = std::collections::HashMap::with_capacity(seqs.len());
    for (seq, batch_id) in seqs {
        states.insert(seq, tx.lock_code_state(seq, Some(batch_id)).await?);
    }
    let mut out = Vec::with_capacity(jobs.len());
    let mut events = Vec::with_capacity(jobs.len());
    for job in jobs {
        let at = job.event.at;
        let keys = Keys::of(job);
        let counters = tx
            .get_throttles(&[
                (rules.pin_tag_net.scope, &keys.tag_net),
                (rules.pin_tag.scope, &keys.tag),
                (rules.pin_net.scope, &job.event.network),
            ])
            .await?;
        let before = states.get(&job.seq).cloned().unwrap_or_default();
        let (decision, after, writes) = decide(&before, &counters, job, rules, at);
        if after != before {
            tx.update_pin_state(
                job.seq,
                &PinStateUpdate {
                    pin_ok_count: after.pin_ok_count,
                    first_pin_ok_at: after.first_pin_ok_at,
                    pin_networks: after.pin_networks.clone(),
                    pin_wrong_total: after.pin_wrong_total,
                    pin_wrong_streak: after.pin_wrong_streak,
                    locked_until: None,
                },
            )
            .await?;
            states.insert(job.seq, after.clone());
        }
        for t in &writes {
            tx.put_throttle(t).await?;
        }
        if decision == PinDecision::Correct
            && throttle::find(&counters, rules.pin_tag_net.scope, &keys.tag_net).is_some()
        {
            tx.clear_throttle(rules.pin_tag_net.scope, &keys.tag_net)
                .await?;
        }
        let burst = writes
            .iter()
            .find(|t| t.scope == rules.pin_tag.scope)
            .filter(|t| t.failures == rules.pin_tag.threshold);
        if let Some(b) = burst {
            tx.raise_flag(&NewFlag {
                seq: job.seq,
                batch_id: job.batch_id,
                enterprise_id: job.enterprise_id,
                kind: FlagKind::PinBurst,
                networks: 0,
                evidence: b.failures,
                at,
            })
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
            PinDecision::Wrong { .. } => "wrong",
            PinDecision::Locked { .. } | PinDecision::NetworkLimited { .. } => "locked",
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

    /// Applies a check to the state and the counters kept in `store`, as the writer does.
    fn check(
        s: &mut CodeState,
        store: &mut Vec<Throttle>,
        j: PinJob,
        rules: &Rules,
        at: DateTime<Utc>,
    ) -> PinDecision {
        let (d, next, writes) = decide(s, store, &j, rules, at);
        *s = next;
        for w in writes {
            store.retain(|t| !(t.scope == w.scope && t.key == w.key));
            store.push(w);
        }
        if d == PinDecision::Correct {
            let key = format!("7|{}", j.event.network);
            store.retain(|t| !(t.scope == "pin_tag_net" && t.key == key));
        }
        d
    }

    #[test]
    fn wrong_pins_lock_the_guessing_network_not_the_owner() {
        let rules = Rules::new(&ScanSettings::default());
        let at: DateTime<Utc> = "2026-11-11T10:00:00Z".parse().unwrap();
        let (mut s, mut c) = (CodeState::default(), Vec::new());
        for left in (1..5).rev() {
            let d = check(&mut s, &mut c, job(false, "attacker"), &rules, at);
            assert_eq!(
                d,
                PinDecision::Wrong {
                    attempts_left: left,
                    locked_until: None
                }
            );
        }
        let d = check(&mut s, &mut c, job(false, "attacker"), &rules, at);
        let until = at + chrono::Duration::hours(1);
        assert_eq!(
            d,
            PinDecision::Wrong {
                attempts_left: 0,
                locked_until: Some(until)
            }
        );
        // The attacker's network is locked on this tag, even with the right PIN …
        assert_eq!(
            check(&mut s, &mut c, job(true, "attacker"), &rules, at),
            PinDecision::Locked { until }
        );
        // … the owner elsewhere is not.
        assert_eq!(
            check(&mut s, &mut c, job(true, "owner"), &rules, at),
            PinDecision::Correct
        );
        // After the hour the attacker's network may try again.
        let later = at + chrono::Duration::minutes(61);
        assert!(matches!(
            check(&mut s, &mut c, job(false, "attacker"), &rules, later),
            PinDecision::Wrong { .. }
        ));
    }

    #[test]
    fn a_correct_pin_clears_only_its_own_network() {
        let rules = Rules::new(&ScanSettings::default());
        let at = Utc::now();
        let (mut s, mut c) = (CodeState::default(), Vec::new());
        check(&mut s, &mut c, job(false, "a"), &rules, at);
        check(&mut s, &mut c, job(false, "b"), &rules, at);
        assert_eq!(
            check(&mut s, &mut c, job(true, "a"), &rules, at),
            PinDecision::Correct
        );
        assert!(!c.iter().any(|t| t.key == "7|a"), "a's counter cleared");
        assert!(c.iter().any(|t| t.key == "7|b"), "b's counter kept");
    }

    #[test]
    fn a_burst_from_many_networks_slows_only_those_networks() {
        let settings = ScanSettings {
            pin_burst_per_tag: 6,
            ..ScanSettings::default()
        };
        let rules = Rules::new(&settings);
        let at: DateTime<Utc> = "2026-11-11T10:00:00Z".parse().unwrap();
        let (mut s, mut c) = (CodeState::default(), Vec::new());
        for n in 0..6 {
            check(&mut s, &mut c, job(false, &format!("bot{n}")), &rules, at);
        }
        let tag = c.iter().find(|t| t.scope == "pin_tag").unwrap();
        assert_eq!(tag.failures, 6);
        assert!(matches!(
            check(&mut s, &mut c, job(true, "bot0"), &rules, at),
            PinDecision::Locked { .. }
        ));
        assert_eq!(
            check(&mut s, &mut c, job(true, "owner"), &rules, at),
            PinDecision::Correct
        );
    }

    #[test]
    fn a_network_with_too_many_wrong_pins_is_limited_everywhere() {
        let settings = ScanSettings {
            pin_wrong_per_network: 3,
            ..ScanSettings::default()
        };
        let rules = Rules::new(&settings);
        let at = Utc::now();
        let (mut s, mut c) = (CodeState::default(), Vec::new());
        for _ in 0..3 {
            check(&mut s, &mut c, job(false, "n"), &rules, at);
        }
        assert!(matches!(
            check(&mut s, &mut c, job(true, "n"), &rules, at),
            PinDecision::NetworkLimited { .. }
        ));
    }

    #[test]
    fn networks_are_remembered_once() {
        let rules = Rules::new(&ScanSettings::default());
        let at = Utc::now();
        let (mut s, mut c) = (CodeState::default(), Vec::new());
        for n in ["a", "b", "a", "c"] {
            check(&mut s, &mut c, job(true, n), &rules, at);
        }
        assert_eq!(s.pin_networks, ["a", "b", "c"]);
        assert_eq!(s.pin_ok_count, 4);
    }
}
