//! How scan rows read back into records (on either backend). A code's networks are
//! stored as one space-separated text column.

use crate::error::{corrupt, StoreResult};
use crate::scans::{CodeState, FlagKind, ScanFlag, SuspectRow};
use chrono::{DateTime, Utc};

pub(crate) const STATE_COLS: &str =
    "seq, batch_id, scan_count, first_scan_at, last_scan_at, pin_ok_count, \
     first_pin_ok_at, pin_networks, pin_wrong_total, pin_wrong_streak, locked_until, scan_networks";
pub(crate) const FLAG_COLS: &str =
    "id, seq, batch_id, enterprise_id, kind, networks, evidence_count, first_at, last_at, \
     status, handled_by, handled_at, handled_note";

#[derive(sqlx::FromRow)]
pub(crate) struct StateRow {
    seq: i64,
    batch_id: Option<i64>,
    scan_count: i64,
    first_scan_at: Option<DateTime<Utc>>,
    last_scan_at: Option<DateTime<Utc>>,
    pin_ok_count: i64,
    first_pin_ok_at: Option<DateTime<Utc>>,
    pin_networks: String,
    pin_wrong_total: i64,
    pin_wrong_streak: i64,
    locked_until: Option<DateTime<Utc>>,
    scan_networks: String,
}

impl From<StateRow> for CodeState {
    fn from(r: StateRow) -> Self {
        CodeState {
            seq: r.seq,
            batch_id: r.batch_id,
            scan_count: r.scan_count,
            first_scan_at: r.first_scan_at,
            last_scan_at: r.last_scan_at,
            pin_ok_count: r.pin_ok_count,
            first_pin_ok_at: r.first_pin_ok_at,
            pin_networks: r
                .pin_networks
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            pin_wrong_total: r.pin_wrong_total,
            pin_wrong_streak: r.pin_wrong_streak,
            locked_until: r.locked_until,
            scan_networks: r
                .scan_networks
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FlagRow {
    id: i64,
    seq: i64,
    batch_id: i64,
    enterprise_id: i64,
    kind: String,
    networks: i64,
    evidence_count: i64,
    first_at: DateTime<Utc>,
    last_at: DateTime<Utc>,
    status: String,
    handled_by: Option<String>,
    handled_at: Option<DateTime<Utc>>,
    handled_note: Option<String>,
}

impl FlagRow {
    pub(crate) fn into_flag(self) -> StoreResult<ScanFlag> {
        Ok(ScanFlag {
            kind: FlagKind::parse(&self.kind)
                .ok_or_else(|| corrupt("scan_flags.kind", &self.kind))?,
            id: self.id,
            seq: self.seq,
            batch_id: self.batch_id,
            enterprise_id: self.enterprise_id,
            networks: self.networks,
            evidence_count: self.evidence_count,
            first_at: self.first_at,
            last_at: self.last_at,
            status: self.status,
            handled_by: self.handled_by,
            handled_at: self.handled_at,
            handled_note: self.handled_note,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SuspectDbRow {
    k: i64,
    codes: i64,
    flags: i64,
    networks: i64,
    evidence: i64,
    last_at: DateTime<Utc>,
}

impl SuspectDbRow {
    pub(crate) fn into_suspect(self) -> SuspectRow {
        SuspectRow {
            key: self.k,
            codes: self.codes,
            flags: self.flags,
            networks: self.networks,
            evidence: self.evidence,
            last_at: self.last_at,
        }
    }
}
