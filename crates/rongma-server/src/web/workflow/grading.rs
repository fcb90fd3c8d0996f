//! The grading dry run for people: type the report values (or paste the JSON a lab system
//! produced) and see the grade, every indicator and the explanation — nothing is stored.
//! Also the grading profiles: listed for everyone, loaded and activated by the regulator.

use crate::auth::WebCtx;
use crate::web::shared::page::{render, DetailPage, FormPage, PageResult};
use crate::web::shared::result::ResultView;
use crate::web::shared::view::*;
use crate::web::shared::{FormData, WebForm};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::policy::{may, Action};
use rongma_app::{App, AppError};
use rongma_domain::grading::{grade, report_field_names, Report};
use serde_json::{Map, Value};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/grading", get(form_page).post(evaluate))
        .route("/grading/profiles", get(profiles).post(load_profile))
        .route("/grading/profiles/{id}/{version}", get(profile))
        .route("/grading/profiles/{id}/{version}/activate", post(activate))
}

/// Report values from the typed inputs, or from pasted JSON when given.
fn values(f: &FormData) -> Result<Value, AppError> {
    if let Some(json) = f.get("json").map(str::trim).filter(|j| !j.is_empty()) {
        return serde_json::from_str(json).map_err(|e| {
            AppError::field(rongma_domain::FieldError::new(
                "json",
                "bad_json",
                format!("not valid JSON: {e}"),
                "不是有效的 JSON",
            ))
        });
    }
    let mut root = Map::new();
    for name in report_field_names() {
        let Some(v) = f.get(name).map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        let parts: Vec<&str> = name.split('.').collect();
        let mut cur = &mut root;
        for p in &parts[..parts.len() - 1] {
            cur = cur
                .entry(*p)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("objects all the way down");
        }
        cur.insert(
            parts[parts.len() - 1].to_owned(),
            Value::String(v.to_owned()),
        );
    }
    Ok(Value::Object(root))
}

fn form(ctx: &WebCtx, f: &FormData) -> FormView {
    let tr = ctx.tr();
    let mut fields: Vec<Field> = report_field_names()
        .map(|n| {
            Field::text(
                n,
                crate::i18n::field_label(tr, n),
                f.get(n).unwrap_or_default(),
                true,
            )
        })
        .collect();
    fields.push(
        Field::text(
            "json",
            tr.t("grading.json"),
            f.get("json").unwrap_or_default(),
            false,
        )
        .kind(FieldKind::Textarea)
        .hint(tr.t("grading.json_hint")),
    );
    FormView {
        heading: tr.t("grading.title").into(),
        action: "/grading".into(),
        fields,
        submit: tr.t("grading.evaluate"),
        cancel: "/".into(),
        summary: vec![],
        has_errors: false,
    }
}

