//! Application pages: an enterprise applies with its product's reports; reviewers work
//! through the pending queue (oldest first) and decide, seeing the engine's result for
//! every report.

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::names::{every, pick, product_names};
use crate::web::shared::page::{render, DetailPage, FormPage, PageResult};
use crate::web::shared::result::ResultView;
use crate::web::shared::view::*;
use crate::web::shared::WebForm;
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::applications::{ApplicationInput, DecisionInput};
use rongma_app::paging::ListParams;
use rongma_app::policy::{may, require, Action};
use rongma_app::{App, AppError};
use rongma_domain::grading::Grade;
use rongma_domain::workflow::{Application, ApplicationStatus, Decision, ReportStatus};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/applications", get(list).post(create))
        .route("/applications/new", get(new_form))
        .route("/applications/{id}", get(show))
        .route("/applications/{id}/decision", post(decide))
        .route("/applications/{id}/withdraw", post(withdraw))
}

pub fn status_label(tr: Tr, s: ApplicationStatus) -> &'static str {
    tr.t(match s {
        ApplicationStatus::Pending => "application.status.pending",
        ApplicationStatus::Approved => "application.status.approved",
        ApplicationStatus::Rejected => "application.status.rejected",
        ApplicationStatus::Withdrawn => "application.status.withdrawn",
    })
}

pub fn application_table(
    tr: Tr,
    heading: &str,
    items: &[Application],
    products: &HashMap<i64, String>,
) -> ListView {
    ListView {
        heading: heading.into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("common.id"),
            tr.t("report.product"),
            tr.t("application.engine_grade"),
            tr.t("common.status"),
            tr.t("common.created"),
        ],
        rows: items
            .iter()
            .map(|a| {
                vec![
                    Cell::link(
                        tr.t("common.id"),
                        format!("#{}", a.id),
                        format!("/applications/{}", a.id),
                    ),
                    Cell::new(
                        tr.t("report.product"),
                        products
                            .get(&a.product_id)
                            .cloned()
                            .unwrap_or_else(|| a.product_id.to_string()),
                    ),
                    Cell::new(
                        tr.t("application.engine_grade"),
                        a.engine_grade
                            .map(|g| g.to_string())
                            .unwrap_or_else(|| tr.t("application.not_gradable").into()),
                    ),
                    Cell::new(tr.t("common.status"), status_label(tr, a.status)),
                    Cell::new(tr.t("common.created"), local_time(a.created_at)),
                ]
            })
            .collect(),
        pager: None,
    }
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(mut p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    // Reviewers land on their queue.
    if may(actor, Action::DecideApplications) && p.status.is_none() {
        p.status = Some("pending".into());
    }
    let oldest_first = p.status.as_deref() == Some("pending");
    let page = app.list_applications(actor, &p, oldest_first).await?;
    let names = product_names(&app, actor, page.items.iter().map(|a| a.product_id)).await?;
    let heading = if oldest_first {
        tr.t("application.queue")
    } else {
        tr.t("application.title")
    };
    let mut view = application_table(tr, heading, &page.items, &names);
    view.filters = vec![Filter {
        name: "status",
        label: tr.t("common.status"),
        options: ApplicationStatus::ALL
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().into(),
                label: status_label(tr, *s).into(),
                selected: p.status.as_deref() == Some(s.as_str()),
            })
            .collect(),
    }];
    if may(actor, Action::Apply) {
        view.new_link = Some(("/applications/new".into(), tr.t("application.new")));
    }
    view.pager = Some(Pager::new(&page, &ctx.path));
    Ok(render(
        &crate::web::shared::ListPage {
            page: Layout::new(&ctx, heading),
            view,
        },
        StatusCode::OK,
    ))
}

