//! The registry: enterprises, brands, products and labs. Their records are the domain's
//! own types (`rongma_domain::registry`); this area holds the operations on them
//! ([`RegistryTx`]) and their unique keys. Records are archived, never deleted, because
//! their history must stay.
//!
//! The SQL is in `sql.rs` (compiled into each backend, see `crate::sql`); how a row
//! becomes a record is in `rows.rs`.

pub(crate) mod rows;

use crate::error::{unique, StoreResult, UniqueKey};
use crate::shared::{At, ListQuery, Page};
use async_trait::async_trait;
use rongma_domain::registry::*;

/// The registry's unique constraints.
pub(crate) const UNIQUE_KEYS: &[UniqueKey] = &[
    unique(
        "uq_enterprises_credit_code",
        "enterprises.credit_code",
        "enterprises.credit_code",
    ),
    unique(
        "uq_brands_enterprise_name",
        "brands.enterprise_id, brands.name",
        "brands.name",
    ),
    unique("uq_products_gtin", "products.gtin", "products.gtin"),
    unique(
        "uq_products_enterprise_style_no",
        "products.enterprise_id, products.style_no",
        "products.style_no",
    ),
    unique("uq_labs_cma_no", "labs.cma_no", "labs.cma_no"),
];

#[async_trait]
pub trait RegistryTx: Send {
    async fn insert_enterprise(&mut self, f: &EnterpriseFields, at: At) -> StoreResult<i64>;
    async fn update_enterprise(
        &mut self,
        id: i64,
        f: &EnterpriseFields,
        at: At,
    ) -> StoreResult<bool>;
    async fn get_enterprise(&mut self, id: i64) -> StoreResult<Option<Enterprise>>;
    /// The enterprises with these ids (archived ones included), in one query.
    async fn enterprises_by_ids(&mut self, ids: &[i64]) -> StoreResult<Vec<Enterprise>>;
    async fn find_enterprise_by_credit_code(
        &mut self,
        code: &str,
    ) -> StoreResult<Option<Enterprise>>;
    async fn list_enterprises(&mut self, q: &ListQuery) -> StoreResult<Page<Enterprise>>;
    /// Archives (`Some(at)`) or restores (`None`) an enterprise.
    async fn set_enterprise_archived(
        &mut self,
        id: i64,
        at: Option<At>,
        now: At,
    ) -> StoreResult<bool>;

    async fn insert_brand(&mut self, f: &BrandFields, at: At) -> StoreResult<i64>;
    async fn update_brand(&mut self, id: i64, f: &BrandFields, at: At) -> StoreResult<bool>;
    async fn get_brand(&mut self, id: i64) -> StoreResult<Option<Brand>>;
    async fn list_brands(&mut self, q: &ListQuery) -> StoreResult<Page<Brand>>;
    async fn set_brand_archived(&mut self, id: i64, at: Option<At>, now: At) -> StoreResult<bool>;

    /// Inserts a product; its enterprise is the brand's, given by the caller.
    async fn insert_product(
        &mut self,
        enterprise_id: i64,
        f: &ProductFields,
        at: At,
    ) -> StoreResult<i64>;
    async fn update_product(
        &mut self,
        id: i64,
        enterprise_id: i64,
        f: &ProductFields,
        at: At,
    ) -> StoreResult<bool>;
    async fn get_product(&mut self, id: i64) -> StoreResult<Option<Product>>;
    /// The products with these ids (archived ones included), in one query.
    async fn products_by_ids(&mut self, ids: &[i64]) -> StoreResult<Vec<Product>>;
    /// A product by its enterprise and style number (archived ones included).
    async fn find_product_by_style(
        &mut self,
        enterprise_id: i64,
        style_no: &str,
    ) -> StoreResult<Option<Product>>;
    async fn list_products(&mut self, q: &ListQuery) -> StoreResult<Page<Product>>;
    async fn set_product_archived(&mut self, id: i64, at: Option<At>, now: At)
        -> StoreResult<bool>;

    async fn insert_lab(&mut self, f: &LabFields, at: At) -> StoreResult<i64>;
    async fn update_lab(&mut self, id: i64, f: &LabFields, at: At) -> StoreResult<bool>;
    async fn get_lab(&mut self, id: i64) -> StoreResult<Option<Lab>>;
    async fn list_labs(&mut self, q: &ListQuery) -> StoreResult<Page<Lab>>;
    async fn set_lab_archived(&mut self, id: i64, at: Option<At>, now: At) -> StoreResult<bool>;
}
