//! Product (style) pages: species, colour, declared 绒子含量, and the 充绒量 of each size.

use super::archive_actions;
use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::form_failed;
use crate::web::shared::labels::{colour_label, down_label, species_label};
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
use rongma_domain::registry::{sizes_from_text, DownColour, DownSpecies, Product, ProductDraft};
use rongma_domain::roles::{RegistryAction, RegistryKind};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/products", get(list).post(create))
        .route("/products/new", get(new_form))
        .route("/products/{id}", get(show).post(update))
        .route("/products/{id}/edit", get(edit_form))
}

fn sizes_text(p: &Product) -> String {
    p.sizes
        .iter()
        .map(|s| format!("{}:{}", s.size, s.fill_weight_g))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table of products, used by the list and by enterprise and brand pages.
pub fn product_table(
    tr: Tr,
    heading: &str,
    items: &[Product],
    new_link: Option<(String, &'static str)>,
) -> ListView {
    ListView {
        heading: heading.into(),
        new_link,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("product.style_no"),
            tr.t("product.name"),
            tr.t("product.species"),
            tr.t("product.declared_down_cluster_pct"),
            tr.t("product.sizes"),
            tr.t("common.status"),
        ],
        rows: items
            .iter()
            .map(|p| {
                vec![
                    Cell::link(
                        tr.t("product.style_no"),
                        &p.style_no,
                        format!("/products/{}", p.id),
                    ),
                    Cell::new(tr.t("product.name"), &p.name),
                    Cell::new(tr.t("product.species"), down_label(tr, p.colour, p.species)),
                    Cell::new(
                        tr.t("product.declared_down_cluster_pct"),
                        format!("{} %", p.declared_down_cluster_pct),
                    ),
                    Cell::new(tr.t("product.sizes"), sizes_text(p)),
                    Cell::new(
                        tr.t("common.status"),
                        if p.archived_at.is_some() {
                            tr.t("common.archived")
                        } else {
                            ""
                        },
                    )
                    .muted(true),
                ]
            })
            .collect(),
        pager: None,
    }
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_products(actor, &p).await?;
    let mut view = product_table(tr, tr.t("product.title"), &page.items, None);
    view.new_link = may(
        actor,
        Action::Registry(RegistryKind::Product, RegistryAction::Create),
    )
    .then(|| ("/products/new".into(), tr.t("product.new")));
    view.search = p.q.clone().unwrap_or_default();
    view.show_archived_toggle = true;
    view.include_archived = p.include_archived.unwrap_or(false);
    view.filters = vec![Filter {
        name: "status",
        label: tr.t("product.species"),
        options: [DownSpecies::Duck, DownSpecies::Goose]
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().into(),
                label: species_label(tr, *s).into(),
                selected: p.status.as_deref() == Some(s.as_str()),
            })
            .collect(),
    }];
    view.pager = Some(Pager::new(&page, &ctx.path));
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
    d: &ProductDraft,
    action: String,
    heading: &'static str,
    cancel: String,
) -> AppResult<FormView> {
    let tr = ctx.tr();
    let actor = ctx.require()?;
    let brands = every!(|p| app.list_brands(actor, &p));
    let owners = brands.iter().flatten().map(|b| b.enterprise_id);
    let names = enterprise_names(app, actor, owners).await?;
    let brand_options = brands.map(|all| {
        all.iter()
            .map(|b| {
                let owner = names.get(&b.enterprise_id).cloned().unwrap_or_default();
                (b.id.to_string(), format!("{}（{owner}）", b.name))
            })
            .collect()
    });
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let sizes = d
        .sizes
        .as_ref()
        .map(|s| {
            s.iter()
                .map(|s| {
                    format!(
                        "{}:{}",
                        s.size.clone().unwrap_or_default(),
                        s.fill_weight_g
                            .as_ref()
                            .map(|w| w.0.clone())
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let species = [DownSpecies::Duck, DownSpecies::Goose]
        .iter()
        .map(|s| (s.as_str().to_owned(), species_label(tr, *s).to_owned()))
        .collect();
    let colours = [DownColour::White, DownColour::Grey]
        .iter()
        .map(|c| (c.as_str().to_owned(), colour_label(tr, *c).to_owned()))
        .collect();
    let fields = vec![
        pick(
            tr,
            "brand_id",
            tr.t("product.brand"),
            &d.brand_id.map(|b| b.to_string()).unwrap_or_default(),
            brand_options,
            true,
        ),
        Field::text("style_no", tr.t("product.style_no"), v(&d.style_no), true),
        Field::text("name", tr.t("product.name"), v(&d.name), true),
        Field::select(
            "species",
            tr.t("product.species"),
            d.species.as_deref().unwrap_or(""),
            species,
            true,
        ),
        Field::select(
            "colour",
            tr.t("product.colour"),
            d.colour.as_deref().unwrap_or(""),
            colours,
            true,
        ),
        Field::text(
            "declared_down_cluster_pct",
            tr.t("product.declared_down_cluster_pct"),
            d.declared_down_cluster_pct
                .as_ref()
                .map(|n| n.0.clone())
                .unwrap_or_default(),
            true,
        ),
        Field::text("sizes", tr.t("product.sizes"), sizes, true)
            .kind(FieldKind::Textarea)
            .hint(tr.t("product.sizes_hint")),
        Field::text(
            "shell_fabric",
            tr.t("product.shell_fabric"),
            v(&d.shell_fabric),
            true,
        ),
        Field::text(
            "standard",
            tr.t("product.standard"),
            d.standard
                .clone()
                .unwrap_or_else(|| "GB/T 14272-2021".into()),
            true,
        ),
        Field::text("gtin", tr.t("product.gtin"), v(&d.gtin), false),
    ];
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

fn draft(f: &FormData) -> ProductDraft {
    ProductDraft {
        brand_id: f.id("brand_id"),
        style_no: f.text("style_no"),
        name: f.text("name"),
        species: f.text("species"),
        colour: f.text("colour"),
        declared_down_cluster_pct: f
            .text("declared_down_cluster_pct")
            .map(|s| s.as_str().into()),
        sizes: f.get("sizes").map(sizes_from_text),
        shell_fabric: f.text("shell_fabric"),
        standard: f.text("standard"),
        gtin: f.text("gtin"),
    }
}

async fn new_form(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let d = ProductDraft {
        brand_id: q.get("brand_id").and_then(|v| v.parse().ok()),
        ..Default::default()
    };
    let view = form(
        &app,
        &ctx,
        &d,
        "/products".into(),
        "product.new",
        "/products".into(),
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
    let d = draft(&f);
    match app.create_product(actor, d.clone()).await {
        Ok(p) => Ok(Redirect::to(&format!("/products/{}", p.id)).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(
                &app,
                &ctx,
                &d,
                "/products".into(),
                "product.new",
                "/products".into(),
            )
            .await?,
            e,
        ),
    }
}

async fn edit_form(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let p = app.get_product(ctx.require()?, id).await?;
    let view = form(
        &app,
        &ctx,
        &ProductDraft::from(&p),
        format!("/products/{id}"),
        "product.edit",
        format!("/products/{id}"),
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
    let d = draft(&f);
    match app.update_product(actor, id, d.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}")).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(
                &app,
                &ctx,
                &d,
                format!("/products/{id}"),
                "product.edit",
                format!("/products/{id}"),
            )
            .await?,
            e,
        ),
    }
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let p = app.get_product(actor, id).await?;
    let brand = app.get_brand(actor, p.brand_id).await?;
    let owner = app.get_enterprise(actor, p.enterprise_id).await?;
    let history = app
        .registry_history(actor, RegistryKind::Product, id)
        .await?;
    let mut view = DetailView::new(format!("{} · {}", p.style_no, p.name));
    view.badge = p.archived_at.map(|_| tr.t("common.archived").into());
    // Declared values outside the grading profile's scope, said before any test.
    let scope = app.product_scope(&p).await?;
    if !scope.is_empty() {
        let lines: Vec<&str> = scope
            .iter()
            .map(|w| tr.0.pick(&w.message_zh, &w.message))
            .collect();
        view.notice = Some(lines.join("; "));
    }
    view.rows = vec![
        (tr.t("brand.enterprise"), owner.name.clone()),
        (tr.t("product.brand"), brand.name.clone()),
        (tr.t("product.species"), down_label(tr, p.colour, p.species)),
        (
            tr.t("product.declared_down_cluster_pct"),
            format!("{} %", p.declared_down_cluster_pct),
        ),
        (tr.t("product.sizes"), sizes_text(&p)),
        (tr.t("product.shell_fabric"), p.shell_fabric.clone()),
        (tr.t("product.standard"), p.standard.clone()),
        (
            tr.t("product.gtin"),
            p.gtin.as_ref().map(|g| g.to_string()).unwrap_or_default(),
        ),
        (tr.t("common.created"), local_time(p.created_at)),
    ];
    if may(
        actor,
        Action::Registry(RegistryKind::Product, RegistryAction::Update),
    ) {
        view.links
            .push((format!("/products/{id}/edit"), tr.t("common.edit")));
        view.actions = archive_actions(tr, &format!("/products/{id}"), p.archived_at.is_some());
    }
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| TimelineEntry::from_event(ev, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, p.style_no.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
