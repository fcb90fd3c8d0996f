//! One code batch: its facts and serials, the downloads the viewer may make (PINs only
//! for the owning enterprise), the revoke actions, its revocations, and its history with
//! what each export contained.

use super::state_label;
use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::page::{render, DetailPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::PageId;
use axum::extract::State;
use axum::http::StatusCode;
use rongma_app::policy::{may, Action};
use rongma_app::{App, Event};

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

pub async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
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
    let export = |pins| may(actor, Action::ExportBatch { batch: b, pins });
    if export(false) {
        view.actions
            .push(export_action(id, "csv", false, tr.t("code.export.csv")));
        view.actions
            .push(export_action(id, "xlsx", false, tr.t("code.export.xlsx")));
    }
    if export(true) {
        view.actions.insert(
            0,
            export_action(id, "csv", true, tr.t("code.export.csv_pins")),
        );
        view.actions.insert(
            1,
            export_action(id, "xlsx", true, tr.t("code.export.xlsx_pins")),
        );
        view.actions
            .push(export_action(id, "pdf", true, tr.t("code.export.pdf")));
        view.actions
            .push(export_action(id, "zpl", true, tr.t("code.export.zpl")));
        view.actions
            .push(export_action(id, "tspl", true, tr.t("code.export.tspl")));
    }
    if may(actor, Action::RevokeBatch(b)) {
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
