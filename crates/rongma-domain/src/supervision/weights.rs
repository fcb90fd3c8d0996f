//! Risk weights (beyond SAMR's class-only sampling): an enterprise's record turns into a
//! whole number of tickets, 1 to 1000, each contribution explained in Chinese and English
//! for the published plan page. Integer arithmetic only, every division rounded down, so
//! anyone recomputes the same weight from the same record.
//!
//! weight = min(1000, 1 + copied codes + complaints + high grades + past failures), where
//! - copied codes: flags × `per_copied_code`, at most `max_copied_codes`;
//! - complaints: ⌊upheld complaints × 10,000 × `per_complaint_rate` / tags issued⌋ (points
//!   per upheld complaint per 10,000 tags), at most `max_complaints`; nothing without tags;
//! - high grades: ⌊percentage points by which its share of 4A/5A certificates exceeds the
//!   population's × `per_excess_point`⌋, at most `max_high_grades`, only from
//!   `min_certificates` certificates on (a few certificates say little), never negative;
//! - past failures: failed spot checks × `per_failure`, at most `max_failures`.

use super::plan::{Weight, MAX_WEIGHT};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What rongma knows about one enterprise over the look-back period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskRecord {
    /// Hang-tag codes of its products flagged as copied.
    pub copied_code_flags: u32,
    /// Consumer complaints upheld against it.
    pub upheld_complaints: u32,
    /// Hang tags issued to it.
    pub tags_issued: u64,
    /// Its certificates, and how many of them are 4A or 5A.
    pub certificates: u32,
    pub high_grade_certificates: u32,
    /// Spot checks it failed.
    pub spot_check_failures: u32,
}

/// All enterprises' certificates, to compare one enterprise's share of high grades with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Population {
    pub certificates: u64,
    pub high_grade_certificates: u64,
}

/// The coefficients, in points (tickets). Defaults are rongma's; a task may set others,
/// and the plan then publishes the weights it produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskWeightConfig {
    pub per_copied_code: u32,
    pub max_copied_codes: u32,
    pub per_complaint_rate: u32,
    pub max_complaints: u32,
    pub per_excess_point: u32,
    pub max_high_grades: u32,
    pub min_certificates: u32,
    pub per_failure: u32,
    pub max_failures: u32,
}

impl Default for RiskWeightConfig {
    fn default() -> Self {
        Self {
            per_copied_code: 20,
            max_copied_codes: 200,
            per_complaint_rate: 40,
            max_complaints: 200,
            per_excess_point: 4,
            max_high_grades: 100,
            min_certificates: 5,
            per_failure: 100,
            max_failures: 300,
        }
    }
}

/// Which part of the record a contribution comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskFactor {
    Base,
    CopiedCodes,
    Complaints,
    HighGrades,
    SpotCheckFailures,
    /// The total was over 1000 (negative points).
    Cap,
}

/// One line of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub factor: RiskFactor,
    pub points: i64,
    pub en: String,
    pub zh: String,
}

/// A weight with its explanation; the points add up to the weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskWeight {
    pub weight: Weight,
    pub contributions: Vec<Contribution>,
}

impl RiskWeight {
    /// `[{"factor","points","en","zh"}]`, for an enterprise's entry in the plan.
    pub fn explanation_json(&self) -> Value {
        Value::Array(
            self.contributions
                .iter()
                .map(|c| json!({"factor": c.factor, "points": c.points, "en": c.en, "zh": c.zh}))
                .collect(),
        )
    }
}

