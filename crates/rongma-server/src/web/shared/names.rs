//! What pages need of records they refer to: the names of the enterprises and products
//! their rows point at (looked up for exactly those ids, in one query each), and the
//! choices a form offers — every record the actor may pick, or, past
//! [`MAX_OPTIONS`], a plain number field instead of a list that would silently stop.

use super::view::Field;
use crate::i18n::Tr;
use rongma_app::{Actor, App, AppResult};
use std::collections::HashMap;

/// Most choices a select offers; past it the field asks for the record's number.
pub const MAX_OPTIONS: i64 = 2000;

/// Enterprise names for the ids given.
pub async fn enterprise_names(
    app: &App,
    actor: &Actor,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    app.enterprise_names(actor, ids).await
}

/// "Style number name" of the products with the ids given.
pub async fn product_names(
    app: &App,
    actor: &Actor,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    app.product_labels(actor, ids).await
}

/// Every item of a list use case, page by page; `None` past [`MAX_OPTIONS`] items.
/// `$fetch` is called with the `ListParams` of each page (`|p| app.list_labs(actor, &p)`).
#[macro_export]
macro_rules! every {
    (|$p:ident| $fetch:expr) => {{
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let $p = rongma_app::paging::ListParams {
                page: Some(page),
                per_page: Some(200),
                ..Default::default()
            };
            let got = $fetch.await?;
            if got.total > $crate::web::shared::names::MAX_OPTIONS {
                break None;
            }
            let n = got.items.len();
            items.extend(got.items);
            if n == 0 || items.len() as i64 >= got.total {
                break Some(items);
            }
            page += 1;
        }
    }};
}
pub use every;

/// A select of `options` (sorted by label), or a number field when there were too many.
pub fn pick(
    tr: Tr,
    name: &'static str,
    label: &'static str,
    value: &str,
    options: Option<Vec<(String, String)>>,
    required: bool,
) -> Field {
    match options {
        Some(mut options) => {
            options.sort_by(|a, b| a.1.cmp(&b.1));
            Field::select(name, label, value, options, required)
        }
        None => Field::text(name, label, value, required).hint(tr.t("common.too_many_options")),
    }
}
