//! Code batch pages: the list, a batch with its serials, revocations, downloads and
//! history, the tag preview (a PNG sized for phones), and the posts that download exports
//! and revoke a whole batch. The issue and revoke forms are in [`super::codes_forms`].

use super::page::{render, DetailPage, ListPage, PageResult};
use super::view::*;
use super::WebForm;
use crate::api::codes_stream::stream_export;
use crate::auth::WebCtx;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::codes::{BatchListParams, BatchView, ExportFormat, ExportRequest, RevokeRequest};
use rongma_app::{App, Event};
use rongma_domain::roles::Role;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/codes", get(list).post(super::codes_forms::issue))
        .route("/codes/new", get(super::codes_forms::issue_form))
        .route("/codes/{id}", get(show))
        .route("/codes/{id}/preview", get(preview))
        .route("/codes/{id}/preview.png", get(preview_png))
        .route("/codes/{id}/export", post(export))
        .route(
            "/codes/{id}/revoke",
            get(super::codes_forms::revoke_form).post(super::codes_forms::revoke),
        )
        .route("/codes/{id}/revoke-batch", post(revoke_batch))
}

fn state_label(tr: Tr, b: &BatchView) -> &'static str {
    tr.t(if b.state == "revoked" {
        "code.state.revoked"
    } else {
        "code.state.active"
    })
}

fn batch_table(tr: Tr, items: &[BatchView]) -> ListView {
    let c = |k| tr.t(k);
    ListView {
        heading: c("code.title").into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            c("code.batch"),
            c("code.certificate"),
            c("code.lot_no"),
            c("code.production_date"),
            c("code.quantity"),
            c("code.serials"),
            c("common.status"),
        ],
        rows: items
            .iter()
            .map(|b| {
                vec![
                    Cell::link(
                        c("code.batch"),
                        b.id.to_string(),
                        format!("/codes/{}", b.id),
                    ),
                    Cell::new(c("code.certificate"), &b.certificate_number),
                    Cell::new(c("code.lot_no"), &b.lot_no),
                    Cell::new(c("code.production_date"), b.production_date.to_string()),
                    Cell::new(c("code.quantity"), b.quantity.to_string()),
                    Cell::new(
                        c("code.serials"),
                        format!("{} – {}", b.first_serial, b.last_serial),
                    ),
                    Cell::new(c("common.status"), state_label(tr, b)).muted(b.state != "revoked"),
                ]
            })
            .collect(),
        pager: None,
    }
}