/// ⌊10,000·a/b⌋ written as a percentage with two decimals ("12.34").
fn percent(a: u128, b: u128) -> String {
    let bp = (a * 10_000).checked_div(b).unwrap_or(0);
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// ⌊100·a/b⌋ written with two decimals.
fn hundredths(a: u128, b: u128) -> String {
    let h = (a * 100).checked_div(b).unwrap_or(0);
    format!("{}.{:02}", h / 100, h % 100)
}

fn line(factor: RiskFactor, points: u64, en: String, zh: String) -> Contribution {
    Contribution {
        factor,
        points: points as i64,
        en,
        zh,
    }
}

/// The weight of one enterprise.
pub fn risk_weight(r: &RiskRecord, population: &Population, c: &RiskWeightConfig) -> RiskWeight {
    let mut lines = vec![line(
        RiskFactor::Base,
        1,
        "1: every enterprise starts with one ticket".into(),
        "1：每家企业基础 1 张签".into(),
    )];

    let copied = (u64::from(r.copied_code_flags) * u64::from(c.per_copied_code))
        .min(u64::from(c.max_copied_codes));
    lines.push(line(
        RiskFactor::CopiedCodes,
        copied,
        format!(
            "{copied}: {} hang-tag codes flagged as copied × {} (at most {})",
            r.copied_code_flags, c.per_copied_code, c.max_copied_codes
        ),
        format!(
            "{copied}：{} 个吊牌码被判定为复制 × {}（最多 {}）",
            r.copied_code_flags, c.per_copied_code, c.max_copied_codes
        ),
    ));

    let (upheld, tags) = (u128::from(r.upheld_complaints), u128::from(r.tags_issued));
    let scaled = (upheld * 10_000 * u128::from(c.per_complaint_rate)).checked_div(tags);
    let complaints = if let Some(raw) = scaled {
        let points = u64::try_from(raw)
            .unwrap_or(u64::MAX)
            .min(u64::from(c.max_complaints));
        let rate = hundredths(upheld * 10_000, tags);
        lines.push(line(
            RiskFactor::Complaints,
            points,
            format!("{points}: {rate} upheld complaints per 10,000 tags ({upheld} of {tags}) × {} (at most {})", c.per_complaint_rate, c.max_complaints),
            format!("{points}：每万张吊牌成立投诉 {rate} 件（{tags} 张中 {upheld} 件）× {}（最多 {}）", c.per_complaint_rate, c.max_complaints),
        ));
        points
    } else {
        lines.push(line(
            RiskFactor::Complaints,
            0,
            "0: no tags issued, so no complaint rate".into(),
            "0：未发放吊牌，无投诉率".into(),
        ));
        0
    };

    let high = high_grades(r, population, c, &mut lines);

    let failures = (u64::from(r.spot_check_failures) * u64::from(c.per_failure))
        .min(u64::from(c.max_failures));
    lines.push(line(
        RiskFactor::SpotCheckFailures,
        failures,
        format!(
            "{failures}: {} failed spot checks × {} (at most {})",
            r.spot_check_failures, c.per_failure, c.max_failures
        ),
        format!(
            "{failures}：{} 次抽查不合格 × {}（最多 {}）",
            r.spot_check_failures, c.per_failure, c.max_failures
        ),
    ));

    let total = 1 + copied + complaints + high + failures;
    let max = u64::from(MAX_WEIGHT);
    if total > max {
        let over = total - max;
        lines.push(Contribution {
            factor: RiskFactor::Cap,
            points: -(over as i64),
            en: format!("−{over}: a weight is at most {max}"),
            zh: format!("−{over}：权重最多为 {max}"),
        });
    }
    RiskWeight {
        weight: Weight::new(total.min(max)).unwrap_or(Weight::MAX),
        contributions: lines,
    }
}

fn high_grades(
    r: &RiskRecord,
    p: &Population,
    c: &RiskWeightConfig,
    lines: &mut Vec<Contribution>,
) -> u64 {
    let (he, ce) = (
        u128::from(r.high_grade_certificates),
        u128::from(r.certificates),
    );
    let (hp, cp) = (
        u128::from(p.high_grade_certificates),
        u128::from(p.certificates),
    );
    if r.certificates < c.min_certificates.max(1) || cp == 0 {
        let (en, zh) = if cp == 0 {
            (
                "0: no population of certificates to compare with".to_owned(),
                "0：无可比较的证书总体".to_owned(),
            )
        } else {
            (
                format!(
                    "0: {} certificates, fewer than the {} needed to compare",
                    r.certificates, c.min_certificates
                ),
                format!(
                    "0：证书 {} 张，少于比较所需的 {} 张",
                    r.certificates, c.min_certificates
                ),
            )
        };
        lines.push(line(RiskFactor::HighGrades, 0, en, zh));
        return 0;
    }
    // Excess in percentage points = 100·(he/ce − hp/cp) = 100·(he·cp − hp·ce) / (ce·cp).
    let (own, all) = (percent(he, ce), percent(hp, cp));
    let (num, den) = ((he * cp).saturating_sub(hp * ce), ce * cp);
    let points = u64::try_from(100 * num * u128::from(c.per_excess_point) / den)
        .unwrap_or(u64::MAX)
        .min(u64::from(c.max_high_grades));
    let excess = hundredths(100 * num, den);
    lines.push(line(
        RiskFactor::HighGrades,
        points,
        format!(
            "{points}: {own} % of its {} certificates are 4A/5A against {all} % of all; {excess} points above × {} (at most {})",
            r.certificates, c.per_excess_point, c.max_high_grades
        ),
        format!("{points}：其 {} 张证书中 4A/5A 占 {own}%，总体为 {all}%，高出 {excess} 个百分点 × {}（最多 {}）", r.certificates, c.per_excess_point, c.max_high_grades),
    ));
    points
}
