//! The SQL of the registry. Compiled into each backend by `crate::sql` (through `#[path]`),
//! so `super` is that backend's `sql` module: its `Db`, `SqlTx` and helpers.
//!
//! The four kinds share their shape (insert, update, get, list, archive: `super::query`);
//! what is each kind's own is stated here: the columns it writes with their values, how its
//! list is searched and filtered, and its lookups by natural key.

use super::table::{Table, Values};
use super::SqlTx;
use crate::error::StoreResult;
use crate::registry::rows::*;
use crate::registry::RegistryTx;
use crate::shared::{At, ListQuery, Page};
use async_trait::async_trait;
use rongma_domain::registry::*;
use sqlx::types::Json;

const ENTERPRISES: Table = Table {
    name: "enterprises",
    columns: ENTERPRISE_COLS,
    search: &["name", "credit_code"],
    owner: Some("id"),
    status: Some("pilot_status"),
    brand: None,
    archived: true,
    order: "name, id",
};

const BRANDS: Table = Table {
    name: "brands",
    columns: BRAND_COLS,
    search: &["name", "trademark_no"],
    owner: Some("enterprise_id"),
    status: None,
    brand: None,
    archived: true,
    order: "name, id",
};

const PRODUCTS: Table = Table {
    name: "products",
    columns: PRODUCT_COLS,
    search: &["name", "style_no"],
    owner: Some("enterprise_id"),
    status: Some("species"),
    brand: Some("brand_id"),
    archived: true,
    order: "style_no, id",
};

const LABS: Table = Table {
    name: "labs",
    columns: LAB_COLS,
    search: &["name", "cma_no"],
    owner: None,
    status: None,
    brand: None,
    archived: true,
    order: "name, id",
};

/// Every column of an enterprise but its id and times; an update may change them all.
fn enterprise_values(f: &EnterpriseFields) -> Values<'_> {
    Values::new()
        .set("credit_code", f.credit_code.as_str())
        .set("name", &f.name)
        .set("address", &f.address)
        .set("legal_representative", &f.legal_representative)
        .set("contact_name", &f.contact_name)
        .set("contact_phone", &f.contact_phone)
        .set("pilot_status", f.pilot_status.as_str())
}

/// What an update of a brand changes: a brand never moves to another enterprise.
fn brand_values(f: &BrandFields) -> Values<'_> {
    Values::new()
        .set("name", &f.name)
        .set("trademark_no", &f.trademark_no)
}

/// A product's columns; its enterprise is its brand's, given by the caller.
fn product_values(enterprise_id: i64, f: &ProductFields) -> Values<'_> {
    Values::new()
        .set("enterprise_id", enterprise_id)
        .set("brand_id", f.brand_id)
        .set("style_no", &f.style_no)
        .set("name", &f.name)
        .set("species", f.species.as_str())
        .set("colour", f.colour.as_str())
        .set(
            "declared_down_cluster_pct",
            f.declared_down_cluster_pct.to_string(),
        )
        .set("sizes", Json(&f.sizes))
        .set("shell_fabric", &f.shell_fabric)
        .set("standard", &f.standard)
        .set("gtin", f.gtin.as_ref().map(|g| g.as_str()))
}

/// A lab's columns; the CNAS accreditation is optional, its three columns together.
fn lab_values(f: &LabFields) -> Values<'_> {
    let cnas = f.cnas.as_ref();
    Values::new()
        .set("name", &f.name)
        .set("address", &f.address)
        .set("cma_no", &f.cma.number)
        .set("cma_valid_from", f.cma.valid_from)
        .set("cma_valid_until", f.cma.valid_until)
        .set("cnas_no", cnas.map(|c| c.number.as_str()))
        .set("cnas_valid_from", cnas.map(|c| c.valid_from))
        .set("cnas_valid_until", cnas.map(|c| c.valid_until))
}

#[async_trait]
impl RegistryTx for SqlTx {
    async fn insert_enterprise(&mut self, f: &EnterpriseFields, at: At) -> StoreResult<i64> {
        self.insert(&ENTERPRISES, enterprise_values(f), at).await
    }

    async fn update_enterprise(
        &mut self,
        id: i64,
        f: &EnterpriseFields,
        at: At,
    ) -> StoreResult<bool> {
        self.update(&ENTERPRISES, id, enterprise_values(f), at)
            .await
    }

    async fn get_enterprise(&mut self, id: i64) -> StoreResult<Option<Enterprise>> {
        self.get(&ENTERPRISES, id, EnterpriseRow::into_enterprise)
            .await
    }