async fn form(
    app: &App,
    ctx: &WebCtx,
    product_id: Option<i64>,
    chosen: &[i64],
    note: &str,
) -> rongma_app::AppResult<FormView> {
    let tr = ctx.tr();
    let actor = ctx.require()?;
    let products = every!(|p| app.list_products(actor, &p));
    let names: HashMap<i64, String> = products
        .iter()
        .flatten()
        .map(|p| (p.id, format!("{} {}", p.style_no, p.name)))
        .collect();
    // The chosen product's declared values against the profile's scope, said before applying.
    let chosen_product = product_id.and_then(|id| products.iter().flatten().find(|p| p.id == id));
    let scope = match chosen_product {
        Some(p) => app.product_scope(p).await?,
        None => vec![],
    };
    let scope_hint: Vec<&str> = scope
        .iter()
        .map(|w| tr.0.pick(&w.message_zh, &w.message))
        .collect();
    let products = products.map(|all| {
        all.iter()
            .map(|p| (p.id.to_string(), format!("{} {}", p.style_no, p.name)))
            .collect::<Vec<_>>()
    });
    let reports = every!(|p| app.list_reports(
        actor,
        &ListParams {
            status: Some(ReportStatus::Submitted.as_str().into()),
            ..p
        },
        None
    ))
    .unwrap_or_default();
    // Only the chosen product's reports, each with the grade the active profile gives it,
    // as boxes to tick (no Ctrl-click list).
    let profile = app.current_profile().await?;
    let report_options: Vec<SelectOption> = reports
        .iter()
        .filter(|r| product_id == Some(r.product_id))
        .map(|r| {
            let grade = match App::grade_values(&profile, &r.values) {
                Ok(g) => g
                    .grade
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| tr.t("application.not_gradable").into()),
                Err(_) => "—".into(),
            };
            SelectOption {
                value: r.id.to_string(),
                label: format!(
                    "{} · {} {} · {} · {}",
                    r.report_no,
                    tr.t("application.engine_grade"),
                    grade,
                    r.test_date,
                    names.get(&r.product_id).cloned().unwrap_or_default(),
                ),
                selected: chosen.contains(&r.id),
            }
        })
        .collect();
    let hint = match (product_id, report_options.is_empty()) {
        (None, _) => tr.t("application.reports_pick_product"),
        (Some(_), true) => tr.t("application.reports_none"),
        (Some(_), false) => tr.t("application.reports_hint"),
    };
    let mut reports_field =
        Field::text("report_ids", tr.t("application.reports"), "", true).hint(hint);
    reports_field.kind = FieldKind::MultiSelect;
    reports_field.options = report_options;
    let mut product_field = pick(
        tr,
        "product_id",
        tr.t("report.product"),
        &product_id.map(|p| p.to_string()).unwrap_or_default(),
        products,
        true,
    );
    if !scope_hint.is_empty() {
        product_field = product_field.hint(scope_hint.join("; "));
    }
    Ok(FormView {
        heading: tr.t("application.new").into(),
        action: "/applications".into(),
        fields: vec![
            product_field,
            reports_field,
            Field::text("note", tr.t("application.note"), note, false).kind(FieldKind::Textarea),
        ],
        submit: tr.t("application.submit"),
        cancel: "/applications".into(),
        summary: vec![],
        has_errors: false,
    })
}

