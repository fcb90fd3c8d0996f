//! The result document: what was drawn, published and logged next to the plan.
//!
//! `{"algorithm","plan_hash","beacon","seed","strata":[{"stratum","ratio","members","quota"}],
//! "cap","enterprises":[{"id","stratum","rank","inspectors":[ids]}]}`, compact, in this
//! field order; enterprises by stratum (ascending byte order), then rank. lottery.md
//! requires `plan_hash`, `beacon`, `seed` and `enterprises`; the others are rongma's
//! additions, so [`DrawResult::from_json`] accepts a document without them.

use super::beacon::Beacon;
use super::mac::Seed;
use super::plan::{PlanHash, ALGORITHM};
use super::ratio::Ratio;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// A draw's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawResult {
    pub plan_hash: PlanHash,
    pub beacon: Beacon,
    pub seed: Seed,
    /// Every stratum with a ratio, in ascending byte order of labels.
    pub strata: Vec<StratumQuota>,
    /// ⌈K·m / N⌉: the most enterprises one inspector gets unless the fill-up rule applies.
    pub cap: u64,
    pub enterprises: Vec<DrawnEnterprise>,
}

/// One drawn stratum's size and quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StratumQuota {
    pub stratum: String,
    pub ratio: Ratio,
    pub members: u32,
    /// k = min(n, ⌈n·p⌉).
    pub quota: u32,
}

/// One drawn enterprise and its inspectors, in the order taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnEnterprise {
    pub id: String,
    pub stratum: String,
    /// 1 … k within the stratum.
    pub rank: u32,
    pub inspectors: Vec<String>,
}

/// A result document as read back; rongma's extra fields are optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultDocument {
    pub algorithm: Option<String>,
    pub plan_hash: PlanHash,
    pub beacon: Beacon,
    pub seed: Seed,
    pub strata: Option<Vec<StratumQuota>>,
    pub cap: Option<u64>,
    pub enterprises: Vec<DrawnEnterprise>,
}

impl DrawResult {
    /// The published bytes (compact JSON, fixed field order).
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain strings, integers and arrays into memory cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a result document (rongma's or another implementation's).
    pub fn from_json(bytes: &[u8]) -> Result<ResultDocument, String> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            algorithm: Option<String>,
            plan_hash: String,
            beacon: String,
            seed: String,
            #[serde(default)]
            strata: Option<Vec<RawQuota>>,
            #[serde(default)]
            cap: Option<u64>,
            enterprises: Vec<DrawnEnterprise>,
        }
        #[derive(Deserialize)]
        struct RawQuota {
            stratum: String,
            ratio: String,
            members: u32,
            quota: u32,
        }
        let raw: Raw = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let hex32 = |field: &str, v: &str| -> Result<[u8; 32], String> {
            let mut out = [0u8; 32];
            hex::decode_to_slice(v, &mut out)
                .map_err(|_| format!("{field}: must be 64 hex digits"))?;
            Ok(out)
        };
        let strata = match raw.strata {
            None => None,
            Some(qs) => Some(
                qs.into_iter()
                    .enumerate()
                    .map(|(i, q)| {
                        let ratio = Ratio::parse(&q.ratio)
                            .map_err(|e| format!("strata[{i}].ratio: {e}"))?;
                        Ok(StratumQuota {
                            stratum: q.stratum,
                            ratio,
                            members: q.members,
                            quota: q.quota,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?,
            ),
        };
        Ok(ResultDocument {
            algorithm: raw.algorithm,
            plan_hash: PlanHash::from_bytes(hex32("plan_hash", &raw.plan_hash)?),
            beacon: Beacon::from_bytes(hex32("beacon", &raw.beacon)?),
            seed: Seed::from_bytes(hex32("seed", &raw.seed)?),
            strata,
            cap: raw.cap,
            enterprises: raw.enterprises,
        })
    }
}

impl Serialize for DrawResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DrawResult", 7)?;
        st.serialize_field("algorithm", ALGORITHM)?;
        st.serialize_field("plan_hash", &self.plan_hash.to_hex())?;
        st.serialize_field("beacon", &self.beacon.to_hex())?;
        st.serialize_field("seed", &self.seed.to_hex())?;
        st.serialize_field("strata", &self.strata)?;
        st.serialize_field("cap", &self.cap)?;
        st.serialize_field("enterprises", &self.enterprises)?;
        st.end()
    }
}

impl Serialize for StratumQuota {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("StratumQuota", 4)?;
        st.serialize_field("stratum", &self.stratum)?;
        st.serialize_field("ratio", &self.ratio.to_string())?;
        st.serialize_field("members", &self.members)?;
        st.serialize_field("quota", &self.quota)?;
        st.end()
    }
}
