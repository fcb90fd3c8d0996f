//! Publishing a spot-check task: the plan is built from the directories, frozen as bytes,
//! its hash appended to the transparency log and the task stored, all in one transaction,
//! before the beacon it names exists. A published plan is never changed.

use super::directory::check_label;
use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::roles::Actor;
use rongma_domain::supervision::{
    BeaconSpec, Conflict, Enterprise, Inspector, PlanDraft, Ratio, StratumRatio, Weight,
};
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{ListQuery, NewSpotTask, SpotTask};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The beacon a task will use, as chosen on the form.
#[derive(Debug, Clone)]
pub enum BeaconChoice {
    /// A drand round of the configured chain; must lie in the future.
    DrandRound(u64),
    /// The official results of these public lottery draws, drawn after publication.
    Numbers(Vec<String>),
}

/// A task as the regulator fills it in.
#[derive(Debug, Clone)]
pub struct TaskDraft {
    pub title: String,
    /// (stratum, ratio as typed, e.g. "0.05").
    pub strata: Vec<(String, String)>,
    /// Check item codes.
    pub items: Vec<String>,
    pub inspectors_per_enterprise: u32,
    pub beacon: BeaconChoice,
    /// Only these enterprises (ids); empty: every enterprise of the registry not archived.
    pub enterprise_ids: Vec<i64>,
    /// Leave out, for each enterprise, the inspectors it had in the last drawn task.
    pub exclude_last_round: bool,
}

/// The least number of inspectors per enterprise the rules allow.
pub const MIN_INSPECTORS_PER_ENTERPRISE: u32 = 2;

fn err(field: impl Into<String>, code: &'static str, en: String, zh: String) -> FieldError {
    FieldError::new(field, code, en, zh)
}

