//! Supervision (双随机、一公开): the inspector directory, conflicts (回避), check items,
//! enterprise strata, spot-check tasks with their published documents, the draw's
//! assignments, and market samples ([`SupervisionTx`]). Tasks and samples move by
//! compare-and-set on their state, like certificates.
//!
//! The SQL is in `sql.rs` (compiled into each backend, see `crate::sql`); rows in `rows.rs`.

pub(crate) mod rows;

use crate::error::{unique, StoreResult, UniqueKey};
use crate::shared::{At, Page};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub(crate) const UNIQUE_KEYS: &[UniqueKey] = &[
    unique(
        "uq_inspectors_cert_no",
        "inspectors.cert_no",
        "inspectors.cert_no",
    ),
    unique(
        "uq_inspectors_username",
        "inspectors.username",
        "inspectors.username",
    ),
    unique(
        "pk_inspector_conflicts",
        "inspector_conflicts.inspector_id, inspector_conflicts.enterprise_id",
        "inspector_conflicts.pair",
    ),
    unique(
        "uq_check_items_code",
        "check_items.code",
        "check_items.code",
    ),
    unique("uq_spot_tasks_code", "spot_tasks.code", "spot_tasks.code"),
    unique(
        "uq_spot_tasks_plan_hash",
        "spot_tasks.plan_hash",
        "spot_tasks.plan_hash",
    ),
    unique(
        "uq_samples_sample_no",
        "samples.sample_no",
        "samples.sample_no",
    ),
];

/// An inspector of the directory (执法人员库).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectorRecord {
    pub id: i64,
    /// 执法证号: the inspector's id in plans.
    pub cert_no: String,
    pub name: String,
    /// 执法领域.
    pub field: String,
    /// The staff account that acts as this inspector.
    pub username: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewInspector {
    pub cert_no: String,
    pub name: String,
    pub field: String,
    pub username: Option<String>,
}

/// A declared conflict of interest: the inspector steps aside for the enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRecord {
    pub inspector_id: i64,
    pub enterprise_id: i64,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// A check item (检查事项): `general` (一般) or `key` (重点).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckItem {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// The plan is published and logged; the beacon is awaited.
    Published,
    /// The draw ran; its result is published and logged.
    Drawn,
    /// Every sample of the task reached a final decision and results are published.
    Closed,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Drawn => "drawn",
            Self::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "published" => Self::Published,
            "drawn" => Self::Drawn,
            "closed" => Self::Closed,
            _ => return None,
        })
    }
}

/// A spot-check task with its documents: the plan bytes are what is hashed and logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpotTask {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub state: TaskState,
    #[serde(skip)]
    pub plan_bytes: Vec<u8>,
    pub plan_hash: String,
    pub plan_leaf: i64,
    pub published_at: DateTime<Utc>,
    pub publish_due_days: i64,
    pub beacon: Option<String>,
    pub beacon_evidence: Option<String>,
    #[serde(skip)]
    pub result_bytes: Option<Vec<u8>>,
    pub result_leaf: Option<i64>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewSpotTask {
    pub code: String,
    pub title: String,
    pub plan_bytes: Vec<u8>,
    pub plan_hash: String,
    pub plan_leaf: i64,
    pub publish_due_days: i64,
    pub created_by: String,
}

/// The draw's outcome for a task, recorded once.
#[derive(Debug, Clone)]
pub struct DrawRecord {
    pub beacon: String,
    pub beacon_evidence: String,
    pub result_bytes: Vec<u8>,
    pub result_leaf: i64,
}

/// One drawn enterprise and its inspectors (ids of the directory, in the order taken).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub task_id: i64,
    pub enterprise_id: i64,
    pub stratum: String,
    pub rank: i64,
    pub inspector_ids: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleState {
    /// Taken in the market, sealed.
    Sampled,
    /// Handed to a lab; its report is awaited.
    AtLab,
    /// Graded and compared; the decision applies, the objection window is open.
    Decided,
    /// The enterprise objected and asked for a retest of the reserve sample.
    Objected,
    /// The decision is final.
    Final,
}

impl SampleState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sampled => "sampled",
            Self::AtLab => "at_lab",
            Self::Decided => "decided",
            Self::Objected => "objected",
            Self::Final => "final",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sampled" => Self::Sampled,
            "at_lab" => Self::AtLab,
            "decided" => Self::Decided,
            "objected" => Self::Objected,
            "final" => Self::Final,
            _ => return None,
        })
    }
}

