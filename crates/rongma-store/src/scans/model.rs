//! Records of consumer scans and PIN checks: the per-code state (a row once something
//! happens to a code), the events, daily counts and the flags of suspected copies.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// What has happened to one code. Absent row = never scanned nor checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeState {
    pub seq: i64,
    pub batch_id: Option<i64>,
    pub scan_count: i64,
    pub first_scan_at: Option<DateTime<Utc>>,
    pub last_scan_at: Option<DateTime<Utc>>,
    pub pin_ok_count: i64,
    pub first_pin_ok_at: Option<DateTime<Utc>>,
    /// Distinct network fingerprints of correct PIN checks (at most [`MAX_PIN_NETWORKS`]).
    #[serde(skip)]
    pub pin_networks: Vec<String>,
    pub pin_wrong_total: i64,
    pub pin_wrong_streak: i64,
    pub locked_until: Option<DateTime<Utc>>,
    /// Distinct network fingerprints the code has been scanned from, ever (at most
    /// [`MAX_SCAN_NETWORKS`]): the "scanned from many networks" rule counts networks in a
    /// time window from the events only once this many could reach its threshold.
    #[serde(skip)]
    pub scan_networks: Vec<String>,
}

/// The most PIN networks a code's row remembers: enough for any sensible threshold.
pub const MAX_PIN_NETWORKS: usize = 16;

/// The most scan networks a code's row remembers (the highest threshold allowed).
pub const MAX_SCAN_NETWORKS: usize = 32;

/// Adds `new` networks to a code's distinct `networks`, up to [`MAX_SCAN_NETWORKS`];
/// true if it changed.
pub fn merge_networks(networks: &mut Vec<String>, new: &[String]) -> bool {
    let before = networks.len();
    for n in new {
        if networks.len() >= MAX_SCAN_NETWORKS {
            break;
        }
        if !networks.contains(n) {
            networks.push(n.clone());
        }
    }
    networks.len() != before
}

/// The PIN columns of a code after one check, written by the PIN writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinStateUpdate {
    pub pin_ok_count: i64,
    pub first_pin_ok_at: Option<DateTime<Utc>>,
    pub pin_networks: Vec<String>,
    pub pin_wrong_total: i64,
    pub pin_wrong_streak: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

/// One scan or PIN check, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScanEvent {
    pub at: DateTime<Utc>,
    /// `None` for forged serials.
    pub seq: Option<i64>,
    /// Only for forged serials (well-formed, failed authentication).
    pub serial: Option<String>,
    pub batch_id: Option<i64>,
    /// `scan` or `pin`.
    pub kind: &'static str,
    /// A scan's verdict (`valid`, `revoked`, …, `forged`) or a PIN check's `correct`,
    /// `wrong`, `locked`.
    pub outcome: &'static str,
    pub network: String,
    pub ua_family: &'static str,
    /// `page` or `api`.
    pub channel: &'static str,
}

/// A scan event read back (evidence pages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub seq: Option<i64>,
    pub batch_id: Option<i64>,
    pub kind: String,
    pub outcome: String,
    pub network: String,
    pub ua_family: String,
    pub channel: String,
}

/// Scans of one code within one write batch, added to its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanDelta {
    pub seq: i64,
    pub batch_id: Option<i64>,
    pub count: i64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// The distinct networks of these scans.
    pub networks: Vec<String>,
}

/// Events of one day, kind and outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyCount {
    pub day: NaiveDate,
    pub kind: String,
    pub outcome: String,
    pub count: i64,
}

/// The rules that flag a code as a suspected copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Correct PIN checked from several distinct networks.
    PinManyNetworks,
    /// Scanned from many networks within a short window.
    ScanManyNetworks,
    /// Scanned after its batch, range or serial was revoked.
    ScannedAfterRevocation,
    /// A burst of wrong PINs on this tag from several networks (someone guessing).
    PinBurst,
    /// A sewn label checked against this hang tag does not belong with it.
    LabelMismatch,
}

impl FlagKind {
    pub const ALL: [FlagKind; 5] = [
        Self::PinManyNetworks,
        Self::ScanManyNetworks,
        Self::ScannedAfterRevocation,
        Self::PinBurst,
        Self::LabelMismatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PinManyNetworks => "pin_many_networks",
            Self::ScanManyNetworks => "scan_many_networks",
            Self::ScannedAfterRevocation => "scanned_after_revocation",
            Self::PinBurst => "pin_burst",
            Self::LabelMismatch => "label_mismatch",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Raises a flag, or adds evidence to the existing one of the same code and rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFlag {
    pub seq: i64,
    pub batch_id: i64,
    pub enterprise_id: i64,
    pub kind: FlagKind,
    /// Distinct networks seen (network rules); 0 otherwise.
    pub networks: i64,
    /// Events that support the flag in this write.
    pub evidence: i64,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanFlag {
    pub id: i64,
    pub seq: i64,
    pub batch_id: i64,
    pub enterprise_id: i64,
    pub kind: FlagKind,
    pub networks: i64,
    pub evidence_count: i64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// `open` or `handled`.
    pub status: String,
    pub handled_by: Option<String>,
    pub handled_at: Option<DateTime<Utc>>,
    pub handled_note: Option<String>,
}

/// Suspects grouped by code, batch or enterprise, most suspect first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuspectGroup {
    Serial,
    Batch,
    Enterprise,
}

/// One ranked suspect: a code, batch or enterprise and the weight of its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuspectRow {
    /// The code's seq, the batch id or the enterprise id.
    pub key: i64,
    /// Distinct flagged codes (1 for a code).
    pub codes: i64,
    /// How many flags (a code has at most one per rule). Named `flag_count` in JSON: a
    /// suspect code also lists its `flags` themselves.
    #[serde(rename = "flag_count")]
    pub flags: i64,
    /// Most distinct networks seen on one flag.
    pub networks: i64,
    /// Events behind the flags.
    pub evidence: i64,
    pub last_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct SuspectQuery {
    pub group: SuspectGroup,
    /// `open` or `handled`.
    pub status: String,
    pub limit: i64,
    pub offset: i64,
}
