//! Complaint pages. Consumers file from the scan page (no login) and follow their ticket
//! with its private link; the regulator works the queue (deadlines, overdue first) and
//! decides; the enterprise answers complaints about its products.

use crate::auth::WebCtx;
use crate::client::ClientIp;
use crate::i18n::Tr;
use crate::web::shared::page::{render, DetailPage, FormPage, ListPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::{PageId, PageQuery};
use crate::web::shared::{WebForm, WebMultipart};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::complaints::{ComplaintFilter, ComplaintInput, ComplaintView};
use rongma_app::policy::{may, Action};
use rongma_app::{App, AppError};
use rongma_domain::workflow::{ComplaintAction, ComplaintCategory, ComplaintStatus};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/complaint/new", get(new_form))
        .route("/complaint", post(file))
        .route("/t/{ticket}", get(follow))
        .route("/complaints", get(list))
        .route("/complaints/{id}", get(show))
        .route("/complaints/{id}/photo", get(photo))
        .route("/complaints/{id}/decision", post(decide))
        .route("/complaints/{id}/assign", post(assign))
        .route("/complaints/{id}/response", post(respond))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::upload::UPLOAD_BODY_LIMIT,
        ))
}

pub fn category_label(tr: Tr, c: ComplaintCategory) -> &'static str {
    tr.0.pick(c.label_zh(), c.label_en())
}

pub fn status_label(tr: Tr, s: ComplaintStatus) -> &'static str {
    tr.t(match s {
        ComplaintStatus::Received => "complaint.status.received",
        ComplaintStatus::Accepted => "complaint.status.accepted",
        ComplaintStatus::NotAccepted => "complaint.status.not_accepted",
        ComplaintStatus::Closed => "complaint.status.closed",
    })
}

fn form(ctx: &WebCtx, serial: &str, f: Option<&crate::web::shared::FormData>) -> FormView {
    let tr = ctx.tr();
    let v = |k: &str| f.and_then(|f| f.get(k)).unwrap_or_default().to_owned();
    let categories = ComplaintCategory::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), category_label(tr, *c).to_owned()))
        .collect();
    let mut photo =
        Field::text("photo", tr.t("complaint.photo"), "", false).hint(tr.t("complaint.photo_hint"));
    photo.kind = FieldKind::File;
    let serial_value = f.and_then(|f| f.get("serial")).unwrap_or(serial).to_owned();
    FormView {
        heading: tr.t("complaint.new").into(),
        action: "/complaint".into(),
        fields: vec![
            Field::text("serial", tr.t("complaint.serial"), serial_value, true),
            Field::select(
                "category",
                tr.t("complaint.category"),
                f.and_then(|f| f.get("category")).unwrap_or(""),
                categories,
                true,
            ),
            Field::text(
                "description",
                tr.t("complaint.description"),
                v("description"),
                true,
            )
            .kind(FieldKind::Textarea),
            Field::text("phone", tr.t("complaint.phone"), v("phone"), false)
                .hint(tr.t("complaint.phone_hint")),
            photo,
        ],
        submit: tr.t("complaint.submit"),
        cancel: if serial.is_empty() {
            "/".into()
        } else {
            format!("/c/{serial}")
        },
        summary: vec![],
        has_errors: false,
    }
}

async fn new_form(ctx: WebCtx, PageQuery(q): PageQuery<HashMap<String, String>>) -> PageResult {
    let serial: String = q
        .get("serial")
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(40)
                .collect()
        })
        .unwrap_or_default();
    let view = form(&ctx, &serial, None);
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn file(
    State(app): State<App>,
    ctx: WebCtx,
    ClientIp(ip): ClientIp,
    m: WebMultipart,
) -> PageResult {
    let f = &m.fields;
    let input = ComplaintInput {
        serial: f.text("serial"),
        category: f.text("category"),
        description: f.text("description"),
        phone: f.text("phone"),
    };
    let network = app.network_fingerprint(ip);
    match app
        .file_complaint(input, m.file("photo").cloned(), &network)
        .await
    {
        Ok(filed) => {
            let key: String = form_urlencoded::byte_serialize(filed.key.as_bytes()).collect();
            Ok(Redirect::to(&format!("/t/{}?key={key}&new=1", filed.ticket_no)).into_response())
        }
        Err(AppError::RateLimited { retry_after_secs }) => {
            let mut view = form(&ctx, "", Some(f));
            view.has_errors = true;
            view.summary.push(format!(
                "{} ({} s)",
                ctx.tr().t("complaint.too_many"),
                retry_after_secs
            ));
            Ok(render(
                &FormPage {
                    page: Layout::new(&ctx, view.heading.clone()),
                    view,
                },
                StatusCode::TOO_MANY_REQUESTS,
            ))
        }
        Err(e) => crate::web::shared::form_failed(&ctx, form(&ctx, "", Some(f)), e),
    }
}

