//! Lab pages: accreditations (CMA, CNAS) with their validity.

use super::archive_actions;
use crate::auth::WebCtx;
use crate::web::shared::form_failed;
use crate::web::shared::page::{render, DetailPage, FormPage, ListPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::{FormData, WebForm};
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use rongma_app::paging::ListParams;
use rongma_app::policy::{may, Action};
use rongma_app::App;
use rongma_domain::registry::LabDraft;
use rongma_domain::roles::{RegistryAction, RegistryKind};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/labs", get(list).post(create))
        .route("/labs/new", get(new_form))
        .route("/labs/{id}", get(show).post(update))
        .route("/labs/{id}/edit", get(edit_form))
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_labs(actor, &p).await?;
    let rows = page
        .items
        .iter()
        .map(|l| {
            vec![
                Cell::link(tr.t("lab.name"), &l.name, format!("/labs/{}", l.id)),
                Cell::new(
                    tr.t("lab.cma_no"),
                    format!(
                        "{}（{} – {}）",
                        l.cma.number, l.cma.valid_from, l.cma.valid_until
                    ),
                ),
                Cell::new(
                    tr.t("lab.cnas_no"),
                    l.cnas
                        .as_ref()
                        .map(|c| format!("{}（{} – {}）", c.number, c.valid_from, c.valid_until))
                        .unwrap_or_default(),
                ),
                Cell::new(
                    tr.t("common.status"),
                    if l.archived_at.is_some() {
                        tr.t("common.archived")
                    } else {
                        ""
                    },
                )
                .muted(true),
            ]
        })
        .collect();
    let view = ListView {
        heading: tr.t("lab.title").into(),
        new_link: may(
            actor,
            Action::Registry(RegistryKind::Lab, RegistryAction::Create),
        )
        .then(|| ("/labs/new".into(), tr.t("lab.new"))),
        search: p.q.clone().unwrap_or_default(),
        filters: vec![],
        include_archived: p.include_archived.unwrap_or(false),
        show_archived_toggle: true,
        columns: vec![
            tr.t("lab.name"),
            tr.t("lab.cma_no"),
            tr.t("lab.cnas_no"),
            tr.t("common.status"),
        ],
        rows,
        pager: Some(Pager::new(&page, &ctx.path)),
    };
    Ok(render(
        &ListPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

fn form(
    ctx: &WebCtx,
    d: &LabDraft,
    action: String,
    heading: &'static str,
    cancel: String,
) -> FormView {
    let tr = ctx.tr();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let fields = vec![
        Field::text("name", tr.t("lab.name"), v(&d.name), true),
        Field::text("address", tr.t("lab.address"), v(&d.address), false),
        Field::text("cma_no", tr.t("lab.cma_no"), v(&d.cma_no), true),
        Field::text(
            "cma_valid_from",
            tr.t("lab.cma_valid_from"),
            v(&d.cma_valid_from),
            true,
        )
        .kind(FieldKind::Date),
        Field::text(
            "cma_valid_until",
            tr.t("lab.cma_valid_until"),
            v(&d.cma_valid_until),
            true,
        )
        .kind(FieldKind::Date),
        Field::text("cnas_no", tr.t("lab.cnas_no"), v(&d.cnas_no), false),
        Field::text(
            "cnas_valid_from",
            tr.t("lab.cnas_valid_from"),
            v(&d.cnas_valid_from),
            false,
        )
        .kind(FieldKind::Date),
        Field::text(
            "cnas_valid_until",
            tr.t("lab.cnas_valid_until"),
            v(&d.cnas_valid_until),
            false,
        )
        .kind(FieldKind::Date),
    ];
    FormView {
        heading: tr.t(heading).into(),
        action,
        fields,
        submit: tr.t("common.save"),
        cancel,
        summary: vec![],
        has_errors: false,
    }
}

fn draft(f: &FormData) -> LabDraft {
    LabDraft {
        name: f.text("name"),
        address: f.text("address"),
        cma_no: f.text("cma_no"),
        cma_valid_from: f.text("cma_valid_from"),
        cma_valid_until: f.text("cma_valid_until"),
        cnas_no: f.text("cnas_no"),
        cnas_valid_from: f.text("cnas_valid_from"),
        cnas_valid_until: f.text("cnas_valid_until"),
    }
}

async fn new_form(ctx: WebCtx) -> PageResult {
    ctx.require()?;
    let view = form(
        &ctx,
        &LabDraft::default(),
        "/labs".into(),
        "lab.new",
        "/labs".into(),
    );
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn create(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let d = draft(&f);
    match app.create_lab(ctx.require()?, d.clone()).await {
        Ok(l) => Ok(Redirect::to(&format!("/labs/{}", l.id)).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(&ctx, &d, "/labs".into(), "lab.new", "/labs".into()),
            e,
        ),
    }
}

async fn edit_form(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let l = app.get_lab(ctx.require()?, id).await?;
    let view = form(
        &ctx,
        &LabDraft::from(&l),
        format!("/labs/{id}"),
        "lab.edit",
        format!("/labs/{id}"),
    );
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn update(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let d = draft(&f);
    match app.update_lab(ctx.require()?, id, d.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("/labs/{id}")).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(
                &ctx,
                &d,
                format!("/labs/{id}"),
                "lab.edit",
                format!("/labs/{id}"),
            ),
            e,
        ),
    }
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let l = app.get_lab(actor, id).await?;
    let history = app.registry_history(actor, RegistryKind::Lab, id).await?;
    let mut view = DetailView::new(l.name.clone());
    view.badge = l.archived_at.map(|_| tr.t("common.archived").into());
    view.rows = vec![
        (tr.t("lab.address"), l.address.clone().unwrap_or_default()),
        (tr.t("lab.cma_no"), l.cma.number.clone()),
        (tr.t("lab.cma_valid_from"), l.cma.valid_from.to_string()),
        (tr.t("lab.cma_valid_until"), l.cma.valid_until.to_string()),
        (
            tr.t("lab.cnas_no"),
            l.cnas
                .as_ref()
                .map(|c| c.number.clone())
                .unwrap_or_default(),
        ),
        (
            tr.t("lab.cnas_valid_from"),
            l.cnas
                .as_ref()
                .map(|c| c.valid_from.to_string())
                .unwrap_or_default(),
        ),
        (
            tr.t("lab.cnas_valid_until"),
            l.cnas
                .as_ref()
                .map(|c| c.valid_until.to_string())
                .unwrap_or_default(),
        ),
    ];
    if may(
        actor,
        Action::Registry(RegistryKind::Lab, RegistryAction::Update),
    ) {
        view.links
            .push((format!("/labs/{id}/edit"), tr.t("common.edit")));
        view.actions = archive_actions(tr, &format!("/labs/{id}"), l.archived_at.is_some());
    }
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| TimelineEntry::from_event(ev, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, l.name.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
