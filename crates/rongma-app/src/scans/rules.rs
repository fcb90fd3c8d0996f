//! Writing a batch of plain scans (one transaction, [`Store::write_scan_batch`]) and then
//! applying the copied-code rules to the codes it wrote:
//!
//! - **scanned after revocation**: a scan whose verdict is `revoked` flags its code;
//! - **scanned from many networks**: a code whose scan count reached
//!   `scans.flag_scan_networks` and that has been scanned from as many distinct networks
//!   ever (its row keeps them, [`rongma_store::CodeState::scan_networks`]) has its
//!   distinct networks within `scans.flag_scan_window_hours` counted (one range read of
//!   its events); at the threshold it is flagged. Other codes cannot qualify, so the
//!   count is skipped for nearly every code, however often it is scanned.
//!
//! The PIN rule (correct PIN from several networks) is applied by the PIN writer.

use super::recorder::PendingScan;
use crate::config::ScanSettings;
use crate::throttle::{Block, Rule};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rongma_store::{
    CodeState, DailyCount, FlagKind, NewFlag, NewScanEvent, ScanDelta, Store, StoreResult,
};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// The thresholds, from `[scans]`.
#[derive(Debug, Clone)]
pub struct Rules {
    pub flag_scan_networks: i64,
    pub flag_scan_window: Duration,
    pub flag_pin_networks: usize,
    pub pin_max_wrong: i64,
    pub pin_lock: Duration,
    /// Wrong PINs on one tag from one network (see `crate::throttle`).
    pub pin_tag_net: crate::throttle::Rule,
    /// Wrong PINs on one tag from anywhere: a burst raises a flag and slows its networks.
    pub pin_tag: crate::throttle::Rule,
    /// Wrong PINs from one network on any tags.
    pub pin_net: crate::throttle::Rule,
}

impl Rules {
    pub fn new(s: &ScanSettings) -> Self {
        Self {
            flag_scan_networks: i64::from(s.flag_scan_networks),
            flag_scan_window: Duration::hours(i64::from(s.flag_scan_window_hours)),
            flag_pin_networks: s.flag_pin_networks as usize,
            pin_max_wrong: i64::from(s.pin_max_wrong),
            pin_lock: Duration::minutes(i64::from(s.pin_lock_minutes)),
            pin_tag_net: Rule {
                scope: "pin_tag_net",
                threshold: i64::from(s.pin_max_wrong),
                window: Duration::minutes(i64::from(s.pin_lock_minutes)),
                block: Block::For(Duration::minutes(i64::from(s.pin_lock_minutes))),
            },
            pin_tag: Rule {
                scope: "pin_tag",
                threshold: i64::from(s.pin_burst_per_tag),
                window: Duration::hours(1),
                block: Block::Growing(Duration::minutes(15)),
            },
            pin_net: Rule {
                scope: "pin_net",
                threshold: i64::from(s.pin_wrong_per_network),
                window: Duration::minutes(i64::from(s.pin_network_window_minutes)),
                block: Block::For(Duration::minutes(i64::from(s.pin_network_window_minutes))),
            },
        }
    }
}

/// The statistics day of a moment: the calendar day in China Standard Time.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(8)).date_naive()
}

/// Events counted by day, kind and outcome.
pub fn daily<'a>(events: impl Iterator<Item = &'a NewScanEvent>) -> Vec<DailyCount> {
    let mut m: BTreeMap<(NaiveDate, &str, &str), i64> = BTreeMap::new();
    for e in events {
        *m.entry((day_of(e.at), e.kind, e.outcome)).or_default() += 1;
    }
    m.into_iter()
        .map(|((day, kind, outcome), count)| DailyCount {
            day,
            kind: kind.into(),
            outcome: outcome.into(),
            count,
        })
        .collect()
}

