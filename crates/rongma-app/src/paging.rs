//! List parameters as clients send them (`?q=&page=&per_page=`), bounded.

use serde::Deserialize;

pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_PER_PAGE: i64 = 200;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListParams {
    /// Search text (name, code, number).
    pub q: Option<String>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Items per page (1–200, default 20).
    pub per_page: Option<i64>,
    /// Filter by status (pilot status of enterprises, species of products, role of users).
    pub status: Option<String>,
    /// Filter by enterprise.
    pub enterprise_id: Option<i64>,
    /// Filter by brand (products).
    pub brand_id: Option<i64>,
    /// Include archived records.
    pub include_archived: Option<bool>,
}

impl ListParams {
    /// The store query; the caller then confines it to what the actor may see.
    pub fn to_query(&self) -> rongma_store::ListQuery {
        let per_page = self
            .per_page
            .unwrap_or(DEFAULT_PER_PAGE)
            .clamp(1, MAX_PER_PAGE);
        let page = self.page.unwrap_or(1).max(1);
        rongma_store::ListQuery {
            search: self.q.clone().filter(|s| !s.trim().is_empty()),
            enterprise_id: self.enterprise_id,
            brand_id: self.brand_id,
            status: self.status.clone().filter(|s| !s.trim().is_empty()),
            include_archived: self.include_archived.unwrap_or(false),
            limit: per_page,
            offset: (page - 1).saturating_mul(per_page),
        }
    }
}
