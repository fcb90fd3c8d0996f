//! The SQL of the registry, compiled into each backend: `crate::sql` includes this file by
//! `#[path]` once in `crate::sqlite` and once in `crate::postgres`, where `super` is that
//! backend's `sql` module (its `Db`, `SqlTx` and query helpers).

use super::query::{list_page, push_filters};
use super::SqlTx;
use crate::error::StoreResult;
use crate::registry::rows::*;
use crate::registry::RegistryTx;
use crate::shared::{ListQuery, Page};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::registry::*;
use sqlx::types::Json;

impl SqlTx {
    async fn set_archived(
        &mut self,
        table: &str,
        id: i64,
        at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = format!("UPDATE {table} SET archived_at = $1, updated_at = $2 WHERE id = $3");
        let r = sqlx::query(&sql)
            .bind(at)
            .bind(now)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }
}

#[async_trait]
impl RegistryTx for SqlTx {
    async fn insert_enterprise(
        &mut self,
        f: &EnterpriseFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO enterprises (credit_code, name, address, legal_representative, contact_name, \
             contact_phone, pilot_status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(f.credit_code.as_str())
        .bind(&f.name)
        .bind(&f.address)
        .bind(&f.legal_representative)
        .bind(&f.contact_name)
        .bind(&f.contact_phone)
        .bind(f.pilot_status.as_str())
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn update_enterprise(
        &mut self,
        id: i64,
        f: &EnterpriseFields,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE enterprises SET credit_code = $1, name = $2, address = $3, legal_representative = $4, \
             contact_name = $5, contact_phone = $6, pilot_status = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(f.credit_code.as_str())
        .bind(&f.name)
        .bind(&f.address)
        .bind(&f.legal_representative)
        .bind(&f.contact_name)
        .bind(&f.contact_phone)
        .bind(f.pilot_status.as_str())
        .bind(at)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn get_enterprise(&mut self, id: i64) -> StoreResult<Option<Enterprise>> {
        let sql = format!("SELECT {ENTERPRISE_COLS} FROM enterprises WHERE id = $1");
        let row: Option<EnterpriseRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(EnterpriseRow::into_enterprise).transpose()
    }

    async fn find_enterprise_by_credit_code(
        &mut self,
        code: &str,
    ) -> StoreResult<Option<Enterprise>> {
        let sql = format!("SELECT {ENTERPRISE_COLS} FROM enterprises WHERE credit_code = $1");
        let row: Option<EnterpriseRow> = sqlx::query_as(&sql)
            .bind(code)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(EnterpriseRow::into_enterprise).transpose()
    }

    async fn list_enterprises(&mut self, q: &ListQuery) -> StoreResult<Page<Enterprise>> {
        list_page(
            self,
            ENTERPRISE_COLS,
            "enterprises",
            q,
            |qb, q| {
                push_filters(
                    qb,
                    q,
                    &["name", "credit_code"],
                    Some("id"),
                    Some("pilot_status"),
                )
            },
            "name, id",
            EnterpriseRow::into_enterprise,
        )
        .await
    }

    async fn set_enterprise_archived(
        &mut self,
        id: i64,
        at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.set_archived("enterprises", id, at, now).await
    }

    async fn insert_brand(&mut self, f: &BrandFields, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO brands (enterprise_id, name, trademark_no, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(f.enterprise_id)
        .bind(&f.name)
        .bind(&f.trademark_no)
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn update_brand(
        &mut self,
        id: i64,
        f: &BrandFields,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE brands SET name = $1, trademark_no = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(&f.name)
        .bind(&f.trademark_no)
        .bind(at)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn get_brand(&mut self, id: i64) -> StoreResult<Option<Brand>> {
        let sql = format!("SELECT {BRAND_COLS} FROM brands WHERE id = $1");
        let row: Option<BrandRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(BrandRow::into_brand).transpose()
    }

    async fn list_brands(&mut self, q: &ListQuery) -> StoreResult<Page<Brand>> {
        list_page(
            self,
            BRAND_COLS,
            "brands",
            q,
            |qb, q| {
                push_filters(
                    qb,
                    q,
                    &["name", "trademark_no"],
                    Some("enterprise_id"),
                    None,
                )
            },
            "name, id",
            BrandRow::into_brand,
        )
        .await
    }

    async fn set_brand_archived(
        &mut self,
        id: i64,
        at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.set_archived("brands", id, at, now).await
    }

    async fn insert_product(
        &mut self,
        enterprise_id: i64,
        f: &ProductFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO products (enterprise_id, brand_id, style_no, name, species, colour, \
             declared_down_cluster_pct, sizes, shell_fabric, standard, gtin, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        )
        .bind(enterprise_id)
        .bind(f.brand_id)
        .bind(&f.style_no)
        .bind(&f.name)
        .bind(f.species.as_str())
        .bind(f.colour.as_str())
        .bind(f.declared_down_cluster_pct.to_string())
        .bind(Json(&f.sizes))
        .bind(&f.shell_fabric)
        .bind(&f.standard)
        .bind(f.gtin.as_ref().map(|g| g.as_str()))
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn update_product(
        &mut self,
        id: i64,
        enterprise_id: i64,
        f: &ProductFields,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE products SET enterprise_id = $1, brand_id = $2, style_no = $3, name = $4, species = $5, \
             colour = $6, declared_down_cluster_pct = $7, sizes = $8, shell_fabric = $9, standard = $10, \
             gtin = $11, updated_at = $12 WHERE id = $13",
        )
        .bind(enterprise_id)
        .bind(f.brand_id)
        .bind(&f.style_no)
        .bind(&f.name)
        .bind(f.species.as_str())
        .bind(f.colour.as_str())
        .bind(f.declared_down_cluster_pct.to_string())
        .bind(Json(&f.sizes))
        .bind(&f.shell_fabric)
        .bind(&f.standard)
        .bind(f.gtin.as_ref().map(|g| g.as_str()))
        .bind(at)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn get_product(&mut self, id: i64) -> StoreResult<Option<Product>> {
        let sql = format!("SELECT {PRODUCT_COLS} FROM products WHERE id = $1");
        let row: Option<ProductRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(ProductRow::into_product).transpose()
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
        list_page(
            self,
            PRODUCT_COLS,
            "products",
            q,
            |qb, q| {
                push_filters(
                    qb,
                    q,
                    &["name", "style_no"],
                    Some("enterprise_id"),
                    Some("species"),
                );
                if let Some(b) = q.brand_id {
                    qb.push(" AND brand_id = ");
                    qb.push_bind(b);
                }
            },
            "style_no, id",
            ProductRow::into_product,
        )
        .await
    }

    async fn set_product_archived(
        &mut self,
        id: i64,
        at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.set_archived("products", id, at, now).await
    }

    async fn insert_lab(&mut self, f: &LabFields, at: DateTime<Utc>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO labs (name, address, cma_no, cma_valid_from, cma_valid_until, cnas_no, \
             cnas_valid_from, cnas_valid_until, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(&f.name)
        .bind(&f.address)
        .bind(&f.cma.number)
        .bind(f.cma.valid_from)
        .bind(f.cma.valid_until)
        .bind(f.cnas.as_ref().map(|c| c.number.clone()))
        .bind(f.cnas.as_ref().map(|c| c.valid_from))
        .bind(f.cnas.as_ref().map(|c| c.valid_until))
        .bind(at)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    async fn update_lab(&mut self, id: i64, f: &LabFields, at: DateTime<Utc>) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE labs SET name = $1, address = $2, cma_no = $3, cma_valid_from = $4, cma_valid_until = $5, \
             cnas_no = $6, cnas_valid_from = $7, cnas_valid_until = $8, updated_at = $9 WHERE id = $10",
        )
        .bind(&f.name)
        .bind(&f.address)
        .bind(&f.cma.number)
        .bind(f.cma.valid_from)
        .bind(f.cma.valid_until)
        .bind(f.cnas.as_ref().map(|c| c.number.clone()))
        .bind(f.cnas.as_ref().map(|c| c.valid_from))
        .bind(f.cnas.as_ref().map(|c| c.valid_until))
        .bind(at)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn get_lab(&mut self, id: i64) -> StoreResult<Option<Lab>> {
        let sql = format!("SELECT {LAB_COLS} FROM labs WHERE id = $1");
        let row: Option<LabRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(LabRow::into_lab).transpose()
    }

    async fn list_labs(&mut self, q: &ListQuery) -> StoreResult<Page<Lab>> {
        list_page(
            self,
            LAB_COLS,
            "labs",
            q,
            |qb, q| push_filters(qb, q, &["name", "cma_no"], None, None),
            "name, id",
            LabRow::into_lab,
        )
        .await
    }

    async fn set_lab_archived(
        &mut self,
        id: i64,
        at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.set_archived("labs", id, at, now).await
    }
}
