//! The registry's pages: enterprises, brands, products and labs, each with a list, a form,
//! a detail page with its history, and archive/restore.

mod brands;
mod enterprises;
mod labs;
mod products;

use crate::i18n::Tr;
use crate::web::shared::view::PostAction;
use axum::Router;
use rongma_app::App;

/// Rows per page of a record's related lists (a brand's products, …).
pub const RELATED_PER_PAGE: i64 = 50;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(enterprises::routes())
        .merge(brands::routes())
        .merge(products::routes())
        .merge(labs::routes())
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
