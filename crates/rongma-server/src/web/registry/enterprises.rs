//! Enterprise pages: list with search and pilot-status filter, registration and edit
//! forms, and a detail page with the enterprise's brands, products and history.

use super::{archive_actions, RELATED_PER_PAGE};
use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::page::{render, DetailPage, ListPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::WebForm;
use crate::web::shared::{form_failed, form_page};
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use rongma_app::paging::ListParams;
use rongma_app::policy::{may, require, Action};
use rongma_app::App;
use rongma_domain::registry::{Enterprise, EnterpriseDraft, PilotStatus};
use rongma_domain::roles::{RegistryAction, RegistryKind};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/enterprises", get(list).post(create))
        .route("/enterprises/new", get(new_form))
        .route("/enterprises/{id}", get(show).post(update))
        .route("/enterprises/{id}/edit", get(edit_form))
}

pub fn pilot_label(tr: Tr, p: PilotStatus) -> &'static str {
    tr.t(match p {
        PilotStatus::Applied => "pilot.applied",
        PilotStatus::Member => "pilot.member",
        PilotStatus::Suspended => "pilot.suspended",
    })
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_enterprises(actor, &p).await?;
    let rows = page
        .items
        .iter()
        .map(|e| {
            vec![
                Cell::link(
                    tr.t("enterprise.name"),
                    &e.name,
                    format!("/enterprises/{}", e.id),
                ),
                Cell::new(tr.t("enterprise.credit_code"), e.credit_code.as_str()),
                Cell::new(
                    tr.t("enterprise.pilot_status"),
                    pilot_label(tr, e.pilot_status),
                ),
                Cell::new(
                    tr.t("common.status"),
                    if e.archived_at.is_some() {
                        tr.t("common.archived")
                    } else {
                        ""
                    },
                )
                .muted(true),
            ]
        })
        .collect();
    let filter = Filter {
        name: "status",
        label: tr.t("enterprise.pilot_status"),
        options: PilotStatus::ALL
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().into(),
                label: pilot_label(tr, *s).into(),
                selected: p.status.as_deref() == Some(s.as_str()),
            })
            .collect(),
    };
    let view = ListView {
        heading: tr.t("enterprise.title").into(),
        new_link: may(
            actor,
            Action::Registry(RegistryKind::Enterprise, RegistryAction::Create),
        )
        .then(|| ("/enterprises/new".into(), tr.t("enterprise.new"))),
        search: p.q.clone().unwrap_or_default(),
        filters: vec![filter],
        include_archived: p.include_archived.unwrap_or(false),
        show_archived_toggle: true,
        columns: vec![
            tr.t("enterprise.name"),
            tr.t("enterprise.credit_code"),
            tr.t("enterprise.pilot_status"),
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
    d: &EnterpriseDraft,
    action: String,
    cancel: String,
    heading: &'static str,
) -> FormView {
    let tr = ctx.tr();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut fields = vec![
        Field::text(
            "credit_code",
            tr.t("enterprise.credit_code"),
            v(&d.credit_code),
            true,
        ),
        Field::text("name", tr.t("enterprise.name"), v(&d.name), true),
        Field::text("address", tr.t("enterprise.address"), v(&d.address), true),
        Field::text(
            "legal_representative",
            tr.t("enterprise.legal_representative"),
            v(&d.legal_representative),
            true,
        ),
        Field::text(
            "contact_name",
            tr.t("enterprise.contact_name"),
            v(&d.contact_name),
            false,
        ),
        Field::text(
            "contact_phone",
            tr.t("enterprise.contact_phone"),
            v(&d.contact_phone),
            false,
        ),
    ];
    if ctx
        .actor
        .as_ref()
        .is_some_and(|a| may(a, Action::ControlEnterprise))
    {
        let options = PilotStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), pilot_label(tr, *s).to_owned()))
            .collect();
        fields.push(Field::select(
            "pilot_status",
            tr.t("enterprise.pilot_status"),
            d.pilot_status.as_deref().unwrap_or("applied"),
            options,
            true,
        ));
    } else {
        // Only the regulator changes these; others see them on the detail page.
        fields.retain(|f| f.name != "credit_code");
    }
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

fn draft(f: &crate::web::shared::FormData) -> EnterpriseDraft {
    EnterpriseDraft {
        credit_code: f.text("credit_code"),
        name: f.text("name"),
        address: f.text("address"),
        legal_representative: f.text("legal_representative"),
        contact_name: f.text("contact_name"),
        contact_phone: f.text("contact_phone"),
        pilot_status: f.text("pilot_status"),
    }
}

