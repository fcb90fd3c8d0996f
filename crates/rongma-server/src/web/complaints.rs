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
        .route("/t", get(follow_form).post(follow_by_phone))
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

fn form(
    app: &App,
    ctx: &WebCtx,
    serial: &str,
    f: Option<&crate::web::shared::FormData>,
) -> FormView {
    let tr = ctx.tr();
    let max_mb = app.settings().complaints.max_photo_mb;
    let v = |k: &str| f.and_then(|f| f.get(k)).unwrap_or_default().to_owned();
    let categories = ComplaintCategory::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), category_label(tr, *c).to_owned()))
        .collect();
    let mut photo = Field::text("photo", tr.t("complaint.photo"), "", false).hint(
        tr.t("complaint.photo_hint")
            .replace("{mb}", &max_mb.to_string()),
    );
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

async fn new_form(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let serial: String = q
        .get("serial")
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(40)
                .collect()
        })
        .unwrap_or_default();
    let view = form(&app, &ctx, &serial, None);
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
            let mut view = form(&app, &ctx, "", Some(f));
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
        Err(e) => crate::web::shared::form_failed(&ctx, form(&app, &ctx, "", Some(f)), e),
    }
}

/// Following a complaint without the private link: its ticket number and the last four
/// digits of the phone given when filing.
fn follow_view(ctx: &WebCtx, f: Option<&crate::web::shared::FormData>) -> FormView {
    let tr = ctx.tr();
    let v = |k: &str| f.and_then(|f| f.get(k)).unwrap_or_default().to_owned();
    FormView {
        heading: tr.t("complaint.follow").into(),
        action: "/t".into(),
        fields: vec![
            Field::text("ticket", tr.t("complaint.ticket"), v("ticket"), true)
                .hint(tr.t("complaint.ticket_hint")),
            Field::text(
                "phone_last4",
                tr.t("complaint.phone_last4"),
                v("phone_last4"),
                true,
            )
            .hint(tr.t("complaint.phone_last4_hint")),
        ],
        submit: tr.t("complaint.follow_submit"),
        cancel: "/".into(),
        summary: vec![],
        has_errors: false,
    }
}

