//! Credit repair (信用修复): whether an item of the record may be repaired now, and from
//! when. The waiting period counts from the item's decision; a repaired item stops counting
//! from the repair decision (see `compute`).

use super::calendar::months_after;
use super::kind::RecordKind;
use super::model::{CreditModel, RepairPolicy};
use super::record::RecordItem;
use super::text::{self, Bilingual};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum RepairStatus {
    /// An application may be made now; the waiting period ended at `since`.
    Repairable { since: DateTime<Utc> },
    /// The waiting period runs until `from`.
    NotYet { from: DateTime<Utc> },
    /// A repair was already decided at `at`.
    AlreadyRepaired { at: DateTime<Utc> },
    /// The model does not allow repairing this kind.
    NotRepairable,
}

/// The answer for one item, with its reason in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairAnswer {
    pub item: String,
    pub kind: RecordKind,
    #[serde(flatten)]
    pub status: RepairStatus,
    pub reason: Bilingual,
}

impl RepairAnswer {
    pub fn is_repairable(&self) -> bool {
        matches!(self.status, RepairStatus::Repairable { .. })
    }
}

impl CreditModel {
    /// Whether `item` may be repaired at `now`, from when, or why not.
    pub fn repairable(&self, item: &RecordItem, now: DateTime<Utc>) -> RepairAnswer {
        let name = item.kind.name();
        let day = |t: DateTime<Utc>| text::date(t, self.offset);
        let answer = |status, zh: String, en: String| RepairAnswer {
            item: item.id.clone(),
            kind: item.kind,
            status,
            reason: Bilingual::new(zh, en),
        };
        if let Some(at) = item.repaired_at.filter(|r| *r <= now) {
            return answer(
                RepairStatus::AlreadyRepaired { at },
                format!("该{}记录已于 {} 修复，不再计分", name.zh, day(at)),
                format!(
                    "this {} was repaired on {} and no longer counts",
                    name.en,
                    day(at)
                ),
            );
        }
        let rule = self.repair.iter().find(|r| r.kind == item.kind);
        let wait = match rule.map(|r| &r.policy) {
            None => {
                return answer(
                    RepairStatus::NotRepairable,
                    format!("本信用模型未规定{}记录可以修复", name.zh),
                    format!("this credit model makes no {} repairable", name.en),
                )
            }
            Some(RepairPolicy::Never { reason }) => {
                return answer(
                    RepairStatus::NotRepairable,
                    format!("{}记录不可修复：{}", name.zh, reason.zh),
                    format!(
                        "{} {} cannot be repaired: {}",
                        article(&name.en),
                        name.en,
                        reason.en
                    ),
                )
            }
            Some(RepairPolicy::After { wait_months }) => *wait_months,
        };
        let from = months_after(item.at, wait, self.offset);
        let rule_text = (
            format!(
                "{}记录自决定之日（{}）起满 {wait} 个月可申请修复",
                name.zh,
                day(item.at)
            ),
            format!(
                "{} {} may be repaired {wait} months after its decision ({})",
                article(&name.en),
                name.en,
                day(item.at)
            ),
        );
        if now >= from {
            answer(
                RepairStatus::Repairable { since: from },
                format!("{}，自 {} 起可申请", rule_text.0, day(from)),
                format!("{}: open since {}", rule_text.1, day(from)),
            )
        } else {
            answer(
                RepairStatus::NotYet { from },
                format!("{}，须待 {} 起方可申请", rule_text.0, day(from)),
                format!("{}: not before {}", rule_text.1, day(from)),
            )
        }
    }
}

/// "a" or "an" before an English kind name ("an upheld complaint").
fn article(name: &str) -> &'static str {
    if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
