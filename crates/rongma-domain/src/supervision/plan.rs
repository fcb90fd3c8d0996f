//! The plan document's typed values. A plan is only ever made from its exact bytes (the
//! plan hash is SHA-256 over them, no canonicalisation), either all in memory ([`Plan`])
//! or as a validated view that re-reads the bytes when it needs the enterprises
//! ([`PlanBytes`], for plans of millions of enterprises).

use super::beacon::BeaconSpec;
use super::ratio::Ratio;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// The only algorithm this module draws with.
pub const ALGORITHM: &str = "rongma-draw-v1";
/// The largest enterprise weight.
pub const MAX_WEIGHT: u16 = 1000;

/// SHA-256 of a plan document's bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanHash([u8; 32]);

impl PlanHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }
    pub const fn from_bytes(b: [u8; 32]) -> Self {
        Self(b)
    }
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
    pub fn from_hex(text: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).ok()?;
        Some(Self(out))
    }
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for PlanHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for PlanHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlanHash({})", self.to_hex())
    }
}

/// An enterprise's number of tickets, 1 to [`MAX_WEIGHT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Weight(u16);

impl Weight {
    pub const ONE: Weight = Weight(1);
    pub const MAX: Weight = Weight(MAX_WEIGHT);

    pub fn new(w: u64) -> Option<Weight> {
        u16::try_from(w)
            .ok()
            .filter(|w| (1..=MAX_WEIGHT).contains(w))
            .map(Weight)
    }
    pub const fn get(self) -> u16 {
        self.0
    }
}

/// `strata[i]`: a stratum that is drawn, and its ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct StratumRatio {
    pub stratum: String,
    pub ratio: Ratio,
    /// Other keys of the entry (e.g. a name), carried as written.
    pub extra: Map<String, Value>,
}

/// `enterprises[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Enterprise {
    /// Usually the 统一社会信用代码; any non-empty text without control characters.
    pub id: String,
    pub stratum: String,
    pub weight: Weight,
    /// Other keys (e.g. the risk-weight explanation), carried as written.
    pub extra: Map<String, Value>,
}

/// An enterprise as the draw sees it, borrowed from a plan's bytes or values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnterpriseRef<'a> {
    pub id: &'a str,
    pub stratum: &'a str,
    pub weight: Weight,
}

/// `inspectors[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspector {
    /// 执法证号.
    pub id: String,
    pub name: String,
    pub extra: Map<String, Value>,
}

/// `conflicts[i]`: an inspector who must not check an enterprise (回避).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub enterprise: String,
    pub inspector: String,
    pub extra: Map<String, Value>,
}

/// Everything in a plan but its enterprises, validated (including the cross-checks that
/// involve the enterprises).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanHeader {
    pub(super) hash: PlanHash,
    pub(super) strata: Vec<StratumRatio>,
    pub(super) inspectors: Vec<Inspector>,
    pub(super) per_enterprise: u32,
    pub(super) conflicts: Vec<Conflict>,
    pub(super) beacon: Option<BeaconSpec>,
    pub(super) extra: Map<String, Value>,
}

impl PlanHeader {
    pub fn hash(&self) -> &PlanHash {
        &self.hash
    }
    /// In document order.
    pub fn strata(&self) -> &[StratumRatio] {
        &self.strata
    }
    pub fn inspectors(&self) -> &[Inspector] {
        &self.inspectors
    }
    /// m: inspectors per drawn enterprise, 1 ≤ m ≤ number of inspectors.
    pub fn inspectors_per_enterprise(&self) -> u32 {
        self.per_enterprise
    }
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }
    /// The beacon the plan commits to; a plan may leave it out (lottery.md's example does).
    pub fn beacon(&self) -> Option<&BeaconSpec> {
        self.beacon.as_ref()
    }
    /// The free top-level fields (task, items, times, texts …), as written.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }
}

/// How many enterprises each stratum label has (including labels without a ratio).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    pub(super) members: BTreeMap<String, u32>,
    pub(super) total: u32,
}

impl Census {
    /// Members per stratum label, in ascending byte order of labels.
    pub fn members(&self) -> &BTreeMap<String, u32> {
        &self.members
    }
    pub fn total(&self) -> u32 {
        self.total
    }
}

/// A whole plan in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub(super) header: PlanHeader,
    pub(super) enterprises: Vec<Enterprise>,
    pub(super) census: Census,
}

impl Plan {
    pub fn header(&self) -> &PlanHeader {
        &self.header
    }
    pub fn hash(&self) -> &PlanHash {
        &self.header.hash
    }
    /// In document order.
    pub fn enterprises(&self) -> &[Enterprise] {
        &self.enterprises
    }
    pub fn census(&self) -> &Census {
        &self.census
    }
}

/// A validated plan that keeps only its bytes, header and census: memory stays bounded
/// by the header whatever the number of enterprises, which are re-read from the bytes
/// (borrowed, no copy) on each pass of the draw.
#[derive(Debug, Clone)]
pub struct PlanBytes<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) header: PlanHeader,
    pub(super) census: Census,
}

impl<'a> PlanBytes<'a> {
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
    pub fn header(&self) -> &PlanHeader {
        &self.header
    }
    pub fn hash(&self) -> &PlanHash {
        &self.header.hash
    }
    pub fn census(&self) -> &Census {
        &self.census
    }
}