async fn list(State(app): State<App>, ctx: WebCtx, Query(p): Query<BatchListParams>) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_batches(actor, &p).await?;
    let mut view = batch_table(tr, &page.items);
    if actor.role == Role::Enterprise {
        view.new_link = Some(("/codes/new".into(), tr.t("code.new")));
    }
    view.pager = Some(Pager::new(&page, &ctx.path));
    Ok(render(
        &ListPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

/// A history entry, with what an export contained (format, PINs or not, serial range).
fn timeline_entry(e: &Event, tr: Tr) -> TimelineEntry {
    let mut t = TimelineEntry::from_event(e, tr);
    if e.action == "exported" {
        t.action = tr.t("code.event.exported").into();
        let d = &e.data;
        let pins = if d["pins"].as_bool() == Some(true) {
            "code.export.with_pins"
        } else {
            "code.export.without_pins"
        };
        t.changes = vec![format!(
            "{} · {} · {} – {} · {}",
            d["format"].as_str().unwrap_or("").to_uppercase(),
            tr.t(pins),
            d["first_serial"].as_str().unwrap_or(""),
            d["last_serial"].as_str().unwrap_or(""),
            d["count"]
        )];
    } else if e.action == "revoked" {
        t.changes = e.data["ranges"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .map(|r| {
                        format!(
                            "{} – {}",
                            r[0].as_str().unwrap_or(""),
                            r[1].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    t
}

fn export_action(id: i64, format: &str, pins: bool, label: &'static str) -> PostAction {
    PostAction {
        action: format!("/codes/{id}/export?format={format}&pins={pins}"),
        label,
        confirm: None,
        with_reason: false,
        danger: false,
    }
}

async fn show(State(app): State<App>, ctx: WebCtx, Path(id): Path<i64>) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let d = app.get_batch(actor, id).await?;
    let history = app.batch_history(actor, id).await?;
    let product = app.get_product(actor, d.batch.product_id).await?;
    let b = &d.batch;
    let mut view = DetailView::new(format!("{} {} · {}", tr.t("code.batch"), b.id, b.lot_no));
    view.badge = Some(state_label(tr, b).into());
    let sizes = b
        .sizes
        .iter()
        .map(|s| format!("{}（{} g）: {}", s.size, s.fill_weight_g, s.quantity))
        .collect::<Vec<_>>()
        .join("，");
    view.rows = vec![
        (tr.t("code.certificate"), b.certificate_number.clone()),
        (
            tr.t("code.product"),
            format!("{} · {}", product.style_no, product.name),
        ),
        (tr.t("code.lot_no"), b.lot_no.clone()),
        (tr.t("code.production_date"), b.production_date.to_string()),
        (tr.t("code.quantity"), b.quantity.to_string()),
        (tr.t("code.sizes"), sizes),
        (tr.t("code.first_serial"), b.first_serial.clone()),
        (tr.t("code.last_serial"), b.last_serial.clone()),
        (tr.t("code.key_id"), b.key_id.clone()),
        (tr.t("code.first_url"), b.first_url.clone()),
        (tr.t("code.qr"), b.qr.clone()),
        (tr.t("code.revoked_codes"), b.revoked_codes.to_string()),
        (
            tr.t("common.created"),
            format!("{} · {}", local_time(b.created_at), b.created_by),
        ),
    ];
    if let Some(r) = &b.revoked_reason {
        view.rows.push((tr.t("common.reason"), r.clone()));
    }
    view.links
        .push((format!("/codes/{id}/preview"), tr.t("code.preview")));
    let owner = actor.role == Role::Enterprise;
    let live = b.state != "revoked";
    if owner || actor.role == Role::Regulator {
        view.actions
            .push(export_action(id, "csv", false, tr.t("code.export.csv")));
    }
    if owner && live {
        view.actions.insert(
            0,
            export_action(id, "csv", true, tr.t("code.export.csv_pins")),
        );
        view.actions
            .push(export_action(id, "pdf", true, tr.t("code.export.pdf")));
        view.actions
            .push(export_action(id, "zpl", true, tr.t("code.export.zpl")));
    }
    if (owner || actor.role == Role::Regulator) && live {
        view.links
            .push((format!("/codes/{id}/revoke"), tr.t("code.revoke")));
        view.actions.push(PostAction {
            action: format!("/codes/{id}/revoke-batch"),
            label: tr.t("code.revoke_batch"),
            confirm: Some(tr.t("code.revoke_confirm")),
            with_reason: true,
            danger: true,
        });
    }
    if !d.revocations.is_empty() {
        let c = |k| tr.t(k);
        view.related.push(ListView {
            heading: c("code.revocations").into(),
            new_link: None,
            search: String::new(),
            filters: vec![],
            include_archived: false,
            show_archived_toggle: false,
            columns: vec![
                c("code.scope"),
                c("code.serials"),
                c("code.count"),
                c("common.reason"),
                c("code.revoked_by"),
                c("code.revoked_at"),
            ],
            rows: d
                .revocations
                .iter()
                .map(|r| {
                    let scope = if r.scope == "serial" {
                        "code.scope.serial"
                    } else {
                        "code.scope.range"
                    };
                    vec![
                        Cell::new(c("code.scope"), c(scope)),
                        Cell::new(
                            c("code.serials"),
                            format!("{} – {}", r.first_serial, r.last_serial),
                        ),
                        Cell::new(c("code.count"), r.count.to_string()),
                        Cell::new(c("common.reason"), &r.reason),
                        Cell::new(c("code.revoked_by"), &r.revoked_by),
                        Cell::new(c("code.revoked_at"), local_time(r.revoked_at)),
                    ]
                })
                .collect(),
            pager: None,
        });
    }
    view.timeline = history
        .iter()
        .rev()
        .map(|e| timeline_entry(e, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

#[derive(Template)]
#[template(path = "code_preview.html")]
struct PreviewPage {
    page: Layout,
    heading: String,
    batch_href: String,
    image: String,
    alt: String,
}

async fn preview(State(app): State<App>, ctx: WebCtx, Path(id): Path<i64>) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let b = app.get_batch(actor, id).await?.batch;
    let heading = format!("{} · {} {}", tr.t("code.preview"), tr.t("code.batch"), b.id);
    Ok(render(
        &PreviewPage {
            page: Layout::new(&ctx, heading.clone()),
            heading,
            batch_href: format!("/codes/{id}"),
            image: format!("/codes/{id}/preview.png"),
            alt: format!("{} {}", tr.t("code.preview"), b.first_serial),
        },
        StatusCode::OK,
    ))
}

async fn preview_png(State(app): State<App>, ctx: WebCtx, Path(id): Path<i64>) -> PageResult {
    let png = app.preview_tag(ctx.require()?, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        png,
    )
        .into_response())
}

async fn export(
    State(app): State<App>,
    ctx: WebCtx,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
    WebForm(_): WebForm,
) -> PageResult {
    let actor = ctx.require()?;
    let format = q
        .get("format")
        .and_then(|f| ExportFormat::parse(f))
        .unwrap_or(ExportFormat::Csv);
    let req = ExportRequest {
        format,
        from: None,
        to: None,
        pins: q.get("pins").is_some_and(|p| p == "true"),
        per_tag_files: false,
    };
    let export = app.prepare_export(actor, id, req).await?;
    Ok(stream_export(export, false))
}

async fn revoke_batch(
    State(app): State<App>,
    ctx: WebCtx,
    Path(id): Path<i64>,
    WebForm(f): WebForm,
) -> PageResult {
    let req = RevokeRequest {
        scope: Some("batch".into()),
        reason: f.reason(),
        ..Default::default()
    };
    match app.revoke_codes(ctx.require()?, id, req).await {
        Ok(_) => Ok(Redirect::to(&format!("/codes/{id}")).into_response()),
        // The only field of this one-button form is the reason: send them to the full form.
        Err(rongma_app::AppError::Validation(_)) => {
            Ok(Redirect::to(&format!("/codes/{id}/revoke?scope=batch")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
