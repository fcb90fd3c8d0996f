//! How supervision rows read back into records (on either backend).

use super::{
    Assignment, CheckItem, ConflictRecord, InspectorRecord, Sample, SampleState, SpotTask,
    TaskState,
};
use crate::error::{corrupt, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};

pub(crate) const INSPECTOR_COLS: &str =
    "id, cert_no, name, field, username, active, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct InspectorRow {
    id: i64,
    cert_no: String,
    name: String,
    field: String,
    username: Option<String>,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl InspectorRow {
    pub(crate) fn into_record(self) -> StoreResult<InspectorRecord> {
        Ok(InspectorRecord {
            id: self.id,
            cert_no: self.cert_no,
            name: self.name,
            field: self.field,
            username: self.username,
            active: self.active,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ConflictRow {
    inspector_id: i64,
    enterprise_id: i64,
    reason: String,
    created_at: DateTime<Utc>,
}

impl ConflictRow {
    pub(crate) fn into_record(self) -> ConflictRecord {
        ConflictRecord {
            inspector_id: self.inspector_id,
            enterprise_id: self.enterprise_id,
            reason: self.reason,
            created_at: self.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CheckItemRow {
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    kind: String,
    active: bool,
}

impl CheckItemRow {
    pub(crate) fn into_record(self) -> CheckItem {
        CheckItem {
            id: self.id,
            code: self.code,
            name_zh: self.name_zh,
            name_en: self.name_en,
            kind: self.kind,
            active: self.active,
        }
    }
}

pub(crate) const TASK_COLS: &str = "id, code, title, state, plan_bytes, plan_hash, plan_leaf, published_at, \
     publish_due_days, beacon, beacon_evidence, result_bytes, result_leaf, drawn_at, created_by, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    id: i64,
    code: String,
    title: String,
    state: String,
    plan_bytes: Vec<u8>,
    plan_hash: String,
    plan_leaf: i64,
    published_at: DateTime<Utc>,
    publish_due_days: i32,
    beacon: Option<String>,
    beacon_evidence: Option<String>,
    result_bytes: Option<Vec<u8>>,
    result_leaf: Option<i64>,
    drawn_at: Option<DateTime<Utc>>,
    created_by: String,
    updated_at: DateTime<Utc>,
}

impl TaskRow {
    pub(crate) fn into_task(self) -> StoreResult<SpotTask> {
        Ok(SpotTask {
            id: self.id,
            code: self.code,
            title: self.title,
            state: TaskState::parse(&self.state)
                .ok_or_else(|| corrupt("spot_tasks.state", &self.state))?,
            plan_bytes: self.plan_bytes,
            plan_hash: self.plan_hash,
            plan_leaf: self.plan_leaf,
            published_at: self.published_at,
            publish_due_days: i64::from(self.publish_due_days),
            beacon: self.beacon,
            beacon_evidence: self.beacon_evidence,
            result_bytes: self.result_bytes,
            result_leaf: self.result_leaf,
            drawn_at: self.drawn_at,
            created_by: self.created_by,
            updated_at: self.updated_at,
        })
    }
}

/// One row per (assignment, inspector), folded into [`Assignment`]s by the caller.
#[derive(sqlx::FromRow)]
pub(crate) struct AssignmentRow {
    pub(crate) task_id: i64,
    pub(crate) enterprise_id: i64,
    pub(crate) stratum: String,
    pub(crate) rank: i32,
    pub(crate) inspector_id: Option<i64>,
}

/// Folds rows ordered by assignment, then position.
pub(crate) fn fold_assignments(rows: Vec<AssignmentRow>) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(a) if a.task_id == r.task_id && a.enterprise_id == r.enterprise_id => {
                a.inspector_ids.extend(r.inspector_id);
            }
            _ => out.push(Assignment {
                task_id: r.task_id,
                enterprise_id: r.enterprise_id,
                stratum: r.stratum,
                rank: i64::from(r.rank),
                inspector_ids: r.inspector_id.into_iter().collect(),
            }),
        }
    }
    out
}

pub(crate) const SAMPLE_COLS: &str = "id, sample_no, task_id, complaint_id, retest_of, enterprise_id, serial, batch_id, \
     certificate_id, shop, address, sampled_on, seal_no, photo_keys, recorded_by, lab_id, report_id, state, outcome, \
     decision, objection_due, objection, new_certificate_id, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct SampleRow {
    id: i64,
    sample_no: String,
    task_id: Option<i64>,
    complaint_id: Option<i64>,
    retest_of: Option<i64>,
    enterprise_id: i64,
    serial: String,
    batch_id: i64,
    certificate_id: i64,
    shop: String,
    address: String,
    sampled_on: NaiveDate,
    seal_no: String,
    photo_keys: String,
    recorded_by: String,
    lab_id: Option<i64>,
    report_id: Option<i64>,
    state: String,
    outcome: Option<String>,
    decision: Option<String>,
    objection_due: Option<NaiveDate>,
    objection: Option<String>,
    new_certificate_id: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn json(what: &str, text: Option<String>) -> StoreResult<Option<serde_json::Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| corrupt(what, e)))
        .transpose()
}

impl SampleRow {
    pub(crate) fn into_sample(self) -> StoreResult<Sample> {
        Ok(Sample {
            id: self.id,
            sample_no: self.sample_no,
            task_id: self.task_id,
            complaint_id: self.complaint_id,
            retest_of: self.retest_of,
            enterprise_id: self.enterprise_id,
            serial: self.serial,
            batch_id: self.batch_id,
            certificate_id: self.certificate_id,
            shop: self.shop,
            address: self.address,
            sampled_on: self.sampled_on,
            seal_no: self.seal_no,
            photo_keys: serde_json::from_str(&self.photo_keys)
                .map_err(|e| corrupt("samples.photo_keys", e))?,
            recorded_by: self.recorded_by,
            lab_id: self.lab_id,
            report_id: self.report_id,
            state: SampleState::parse(&self.state)
                .ok_or_else(|| corrupt("samples.state", &self.state))?,
            outcome: json("samples.outcome", self.outcome)?,
            decision: json("samples.decision", self.decision)?,
            objection_due: self.objection_due,
            objection: self.objection,
            new_certificate_id: self.new_certificate_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
