//! Certificate pages: the list (an enterprise's own, with what expires in the next 60
//! days), and a certificate with its indicator grades, validity, state, the regulator's
//! state changes and the timeline.

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::labels::{badge, certificate_state_label as state_label};
use crate::web::shared::names::product_names;
use crate::web::shared::page::{render, DetailPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::WebForm;
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::paging::ListParams;
use rongma_app::policy::{may, Action};
use rongma_app::{App, AppError};
use rongma_domain::workflow::{Certificate, CertificateAction, CertificateState};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/certificates", get(list))
        .route("/certificates/{id}", get(show))
        .route("/certificates/{id}/state", post(change_state))
}

pub fn certificate_table(
    tr: Tr,
    heading: &str,
    items: &[Certificate],
    products: &HashMap<i64, String>,
    today: chrono::NaiveDate,
) -> ListView {
    ListView {
        heading: heading.into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("certificate.number"),
            tr.t("report.product"),
            tr.t("certificate.grade"),
            tr.t("certificate.valid_until"),
            tr.t("common.status"),
        ],
        rows: items
            .iter()
            .map(|c| {
                vec![
                    Cell::link(
                        tr.t("certificate.number"),
                        &c.number,
                        format!("/certificates/{}", c.id),
                    ),
                    Cell::new(
                        tr.t("report.product"),
                        products.get(&c.product_id).cloned().unwrap_or_default(),
                    ),
                    Cell::new(tr.t("certificate.grade"), c.grade.to_string()),
                    Cell::new(tr.t("certificate.valid_until"), c.valid_until.to_string()),
                    Cell::new(tr.t("common.status"), state_label(tr, c.state_on(today))),
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
    let today = app.now().date_naive();
    let page = app.list_certificates(actor, &p, None).await?;
    let mut names = product_names(&app, actor, page.items.iter().map(|c| c.product_id)).await?;
    let mut view = DetailView::new(tr.t("certificate.title"));
    // An enterprise sees first what of its own expires soon.
    if actor.enterprise_scope().id().is_some() {
        let soon = app
            .list_certificates(
                actor,
                &ListParams {
                    page: Pager::requested(&ctx.path, "soon_page"),
                    per_page: Some(20),
                    ..Default::default()
                },
                Some(60),
            )
            .await?;
        names.extend(product_names(&app, actor, soon.items.iter().map(|c| c.product_id)).await?);
        let mut soon_view =
            certificate_table(tr, tr.t("certificate.expiring"), &soon.items, &names, today);
        soon_view.pager = Some(Pager::named(&soon, &ctx.path, "soon_page"));
        view.related.push(soon_view);
    }
    let mut all = certificate_table(tr, tr.t("certificate.all"), &page.items, &names, today);
    all.filters = vec![Filter {
        name: "status",
        label: tr.t("common.status"),
        options: CertificateState::ALL
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().into(),
                label: state_label(tr, *s).into(),
                selected: p.status.as_deref() == Some(s.as_str()),
            })
            .collect(),
    }];
    all.pager = Some(Pager::new(&page, &ctx.path));
    view.related.push(all);
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, tr.t("certificate.title")),
            view,
        },
        StatusCode::OK,
    ))
}

async fn change_state(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let action = match f.get("action") {
        Some("suspend") => CertificateAction::Suspend,
        Some("reinstate") => CertificateAction::Reinstate,
        Some("revoke") => CertificateAction::Revoke,
        _ => {
            return Err(AppError::field(rongma_domain::FieldError::new(
                "action",
                "unknown_value",
                "choose an action",
                "请选择操作",
            ))
            .into())
        }
    };
    match app
        .change_certificate_state(ctx.require()?, id, action, f.reason())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/certificates/{id}")).into_response()),
        Err(AppError::Validation(e)) => {
            show_with(
                &app,
                &ctx,
                id,
                Some(
                    e.iter()
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
    let c = app.get_certificate(actor, id).await?;
    let history = app.certificate_history(actor, id).await?;
    let names = product_names(app, actor, [c.product_id]).await?;
    let state = c.state_on(app.now().date_naive());
    let mut view = DetailView::new(format!("{} {}", tr.t("certificate.title_one"), c.number));
    view.notice = notice;
    view.badge = Some(state_label(tr, state).into());
    view.rows = vec![
        (tr.t("certificate.grade"), badge(c.grade)),
        (
            tr.t("report.product"),
            names.get(&c.product_id).cloned().unwrap_or_default(),
        ),
        (tr.t("certificate.version"), c.version.to_string()),
        (tr.t("certificate.valid_from"), c.valid_from.to_string()),
        (tr.t("certificate.valid_until"), c.valid_until.to_string()),
        (
            tr.t("certificate.state_reason"),
            c.state_reason.clone().unwrap_or_default(),
        ),
        (
            tr.t("application.profile"),
            format!("{} {}", c.profile.id, c.profile.version),
        ),
    ];
    for (indicator, grade) in &c.indicator_grades {
        let key = match indicator.as_str() {
            "down_cluster" => "indicator.down_cluster",
            "fill_power" => "indicator.fill_power",
            "turbidity" => "indicator.turbidity",
            "down_leakage" => "indicator.down_leakage",
            _ => "indicator.colour_fastness",
        };
        view.rows.push((tr.t(key), grade.to_string()));
    }
    view.links
        .push((format!("/reports/{}", c.report_id), tr.t("report.view")));
    view.links.push((
        format!("/applications/{}", c.application_id),
        tr.t("application.view"),
    ));
    view.links.push((
        format!("/public/products/{}", c.product_id),
        tr.t("public.page"),
    ));
    crate::web::log::leaf_row(
        app,
        tr,
        &mut view,
        &rongma_app::tlog::certificate_subject(c.id),
    )
    .await?;
    if let Some(prev) = c.supersedes_id {
        view.links.push((
            format!("/certificates/{prev}"),
            tr.t("certificate.previous"),
        ));
    }
    let moves = [
        (CertificateAction::Suspend, "suspend", "certificate.suspend"),
        (
            CertificateAction::Reinstate,
            "reinstate",
            "certificate.reinstate",
        ),
        (CertificateAction::Revoke, "revoke", "certificate.revoke"),
    ];
    let actions: Vec<(String, String)> = moves
        .iter()
        .filter(|(action, _, _)| {
            may(
                actor,
                Action::ChangeCertificate {
                    state,
                    action: *action,
                },
            )
        })
        .map(|(_, value, key)| ((*value).to_owned(), tr.t(key).to_owned()))
        .collect();
    if !actions.is_empty() {
        let first = actions[0].0.clone();
        view.forms.push(InlineForm {
            heading: tr.t("certificate.change_state"),
            action: format!("/certificates/{id}/state"),
            fields: vec![
                Field::select("action", tr.t("common.actions"), &first, actions, true).hint(
                    tr.t("certificate.tags_affected").replace(
                        "{n}",
                        &app.tags_on_certificate(actor, id).await?.to_string(),
                    ),
                ),
                Field::text("reason", tr.t("common.reason"), "", true).kind(FieldKind::Textarea),
            ],
            submit: tr.t("common.save"),
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
            page: Layout::new(ctx, c.number.clone()),
            view,
        },
        status,
    ))
}
