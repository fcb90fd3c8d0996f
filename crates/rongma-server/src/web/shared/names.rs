//! Names of the records a page refers to by id (enterprise, product), for tables that show
//! who owns what.

use rongma_app::paging::ListParams;
use rongma_app::{Actor, App, AppResult};
use std::collections::HashMap;

/// Enterprise names by id, for showing who owns what.
pub async fn enterprise_names(app: &App, actor: &Actor) -> AppResult<HashMap<i64, String>> {
    let all = app
        .list_enterprises(
            actor,
            &ListParams {
                per_page: Some(200),
                include_archived: Some(true),
                ..Default::default()
            },
        )
        .await?;
    Ok(all.items.into_iter().map(|e| (e.id, e.name)).collect())
}

pub async fn product_names(app: &App, actor: &Actor) -> AppResult<HashMap<i64, String>> {
    let p = app
        .list_products(
            actor,
            &ListParams {
                per_page: Some(200),
                include_archived: Some(true),
                ..Default::default()
            },
        )
        .await?;
    Ok(p.items
        .into_iter()
        .map(|p| (p.id, format!("{} {}", p.style_no, p.name)))
        .collect())
}