async fn follow(
    State(app): State<App>,
    ctx: WebCtx,
    Path(ticket): Path<String>,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let tr = ctx.tr();
    let t = app
        .follow_complaint(&ticket, q.get("key").map(String::as_str).unwrap_or(""))
        .await?;
    let mut view = DetailView::new(format!("{} {}", tr.t("complaint.ticket"), t.ticket_no));
    view.badge = Some(status_label(tr, t.status).into());
    if q.contains_key("new") {
        view.notice = Some(tr.t("complaint.filed_notice").into());
    }
    view.rows = vec![
        (tr.t("complaint.serial"), t.serial.clone()),
        (
            tr.t("complaint.category"),
            category_label(tr, t.category).into(),
        ),
        (tr.t("complaint.description"), t.description.clone()),
        (tr.t("complaint.accept_due"), t.accept_due.to_string()),
        (tr.t("complaint.close_due"), t.close_due.to_string()),
        (
            tr.t("complaint.decision_note"),
            t.decision_note.clone().unwrap_or_default(),
        ),
        (
            tr.t("complaint.enterprise_response"),
            t.enterprise_response.clone().unwrap_or_default(),
        ),
        (
            tr.t("complaint.outcome"),
            t.outcome.clone().unwrap_or_default(),
        ),
    ];
    view.timeline = t
        .steps
        .iter()
        .rev()
        .map(|s| TimelineEntry {
            at: local_time(s.at),
            actor: String::new(),
            action: step_label(tr, &s.action),
            reason: None,
            changes: vec![],
        })
        .collect();
    let mut resp = render(
        &DetailPage {
            page: Layout::new(&ctx, t.ticket_no.clone()),
            view,
        },
        StatusCode::OK,
    );
    // The link carries the key: keep it out of caches and referrers.
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    resp.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(resp)
}

fn step_label(tr: Tr, action: &str) -> String {
    match action {
        "filed" => tr.t("complaint.step.filed").into(),
        "accepted" => tr.t("complaint.step.accepted").into(),
        "not_accepted" => tr.t("complaint.step.not_accepted").into(),
        "assigned" => tr.t("complaint.step.assigned").into(),
        "answered" => tr.t("complaint.step.answered").into(),
        "closed" => tr.t("complaint.step.closed").into(),
        other => other.replace('_', " "),
    }
}

pub fn complaint_table(tr: Tr, heading: &str, items: &[ComplaintView]) -> ListView {
    ListView {
        heading: heading.into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("complaint.ticket"),
            tr.t("complaint.category"),
            tr.t("common.status"),
            tr.t("complaint.accept_due"),
            tr.t("complaint.close_due"),
        ],
        rows: items
            .iter()
            .map(|c| {
                let due = if c.overdue {
                    format!("{} ⚠ {}", c.accept_due, tr.t("complaint.overdue"))
                } else {
                    c.accept_due.to_string()
                };
                vec![
                    Cell::link(
                        tr.t("complaint.ticket"),
                        &c.ticket_no,
                        format!("/complaints/{}", c.id),
                    ),
                    Cell::new(tr.t("complaint.category"), category_label(tr, c.category)),
                    Cell::new(tr.t("common.status"), status_label(tr, c.status)),
                    Cell::new(tr.t("complaint.accept_due"), due),
                    Cell::new(tr.t("complaint.close_due"), c.close_due.to_string()),
                ]
            })
            .collect(),
        pager: None,
    }
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(f): PageQuery<ComplaintFilter>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_complaints(actor, &f).await?;
    let mut view = complaint_table(tr, tr.t("complaint.title"), &page.items);
    view.filters = vec![
        Filter {
            name: "status",
            label: tr.t("common.status"),
            options: ComplaintStatus::ALL
                .iter()
                .map(|s| SelectOption {
                    value: s.as_str().into(),
                    label: status_label(tr, *s).into(),
                    selected: f.status.as_deref() == Some(s.as_str()),
                })
                .collect(),
        },
        Filter {
            name: "category",
            label: tr.t("complaint.category"),
            options: ComplaintCategory::ALL
                .iter()
                .map(|c| SelectOption {
                    value: c.as_str().into(),
                    label: category_label(tr, *c).into(),
                    selected: f.category.as_deref() == Some(c.as_str()),
                })
                .collect(),
        },
        Filter {
            name: "overdue",
            label: tr.t("complaint.overdue"),
            options: vec![SelectOption {
                value: "true".into(),
                label: tr.t("complaint.only_overdue").into(),
                selected: f.overdue == Some(true),
            }],
        },
    ];
    view.pager = Some(Pager::new(&page, &ctx.path));
    Ok(render(
        &ListPage {
            page: Layout::new(&ctx, tr.t("complaint.title")),
            view,
        },
        StatusCode::OK,
    ))
}

