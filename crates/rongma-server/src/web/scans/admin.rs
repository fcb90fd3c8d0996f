//! The regulator's scan pages: suspected copies ranked by serial, batch or enterprise
//! (`/scans`), the evidence of one code with a form to mark each flag handled
//! (`/scans/codes/{serial}`), and statistics with charts (`/scans/stats`; uPlot, served
//! from the binary).

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::page::{render, DetailPage, ListPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::WebForm;
use crate::web::shared::{PageId, PageQuery};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::scans::flags::SuspectParams;
use rongma_app::scans::stats::ScanStats;
use rongma_app::App;
use rongma_store::FlagKind;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/scans", get(suspects))
        .route("/scans/codes/{serial}", get(evidence))
        .route("/scans/flags/{id}/handle", post(handle))
        .route("/scans/stats", get(stats))
}

/// A stored code word (`pin`, `correct`, `bot`, `api` …) in the page's language; an
/// unknown word as stored.
fn word(tr: Tr, group: &str, w: &str) -> String {
    tr.try_t(&format!("{group}.{w}"))
        .map(str::to_owned)
        .unwrap_or_else(|| w.replace('_', " "))
}

pub fn kind_label(tr: Tr, k: FlagKind) -> &'static str {
    tr.t(match k {
        FlagKind::PinManyNetworks => "suspect.kind.pin_many_networks",
        FlagKind::ScanManyNetworks => "suspect.kind.scan_many_networks",
        FlagKind::ScannedAfterRevocation => "suspect.kind.scanned_after_revocation",
        FlagKind::PinBurst => "suspect.kind.pin_burst",
        FlagKind::LabelMismatch => "suspect.kind.label_mismatch",
    })
}

