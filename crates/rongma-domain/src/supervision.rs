//! 双随机 spot checks, the pure core: the published plan, the public beacon, the draw
//! (`rongma-draw-v1`), its result and its verification, risk weights, and what a sample's
//! grading means for the certificate.
//!
//! docs/LOTTERY.md is the reference for the algorithm, the documents and the worked example.
//!
//! Layout, one concern per file:
//! - `plan`: the typed plan ([`Plan`] in memory, [`PlanBytes`] for huge plans), read by
//!   `plan_read` through `plan_json` (streaming passes) and `strict_json` (duplicate keys
//!   refused), checked by `plan_fields`, `plan_beacon` and `plan_check`; `ratio`: exact
//!   ratios and quotas; `plan_build`: [`PlanDraft`] → published bytes.
//! - `beacon`: [`Beacon`], [`BeaconSpec`], RFC 3797 numbers beacons; `drand`,
//!   `drand_info`: [`DrandChain`] (BLS verification, round times) and its configuration.
//! - `mac`: seed and keyed hashes; `draw`: quotas and the bounded per-stratum selection;
//!   `assign`: inspectors; `result`: [`DrawResult`]; `verify`: [`verify`].
//! - `weights`: [`risk_weight`]; `outcome`: [`compare`] a sample with its certificate;
//!   `cascade`: [`CascadePolicy`].
//! - `props` (tests): the draw against a plain reference implementation.

mod assign;
mod beacon;
mod cascade;
mod drand;
mod drand_info;
mod draw;
mod mac;
mod outcome;
mod plan;
mod plan_beacon;
mod plan_build;
mod plan_check;
mod plan_fields;
mod plan_json;
mod plan_read;
#[cfg(test)]
mod props;
mod ratio;
mod result;
mod strict_json;
mod verify;
mod weights;

pub use beacon::{numbers_beacon, rfc3797_key_text, Beacon, BeaconSpec, NumbersBeacon};
pub use cascade::{Action, CascadePolicy, Decision, Rule, Scope};
pub use drand::{DrandChain, DrandError, DrandScheme};
pub use drand_info::{DrandChainConfig, DrandRound};
pub use draw::draw;
pub use mac::Seed;
pub use outcome::{compare, Certified, Outcome, Shortfall};
pub use plan::{
    Census, Conflict, Enterprise, Inspector, Plan, PlanBytes, PlanHash, PlanHeader, StratumRatio,
    Weight, ALGORITHM, MAX_WEIGHT,
};
pub use plan_build::PlanDraft;
pub use plan_fields::MAX_LABEL_BYTES;
pub use ratio::{Ratio, RatioError, MAX_RATIO_DIGITS};
pub use result::{DrawResult, DrawnEnterprise, ResultDocument, StratumQuota};
pub use verify::{verify, Difference, VerifyError};
pub use weights::{
    risk_weight, Contribution, Population, RiskFactor, RiskRecord, RiskWeight, RiskWeightConfig,
};