    async fn enterprises_by_ids(&mut self, ids: &[i64]) -> StoreResult<Vec<Enterprise>> {
        self.by_ids(&ENTERPRISES, ids, EnterpriseRow::into_enterprise)
            .await
    }

    async fn find_enterprise_by_credit_code(
        &mut self,
        code: &str,
    ) -> StoreResult<Option<Enterprise>> {
        let sql = format!("SELECT {ENTERPRISE_COLS} FROM enterprises WHERE credit_code = $1");
        self.one(&sql, code, EnterpriseRow::into_enterprise).await
    }

    async fn list_enterprises(&mut self, q: &ListQuery) -> StoreResult<Page<Enterprise>> {
        self.list(&ENTERPRISES, q, EnterpriseRow::into_enterprise)
            .await
    }

    async fn set_enterprise_archived(
        &mut self,
        id: i64,
        at: Option<At>,
        now: At,
    ) -> StoreResult<bool> {
        self.set_archived(&ENTERPRISES, id, at, now).await
    }

    async fn insert_brand(&mut self, f: &BrandFields, at: At) -> StoreResult<i64> {
        let values = brand_values(f).set("enterprise_id", f.enterprise_id);
        self.insert(&BRANDS, values, at).await
    }

    async fn update_brand(&mut self, id: i64, f: &BrandFields, at: At) -> StoreResult<bool> {
        self.update(&BRANDS, id, brand_values(f), at).await
    }

    async fn get_brand(&mut self, id: i64) -> StoreResult<Option<Brand>> {
        self.get(&BRANDS, id, BrandRow::into_brand).await
    }

    async fn list_brands(&mut self, q: &ListQuery) -> StoreResult<Page<Brand>> {
        self.list(&BRANDS, q, BrandRow::into_brand).await
    }

    async fn set_brand_archived(&mut self, id: i64, at: Option<At>, now: At) -> StoreResult<bool> {
        self.set_archived(&BRANDS, id, at, now).await
    }

    async fn insert_product(
        &mut self,
        enterprise_id: i64,
        f: &ProductFields,
        at: At,
    ) -> StoreResult<i64> {
        self.insert(&PRODUCTS, product_values(enterprise_id, f), at)
            .await
    }

    async fn update_product(
        &mut self,
        id: i64,
        enterprise_id: i64,
        f: &ProductFields,
        at: At,
    ) -> StoreResult<bool> {
        self.update(&PRODUCTS, id, product_values(enterprise_id, f), at)
            .await
    }

    async fn get_product(&mut self, id: i64) -> StoreResult<Option<Product>> {
        self.get(&PRODUCTS, id, ProductRow::into_product).await
    }

    async fn products_by_ids(&mut self, ids: &[i64]) -> StoreResult<Vec<Product>> {
        self.by_ids(&PRODUCTS, ids, ProductRow::into_product).await
    }

    async fn find_product_by_style(
        &mut self,
        enterprise_id: i64,
        style_no: &str,
    ) -> StoreResult<Option<Product>> {
        let sql = format!(
            "SELECT {PRODUCT_COLS} FROM products WHERE enterprise_id = $1 AND style_no = $2"
        );
        let row: Option<ProductRow> = sqlx::query_as(&sql)
            .bind(enterprise_id)
            .bind(style_no)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(ProductRow::into_product).transpose()
    }

    async fn list_products(&mut self, q: &ListQuery) -> StoreResult<Page<Product>> {
        self.list(&PRODUCTS, q, ProductRow::into_product).await
    }

    async fn set_product_archived(
        &mut self,
        id: i64,
        at: Option<At>,
        now: At,
    ) -> StoreResult<bool> {
        self.set_archived(&PRODUCTS, id, at, now).await
    }

    async fn insert_lab(&mut self, f: &LabFields, at: At) -> StoreResult<i64> {
        self.insert(&LABS, lab_values(f), at).await
    }

    async fn update_lab(&mut self, id: i64, f: &LabFields, at: At) -> StoreResult<bool> {
        self.update(&LABS, id, lab_values(f), at).await
    }

    async fn get_lab(&mut self, id: i64) -> StoreResult<Option<Lab>> {
        self.get(&LABS, id, LabRow::into_lab).await
    }

    async fn list_labs(&mut self, q: &ListQuery) -> StoreResult<Page<Lab>> {
        self.list(&LABS, q, LabRow::into_lab).await
    }

    async fn set_lab_archived(&mut self, id: i64, at: Option<At>, now: At) -> StoreResult<bool> {
        self.set_archived(&LABS, id, at, now).await
    }
}
