//! How registry rows read back into the domain's records (on either backend). A stored
//! value that no longer parses is reported as corrupt data.

use crate::error::{corrupt, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::registry::*;
use sqlx::types::Json;

fn parse_decimal(what: &str, s: &str) -> StoreResult<rust_decimal::Decimal> {
    s.parse().map_err(|e| corrupt(what, e))
}

pub(crate) const ENTERPRISE_COLS: &str =
    "id, credit_code, name, address, legal_representative, contact_name, \
     contact_phone, pilot_status, created_at, updated_at, archived_at";

#[derive(sqlx::FromRow)]
pub(crate) struct EnterpriseRow {
    id: i64,
    credit_code: String,
    name: String,
    address: String,
    legal_representative: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    pilot_status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
}

impl EnterpriseRow {
    pub(crate) fn into_enterprise(self) -> StoreResult<Enterprise> {
        Ok(Enterprise {
            id: self.id,
            credit_code: rongma_domain::ids::Uscc::parse(&self.credit_code)
                .map_err(|e| corrupt("enterprises.credit_code", e))?,
            name: self.name,
            address: self.address,
            legal_representative: self.legal_representative,
            contact_name: self.contact_name,
            contact_phone: self.contact_phone,
            pilot_status: PilotStatus::parse(&self.pilot_status)
                .ok_or_else(|| corrupt("enterprises.pilot_status", &self.pilot_status))?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            archived_at: self.archived_at,
        })
    }
}

pub(crate) const BRAND_COLS: &str =
    "id, enterprise_id, name, trademark_no, created_at, updated_at, archived_at";

#[derive(sqlx::FromRow)]
pub(crate) struct BrandRow {
    id: i64,
    enterprise_id: i64,
    name: String,
    trademark_no: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
}

impl BrandRow {
    pub(crate) fn into_brand(self) -> StoreResult<Brand> {
        Ok(Brand {
            id: self.id,
            enterprise_id: self.enterprise_id,
            name: self.name,
            trademark_no: self.trademark_no,
            created_at: self.created_at,
            updated_at: self.updated_at,
            archived_at: self.archived_at,
        })
    }
}

pub(crate) const PRODUCT_COLS: &str = "id, enterprise_id, brand_id, style_no, name, species, colour, \
     declared_down_cluster_pct, sizes, shell_fabric, standard, gtin, created_at, updated_at, archived_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ProductRow {
    id: i64,
    enterprise_id: i64,
    brand_id: i64,
    style_no: String,
    name: String,
    species: String,
    colour: String,
    declared_down_cluster_pct: String,
    sizes: Json<Vec<SizeFill>>,
    shell_fabric: String,
    standard: String,
    gtin: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
}

impl ProductRow {
    pub(crate) fn into_product(self) -> StoreResult<Product> {
        Ok(Product {
            id: self.id,
            enterprise_id: self.enterprise_id,
            brand_id: self.brand_id,
            style_no: self.style_no,
            name: self.name,
            species: DownSpecies::parse(&self.species)
                .ok_or_else(|| corrupt("products.species", &self.species))?,
            colour: DownColour::parse(&self.colour)
                .ok_or_else(|| corrupt("products.colour", &self.colour))?,
            declared_down_cluster_pct: parse_decimal(
                "products.declared_down_cluster_pct",
                &self.declared_down_cluster_pct,
            )?,
            sizes: self.sizes.0,
            shell_fabric: self.shell_fabric,
            standard: self.standard,
            gtin: self
                .gtin
                .map(|g| {
                    rongma_domain::ids::Gtin::parse(&g).map_err(|e| corrupt("products.gtin", e))
                })
                .transpose()?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            archived_at: self.archived_at,
        })
    }
}

pub(crate) const LAB_COLS: &str =
    "id, name, address, cma_no, cma_valid_from, cma_valid_until, cnas_no, \
     cnas_valid_from, cnas_valid_until, created_at, updated_at, archived_at";

#[derive(sqlx::FromRow)]
pub(crate) struct LabRow {
    id: i64,
    name: String,
    address: Option<String>,
    cma_no: String,
    cma_valid_from: NaiveDate,
    cma_valid_until: NaiveDate,
    cnas_no: Option<String>,
    cnas_valid_from: Option<NaiveDate>,
    cnas_valid_until: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
}

impl LabRow {
    pub(crate) fn into_lab(self) -> StoreResult<Lab> {
        let cnas = match (self.cnas_no, self.cnas_valid_from, self.cnas_valid_until) {
            (Some(number), Some(valid_from), Some(valid_until)) => Some(Accreditation {
                number,
                valid_from,
                valid_until,
            }),
            (None, _, _) => None,
            _ => return Err(corrupt("labs.cnas", "number without dates")),
        };
        Ok(Lab {
            id: self.id,
            name: self.name,
            address: self.address,
            cma: Accreditation {
                number: self.cma_no,
                valid_from: self.cma_valid_from,
                valid_until: self.cma_valid_until,
            },
            cnas,
            created_at: self.created_at,
            updated_at: self.updated_at,
            archived_at: self.archived_at,
        })
    }
}