async fn photo(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let (t, bytes) = app.complaint_photo(ctx.require()?, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, t),
            (header::CACHE_CONTROL, "private, no-store".into()),
        ],
        bytes,
    )
        .into_response())
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
    let c = app.get_complaint(actor, id).await?;
    let history = app.complaint_history(actor, id).await?;
    let mut view = DetailView::new(format!("{} {}", tr.t("complaint.ticket"), c.ticket_no));
    view.notice = notice;
    view.badge = Some(status_label(tr, c.status).into());
    view.rows = vec![
        (
            tr.t("complaint.serial"),
            format!("{}{}", c.serial, if c.genuine { "" } else { " ⚠" }),
        ),
        (
            tr.t("complaint.category"),
            category_label(tr, c.category).into(),
        ),
        (tr.t("complaint.description"), c.description.clone()),
        (tr.t("complaint.phone"), c.phone.clone().unwrap_or_default()),
        (tr.t("complaint.accept_due"), c.accept_due.to_string()),
        (tr.t("complaint.close_due"), c.close_due.to_string()),
        (
            tr.t("complaint.assigned_to"),
            c.assigned_to.clone().unwrap_or_default(),
        ),
        (
            tr.t("complaint.decision_note"),
            c.decision_note.clone().unwrap_or_default(),
        ),
        (
            tr.t("complaint.enterprise_response"),
            c.enterprise_response.clone().unwrap_or_default(),
        ),
        (
            tr.t("complaint.outcome"),
            c.outcome.clone().unwrap_or_default(),
        ),
        (tr.t("common.created"), local_time(c.created_at)),
    ];
    if c.overdue {
        view.notice
            .get_or_insert_with(|| tr.t("complaint.overdue_notice").into());
    }
    if c.has_photo {
        view.links
            .push((format!("/complaints/{id}/photo"), tr.t("complaint.photo")));
    }
    if let Some(p) = c.product_id {
        view.links
            .push((format!("/products/{p}"), tr.t("report.product")));
    }
    if may(actor, Action::HandleComplaint { status: c.status }) {
        let actions: Vec<(String, String)> = match c.status {
            ComplaintStatus::Received => vec![
                ("accept".into(), tr.t("complaint.accept").into()),
                ("reject".into(), tr.t("complaint.reject").into()),
            ],
            _ => vec![("close".into(), tr.t("complaint.close").into())],
        };
        let first = actions[0].0.clone();
        view.forms.push(InlineForm {
            heading: tr.t("complaint.decide"),
            action: format!("/complaints/{id}/decision"),
            fields: vec![
                Field::select("action", tr.t("common.actions"), &first, actions, true),
                Field::text("note", tr.t("complaint.note"), "", false)
                    .kind(FieldKind::Textarea)
                    .hint(tr.t("complaint.note_hint")),
            ],
            submit: tr.t("common.save"),
            danger: false,
        });
        view.forms.push(InlineForm {
            heading: tr.t("complaint.assign"),
            action: format!("/complaints/{id}/assign"),
            fields: vec![Field::text(
                "username",
                tr.t("complaint.assignee"),
                c.assigned_to.clone().unwrap_or_default(),
                true,
            )],
            submit: tr.t("complaint.assign"),
            danger: false,
        });
    }
    if may(
        actor,
        Action::AnswerComplaint {
            enterprise_id: c.enterprise_id,
            status: c.status,
        },
    ) {
        view.forms.push(InlineForm {
            heading: tr.t("complaint.respond"),
            action: format!("/complaints/{id}/response"),
            fields: vec![Field::text(
                "response",
                tr.t("complaint.enterprise_response"),
                c.enterprise_response.clone().unwrap_or_default(),
                true,
            )
            .kind(FieldKind::Textarea)],
            submit: tr.t("complaint.respond"),
            danger: false,
        });
    }
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| {
            let mut e = TimelineEntry::from_event(ev, tr);
            e.action = step_label(tr, &ev.action);
            e
        })
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(ctx, c.ticket_no.clone()),
            view,
        },
        status,
    ))
}

/// Shows the outcome of a staff action: back to the page, with the problem if any.
async fn after(
    app: &App,
    ctx: &WebCtx,
    id: i64,
    r: rongma_app::AppResult<ComplaintView>,
) -> PageResult {
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/complaints/{id}")).into_response()),
        Err(AppError::Validation(e)) => {
            show_with(
                app,
                ctx,
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
            show_with(app, ctx, id, Some(m), StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn decide(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let action = match f.get("action") {
        Some("accept") => ComplaintAction::Accept,
        Some("reject") => ComplaintAction::Reject,
        _ => ComplaintAction::Close,
    };
    let r = app
        .decide_complaint(ctx.require()?, id, action, f.text("note"))
        .await;
    after(&app, &ctx, id, r).await
}

async fn assign(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let r = app
        .assign_complaint(ctx.require()?, id, f.get("username").unwrap_or_default())
        .await;
    after(&app, &ctx, id, r).await
}

async fn respond(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let r = app
        .respond_to_complaint(ctx.require()?, id, f.get("response").unwrap_or_default())
        .await;
    after(&app, &ctx, id, r).await
}
