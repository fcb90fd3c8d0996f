//! One [`Finding`] per unsupported claim: what was claimed, what the certificate says,
//! by how much the claim exceeds it, in English and Chinese.

use super::listing::ListingClaim;
use crate::grading::Grade;
use crate::registry::SizeFill;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Claimed more than certified or declared.
    Exceeds,
    /// Claimed something else (species, enterprise, a size the certificate lacks).
    Differs,
}

/// One claim the certificate does not support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The listing field: `claimed_grade`, `claimed_down_cluster_pct`,
    /// `claimed_fill_weight_g`, `size`, `species` or `enterprise_credit_code`.
    pub field: &'static str,
    pub kind: FindingKind,
    pub claimed: String,
    pub certified: String,
    /// How much the claim exceeds the certificate: grade steps, percentage points or grams.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excess: Option<String>,
    pub message: String,
    pub message_zh: String,
}

fn text(d: Decimal) -> String {
    d.normalize().to_string()
}

pub(super) fn grade_finding(claimed: Grade, cert: Grade) -> Option<Finding> {
    let steps = claimed
        .index()
        .checked_sub(cert.index())
        .filter(|s| *s > 0)?;
    Some(Finding {
        field: "claimed_grade",
        kind: FindingKind::Exceeds,
        claimed: claimed.to_string(),
        certified: cert.to_string(),
        excess: Some(steps.to_string()),
        message: format!(
            "claimed {claimed}, certified {cert}: {steps} grade(s) above the certificate"
        ),
        message_zh: format!("标称 {claimed}，证书为 {cert}，高出 {steps} 级"),
    })
}

pub(super) fn content_finding(claimed: Decimal, declared: Decimal) -> Option<Finding> {
    let by = text(claimed - declared);
    (claimed > declared).then(|| Finding {
        field: "claimed_down_cluster_pct",
        kind: FindingKind::Exceeds,
        claimed: text(claimed),
        certified: text(declared),
        excess: Some(by.clone()),
        message: format!(
            "claimed {}% down cluster, declared {}%: {by} percentage points above",
            text(claimed),
            text(declared)
        ),
        message_zh: format!(
            "标称绒子含量 {}%，申报 {}%，高出 {by} 个百分点",
            text(claimed),
            text(declared)
        ),
    })
}

pub(super) fn fill_finding(
    claim: &ListingClaim,
    grams: Decimal,
    sizes: &[SizeFill],
) -> Option<Finding> {
    let (limit, zh_where, where_) = match &claim.size {
        Some(size) => match sizes.iter().find(|s| s.size == *size) {
            Some(s) => (
                s.fill_weight_g,
                format!("尺码 {size} 申报"),
                format!("declared for size {size}"),
            ),
            None => {
                return Some(Finding {
                    field: "size",
                    kind: FindingKind::Differs,
                    claimed: size.clone(),
                    certified: sizes
                        .iter()
                        .map(|s| s.size.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    excess: None,
                    message: format!("size {size} is not on the certificate"),
                    message_zh: format!("证书中没有尺码 {size}"),
                })
            }
        },
        // Without a size the claim may be any size's: it must not beat the heaviest.
        None => (
            sizes.iter().map(|s| s.fill_weight_g).max()?,
            "最大尺码申报".to_owned(),
            "the largest size's declared".to_owned(),
        ),
    };
    let by = text(grams - limit);
    (grams > limit).then(|| Finding {
        field: "claimed_fill_weight_g",
        kind: FindingKind::Exceeds,
        claimed: text(grams),
        certified: text(limit),
        excess: Some(by.clone()),
        message: format!(
            "claimed {} g fill weight, {where_} {} g: {by} g above",
            text(grams),
            text(limit)
        ),
        message_zh: format!(
            "标称充绒量 {} g，{zh_where} {} g，高出 {by} g",
            text(grams),
            text(limit)
        ),
    })
}

pub(super) fn differs(
    field: &'static str,
    claimed: String,
    certified: String,
    en: String,
    zh: String,
) -> Finding {
    Finding {
        field,
        kind: FindingKind::Differs,
        claimed,
        certified,
        excess: None,
        message: en,
        message_zh: zh,
    }
}