/// A sample taken in the market (or for a consumer's complaint, or a retest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    pub id: i64,
    pub sample_no: String,
    pub task_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub retest_of: Option<i64>,
    pub enterprise_id: i64,
    pub serial: String,
    pub batch_id: i64,
    pub certificate_id: i64,
    pub shop: String,
    pub address: String,
    pub sampled_on: NaiveDate,
    pub seal_no: String,
    pub photo_keys: Vec<String>,
    pub recorded_by: String,
    pub lab_id: Option<i64>,
    pub report_id: Option<i64>,
    pub state: SampleState,
    pub outcome: Option<serde_json::Value>,
    pub decision: Option<serde_json::Value>,
    pub objection_due: Option<NaiveDate>,
    pub objection: Option<String>,
    pub new_certificate_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewSample {
    pub sample_no: String,
    pub task_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub retest_of: Option<i64>,
    pub enterprise_id: i64,
    pub serial: String,
    pub batch_id: i64,
    pub certificate_id: i64,
    pub shop: String,
    pub address: String,
    pub sampled_on: NaiveDate,
    pub seal_no: String,
    pub photo_keys: Vec<String>,
    pub recorded_by: String,
    /// `sampled`, or `at_lab` for a retest of a reserve sample already at the lab.
    pub state: SampleState,
    pub lab_id: Option<i64>,
}

/// A change to a sample, applied only if it is still in `from`.
#[derive(Debug, Clone, Default)]
pub struct SampleUpdate {
    pub state: Option<SampleState>,
    pub lab_id: Option<i64>,
    pub report_id: Option<i64>,
    pub outcome: Option<serde_json::Value>,
    pub decision: Option<serde_json::Value>,
    pub objection_due: Option<NaiveDate>,
    pub objection: Option<String>,
    pub new_certificate_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct SampleQuery {
    pub task_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
    pub state: Option<SampleState>,
    pub recorded_by: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

#[async_trait]
pub trait SupervisionTx: Send {
    async fn insert_inspector(&mut self, i: &NewInspector, at: At) -> StoreResult<i64>;
    async fn get_inspector(&mut self, id: i64) -> StoreResult<Option<InspectorRecord>>;
    async fn inspector_by_username(
        &mut self,
        username: &str,
    ) -> StoreResult<Option<InspectorRecord>>;
    async fn list_inspectors(&mut self) -> StoreResult<Vec<InspectorRecord>>;
    async fn set_inspector_active(&mut self, id: i64, active: bool, at: At) -> StoreResult<bool>;

    async fn insert_conflict(&mut self, c: &ConflictRecord) -> StoreResult<()>;
    async fn list_conflicts(&mut self) -> StoreResult<Vec<ConflictRecord>>;

    async fn insert_check_item(&mut self, c: &CheckItem, at: At) -> StoreResult<i64>;
    async fn list_check_items(&mut self) -> StoreResult<Vec<CheckItem>>;

    /// Sets (or, with `None`, clears) an enterprise's stratum override.
    async fn set_subject_stratum(
        &mut self,
        enterprise_id: i64,
        stratum: Option<&str>,
        at: At,
    ) -> StoreResult<()>;
    /// Every stratum override: (enterprise id, stratum).
    async fn subject_strata(&mut self) -> StoreResult<Vec<(i64, String)>>;

    async fn insert_task(&mut self, t: &NewSpotTask, at: At) -> StoreResult<i64>;
    async fn get_task(&mut self, id: i64) -> StoreResult<Option<SpotTask>>;
    async fn get_task_by_code(&mut self, code: &str) -> StoreResult<Option<SpotTask>>;
    /// Newest first.
    async fn list_tasks(&mut self, limit: i64, offset: i64) -> StoreResult<Page<SpotTask>>;
    /// Records the draw if the task is still `published`; false otherwise.
    async fn record_draw(&mut self, task_id: i64, d: &DrawRecord, at: At) -> StoreResult<bool>;
    async fn set_task_state(
        &mut self,
        task_id: i64,
        from: TaskState,
        to: TaskState,
        at: At,
    ) -> StoreResult<bool>;
    async fn insert_assignment(&mut self, a: &Assignment) -> StoreResult<()>;
    /// A task's assignments by stratum and rank.
    async fn list_assignments(&mut self, task_id: i64) -> StoreResult<Vec<Assignment>>;
    /// The assignments of one inspector, newest task first.
    async fn assignments_of(&mut self, inspector_id: i64) -> StoreResult<Vec<Assignment>>;

    async fn insert_sample(&mut self, s: &NewSample, at: At) -> StoreResult<i64>;
    async fn get_sample(&mut self, id: i64) -> StoreResult<Option<Sample>>;
    async fn list_samples(&mut self, q: &SampleQuery) -> StoreResult<Page<Sample>>;
    async fn update_sample(
        &mut self,
        id: i64,
        from: SampleState,
        u: &SampleUpdate,
        at: At,
    ) -> StoreResult<bool>;
    /// Decided samples whose objection window closed before `today`.
    async fn samples_past_objection(&mut self, today: NaiveDate) -> StoreResult<Vec<Sample>>;
    /// Moves every batch of certificate `from` (or only batch `only`) to certificate `to`:
    /// a downgrade for cause changes what those lots' tags say. Returns the batches moved.
    async fn move_batches(&mut self, from: i64, to: i64, only: Option<i64>) -> StoreResult<u64>;
}