async fn follow_form(ctx: WebCtx) -> PageResult {
    let view = follow_view(&ctx, None);
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn follow_by_phone(
    State(app): State<App>,
    ctx: WebCtx,
    ClientIp(ip): ClientIp,
    WebForm(f): WebForm,
) -> PageResult {
    let network = app.network_fingerprint(ip);
    let r = app
        .follow_complaint_by_phone(
            f.get("ticket").unwrap_or_default(),
            f.get("phone_last4").unwrap_or_default(),
            &network,
        )
        .await;
    match r {
        Ok(t) => ticket_page(&ctx, t, false),
        Err(AppError::NotFound(_)) => {
            let mut view = follow_view(&ctx, Some(&f));
            view.has_errors = true;
            view.summary = vec![ctx.tr().t("complaint.follow_not_found").to_owned()];
            Ok(render(
                &FormPage {
                    page: Layout::new(&ctx, view.heading.clone()),
                    view,
                },
                StatusCode::NOT_FOUND,
            ))
        }
        Err(e) => crate::web::shared::form_failed(&ctx, follow_view(&ctx, Some(&f)), e),
    }
}

async fn follow(
    State(app): State<App>,
    ctx: WebCtx,
    Path(ticket): Path<String>,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let t = app
        .follow_complaint(&ticket, q.get("key").map(String::as_str).unwrap_or(""))
        .await?;
    ticket_page(&ctx, t, q.contains_key("new"))
}

fn ticket_page(ctx: &WebCtx, t: rongma_app::complaints::TicketView, new: bool) -> PageResult {
    let tr = ctx.tr();
    let mut view = DetailView::new(format!("{} {}", tr.t("complaint.ticket"), t.ticket_no));
    view.badge = Some(status_label(tr, t.status).into());
    if new {
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
            page: Layout::new(ctx, t.ticket_no.clone()),
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

/// The complaint queue: ticket, product, enterprise, category, status, assignee and the
/// days left before the next deadline (acceptance while received, closing once accepted).
pub fn complaint_table(
    tr: Tr,
    heading: &str,
    items: &[ComplaintView],
    names: &Names,
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
            tr.t("complaint.ticket"),
            tr.t("report.product"),
            tr.t("enterprise.name"),
            tr.t("complaint.category"),
            tr.t("common.status"),
            tr.t("complaint.assigned_to"),
            tr.t("complaint.days_left"),
        ],
        rows: items
            .iter()
            .map(|c| {
                let due = match c.status {
                    ComplaintStatus::Received => Some(c.accept_due),
                    ComplaintStatus::Accepted => Some(c.close_due),
                    _ => None,
                };
                let left = match due {
                    Some(d) => {
                        let n = (d - today).num_days();
                        if n < 0 {
                            tr.t("complaint.days_overdue")
                                .replace("{n}", &(-n).to_string())
                        } else {
                            tr.t("complaint.days_left_n")
                                .replace("{n}", &n.to_string())
                                .replace("{date}", &d.to_string())
                        }
                    }
                    None => "—".into(),
                };
                let product = c
                    .product_id
                    .and_then(|p| names.products.get(&p).cloned())
                    .unwrap_or_else(|| tr.t("complaint.no_product").into());
                let enterprise = c
                    .enterprise_id
                    .and_then(|e| names.enterprises.get(&e).cloned())
                    .unwrap_or_else(|| "—".into());
                let assignee = c
                    .assigned_to
                    .as_ref()
                    .map(|u| names.staff.get(u).cloned().unwrap_or_else(|| u.clone()))
                    .unwrap_or_else(|| tr.t("complaint.unassigned").into());
                vec![
                    Cell::link(
                        tr.t("complaint.ticket"),
                        &c.ticket_no,
                        format!("/complaints/{}", c.id),
                    ),
                    Cell::new(tr.t("report.product"), product),
                    Cell::new(tr.t("enterprise.name"), enterprise),
                    Cell::new(tr.t("complaint.category"), category_label(tr, c.category)),
                    Cell::new(tr.t("common.status"), status_label(tr, c.status)),
                    Cell::new(tr.t("complaint.assigned_to"), assignee),
                    Cell::new(tr.t("complaint.days_left"), left).muted(!c.overdue),
                ]
            })
            .collect(),
        pager: None,
    }
}

/// Names of the products, enterprises and staff a page of complaints refers to.
#[derive(Default)]
pub struct Names {
    products: HashMap<i64, String>,
    enterprises: HashMap<i64, String>,
    /// username → display name ("name (username)").
    staff: HashMap<String, String>,
}

async fn names_of(app: &App, actor: &rongma_app::Actor, items: &[ComplaintView]) -> Names {
    use crate::web::shared::names::{enterprise_names, product_names};
    let products = product_names(app, actor, items.iter().filter_map(|c| c.product_id))
        .await
        .unwrap_or_default();
    let enterprises = enterprise_names(app, actor, items.iter().filter_map(|c| c.enterprise_id))
        .await
        .unwrap_or_default();
    let staff = app
        .complaint_assignees(actor)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(u, d)| (u.clone(), staff_label(&u, &d)))
        .collect();
    Names {
        products: products.into_iter().collect(),
        enterprises: enterprises.into_iter().collect(),
        staff,
    }
}

fn staff_label(username: &str, display: &str) -> String {
    if display.is_empty() || display == username {
        username.to_owned()
    } else {
        format!("{display}（{username}）")
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
    let names = names_of(&app, actor, &page.items).await;
    let heading = if f.mine == Some(true) {
        tr.t("complaint.mine")
    } else {
        tr.t("complaint.title")
    };
    let mut view = complaint_table(tr, heading, &page.items, &names, app.now().date_naive());
    if f.mine != Some(true) {
        view.new_link = Some(("/complaints?mine=true".into(), tr.t("complaint.mine")));
    }
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
        let staff: Vec<(String, String)> = app
            .complaint_assignees(actor)
            .await?
            .into_iter()
            .map(|(u, d)| {
                let label = staff_label(&u, &d);
                (u, label)
            })
            .collect();
        view.forms.push(InlineForm {
            heading: tr.t("complaint.assign"),
            action: format!("/complaints/{id}/assign"),
            fields: vec![Field::select(
                "username",
                tr.t("complaint.assignee"),
                c.assigned_to.as_deref().unwrap_or(""),
                staff,
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
