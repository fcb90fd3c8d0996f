//! The public pages of spot checks (双随机、一公开): the list of tasks, each task's page
//! (plan hash, beacon, drawn enterprises, published results, the log leaves), the exact
//! documents (`plan.json`, `result.json`, `results.json`) and a page that re-computes the
//! draw from those documents alone.

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::page::{render, DetailPage, PageResult};
use crate::web::shared::view::*;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rongma_app::supervision::TaskView;
use rongma_app::{App, AppError};
use rongma_domain::supervision::{verify, Beacon, Plan};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/spot-checks", get(list))
        .route("/spot-checks/", get(list))
        .route("/spot-checks/{code}", get(show))
        .route("/spot-checks/{code}/plan.json", get(plan_json))
        .route("/spot-checks/{code}/result.json", get(result_json))
        .route("/spot-checks/{code}/results.json", get(results_json))
        .route("/spot-checks/{code}/verify", get(verify_page))
}

fn json_bytes(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn list(State(app): State<App>, ctx: WebCtx) -> PageResult {
    let tr = ctx.tr();
    let tasks = app.list_tasks(100, 0).await?;
    let mut view = DetailView::new(tr.t("spot.title"));
    view.notice = Some(tr.t("spot.intro").into());
    let rows = tasks
        .items
        .iter()
        .map(|t| {
            vec![
                Cell::link(
                    tr.t("spot.code"),
                    t.code.clone(),
                    format!("/spot-checks/{}", t.code),
                ),
                Cell::new(tr.t("spot.task_title"), t.title.clone()),
                Cell::new(tr.t("spot.state"), tr.t(state_key(t.state)).to_owned()),
                Cell::new(tr.t("spot.published_at"), local_time(t.published_at)),
            ]
        })
        .collect();
    view.related.push(table(
        tr.t("spot.title"),
        vec![
            tr.t("spot.code"),
            tr.t("spot.task_title"),
            tr.t("spot.state"),
            tr.t("spot.published_at"),
        ],
        rows,
    ));
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, tr.t("spot.title")),
            view,
        },
        StatusCode::OK,
    ))
}

fn table(heading: &str, columns: Vec<&'static str>, rows: Vec<Vec<Cell>>) -> ListView {
    ListView {
        heading: heading.into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns,
        rows,
        pager: None,
    }
}

fn state_key(s: rongma_store::TaskState) -> &'static str {
    match s {
        rongma_store::TaskState::Published => "spot.state.published",
        rongma_store::TaskState::Drawn => "spot.state.drawn",
        rongma_store::TaskState::Closed => "spot.state.closed",
    }
}

fn beacon_text(tr: Tr, plan: &Plan) -> String {
    match plan.header().beacon() {
        Some(rongma_domain::supervision::BeaconSpec::Drand { chain, round }) => {
            format!(
                "drand {} · {} {round}",
                hex::encode(chain),
                tr.t("spot.round")
            )
        }
        Some(rongma_domain::supervision::BeaconSpec::Numbers { draws }) => {
            format!("{}：{}", tr.t("spot.numbers"), draws.join("、"))
        }
        None => String::new(),
    }
}

