//! The two code forms: issuing a batch on one of the enterprise's active certificates, and
//! revoking a range or single serials of a batch. Errors come back next to their fields.

use crate::auth::WebCtx;
use crate::web::shared::form_failed;
use crate::web::shared::names::{every, pick};
use crate::web::shared::page::{render, FormPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::{FormData, WebForm};
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use rongma_app::codes::RevokeRequest;
use rongma_app::paging::ListParams;
use rongma_app::{App, AppError, AppResult};
use rongma_domain::codes::{BatchDraft, BatchSizeDraft};
use rongma_domain::FieldError;
use std::collections::HashMap;

/// Splits on line breaks and commas (ASCII and Chinese); spaces stay inside an item, as a
/// serial may be typed in its printed groups.
fn items(text: &str) -> Vec<String> {
    text.split(['\n', '\r', ',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `M:500, L:500` → sizes; anything else is an error on `sizes`.
fn sizes(text: &str) -> Result<Option<Vec<BatchSizeDraft>>, FieldError> {
    let list = items(text);
    if list.is_empty() {
        return Ok(None);
    }
    list.iter()
        .map(|item| {
            let (size, n) = item.rsplit_once([':', '：']).unwrap_or((item, ""));
            match n.trim().parse::<i64>() {
                Ok(q) => Ok(BatchSizeDraft {
                    size: Some(size.trim().to_owned()),
                    quantity: Some(q),
                }),
                Err(_) => Err(FieldError::new(
                    "sizes",
                    "sizes_format",
                    format!("write each size as SIZE:COUNT, e.g. M:500 (got \"{item}\")"),
                    format!("每个尺码应写成“尺码:数量”，如 M:500（实际为“{item}”）"),
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn draft(f: &FormData) -> Result<BatchDraft, FieldError> {
    Ok(BatchDraft {
        certificate_id: f.id("certificate_id"),
        quantity: f.get("quantity").and_then(|q| q.trim().parse().ok()),
        lot_no: f.text("lot_no"),
        production_date: f.text("production_date"),
        sizes: sizes(f.get("sizes").unwrap_or(""))?,
        digital_link: Some(f.get("digital_link") == Some("yes")),
    })
}

async fn issue_view(app: &App, ctx: &WebCtx, f: &FormData) -> AppResult<FormView> {
    let tr = ctx.tr();
    let actor = ctx.require()?;
    let certs = every!(|p| app.list_certificates(
        actor,
        &ListParams {
            status: Some("active".into()),
            ..p
        },
        None
    ));
    let ids = certs.iter().flatten().map(|c| c.product_id);
    let products = crate::web::shared::names::product_names(app, actor, ids).await?;
    let options = certs.map(|all| {
        all.iter()
            .map(|c| {
                let p = products.get(&c.product_id).cloned().unwrap_or_default();
                (
                    c.id.to_string(),
                    format!("{} · {p} · {}", c.number, c.grade),
                )
            })
            .collect::<Vec<_>>()
    });
    let none = options.as_ref().is_some_and(Vec::is_empty);
    let v = |k: &str| f.get(k).unwrap_or("").to_owned();
    let today = app.now().date_naive().to_string();
    let yes_no = vec![
        ("no".into(), tr.t("common.no").into()),
        ("yes".into(), tr.t("common.yes").into()),
    ];
    let mut cert = pick(
        tr,
        "certificate_id",
        tr.t("code.certificate"),
        &v("certificate_id"),
        options,
        true,
    );
    if none {
        cert.hint = Some(tr.t("code.no_certificates").to_owned());
    }
    Ok(FormView {
        heading: tr.t("code.new").into(),
        action: "/codes".into(),
        fields: vec![
            cert,
            Field::text("quantity", tr.t("code.quantity"), v("quantity"), true),
            Field::text("lot_no", tr.t("code.lot_no"), v("lot_no"), true),
            Field::text(
                "production_date",
                tr.t("code.production_date"),
                f.text("production_date").unwrap_or(today),
                true,
            )
            .kind(FieldKind::Date),
            Field::text("sizes", tr.t("code.sizes"), v("sizes"), false)
                .kind(FieldKind::Textarea)
                .hint(tr.t("code.sizes_hint")),
            Field::select(
                "digital_link",
                tr.t("code.digital_link"),
                &v("digital_link"),
                yes_no,
                false,
            )
            .hint(tr.t("code.digital_link_hint")),
        ],
        submit: tr.t("code.new"),
        cancel: "/codes".into(),
        summary: vec![],
        has_errors: false,
    })
}

pub async fn issue_form(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let mut f = FormData::default();
    if let Some(c) = q.get("certificate_id") {
        f = FormData::parse(format!("certificate_id={}", c.trim()).as_bytes());
    }
    let view = issue_view(&app, &ctx, &f).await?;
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

pub async fn issue(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let actor = ctx.require()?;
    let result = match draft(&f) {
        Ok(d) => app.issue_batch(actor, d).await,
        Err(e) => Err(AppError::field(e)),
    };
    match result {
        Ok(d) => Ok(Redirect::to(&format!("/codes/{}", d.batch.id)).into_response()),
        Err(e) => form_failed(&ctx, issue_view(&app, &ctx, &f).await?, e),
    }
}

fn revoke_view(ctx: &WebCtx, id: i64, f: &FormData) -> FormView {
    let tr = ctx.tr();
    let v = |k: &str| f.get(k).unwrap_or("").to_owned();
    let scopes = vec![
        ("range".into(), tr.t("code.scope.range").into()),
        ("serials".into(), tr.t("code.scope.serials").into()),
        ("batch".into(), tr.t("code.revoke_batch").into()),
    ];
    let scope = f.get("scope").unwrap_or("range");
    FormView {
        heading: tr.t("code.revoke").into(),
        action: format!("/codes/{id}/revoke"),
        fields: vec![
            Field::select("scope", tr.t("code.scope"), scope, scopes, true),
            Field::text("from", tr.t("code.from"), v("from"), false),
            Field::text("to", tr.t("code.to"), v("to"), false),
            Field::text("serials", tr.t("code.serials"), v("serials"), false)
                .kind(FieldKind::Textarea)
                .hint(tr.t("code.serials_hint")),
            Field::text("reason", tr.t("common.reason"), v("reason"), true),
        ],
        submit: tr.t("code.revoke"),
        cancel: format!("/codes/{id}"),
        summary: vec![],
        has_errors: false,
    }
}

pub async fn revoke_form(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    // The batch must be visible: a foreign id is "not found" before any form is shown.
    app.get_batch(ctx.require()?, id).await?;
    let f = FormData::parse(
        format!("scope={}", q.get("scope").map_or("range", |s| s.as_str())).as_bytes(),
    );
    let view = revoke_view(&ctx, id, &f);
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

pub async fn revoke(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let serials = items(f.get("serials").unwrap_or(""));
    let req = RevokeRequest {
        scope: f.text("scope"),
        from: f.text("from"),
        to: f.text("to"),
        serials: (!serials.is_empty()).then_some(serials),
        reason: f.text("reason"),
    };
    match app.revoke_codes(ctx.require()?, id, req).await {
        Ok(_) => Ok(Redirect::to(&format!("/codes/{id}")).into_response()),
        Err(e) => form_failed(&ctx, revoke_view(&ctx, id, &f), e),
    }
}
