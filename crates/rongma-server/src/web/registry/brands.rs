//! Brand pages. Enterprise users register and edit brands of their own enterprise; staff
//! pick the enterprise.

use super::archive_actions;
use crate::auth::WebCtx;
use crate::web::shared::form_failed;
use crate::web::shared::names::{enterprise_names, every, pick};
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
use rongma_app::{App, AppResult};
use rongma_domain::registry::BrandDraft;
use rongma_domain::roles::{RegistryAction, RegistryKind};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/brands", get(list).post(create))
        .route("/brands/new", get(new_form))
        .route("/brands/{id}", get(show).post(update))
        .route("/brands/{id}/edit", get(edit_form))
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_brands(actor, &p).await?;
    let names = enterprise_names(&app, actor, page.items.iter().map(|b| b.enterprise_id)).await?;
    let rows = page
        .items
        .iter()
        .map(|b| {
            vec![
                Cell::link(tr.t("brand.name"), &b.name, format!("/brands/{}", b.id)),
                Cell::new(
                    tr.t("brand.trademark_no"),
                    b.trademark_no.clone().unwrap_or_default(),
                ),
                Cell::link(
                    tr.t("brand.enterprise"),
                    names.get(&b.enterprise_id).cloned().unwrap_or_default(),
                    format!("/enterprises/{}", b.enterprise_id),
                ),
                Cell::new(
                    tr.t("common.status"),
                    if b.archived_at.is_some() {
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
        heading: tr.t("brand.title").into(),
        new_link: may(
            actor,
            Action::Registry(RegistryKind::Brand, RegistryAction::Create),
        )
        .then(|| ("/brands/new".into(), tr.t("brand.new"))),
        search: p.q.clone().unwrap_or_default(),
        filters: vec![],
        include_archived: p.include_archived.unwrap_or(false),
        show_archived_toggle: true,
        columns: vec![
            tr.t("brand.name"),
            tr.t("brand.trademark_no"),
            tr.t("brand.enterprise"),
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

async fn form(
    app: &App,
    ctx: &WebCtx,
    d: &BrandDraft,
    action: String,
    heading: &'static str,
    creating: bool,
) -> AppResult<FormView> {
    let tr = ctx.tr();
    let actor = ctx.require()?;
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut fields = Vec::new();
    if creating && may(actor, Action::ChooseBrandEnterprise) {
        let options = every!(|p| app.list_enterprises(actor, &p)).map(|all| {
            all.into_iter()
                .map(|e| (e.id.to_string(), e.name))
                .collect()
        });
        let current = d.enterprise_id.map(|i| i.to_string()).unwrap_or_default();
        fields.push(pick(
            tr,
            "enterprise_id",
            tr.t("brand.enterprise"),
            &current,
            options,
            true,
        ));
    }
    fields.push(Field::text("name", tr.t("brand.name"), v(&d.name), true));
    fields.push(Field::text(
        "trademark_no",
        tr.t("brand.trademark_no"),
        v(&d.trademark_no),
        false,
    ));
    let cancel = if creating {
        "/brands".into()
    } else {
        action.clone()
    };
    Ok(FormView {
        heading: tr.t(heading).into(),
        action,
        fields,
        submit: tr.t("common.save"),
        cancel,
        summary: vec![],
        has_errors: false,
    })
}

fn draft(f: &FormData) -> BrandDraft {
    BrandDraft {
        enterprise_id: f.id("enterprise_id"),
        name: f.text("name"),
        trademark_no: f.text("trademark_no"),
    }
}

async fn new_form(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let d = BrandDraft {
        enterprise_id: q.get("enterprise_id").and_then(|v| v.parse().ok()),
        ..Default::default()
    };
    let view = form(&app, &ctx, &d, "/brands".into(), "brand.new", true).await?;
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
    let d = draft(&f);
    match app.create_brand(actor, d.clone()).await {
        Ok(b) => Ok(Redirect::to(&format!("/brands/{}", b.id)).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(&app, &ctx, &d, "/brands".into(), "brand.new", true).await?,
            e,
        ),
    }
}

async fn edit_form(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let b = app.get_brand(ctx.require()?, id).await?;
    let view = form(
        &app,
        &ctx,
        &BrandDraft::from(&b),
        format!("/brands/{id}"),
        "brand.edit",
        false,
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

async fn update(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let actor = ctx.require()?;
    let d = BrandDraft {
        enterprise_id: None,
        ..draft(&f)
    };
    match app.update_brand(actor, id, d.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("/brands/{id}")).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(&app, &ctx, &d, format!("/brands/{id}"), "brand.edit", false).await?,
            e,
        ),
    }
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let b = app.get_brand(actor, id).await?;
    let owner = app.get_enterprise(actor, b.enterprise_id).await?;
    let history = app.registry_history(actor, RegistryKind::Brand, id).await?;
    let products = app
        .list_products(
            actor,
            &ListParams {
                brand_id: Some(id),
                page: Pager::requested(&ctx.path, "products_page"),
                per_page: Some(super::RELATED_PER_PAGE),
                ..Default::default()
            },
        )
        .await?;
    let mut view = DetailView::new(b.name.clone());
    view.badge = b.archived_at.map(|_| tr.t("common.archived").into());
    view.rows = vec![
        (tr.t("brand.enterprise"), owner.name.clone()),
        (
            tr.t("brand.trademark_no"),
            b.trademark_no.clone().unwrap_or_default(),
        ),
        (tr.t("common.created"), local_time(b.created_at)),
    ];
    if may(
        actor,
        Action::Registry(RegistryKind::Brand, RegistryAction::Update),
    ) {
        view.links
            .push((format!("/brands/{id}/edit"), tr.t("common.edit")));
        view.actions = archive_actions(tr, &format!("/brands/{id}"), b.archived_at.is_some());
    }
    let add = (may(
        actor,
        Action::Registry(RegistryKind::Product, RegistryAction::Create),
    ) && b.archived_at.is_none())
    .then(|| (format!("/products/new?brand_id={id}"), tr.t("product.new")));
    let mut products_view =
        super::products::product_table(tr, tr.t("product.title"), &products.items, add);
    products_view.pager = Some(Pager::named(&products, &ctx.path, "products_page"));
    view.related.push(products_view);
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| TimelineEntry::from_event(ev, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, b.name.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