async fn suspects(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<SuspectParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.suspects(actor, &p).await?;
    let rows = page
        .items
        .iter()
        .map(|s| {
            let href = match (&s.serial, s.batch_id, s.enterprise_id) {
                (Some(serial), _, _) => format!("/scans/codes/{serial}"),
                (None, Some(b), _) => format!("/codes/{b}"),
                (None, None, Some(e)) => format!("/enterprises/{e}"),
                _ => "/scans".into(),
            };
            let kinds: Vec<&str> = s.flags.iter().map(|f| kind_label(tr, f.kind)).collect();
            vec![
                Cell::link(tr.t("suspect.subject"), s.label.clone(), href),
                Cell::new(
                    tr.t("suspect.flags"),
                    if kinds.is_empty() {
                        s.row.flags.to_string()
                    } else {
                        kinds.join("；")
                    },
                ),
                Cell::new(tr.t("suspect.codes"), s.row.codes.to_string()),
                Cell::new(tr.t("suspect.networks"), s.row.networks.to_string()),
                Cell::new(tr.t("suspect.evidence"), s.row.evidence.to_string()),
                Cell::new(tr.t("suspect.last_at"), local_time(s.row.last_at)),
            ]
        })
        .collect();
    let option = |name: &str, value: &str, label: &str, current: &Option<String>, default: bool| {
        SelectOption {
            value: value.into(),
            label: label.into(),
            selected: current.as_deref() == Some(value)
                || (current.is_none() && default && !name.is_empty()),
        }
    };
    let view = ListView {
        heading: tr.t("suspect.title").into(),
        new_link: Some(("/scans/stats".into(), tr.t("stats.title"))),
        search: String::new(),
        filters: vec![
            Filter {
                name: "by",
                label: tr.t("suspect.subject"),
                options: vec![
                    option("by", "serial", tr.t("suspect.by_serial"), &p.by, true),
                    option("by", "batch", tr.t("suspect.by_batch"), &p.by, false),
                    option(
                        "by",
                        "enterprise",
                        tr.t("suspect.by_enterprise"),
                        &p.by,
                        false,
                    ),
                ],
            },
            Filter {
                name: "status",
                label: tr.t("common.status"),
                options: vec![
                    option("status", "open", tr.t("suspect.open"), &p.status, true),
                    option(
                        "status",
                        "handled",
                        tr.t("suspect.handled"),
                        &p.status,
                        false,
                    ),
                ],
            },
        ],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("suspect.subject"),
            tr.t("suspect.flags"),
            tr.t("suspect.codes"),
            tr.t("suspect.networks"),
            tr.t("suspect.evidence"),
            tr.t("suspect.last_at"),
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

async fn evidence(State(app): State<App>, ctx: WebCtx, Path(serial): Path<String>) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let e = app
        .code_evidence(actor, &serial, Pager::requested(&ctx.path, "events_page"))
        .await?;
    let mut view = DetailView::new(format!("{} {}", tr.t("suspect.evidence_title"), e.serial));
    let s = &e.state;
    view.rows = vec![
        (tr.t("suspect.scans"), s.scan_count.to_string()),
        (
            tr.t("suspect.last_at"),
            s.last_scan_at.map(local_time).unwrap_or_default(),
        ),
        (tr.t("suspect.pin_ok"), s.pin_ok_count.to_string()),
        (tr.t("suspect.networks"), s.pin_networks.len().to_string()),
        (tr.t("suspect.pin_wrong"), s.pin_wrong_total.to_string()),
    ];
    view.links
        .push((format!("/c/{}", e.serial), tr.t("scan.title")));
    view.links.push(("/scans".into(), tr.t("suspect.title")));
    for f in &e.flags {
        let heading = kind_label(tr, f.kind);
        view.rows.push((
            heading,
            format!(
                "{} · {} {} · {} {} · {} — {}{}",
                if f.status == "open" {
                    tr.t("suspect.open")
                } else {
                    tr.t("suspect.handled")
                },
                tr.t("suspect.networks"),
                f.networks,
                tr.t("suspect.evidence"),
                f.evidence_count,
                local_time(f.first_at),
                local_time(f.last_at),
                f.handled_note
                    .as_ref()
                    .map(|n| format!(" · {n}"))
                    .unwrap_or_default()
            ),
        ));
        if f.status == "open" {
            view.forms.push(InlineForm {
                heading,
                action: format!("/scans/flags/{}/handle", f.id),
                fields: vec![
                    Field::text("note", tr.t("suspect.note"), "", true).kind(FieldKind::Textarea)
                ],
                submit: tr.t("suspect.handle"),
                danger: false,
            });
        }
    }
    let events = e
        .events
        .items
        .iter()
        .map(|ev| {
            vec![
                Cell::new(tr.t("suspect.last_at"), local_time(ev.at)),
                Cell::new(tr.t("suspect.kind"), word(tr, "scan_event.kind", &ev.kind)),
                Cell::new(
                    tr.t("suspect.outcome"),
                    word(tr, "scan_event.outcome", &ev.outcome),
                ),
                Cell::new(tr.t("suspect.network"), ev.network.clone()),
                Cell::new(
                    tr.t("suspect.ua"),
                    format!(
                        "{} · {}",
                        word(tr, "scan_event.ua", &ev.ua_family),
                        word(tr, "scan_event.channel", &ev.channel)
                    ),
                ),
            ]
        })
        .collect();
    view.related.push(ListView {
        heading: tr.t("suspect.events").into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("suspect.last_at"),
            tr.t("suspect.kind"),
            tr.t("suspect.outcome"),
            tr.t("suspect.network"),
            tr.t("suspect.ua"),
        ],
        rows: events,
        pager: Some(Pager::named(&e.events, &ctx.path, "events_page")),
    });
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, e.serial.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn handle(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let actor = ctx.require()?;
    let flag = app.handle_flag(actor, id, f.text("note")).await?;
    // Back to the code's evidence.
    let target = app
        .flag_serial(actor, &flag)
        .await?
        .map_or_else(|| "/scans".to_owned(), |s| format!("/scans/codes/{s}"));
    Ok(Redirect::to(&target).into_response())
}

#[derive(Template)]
#[template(path = "scan_stats.html")]
struct StatsPage {
    page: Layout,
    stats: ScanStats,
    /// The series as JSON for the charts (numbers and dates only).
    chart_json: String,
    complaints: Vec<(String, i64)>,
    /// The complaints-by-category chart, drawn on the server (inline SVG, no script).
    complaint_bars: Vec<Bar>,
    /// Height of that chart's view box.
    complaint_chart_h: u32,
}

/// One bar of a server-drawn horizontal bar chart (coordinates in view-box units).
struct Bar {
    label: String,
    count: i64,
    y: u32,
    text_y: u32,
    width: u32,
    count_x: u32,
}

/// Where the bars start (labels sit left of it) and how long the longest bar is.
const BAR_X: u32 = 220;
const BAR_MAX: u32 = 320;
const BAR_ROW: u32 = 30;

fn bars(items: &[(String, i64)]) -> Vec<Bar> {
    let max = items.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    items
        .iter()
        .zip(0u32..)
        .map(|((label, count), i)| {
            // At least one unit so a category with a count is never invisible.
            let width = u32::try_from((*count).max(0) * i64::from(BAR_MAX) / max)
                .unwrap_or(BAR_MAX)
                .max(u32::from(*count > 0));
            Bar {
                label: label.clone(),
                count: *count,
                y: i * BAR_ROW + 6,
                text_y: i * BAR_ROW + 20,
                width,
                count_x: BAR_X + width + 6,
            }
        })
        .collect()
}

async fn stats(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(q): PageQuery<HashMap<String, String>>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let days = q.get("days").and_then(|d| d.parse().ok());
    let stats = app.scan_statistics(actor, days).await?;
    let col = |f: fn(&rongma_app::scans::stats::DayStats) -> i64| {
        stats.days.iter().map(f).collect::<Vec<_>>()
    };
    let chart = serde_json::json!({
        "days": stats.days.iter().map(|d| d.day.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp())).collect::<Vec<_>>(),
        "scans": col(|d| d.scans), "valid": col(|d| d.valid), "not_valid": col(|d| d.not_valid),
        "forged": col(|d| d.forged), "pin_correct": col(|d| d.pin_correct), "pin_wrong": col(|d| d.pin_wrong),
        "flags": col(|d| d.flags),
        "labels": {
            "scans": tr.t("stats.scans"), "valid": tr.t("stats.valid"), "not_valid": tr.t("stats.not_valid"),
            "forged": tr.t("stats.forged"), "pin_correct": tr.t("stats.pin_correct"), "pin_wrong": tr.t("stats.pin_wrong"),
            "flags": tr.t("stats.flags"), "day": tr.t("stats.day")
        }
    });
    // Escaped for a <script> block: no "</" can close it early.
    let chart_json = chart.to_string().replace("</", "<\\/");
    let complaints: Vec<(String, i64)> = stats
        .complaints_by_category
        .iter()
        .map(|c| {
            let label = rongma_domain::workflow::ComplaintCategory::parse(&c.category)
                .map_or(c.category.clone(), |k| {
                    tr.0.pick(k.label_zh(), k.label_en()).to_owned()
                });
            (label, c.count)
        })
        .collect();
    let complaint_bars = bars(&complaints);
    let complaint_chart_h = u32::try_from(complaints.len()).unwrap_or(0) * BAR_ROW + 6;
    let page = Layout::new(&ctx, tr.t("stats.title"));
    Ok(render(
        &StatsPage {
            page,
            stats,
            chart_json,
            complaints,
            complaint_bars,
            complaint_chart_h,
        },
        StatusCode::OK,
    ))
}
