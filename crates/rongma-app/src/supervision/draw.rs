//! The draw: the beacon value is recorded (a drand round verified against the configured
//! chain's key, or the official lottery numbers as RFC 3797 key text), the draw runs on the
//! plan's stored bytes exactly as docs/LOTTERY.md says, and the result document is logged
//! and stored with the assignments, in one transaction. A task is drawn once.

use super::publish::task_subject;
use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::roles::Actor;
use rongma_domain::supervision::{draw, BeaconSpec, DrandRound, Plan, PlanHash};
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{Assignment, DrawRecord, ListQuery, SpotTask, TaskState};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The beacon value as entered.
#[derive(Debug, Clone)]
pub enum BeaconInput {
    /// drand's `/public/{round}` body for the plan's round.
    DrandRound(String),
    /// The official numbers of each of the plan's draws, as typed.
    Numbers(Vec<Vec<String>>),
}

fn field_error(field: &str, code: &'static str, en: String, zh: String) -> AppError {
    AppError::field(FieldError::new(field, code, en, zh))
}

impl App {
    /// Records the beacon and draws. Refused (nothing written) when the task was drawn
    /// already or the beacon value does not verify.
    #[tracing::instrument(skip_all, err)]
    pub async fn draw_task(
        &self,
        actor: &Actor,
        task_id: i64,
        input: BeaconInput,
    ) -> AppResult<SpotTask> {
        require(actor, Action::ManageSupervision)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let task = tx
            .get_task(task_id)
            .await?
            .ok_or(AppError::NotFound("spot task"))?;
        if task.state != TaskState::Published {
            return Err(AppError::InvalidState(format!(
                "task {} was drawn already; a plan is drawn once",
                task.code
            )));
        }
        let plan = Plan::parse(&task.plan_bytes).map_err(AppError::Validation)?;
        let spec = plan
            .header()
            .beacon()
            .cloned()
            .ok_or_else(|| AppError::InvalidState("the plan names no beacon".into()))?;
        let (beacon, evidence) = match (&spec, input) {
            (BeaconSpec::Drand { .. }, BeaconInput::DrandRound(body)) => {
                let chain = self
                    .settings()
                    .supervision
                    .drand_chain()
                    .map_err(AppError::internal_msg)?;
                let round = DrandRound::from_json(&body).map_err(|e| {
                    field_error(
                        "drand_round",
                        "unreadable",
                        format!("not a drand round: {e}"),
                        format!("不是 drand 轮次数据：{e}"),
                    )
                })?;
                let b = spec.drand_beacon(&chain, &round).map_err(|e| {
                    field_error(
                        "drand_round",
                        "does_not_verify",
                        format!("the beacon value does not verify: {e}"),
                        format!("随机数信标校验未通过：{e}"),
                    )
                })?;
                (b, body.trim().to_owned())
            }
            (BeaconSpec::Numbers { .. }, BeaconInput::Numbers(entered)) => {
                let nb = spec
                    .numbers_beacon(&entered)
                    .unwrap_or_else(|| Err(FieldErrors::new()))
                    .map_err(AppError::Validation)?;
                (nb.beacon, nb.key_text)
            }
            (BeaconSpec::Drand { round, .. }, BeaconInput::Numbers(_)) => {
                return Err(field_error(
                    "drand_round",
                    "wrong_beacon",
                    format!("the plan uses drand round {round}; paste that round"),
                    format!("该计划使用 drand 第 {round} 轮，请粘贴该轮数据"),
                ))
            }
            (BeaconSpec::Numbers { .. }, BeaconInput::DrandRound(_)) => {
                return Err(field_error(
                    "numbers",
                    "wrong_beacon",
                    "the plan uses lottery numbers; enter them".into(),
                    "该计划使用彩票开奖号码，请录入号码".into(),
                ))
            }
        };
        let result = draw(&task.plan_bytes, &beacon).map_err(AppError::Validation)?;
        debug_assert_eq!(result.plan_hash, PlanHash::of(&task.plan_bytes));
        let result_bytes = result.to_json();
        let result_hash = hex::encode(Sha256::digest(&result_bytes));
        let leaf = crate::tlog::append_decision(
            &mut *tx,
            "spot_check.result",
            &task_subject(&task.code),
            json!({"task": task.code, "plan_sha256": task.plan_hash, "beacon": beacon.to_hex(), "seed": result.seed.to_hex(), "result_sha256": result_hash, "drawn": result.enterprises.len()}),
            now,
        )
        .await?;
        let recorded = tx
            .record_draw(
                task.id,
                &DrawRecord {
                    beacon: beacon.to_hex(),
                    beacon_evidence: evidence,
                    result_bytes,
                    result_leaf: leaf as i64,
                },
                now,
            )
            .await?;
        if !recorded {
            return Err(AppError::InvalidState(format!(
                "task {} was drawn meanwhile",
                task.code
            )));
        }
        // Plan ids back to records: enterprises by credit code, inspectors by 执法证号.
        let enterprises: HashMap<String, i64> = tx
            .list_enterprises(&ListQuery {
                limit: i64::MAX,
                include_archived: true,
                ..ListQuery::default()
            })
            .await?
            .items
            .into_iter()
            .map(|e| (e.credit_code.as_str().to_owned(), e.id))
            .collect();
        let inspectors: HashMap<String, i64> = tx
            .list_inspectors()
            .await?
            .into_iter()
            .map(|i| (i.cert_no, i.id))
            .collect();
        for e in &result.enterprises {
            let enterprise_id = *enterprises.get(&e.id).ok_or_else(|| {
                AppError::InvalidState(format!(
                    "enterprise {} of the plan is not in the registry",
                    e.id
                ))
            })?;
            let inspector_ids = e
                .inspectors
                .iter()
                .map(|i| {
                    inspectors.get(i).copied().ok_or_else(|| {
                        AppError::InvalidState(format!(
                            "inspector {i} of the plan is not in the directory"
                        ))
                    })
                })
                .collect::<AppResult<Vec<i64>>>()?;
            tx.insert_assignment(&Assignment {
                task_id: task.id,
                enterprise_id,
                stratum: e.stratum.clone(),
                rank: i64::from(e.rank),
                inspector_ids,
            })
            .await?;
        }
        let ev = EventBuilder {
            actor,
            entity_type: "spot_task",
            entity_id: task.id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event("drawn", None, json!({"beacon": beacon.to_hex(), "drawn": result.enterprises.len(), "log_index": leaf}), now))
            .await?;
        let task = tx
            .get_task(task.id)
            .await?
            .ok_or(AppError::NotFound("spot task"))?;
        tx.commit().await?;
        tracing::info!(task.code = %task.code, drawn = result.enterprises.len(), "spot-check draw done");
        Ok(task)
    }
}