/// Writes `batch` and returns the rows of the codes it wrote, as committed.
pub async fn write_scans(
    store: &dyn Store,
    batch: &[PendingScan],
    rules: &Rules,
) -> StoreResult<Vec<CodeState>> {
    let mut deltas: HashMap<i64, ScanDelta> =
        HashMap::with_capacity_and_hasher(batch.len(), Default::default());
    // Per code: (batch, enterprise, scans after revocation in this write, last scan).
    let mut owners: HashMap<i64, (i64, i64, i64, DateTime<Utc>)> =
        HashMap::with_capacity_and_hasher(batch.len(), Default::default());
    for p in batch {
        let e = &p.event;
        let Some(seq) = e.seq else { continue };
        let d = deltas.entry(seq).or_insert(ScanDelta {
            seq,
            batch_id: e.batch_id,
            count: 0,
            first_at: e.at,
            last_at: e.at,
            networks: Vec::new(),
        });
        d.count += 1;
        if !d.networks.contains(&e.network) {
            d.networks.push(e.network.clone());
        }
        d.first_at = d.first_at.min(e.at);
        d.last_at = d.last_at.max(e.at);
        if let (Some(b), Some(ent)) = (e.batch_id, p.enterprise_id) {
            let o = owners.entry(seq).or_insert((b, ent, 0, e.at));
            o.2 += i64::from(e.outcome == "revoked");
            o.3 = o.3.max(e.at);
        }
    }
    let mut deltas: Vec<ScanDelta> = deltas.into_values().collect();
    deltas.sort_by_key(|d| d.seq);
    // Events in code order (stable: a code's own events stay in time order): their index
    // on the code is then filled leaf by leaf, as the code rows are, instead of at random.
    let mut order: Vec<&NewScanEvent> = batch.iter().map(|p| &p.event).collect();
    order.sort_by_key(|e| e.seq);
    let events: Vec<NewScanEvent> = order.into_iter().cloned().collect();

    let rows = store
        .write_scan_batch(&events, &deltas, &daily(events.iter()))
        .await?;
    // The rules, for the few codes that may qualify, in a second transaction: a crash
    // between the two loses no scan, and the next scan of such a code applies them again.
    let mut tx = None;
    for row in &rows {
        let seq = row.seq;
        let Some(&(batch_id, enterprise_id, after_revocation, at)) = owners.get(&seq) else {
            continue;
        };
        // Networks in the window can reach the threshold only if networks ever did.
        let many = row.scan_count >= rules.flag_scan_networks
            && row.scan_networks.len() as i64 >= rules.flag_scan_networks;
        if after_revocation == 0 && !many {
            continue;
        }
        let tx = match &mut tx {
            Some(tx) => tx,
            None => tx.insert(store.begin().await?),
        };
        if after_revocation > 0 {
            tx.raise_flag(&NewFlag {
                seq,
                batch_id,
                enterprise_id,
                kind: FlagKind::ScannedAfterRevocation,
                networks: 0,
                evidence: after_revocation,
                at,
            })
            .await?;
        }
        if many {
            let networks = tx
                .distinct_networks(seq, "scan", at - rules.flag_scan_window)
                .await?;
            if networks >= rules.flag_scan_networks {
                let evidence = deltas
                    .binary_search_by_key(&seq, |d| d.seq)
                    .map_or(1, |i| deltas[i].count);
                tx.raise_flag(&NewFlag {
                    seq,
                    batch_id,
                    enterprise_id,
                    kind: FlagKind::ScanManyNetworks,
                    networks,
                    evidence,
                    at,
                })
                .await?;
            }
        }
    }
    if let Some(tx) = tx {
        tx.commit().await?;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_days_are_china_standard_time() {
        let at: DateTime<Utc> = "2026-11-10T16:30:00Z".parse().unwrap();
        assert_eq!(day_of(at).to_string(), "2026-11-11");
        let at: DateTime<Utc> = "2026-11-10T15:59:59Z".parse().unwrap();
        assert_eq!(day_of(at).to_string(), "2026-11-10");
    }
}
