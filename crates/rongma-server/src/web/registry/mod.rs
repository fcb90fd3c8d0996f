//! The registry's pages: enterprises, brands, products and labs, each with a list, a form,
//! a detail page with its history, and archive/restore.

mod brands;
mod enterprises;
mod labs;
mod products;

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::view::PostAction;
use crate::web::shared::PageId;
use crate::web::shared::{PageResult, WebForm};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use rongma_app::App;
use rongma_domain::roles::RegistryKind;

/// Rows per page of a record's related lists (a brand's products, …).
pub const RELATED_PER_PAGE: i64 = 50;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(enterprises::routes())
        .merge(brands::routes())
        .merge(products::routes())
        .merge(labs::routes())
        .merge(archive_routes(RegistryKind::Enterprise, "/enterprises"))
        .merge(archive_routes(RegistryKind::Brand, "/brands"))
        .merge(archive_routes(RegistryKind::Product, "/products"))
        .merge(archive_routes(RegistryKind::Lab, "/labs"))
}

/// `POST {base}/{id}/archive` and `…/restore` of a registry kind, back to the record.
fn archive_routes(kind: RegistryKind, base: &'static str) -> Router<App> {
    let set = move |archive: bool| {
        move |State(app): State<App>, ctx: WebCtx, PageId(id): PageId, WebForm(f): WebForm| async move {
            let done: PageResult = async {
                app.archive(ctx.require()?, kind, id, archive, f.reason())
                    .await?;
                Ok(Redirect::to(&format!("{base}/{id}")).into_response())
            }
            .await;
            done
        }
    };
    Router::new()
        .route(&format!("{base}/{{id}}/archive"), post(set(true)))
        .route(&format!("{base}/{{id}}/restore"), post(set(false)))
}

/// Archive or restore buttons for a record, when the actor may archive it.
pub fn archive_actions(tr: Tr, base: &str, archived: bool) -> Vec<PostAction> {
    if archived {
        vec![PostAction {
            action: format!("{base}/restore"),
            label: tr.t("common.restore"),
            confirm: None,
            with_reason: true,
            danger: false,
        }]
    } else {
        vec![PostAction {
            action: format!("{base}/archive"),
            label: tr.t("common.archive"),
            confirm: Some(tr.t("common.confirm_archive")),
            with_reason: true,
            danger: true,
        }]
    }
}