async fn show(State(app): State<App>, ctx: WebCtx, Path(code): Path<String>) -> PageResult {
    let tr = ctx.tr();
    let TaskView { task, assignments } = app.task_view(&code).await?;
    let plan = Plan::parse(&task.plan_bytes).map_err(AppError::Validation)?;
    let mut view = DetailView::new(format!("{} · {}", task.code, task.title));
    view.badge = Some(tr.t(state_key(task.state)).into());
    view.notice = Some(
        tr.t(if task.beacon.is_some() {
            "spot.drawn_notice"
        } else {
            "spot.before_beacon"
        })
        .into(),
    );
    view.rows = vec![
        (tr.t("spot.state"), tr.t(state_key(task.state)).into()),
        (tr.t("spot.published_at"), local_time(task.published_at)),
        (tr.t("spot.plan_hash"), task.plan_hash.clone()),
        (
            tr.t("spot.enterprises"),
            plan.enterprises().len().to_string(),
        ),
        (
            tr.t("spot.inspectors_per"),
            plan.header().inspectors_per_enterprise().to_string(),
        ),
        (tr.t("spot.beacon"), beacon_text(tr, &plan)),
        (tr.t("log.entry"), format!("#{}", task.plan_leaf)),
    ];
    if let Some(b) = &task.beacon {
        view.rows.push((tr.t("spot.beacon_value"), b.clone()));
    }
    if let Some(e) = &task.beacon_evidence {
        view.rows.push((tr.t("spot.beacon_evidence"), e.clone()));
    }
    if let Some(l) = task.result_leaf {
        view.rows.push((tr.t("spot.result_leaf"), format!("#{l}")));
    }
    let base = format!("/spot-checks/{}", task.code);
    view.links
        .push((format!("{base}/plan.json"), tr.t("spot.plan_doc")));
    view.links.push((
        crate::web::log::proof_href(task.plan_leaf as u64),
        tr.t("log.proof"),
    ));
    if task.result_bytes.is_some() {
        view.links
            .push((format!("{base}/result.json"), tr.t("spot.result_doc")));
        view.links
            .push((format!("{base}/verify"), tr.t("spot.verify")));
        view.links
            .push((format!("{base}/results.json"), tr.t("spot.results_doc")));
    }
    let rows = assignments
        .iter()
        .map(|a| {
            vec![
                Cell::new(tr.t("spot.stratum"), a.stratum.clone()),
                Cell::new(tr.t("spot.rank"), a.rank.to_string()),
                Cell::new(
                    tr.t("spot.enterprise"),
                    format!("{} {}", a.enterprise, a.credit_code),
                ),
                Cell::new(
                    tr.t("spot.inspectors"),
                    a.inspectors
                        .iter()
                        .map(|(id, name)| format!("{name}（{id}）"))
                        .collect::<Vec<_>>()
                        .join("、"),
                ),
            ]
        })
        .collect();
    view.related.push(table(
        tr.t("spot.drawn"),
        vec![
            tr.t("spot.stratum"),
            tr.t("spot.rank"),
            tr.t("spot.enterprise"),
            tr.t("spot.inspectors"),
        ],
        rows,
    ));
    let (_, results) = app.task_results(&task.code).await?;
    let rows = results
        .iter()
        .map(|r| {
            vec![
                Cell::new(tr.t("spot.sample"), r.sample_no.clone()),
                Cell::new(tr.t("spot.enterprise"), r.enterprise.clone()),
                Cell::new(tr.t("spot.sampled_on"), r.sampled_on.to_string()),
                Cell::new(
                    tr.t("spot.outcome"),
                    r.outcome
                        .as_deref()
                        .map(|o| {
                            tr.t(match o {
                                "conform" => "spot.outcome.conform",
                                "lower_grade" => "spot.outcome.lower_grade",
                                _ => "spot.outcome.fails_baseline",
                            })
                        })
                        .unwrap_or(tr.t("spot.outcome.pending"))
                        .to_owned(),
                ),
                Cell::new(
                    tr.t("spot.decision"),
                    ctx.lang
                        .pick(
                            r.decision_zh.as_deref().unwrap_or(""),
                            r.decision_en.as_deref().unwrap_or(""),
                        )
                        .to_owned(),
                ),
            ]
        })
        .collect();
    view.related.push(table(
        tr.t("spot.results"),
        vec![
            tr.t("spot.sample"),
            tr.t("spot.enterprise"),
            tr.t("spot.sampled_on"),
            tr.t("spot.outcome"),
            tr.t("spot.decision"),
        ],
        rows,
    ));
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, task.code.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn plan_json(
    State(app): State<App>,
    Path(code): Path<String>,
) -> Result<Response, crate::web::PageError> {
    let t = app.task_view(&code).await?.task;
    Ok(json_bytes(t.plan_bytes, &format!("{code}-plan.json")))
}

async fn result_json(
    State(app): State<App>,
    Path(code): Path<String>,
) -> Result<Response, crate::web::PageError> {
    let t = app.task_view(&code).await?.task;
    let bytes = t.result_bytes.ok_or(AppError::NotFound("draw result"))?;
    Ok(json_bytes(bytes, &format!("{code}-result.json")))
}

async fn results_json(
    State(app): State<App>,
    Path(code): Path<String>,
) -> Result<Response, crate::web::PageError> {
    let (task, samples) = app.task_results(&code).await?;
    let body = serde_json::json!({"task": task.code, "title": task.title, "plan_sha256": task.plan_hash, "samples": samples});
    Ok(json_bytes(
        body.to_string().into_bytes(),
        &format!("{code}-results.json"),
    ))
}

async fn verify_page(State(app): State<App>, ctx: WebCtx, Path(code): Path<String>) -> PageResult {
    let tr = ctx.tr();
    let t = app.task_view(&code).await?.task;
    let (Some(result), Some(beacon)) = (
        t.result_bytes.as_ref(),
        t.beacon.as_deref().and_then(Beacon::from_hex),
    ) else {
        return Err(AppError::NotFound("draw result").into());
    };
    let mut view = DetailView::new(format!("{} · {}", t.code, tr.t("spot.verify")));
    view.notice = Some(tr.t("spot.verify_intro").into());
    match verify(&t.plan_bytes, &beacon, result) {
        Ok(r) => {
            view.badge = Some(tr.t("spot.verify_ok").into());
            view.rows.push((tr.t("spot.seed"), r.seed.to_hex()));
            view.rows
                .push((tr.t("spot.drawn"), r.enterprises.len().to_string()));
        }
        Err(e) => {
            view.badge = Some(tr.t("spot.verify_failed").into());
            view.rows.push((tr.t("spot.verify_failed"), e.to_string()));
        }
    }
    view.links
        .push((format!("/spot-checks/{}", t.code), tr.t("spot.back")));
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, t.code.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
