//! Verifying a published result: redo the draw from the plan's bytes and the beacon, and
//! report the first place where the published result says something else, in plain words
//! (English and Chinese) for the public verification page.

use super::beacon::Beacon;
use super::draw::draw;
use super::result::{DrawResult, DrawnEnterprise, ResultDocument, StratumQuota};
use crate::FieldErrors;
use std::fmt;

/// Why a result did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the plan cannot be drawn: {0}")]
    Plan(FieldErrors),
    #[error("the result document cannot be read: {0}")]
    Unreadable(String),
    #[error("{0}")]
    Differs(Difference),
}

/// The first difference between the recomputed draw and the published result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Algorithm {
        found: String,
    },
    PlanHash {
        expected: String,
        found: String,
    },
    Beacon {
        expected: String,
        found: String,
    },
    Seed {
        expected: String,
        found: String,
    },
    Strata {
        expected: String,
        found: String,
    },
    Cap {
        expected: u64,
        found: u64,
    },
    /// The n-th (1-based) listed enterprise differs; `None` when one list is shorter.
    Enterprise {
        position: usize,
        expected: Option<DrawnEnterprise>,
        found: Option<DrawnEnterprise>,
    },
}

fn who(e: &Option<DrawnEnterprise>) -> String {
    match e {
        None => "nothing".to_owned(),
        Some(e) => format!(
            "{} (stratum {}, rank {}, inspectors {})",
            e.id,
            e.stratum,
            e.rank,
            e.inspectors.join(", ")
        ),
    }
}

fn who_zh(e: &Option<DrawnEnterprise>) -> String {
    match e {
        None => "无".to_owned(),
        Some(e) => format!(
            "{}（层级 {}，第 {} 名，检查人员 {}）",
            e.id,
            e.stratum,
            e.rank,
            e.inspectors.join("、")
        ),
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Algorithm { found } => write!(
                f,
                "the result names algorithm {found:?}, not rongma-draw-v1"
            ),
            Difference::PlanHash { expected, found } => {
                write!(
                    f,
                    "the result is for plan {found}, but the plan given hashes to {expected}"
                )
            }
            Difference::Beacon { expected, found } => {
                write!(f, "the result used beacon {found}, not {expected}")
            }
            Difference::Seed { expected, found } => {
                write!(f, "the result's seed is {found}; the draw gives {expected}")
            }
            Difference::Strata { expected, found } => {
                write!(
                    f,
                    "the result's strata and quotas are {found}; the draw gives {expected}"
                )
            }
            Difference::Cap { expected, found } => {
                write!(f, "the result's cap is {found}; the draw gives {expected}")
            }
            Difference::Enterprise {
                position,
                expected,
                found,
            } => write!(
                f,
                "enterprise no. {position}: the draw gives {}, the result says {}",
                who(expected),
                who(found)
            ),
        }
    }
}

impl Difference {
    /// The same in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Difference::Algorithm { found } => {
                format!("结果使用的算法是“{found}”，不是 rongma-draw-v1")
            }
            Difference::PlanHash { expected, found } => {
                format!("结果对应计划 {found}，而所给计划的哈希是 {expected}")
            }
            Difference::Beacon { expected, found } => {
                format!("结果使用的随机源是 {found}，应为 {expected}")
            }
            Difference::Seed { expected, found } => {
                format!("结果的种子是 {found}，重新抽取得到 {expected}")
            }
            Difference::Strata { expected, found } => {
                format!("结果的分层与抽取数为 {found}，重新抽取得到 {expected}")
            }
            Difference::Cap { expected, found } => {
                format!("结果的上限是 {found}，重新抽取得到 {expected}")
            }
            Difference::Enterprise {
                position,
                expected,
                found,
            } => {
                format!(
                    "第 {position} 家企业：重新抽取得到 {}，结果为 {}",
                    who_zh(expected),
                    who_zh(found)
                )
            }
        }
    }
}

fn strata_text(strata: &[StratumQuota]) -> String {
    let parts: Vec<String> = strata
        .iter()
        .map(|q| format!("{} {}/{} ({})", q.stratum, q.quota, q.members, q.ratio))
        .collect();
    parts.join(", ")
}

/// Redoes the draw and compares. `Ok` carries the recomputed result.
pub fn verify(
    plan_bytes: &[u8],
    beacon: &Beacon,
    result_bytes: &[u8],
) -> Result<DrawResult, VerifyError> {
    let found: ResultDocument =
        DrawResult::from_json(result_bytes).map_err(VerifyError::Unreadable)?;
    let expected = draw(plan_bytes, beacon).map_err(VerifyError::Plan)?;
    compare(&expected, &found).map_err(VerifyError::Differs)?;
    Ok(expected)
}

fn compare(e: &DrawResult, f: &ResultDocument) -> Result<(), Difference> {
    if let Some(a) = f
        .algorithm
        .as_deref()
        .filter(|a| *a != super::plan::ALGORITHM)
    {
        return Err(Difference::Algorithm {
            found: a.to_owned(),
        });
    }
    if f.plan_hash != e.plan_hash {
        return Err(Difference::PlanHash {
            expected: e.plan_hash.to_hex(),
            found: f.plan_hash.to_hex(),
        });
    }
    if f.beacon != e.beacon {
        return Err(Difference::Beacon {
            expected: e.beacon.to_hex(),
            found: f.beacon.to_hex(),
        });
    }
    if f.seed != e.seed {
        return Err(Difference::Seed {
            expected: e.seed.to_hex(),
            found: f.seed.to_hex(),
        });
    }
    if let Some(strata) = f.strata.as_ref().filter(|s| **s != e.strata) {
        return Err(Difference::Strata {
            expected: strata_text(&e.strata),
            found: strata_text(strata),
        });
    }
    if let Some(cap) = f.cap.filter(|c| *c != e.cap) {
        return Err(Difference::Cap {
            expected: e.cap,
            found: cap,
        });
    }
    let n = e.enterprises.len().max(f.enterprises.len());
    for i in 0..n {
        let (a, b) = (e.enterprises.get(i), f.enterprises.get(i));
        if a != b {
            return Err(Difference::Enterprise {
                position: i + 1,
                expected: a.cloned(),
                found: b.cloned(),
            });
        }
    }
    Ok(())
}