impl App {
    /// Publishes a task: plan bytes, log leaf and task row in one transaction.
    #[tracing::instrument(skip_all, err)]
    pub async fn publish_task(&self, actor: &Actor, d: TaskDraft) -> AppResult<SpotTask> {
        require(actor, Action::ManageSupervision)?;
        let now = self.now();
        let settings = &self.settings().supervision;
        let mut errs = FieldErrors::new();
        if d.title.trim().is_empty() {
            errs.push(err(
                "title",
                "required",
                "the title is required".into(),
                "请填写任务名称".into(),
            ));
        }
        let mut strata = Vec::new();
        for (i, (label, ratio)) in d.strata.iter().enumerate() {
            let label = label.trim();
            if label.is_empty() {
                continue;
            }
            check_label(&mut errs, &format!("strata[{i}].stratum"), label);
            match Ratio::parse(ratio.trim()) {
                Ok(r) => strata.push(StratumRatio {
                    stratum: label.to_owned(),
                    ratio: r,
                    extra: Map::new(),
                }),
                Err(e) => errs.push(err(
                    format!("strata[{i}].ratio"),
                    "bad_ratio",
                    format!("stratum {label}: the ratio must be a decimal from 0 to 1 ({e})"),
                    format!("类别 {label}：抽取比例须为 0 到 1 之间的小数（{e}）"),
                )),
            }
        }
        if strata.is_empty() && errs.is_empty() {
            errs.push(err(
                "strata",
                "required",
                "give a ratio for at least one stratum".into(),
                "请至少为一个类别填写抽取比例".into(),
            ));
        }
        if d.inspectors_per_enterprise < MIN_INSPECTORS_PER_ENTERPRISE {
            errs.push(err(
                "inspectors_per_enterprise",
                "too_few",
                format!(
                    "at least {MIN_INSPECTORS_PER_ENTERPRISE} inspectors check each enterprise"
                ),
                format!("每户企业至少 {MIN_INSPECTORS_PER_ENTERPRISE} 名执法人员"),
            ));
        }
        let beacon = match &d.beacon {
            BeaconChoice::DrandRound(round) => {
                let chain = settings.drand_chain().map_err(AppError::internal_msg)?;
                if !chain.is_future_round(*round, now) {
                    errs.push(err(
                        "beacon_round",
                        "round_not_future",
                        format!(
                            "drand round {round} is not in the future (the latest round now is {}); choose a later one",
                            chain.round_at(now)
                        ),
                        format!("drand 第 {round} 轮不在未来（当前最新为第 {} 轮），请选择更晚的轮次", chain.round_at(now)),
                    ));
                }
                BeaconSpec::Drand {
                    chain: *chain.chain_hash(),
                    round: *round,
                }
            }
            BeaconChoice::Numbers(draws) => {
                let draws: Vec<String> = draws
                    .iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                if draws.is_empty() {
                    errs.push(err(
                        "beacon_draws",
                        "required",
                        "name the public lottery draws whose results will be used".into(),
                        "请填写将使用其开奖结果的公开彩票期次".into(),
                    ));
                }
                for (i, name) in draws.iter().enumerate() {
                    check_label(&mut errs, &format!("beacon_draws[{i}]"), name);
                }
                BeaconSpec::Numbers { draws }
            }
        };
        let mut tx = self.store().begin().await?;
        // Directories, as they stand now.
        let items: Vec<_> = tx.list_check_items().await?;
        let mut chosen_items = Vec::new();
        for (i, code) in d.items.iter().enumerate() {
            match items.iter().find(|c| c.code == *code && c.active) {
                Some(c) => chosen_items.push(json!({"code": c.code, "name": c.name_zh, "name_en": c.name_en, "kind": c.kind})),
                None => errs.push(err(format!("items[{i}]"), "unknown", format!("no check item {code:?}"), format!("没有检查事项 {code}"))),
            }
        }
        let inspectors: Vec<_> = tx
            .list_inspectors()
            .await?
            .into_iter()
            .filter(|i| i.active)
            .collect();
        if inspectors.is_empty() {
            errs.push(err(
                "inspectors",
                "none",
                "the inspector directory has no active inspector".into(),
                "执法人员库中没有在岗人员".into(),
            ));
        } else if (inspectors.len() as u32) < d.inspectors_per_enterprise {
            errs.push(err(
                "inspectors_per_enterprise",
                "more_than_inspectors",
                format!(
                    "{} inspectors per enterprise is more than the {} active inspectors",
                    d.inspectors_per_enterprise,
                    inspectors.len()
                ),
                format!(
                    "每户 {} 名超过在岗执法人员数 {}",
                    d.inspectors_per_enterprise,
                    inspectors.len()
                ),
            ));
        }
        let all = tx
            .list_enterprises(&ListQuery {
                limit: i64::MAX,
                ..ListQuery::default()
            })
            .await?
            .items;
        let overrides: HashMap<i64, String> = tx.subject_strata().await?.into_iter().collect();
        let scope: Vec<_> = if d.enterprise_ids.is_empty() {
            all
        } else {
            let wanted: std::collections::HashSet<i64> = d.enterprise_ids.iter().copied().collect();
            all.into_iter().filter(|e| wanted.contains(&e.id)).collect()
        };
        if scope.is_empty() {
            errs.push(err(
                "enterprises",
                "none",
                "the task covers no enterprise".into(),
                "任务范围内没有企业".into(),
            ));
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let by_id: HashMap<i64, &str> = scope
            .iter()
            .map(|e| (e.id, e.credit_code.as_str()))
            .collect();
        let cert_of: HashMap<i64, &str> = inspectors
            .iter()
            .map(|i| (i.id, i.cert_no.as_str()))
            .collect();
        let mut conflicts: Vec<Conflict> = Vec::new();
        for c in tx.list_conflicts().await? {
            if let (Some(e), Some(i)) = (by_id.get(&c.enterprise_id), cert_of.get(&c.inspector_id))
            {
                let mut extra = Map::new();
                extra.insert("reason".into(), Value::String("回避".into()));
                conflicts.push(Conflict {
                    enterprise: (*e).to_owned(),
                    inspector: (*i).to_owned(),
                    extra,
                });
            }
        }
        if d.exclude_last_round {
            if let Some(last) = tx
                .list_tasks(50, 0)
                .await?
                .items
                .into_iter()
                .find(|t| t.result_bytes.is_some())
            {
                for a in tx.list_assignments(last.id).await? {
                    let Some(e) = by_id.get(&a.enterprise_id) else {
                        continue;
                    };
                    for i in &a.inspector_ids {
                        let Some(i) = cert_of.get(i) else { continue };
                        if conflicts
                            .iter()
                            .any(|c| c.enterprise == *e && c.inspector == *i)
                        {
                            continue;
                        }
                        let mut extra = Map::new();
                        extra.insert(
                            "reason".into(),
                            Value::String(format!("last_round:{}", last.code)),
                        );
                        conflicts.push(Conflict {
                            enterprise: (*e).to_owned(),
                            inspector: (*i).to_owned(),
                            extra,
                        });
                    }
                }
            }
        }
        let enterprises: Vec<Enterprise> = scope
            .iter()
            .map(|e| Enterprise {
                id: e.credit_code.as_str().to_owned(),
                stratum: overrides
                    .get(&e.id)
                    .cloned()
                    .unwrap_or_else(|| settings.default_stratum.clone()),
                weight: Weight::ONE,
                extra: Map::new(),
            })
            .collect();
        let seq = tx.bump_counter("spot_task_no", 1).await?;
        let code = format!("SC-{}-{seq:04}", now.format("%Y"));
        let mut extra = Map::new();
        extra.insert("task".into(), json!(code));
        extra.insert("title".into(), json!(d.title.trim()));
        extra.insert("items".into(), Value::Array(chosen_items));
        extra.insert(
            "published_at".into(),
            json!(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        );
        extra.insert("risk_weights".into(), json!(false));
        let draft = PlanDraft {
            strata,
            enterprises,
            inspectors: inspectors
                .iter()
                .map(|i| Inspector {
                    id: i.cert_no.clone(),
                    name: i.name.clone(),
                    extra: Map::new(),
                })
                .collect(),
            inspectors_per_enterprise: d.inspectors_per_enterprise,
            conflicts,
            beacon: Some(beacon.clone()),
            extra,
        };
        let (bytes, plan) = draft.build().map_err(AppError::Validation)?;
        let hash = plan.hash().to_hex();
        let census: BTreeMap<String, u32> = plan.census().members().clone();
        let leaf = crate::tlog::append_decision(
            &mut *tx,
            "spot_check.plan",
            &task_subject(&code),
            json!({"task": code, "plan_sha256": hash, "bytes": bytes.len(), "enterprises": plan.enterprises().len(), "strata": census, "beacon": beacon_json(&beacon)}),
            now,
        )
        .await?;
        let id = tx
            .insert_task(
                &NewSpotTask {
                    code: code.clone(),
                    title: d.title.trim().to_owned(),
                    plan_bytes: bytes,
                    plan_hash: hash.clone(),
                    plan_leaf: leaf as i64,
                    publish_due_days: i64::from(settings.publish_within_working_days),
                    created_by: actor.name.clone(),
                },
                now,
            )
            .await?;
        let ev = EventBuilder {
            actor,
            entity_type: "spot_task",
            entity_id: id,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            "published",
            None,
            json!({"code": code, "plan_sha256": hash, "log_index": leaf}),
            now,
        ))
        .await?;
        let task = tx
            .get_task(id)
            .await?
            .ok_or(AppError::NotFound("spot task"))?;
        tx.commit().await?;
        tracing::info!(task.code = %code, plan.sha256 = %hash, "spot-check plan published");
        Ok(task)
    }
}

/// The log subject of a task's leaves.
pub fn task_subject(code: &str) -> String {
    format!("spot_task:{code}")
}

/// The plan's `beacon` member, for the log leaf.
pub(crate) fn beacon_json(b: &BeaconSpec) -> Value {
    match b {
        BeaconSpec::Drand { chain, round } => {
            json!({"source": "drand", "chain": hex::encode(chain), "round": round})
        }
        BeaconSpec::Numbers { draws } => json!({"source": "numbers", "draws": draws}),
    }
}