async fn new_form(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    require(ctx.require()?, Action::Apply)?;
    let view = form(
        &app,
        &ctx,
        q.get("product_id").and_then(|v| v.parse().ok()),
        &[],
        "",
    )
    .await?;
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn create(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let actor = ctx.require()?;
    let report_ids: Vec<i64> = f
        .all("report_ids")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let input = ApplicationInput {
        product_id: f.id("product_id"),
        report_ids: report_ids.clone(),
        note: f.text("note"),
    };
    match app.apply_for_grade(actor, input).await {
        Ok(a) => Ok(Redirect::to(&format!("/applications/{}", a.id)).into_response()),
        Err(e) => {
            let view = form(
                &app,
                &ctx,
                f.id("product_id"),
                &report_ids,
                f.get("note").unwrap_or_default(),
            )
            .await?;
            match e {
                AppError::InvalidState(m) => {
                    let mut view = view;
                    view.summary.push(m);
                    view.has_errors = true;
                    Ok(render(
                        &FormPage {
                            page: Layout::new(&ctx, view.heading.clone()),
                            view,
                        },
                        StatusCode::CONFLICT,
                    ))
                }
                e => crate::web::shared::form_failed(&ctx, view, e),
            }
        }
    }
}

async fn decide(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let decision = match f.get("decision") {
        Some("reject") => Decision::Reject,
        _ => Decision::Approve,
    };
    let input = DecisionInput {
        decision,
        grade: f.text("grade"),
        lowering_reason: f.text("lowering_reason"),
        comment: f.text("comment"),
    };
    match app.decide_application(ctx.require()?, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{id}")).into_response()),
        Err(AppError::Validation(errs) | AppError::Conflict(errs)) => {
            show_with(
                &app,
                &ctx,
                id,
                Some(
                    errs.iter()
                        .map(|e| e.message_in(ctx.lang.code()).to_owned())
                        .collect::<Vec<_>>()
                        .join("；"),
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::InvalidState(m)) => {
            show_with(&app, &ctx, id, Some(m), StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn withdraw(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    app.withdraw_application(ctx.require()?, id, f.reason())
        .await?;
    Ok(Redirect::to(&format!("/applications/{id}")).into_response())
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    show_with(&app, &ctx, id, None, StatusCode::OK).await
}

async fn show_with(
    app: &App,
    ctx: &WebCtx,
    id: i64,
    notice: Option<String>,
    status: StatusCode,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let a = app.get_application(actor, id).await?;
    let history = app.application_history(actor, id).await?;
    let names = product_names(app, actor, [a.product_id]).await?;
    let mut view = DetailView::new(format!("{} #{}", tr.t("application.title"), a.id));
    view.notice = notice;
    view.badge = Some(status_label(tr, a.status).into());
    view.rows = vec![
        (
            tr.t("report.product"),
            names.get(&a.product_id).cloned().unwrap_or_default(),
        ),
        (
            tr.t("application.engine_grade"),
            a.engine_grade
                .map(|g| g.to_string())
                .unwrap_or_else(|| tr.t("application.not_gradable").into()),
        ),
        (
            tr.t("application.decided_grade"),
            a.decided_grade.map(|g| g.to_string()).unwrap_or_default(),
        ),
        (
            tr.t("application.lowering_reason"),
            a.lowering_reason.clone().unwrap_or_default(),
        ),
        (
            tr.t("application.comment"),
            a.decision_comment.clone().unwrap_or_default(),
        ),
        (tr.t("application.note"), a.note.clone().unwrap_or_default()),
        (
            tr.t("application.profile"),
            format!("{} {}", a.profile.id, a.profile.version),
        ),
        (
            tr.t("common.created"),
            format!("{} · {}", a.created_by, local_time(a.created_at)),
        ),
    ];
    if let Some(c) = a.certificate_id {
        view.links
            .push((format!("/certificates/{c}"), tr.t("certificate.view")));
    }
    // Each report's result under the profile that graded the application.
    let profile = app
        .profile_version(&a.profile.id, &a.profile.version)
        .await?;
    for rid in &a.report_ids {
        if let Ok(r) = app.get_report(actor, *rid).await {
            view.links
                .push((format!("/reports/{rid}"), tr.t("report.view")));
            if let Ok(result) = App::grade_values(&profile, &r.values) {
                view.results.push(ResultView::new(
                    format!("{} {}", tr.t("report.report_no"), r.report_no),
                    &result,
                    ctx.lang,
                ));
            }
        }
    }
    if may(actor, Action::DecideApplication(&a)) {
        let grades: Vec<(String, String)> = Grade::ALL
            .iter()
            .rev()
            .filter(|g| a.engine_grade.is_some_and(|e| **g <= e))
            .map(|g| (g.to_string(), g.to_string()))
            .collect();
        let engine = a.engine_grade.map(|g| g.to_string()).unwrap_or_default();
        let decisions = vec![
            ("approve".to_owned(), tr.t("application.approve").to_owned()),
            ("reject".to_owned(), tr.t("application.reject").to_owned()),
        ];
        // What an approval does to tags already issued under the current version.
        let impact = match app.regrade_impact(actor, a.product_id).await? {
            Some((c, n)) => tr
                .t("application.regrade_impact")
                .replace("{number}", &c.number)
                .replace("{v}", &c.version.to_string())
                .replace("{n}", &n.to_string()),
            None => tr.t("application.first_certificate").to_owned(),
        };
        view.forms.push(InlineForm {
            heading: tr.t("application.decide"),
            action: format!("/applications/{id}/decision"),
            fields: vec![
                Field::select(
                    "decision",
                    tr.t("application.decision"),
                    if a.gradable { "approve" } else { "reject" },
                    decisions,
                    true,
                )
                .hint(impact),
                Field::select(
                    "grade",
                    tr.t("application.decided_grade"),
                    &engine,
                    grades,
                    false,
                )
                .hint(tr.t("application.grade_hint")),
                Field::text(
                    "lowering_reason",
                    tr.t("application.lowering_reason"),
                    "",
                    false,
                )
                .kind(FieldKind::Textarea),
                Field::text("comment", tr.t("application.comment"), "", false)
                    .kind(FieldKind::Textarea),
            ],
            submit: tr.t("application.submit_decision"),
            danger: false,
        });
    }
    if may(actor, Action::WithdrawApplication(&a)) {
        view.actions.push(PostAction {
            action: format!("/applications/{id}/withdraw"),
            label: tr.t("application.withdraw"),
            confirm: None,
            with_reason: true,
            danger: true,
        });
    }
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| TimelineEntry::from_event(ev, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(ctx, format!("#{}", a.id)),
            view,
        },
        status,
    ))
}
