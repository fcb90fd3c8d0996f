//! Reading tasks: their public pages and documents (plans and results are public from the
//! moment they are published: anyone may re-compute the draw), and an inspector's own
//! assignments.

use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::roles::Actor;
use rongma_store::{Assignment, InspectorRecord, Page, SpotTask};
use serde::Serialize;
use std::collections::HashMap;

/// A drawn enterprise with the names a page shows.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentView {
    pub enterprise_id: i64,
    pub credit_code: String,
    pub enterprise: String,
    pub stratum: String,
    pub rank: i64,
    /// (执法证号, name), in the order taken.
    pub inspectors: Vec<(String, String)>,
    pub inspector_ids: Vec<i64>,
}

/// A task with its drawn enterprises (empty before the draw).
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub task: SpotTask,
    pub assignments: Vec<AssignmentView>,
}

impl App {
    /// Published tasks, newest first (public).
    pub async fn list_tasks(&self, limit: i64, offset: i64) -> AppResult<Page<SpotTask>> {
        Ok(self
            .store()
            .read()
            .await?
            .list_tasks(limit.clamp(1, 200), offset.max(0))
            .await?)
    }

    /// A task by its code with its assignments (public).
    pub async fn task_view(&self, code: &str) -> AppResult<TaskView> {
        let mut tx = self.store().read().await?;
        let task = tx
            .get_task_by_code(code)
            .await?
            .ok_or(AppError::NotFound("spot task"))?;
        let assignments = tx.list_assignments(task.id).await?;
        let inspectors: HashMap<i64, InspectorRecord> = tx
            .list_inspectors()
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let mut views = Vec::with_capacity(assignments.len());
        for a in assignments {
            views.push(assignment_view(&mut *tx, &inspectors, a).await?);
        }
        Ok(TaskView {
            task,
            assignments: views,
        })
    }

    /// The inspector record of a signed-in inspector, if the directory links one.
    pub async fn inspector_of(&self, actor: &Actor) -> AppResult<Option<InspectorRecord>> {
        require(actor, Action::RecordSample)?;
        Ok(self
            .store()
            .read()
            .await?
            .inspector_by_username(&actor.name)
            .await?)
    }

    /// An inspector's assignments, newest task first, each with its task.
    pub async fn my_assignments(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(SpotTask, AssignmentView)>> {
        let Some(me) = self.inspector_of(actor).await? else {
            return Ok(Vec::new());
        };
        let mut tx = self.store().read().await?;
        let inspectors: HashMap<i64, InspectorRecord> = tx
            .list_inspectors()
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let mut out = Vec::new();
        let mut tasks: HashMap<i64, SpotTask> = HashMap::new();
        for a in tx.assignments_of(me.id).await? {
            if !tasks.contains_key(&a.task_id) {
                if let Some(t) = tx.get_task(a.task_id).await? {
                    tasks.insert(t.id, t);
                }
            }
            let Some(task) = tasks.get(&a.task_id).cloned() else {
                continue;
            };
            out.push((task, assignment_view(&mut *tx, &inspectors, a).await?));
        }
        Ok(out)
    }
}

async fn assignment_view(
    tx: &mut dyn rongma_store::Tx,
    inspectors: &HashMap<i64, InspectorRecord>,
    a: Assignment,
) -> AppResult<AssignmentView> {
    let e = tx.get_enterprise(a.enterprise_id).await?;
    Ok(AssignmentView {
        enterprise_id: a.enterprise_id,
        credit_code: e
            .as_ref()
            .map(|e| e.credit_code.as_str().to_owned())
            .unwrap_or_default(),
        enterprise: e.map(|e| e.name).unwrap_or_default(),
        stratum: a.stratum,
        rank: a.rank,
        inspectors: a
            .inspector_ids
            .iter()
            .filter_map(|i| inspectors.get(i))
            .map(|i| (i.cert_no.clone(), i.name.clone()))
            .collect(),
        inspector_ids: a.inspector_ids,
    })
}

/// One sample's published result (一公开): no personal data, no internal notes.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedResult {
    pub sample_no: String,
    pub enterprise: String,
    pub credit_code: String,
    pub retest_of: Option<String>,
    pub sampled_on: chrono::NaiveDate,
    pub state: rongma_store::SampleState,
    /// `conform`, `lower_grade` or `fails_baseline`, once graded.
    pub outcome: Option<String>,
    pub measured: Option<String>,
    pub decision_zh: Option<String>,
    pub decision_en: Option<String>,
}

impl App {
    /// The published results of a task's samples, oldest first (public).
    pub async fn task_results(&self, code: &str) -> AppResult<(SpotTask, Vec<PublishedResult>)> {
        let mut tx = self.store().read().await?;
        let task = tx
            .get_task_by_code(code)
            .await?
            .ok_or(AppError::NotFound("spot task"))?;
        let q = rongma_store::SampleQuery {
            task_id: Some(task.id),
            limit: 10_000,
            ..Default::default()
        };
        let mut samples = tx.list_samples(&q).await?.items;
        samples.reverse();
        let numbers: HashMap<i64, String> = samples
            .iter()
            .map(|s| (s.id, s.sample_no.clone()))
            .collect();
        let mut out = Vec::with_capacity(samples.len());
        for s in samples {
            let e = tx.get_enterprise(s.enterprise_id).await?;
            let text = |v: &Option<serde_json::Value>, k: &str| {
                v.as_ref()
                    .and_then(|v| v.get(k))
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            out.push(PublishedResult {
                sample_no: s.sample_no.clone(),
                enterprise: e.as_ref().map(|e| e.name.clone()).unwrap_or_default(),
                credit_code: e
                    .map(|e| e.credit_code.as_str().to_owned())
                    .unwrap_or_default(),
                retest_of: s.retest_of.and_then(|r| numbers.get(&r).cloned()),
                sampled_on: s.sampled_on,
                state: s.state,
                outcome: text(&s.outcome, "kind"),
                measured: text(&s.outcome, "measured"),
                decision_zh: text(&s.decision, "zh"),
                decision_en: text(&s.decision, "en"),
            });
        }
        Ok((task, out))
    }
}