async fn new_form(ctx: WebCtx) -> PageResult {
    let actor = ctx.require()?;
    require(
        actor,
        Action::Registry(RegistryKind::Enterprise, RegistryAction::Create),
    )?;
    let view = form(
        &ctx,
        &EnterpriseDraft::default(),
        "/enterprises".into(),
        "/enterprises".into(),
        "enterprise.new",
    );
    Ok(form_page(&ctx, view, StatusCode::OK))
}

async fn create(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let actor = ctx.require()?;
    let d = draft(&f);
    match app.create_enterprise(actor, d.clone()).await {
        Ok(e) => Ok(Redirect::to(&format!("/enterprises/{}", e.id)).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(
                &ctx,
                &d,
                "/enterprises".into(),
                "/enterprises".into(),
                "enterprise.new",
            ),
            e,
        ),
    }
}

async fn edit_form(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let actor = ctx.require()?;
    let e = app.get_enterprise(actor, id).await?;
    let view = form(
        &ctx,
        &EnterpriseDraft::from(&e),
        format!("/enterprises/{id}"),
        format!("/enterprises/{id}"),
        "enterprise.edit",
    );
    Ok(form_page(&ctx, view, StatusCode::OK))
}

async fn update(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let actor = ctx.require()?;
    let d = draft(&f);
    match app.update_enterprise(actor, id, d.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("/enterprises/{id}")).into_response()),
        Err(e) => form_failed(
            &ctx,
            form(
                &ctx,
                &d,
                format!("/enterprises/{id}"),
                format!("/enterprises/{id}"),
                "enterprise.edit",
            ),
            e,
        ),
    }
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let e: Enterprise = app.get_enterprise(actor, id).await?;
    let history = app
        .registry_history(actor, RegistryKind::Enterprise, id)
        .await?;
    let mut view = DetailView::new(e.name.clone());
    view.badge = Some(if e.archived_at.is_some() {
        tr.t("common.archived").into()
    } else {
        pilot_label(tr, e.pilot_status).into()
    });
    view.rows = vec![
        (tr.t("enterprise.credit_code"), e.credit_code.to_string()),
        (tr.t("enterprise.address"), e.address.clone()),
        (
            tr.t("enterprise.legal_representative"),
            e.legal_representative.clone(),
        ),
        (
            tr.t("enterprise.contact_name"),
            e.contact_name.clone().unwrap_or_default(),
        ),
        (
            tr.t("enterprise.contact_phone"),
            e.contact_phone.clone().unwrap_or_default(),
        ),
        (tr.t("common.created"), local_time(e.created_at)),
        (tr.t("common.updated"), local_time(e.updated_at)),
    ];
    if may(
        actor,
        Action::Registry(RegistryKind::Enterprise, RegistryAction::Update),
    ) {
        view.links
            .push((format!("/enterprises/{id}/edit"), tr.t("common.edit")));
    }
    if may(
        actor,
        Action::Registry(RegistryKind::Enterprise, RegistryAction::Archive),
    ) {
        view.actions = archive_actions(tr, &format!("/enterprises/{id}"), e.archived_at.is_some());
    }
    let related = |param| ListParams {
        enterprise_id: Some(id),
        page: Pager::requested(&ctx.path, param),
        per_page: Some(RELATED_PER_PAGE),
        ..Default::default()
    };
    let brands = app.list_brands(actor, &related("brands_page")).await?;
    let products = app.list_products(actor, &related("products_page")).await?;
    let may_add = may(
        actor,
        Action::Registry(RegistryKind::Brand, RegistryAction::Create),
    ) && e.archived_at.is_none();
    view.related.push(ListView {
        heading: tr.t("brand.title").into(),
        new_link: may_add.then(|| (format!("/brands/new?enterprise_id={id}"), tr.t("brand.new"))),
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![tr.t("brand.name"), tr.t("brand.trademark_no")],
        rows: brands
            .items
            .iter()
            .map(|b| {
                vec![
                    Cell::link(tr.t("brand.name"), &b.name, format!("/brands/{}", b.id)),
                    Cell::new(
                        tr.t("brand.trademark_no"),
                        b.trademark_no.clone().unwrap_or_default(),
                    ),
                ]
            })
            .collect(),
        pager: Some(Pager::named(&brands, &ctx.path, "brands_page")),
    });
    let mut products_view =
        super::products::product_table(tr, tr.t("product.title"), &products.items, None);
    products_view.pager = Some(Pager::named(&products, &ctx.path, "products_page"));
    view.related.push(products_view);
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| TimelineEntry::from_event(ev, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, e.name.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