async fn form_page(ctx: WebCtx) -> PageResult {
    let view = form(&ctx, &FormData::default());
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn evaluate(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let tr = ctx.tr();
    let profile = app.current_profile().await?;
    let report =
        values(&f).and_then(|v| Report::from_json(&v, &profile).map_err(AppError::Validation));
    match report {
        Ok(report) => {
            let result = grade(&profile, &report);
            let mut view = DetailView::new(tr.t("grading.title"));
            view.results
                .push(ResultView::new(tr.t("grading.result"), &result, ctx.lang));
            view.notice = Some(tr.t("grading.not_stored").into());
            view.links.push(("/grading".into(), tr.t("grading.again")));
            Ok(render(
                &DetailPage {
                    page: Layout::new(&ctx, tr.t("grading.title")),
                    view,
                },
                StatusCode::OK,
            ))
        }
        Err(e) => crate::web::shared::form_failed(&ctx, form(&ctx, &f), e),
    }
}

async fn profiles(State(app): State<App>, ctx: WebCtx) -> PageResult {
    let tr = ctx.tr();
    let list = app.list_profiles().await?;
    let mut view = DetailView::new(tr.t("grading.profiles"));
    view.related.push(ListView {
        heading: tr.t("grading.profiles").into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("grading.profile_id"),
            tr.t("grading.version"),
            tr.t("common.status"),
            tr.t("grading.loaded"),
        ],
        rows: list
            .iter()
            .map(|p| {
                vec![
                    Cell::link(
                        tr.t("grading.profile_id"),
                        format!("{} · {}", p.id, ctx.lang.pick(&p.name_zh, &p.name_en)),
                        format!("/grading/profiles/{}/{}", p.id, p.version),
                    ),
                    Cell::new(tr.t("grading.version"), &p.version),
                    Cell::new(
                        tr.t("common.status"),
                        if p.active { tr.t("grading.active") } else { "" },
                    ),
                    Cell::new(
                        tr.t("grading.loaded"),
                        format!("{} · {}", p.loaded_by, local_time(p.loaded_at)),
                    ),
                ]
            })
            .collect(),
        pager: None,
    });
    if ctx
        .actor
        .as_ref()
        .is_some_and(|a| may(a, Action::ManageProfiles))
    {
        view.forms.push(InlineForm {
            heading: tr.t("grading.load"),
            action: "/grading/profiles".into(),
            fields: vec![
                Field::text("source", tr.t("grading.source"), "", true)
                    .kind(FieldKind::Textarea)
                    .hint(tr.t("grading.source_hint")),
                Field::select(
                    "activate",
                    tr.t("grading.activate"),
                    "false",
                    vec![
                        ("false".into(), tr.t("common.no").into()),
                        ("true".into(), tr.t("common.yes").into()),
                    ],
                    true,
                ),
            ],
            submit: tr.t("grading.load"),
            danger: false,
        });
    }
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, tr.t("grading.profiles")),
            view,
        },
        StatusCode::OK,
    ))
}

async fn load_profile(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    match app
        .load_profile(
            actor,
            f.get("source").unwrap_or_default(),
            f.get("activate") == Some("true"),
        )
        .await
    {
        Ok(p) => {
            Ok(Redirect::to(&format!("/grading/profiles/{}/{}", p.id, p.version)).into_response())
        }
        Err(AppError::Validation(errs) | AppError::Conflict(errs)) => {
            let mut view = DetailView::new(tr.t("grading.load_failed"));
            view.notice = Some(
                errs.iter()
                    .map(|e| format!("{}: {}", e.field, e.message_in(ctx.lang.code())))
                    .collect::<Vec<_>>()
                    .join("；"),
            );
            view.links
                .push(("/grading/profiles".into(), tr.t("grading.profiles")));
            Ok(render(
                &DetailPage {
                    page: Layout::new(&ctx, tr.t("grading.load_failed")),
                    view,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn profile(
    State(app): State<App>,
    ctx: WebCtx,
    Path((id, version)): Path<(String, String)>,
) -> PageResult {
    let tr = ctx.tr();
    let (info, source) = app.get_profile(&id, &version).await?;
    let mut view = DetailView::new(format!("{} {}", info.id, info.version));
    view.badge = info.active.then(|| tr.t("grading.active").into());
    view.rows = vec![
        (
            tr.t("grading.name"),
            ctx.lang.pick(&info.name_zh, &info.name_en).to_owned(),
        ),
        (tr.t("grading.hash"), info.hash.clone()),
        (
            tr.t("grading.loaded"),
            format!("{} · {}", info.loaded_by, local_time(info.loaded_at)),
        ),
        (tr.t("grading.source"), source),
    ];
    if !info.active
        && ctx
            .actor
            .as_ref()
            .is_some_and(|a| may(a, Action::ManageProfiles))
    {
        view.actions.push(PostAction {
            action: format!("/grading/profiles/{id}/{version}/activate"),
            label: tr.t("grading.activate"),
            confirm: None,
            with_reason: false,
            danger: false,
        });
    }
    view.links
        .push(("/grading/profiles".into(), tr.t("grading.profiles")));
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, info.id.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn activate(
    State(app): State<App>,
    ctx: WebCtx,
    Path((id, version)): Path<(String, String)>,
    WebForm(_): WebForm,
) -> PageResult {
    app.activate_profile(ctx.require()?, &id, &version).await?;
    Ok(Redirect::to(&format!("/grading/profiles/{id}/{version}")).into_response())
}
