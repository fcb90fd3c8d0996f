//! Code batch pages: the list, a batch with its serials, revocations, downloads and
//! history ([`show`]), the tag preview (a PNG sized for phones), and the
//! posts that download exports and revoke a whole batch. The issue and revoke forms are in
//! [`forms`].

mod forms;
mod show;

use crate::auth::WebCtx;
use crate::export_stream::stream_export;
use crate::i18n::Tr;
use crate::web::shared::page::{render, ListPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::WebForm;
use crate::web::shared::{PageId, PageQuery};
use askama::Template;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::codes::{BatchListParams, BatchView, ExportFormat, ExportRequest, RevokeRequest};
use rongma_app::policy::{may, Action};
use rongma_app::App;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/codes", get(list).post(forms::issue))
        .route("/codes/new", get(forms::issue_form))
        .route("/codes/{id}", get(show::show))
        .route("/codes/{id}/preview", get(preview))
        .route("/codes/{id}/preview.png", get(preview_png))
        .route("/codes/{id}/export", post(export))
        .route(
            "/codes/{id}/revoke",
            get(forms::revoke_form).post(forms::revoke),
        )
        .route("/codes/{id}/revoke-batch", post(revoke_batch))
}

/// What the batch's tags say today: revoked, or as their certificate stands.
pub(super) fn state_label(tr: Tr, b: &BatchView) -> &'static str {
    use rongma_app::codes::CodeVerdict;
    tr.t(match b.tag_verdict {
        CodeVerdict::Revoked => "code.state.revoked",
        CodeVerdict::Valid
            if b.certificate_state
                == Some(rongma_domain::workflow::CertificateState::Superseded) =>
        {
            "code.state.valid_older_version"
        }
        CodeVerdict::Valid => "code.state.active",
        CodeVerdict::CertificateSuspended => "code.state.certificate_suspended",
        CodeVerdict::CertificateRevoked => "code.state.certificate_revoked",
        CodeVerdict::CertificateLapsed | CodeVerdict::NotIssued => "code.state.certificate_expired",
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
                    Cell::link(
                        c("code.certificate"),
                        format!("{} (v{})", b.certificate_number, b.certificate_version),
                        format!("/certificates/{}", b.certificate_id),
                    ),
                    Cell::new(c("code.lot_no"), &b.lot_no),
                    Cell::new(c("code.production_date"), b.production_date.to_string()),
                    Cell::new(c("code.quantity"), b.quantity.to_string()),
                    Cell::new(
                        c("code.serials"),
                        format!("{} – {}", b.first_serial, b.last_serial),
                    ),
                    Cell::new(c("common.status"), state_label(tr, b))
                        .muted(b.tag_verdict == rongma_app::codes::CodeVerdict::Valid),
                ]
            })
            .collect(),
        pager: None,
    }
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<BatchListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_batches(actor, &p).await?;
    let mut view = batch_table(tr, &page.items);
    if may(actor, Action::IssueCodes) {
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

#[derive(Template)]
#[template(path = "code_preview.html")]
struct PreviewPage {
    page: Layout,
    heading: String,
    batch_href: String,
    image: String,
    alt: String,
}

async fn preview(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
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

async fn preview_png(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
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
    PageId(id): PageId,
    PageQuery(q): PageQuery<HashMap<String, String>>,
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
    Ok(stream_export(export))
}

async fn revoke_batch(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
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
