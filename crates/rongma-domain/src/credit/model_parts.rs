//! The parts of a validated credit model: what each rule measures and how it scores, the
//! class bands, the repair policy per record kind and the white-list tests.

use super::explain::Explain;
use super::kind::{CreditClass, KindSet, RecordKind};
use super::text::Bilingual;
use crate::grading::Grade;
use rust_decimal::Decimal;
use serde::Serialize;

/// What a rule measures in the record.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "measure", rename_all = "snake_case")]
pub enum Measure {
    /// Items of these kinds dated in the window.
    Count { kinds: KindSet, window_months: u32 },
    /// Items of these kinds per 10,000 tags issued in the window; the tag count is read as
    /// at least `min_tags` so a handful of tags cannot turn one complaint into a huge rate.
    #[serde(rename = "per_10k_tags")]
    PerTenThousandTags {
        kinds: KindSet,
        window_months: u32,
        min_tags: u64,
    },
    /// Items of the numerator kinds among items of the denominator kinds, in the window.
    Share {
        numerator: KindSet,
        denominator: KindSet,
        window_months: u32,
    },
    /// Whole months since the pilot start.
    PilotMonths,
    /// Certificates in force graded at least `min_grade`, among all in force.
    GradeShare { min_grade: Grade },
}

/// One row of a step table: the first row whose `min` the measured value reaches applies.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Step {
    pub min: Decimal,
    pub points: Decimal,
}

/// How the measured value becomes points.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// `points` per unit, the result kept within ±`cap`.
    Linear {
        points: Decimal,
        cap: Option<Decimal>,
    },
    /// A table from the highest `min` down; the last row's `min` is 0.
    Steps(Vec<Step>),
}

/// One scoring rule.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub(super) id: String,
    pub(super) title: Bilingual,
    #[serde(flatten)]
    pub(super) measure: Measure,
    pub(super) scoring: Scoring,
    /// Points when a share has nothing to divide (no complaint, no certificate).
    pub(super) when_none: Option<Decimal>,
    pub(super) explain: Explain,
    pub(super) explain_none: Option<Explain>,
    pub(super) source: Option<String>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title(&self) -> &Bilingual {
        &self.title
    }
    pub fn measure(&self) -> &Measure {
        &self.measure
    }
    pub fn scoring(&self) -> &Scoring {
        &self.scoring
    }
    pub fn when_none(&self) -> Option<Decimal> {
        self.when_none
    }
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

/// A class band: totals from `min` (inclusive) up to the next better band's `min`
/// (exclusive). The worst band has no `min`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    pub class: CreditClass,
    pub min: Option<Decimal>,
}

/// Whether and when items of one kind can be repaired.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairPolicy {
    After { wait_months: u32 },
    Never { reason: Bilingual },
}

#[derive(Debug, Clone, Serialize)]
pub struct RepairRule {
    pub kind: RecordKind,
    pub policy: RepairPolicy,
    pub source: Option<String>,
}

/// One white-list test.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "test", rename_all = "snake_case")]
pub enum Test {
    ClassAtLeast {
        class: CreditClass,
    },
    CountAtMost {
        kinds: KindSet,
        window_months: u32,
        max: u64,
        include_repaired: bool,
    },
    PilotMonthsAtLeast {
        months: u32,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub(super) id: String,
    pub(super) title: Bilingual,
    #[serde(flatten)]
    pub(super) test: Test,
    pub(super) pass: Explain,
    pub(super) fail: Explain,
    pub(super) source: Option<String>,
}

impl Criterion {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title(&self) -> &Bilingual {
        &self.title
    }
    pub fn test(&self) -> &Test {
        &self.test
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct WhiteList {
    pub(super) title: Bilingual,
    pub(super) criteria: Vec<Criterion>,
}
