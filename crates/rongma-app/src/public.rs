//! The public list of graded products (no login): what a buyer or a platform may know
//! about a graded product — its certificate, the five indicator grades, the lab and report
//! number, validity and state. Revoked and expired certificates leave the list, but a
//! product's page still says what happened.

use crate::error::{AppError, AppResult};
use crate::App;
use chrono::NaiveDate;
use rongma_domain::grading::Grade;
use rongma_domain::registry::{DownColour, DownSpecies, SizeFill};
use rongma_domain::workflow::{CertificateState, GradeAdjustment, ProfileRef};
use rongma_store::{Page, PublicBrand, PublicListing, PublicQuery};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PublicParams {
    /// Search product, style number, brand or enterprise name.
    pub q: Option<String>,
    /// 1A … 5A
    pub grade: Option<String>,
    /// duck | goose
    pub species: Option<String>,
    /// A brand id (see `/public/brands`); empty means all, as a web form sends it.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub brand_id: Option<i64>,
    /// An enterprise id (see `/public/brands`); empty means all.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub enterprise_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// An optional number from a query string where an empty value (a form's "all" choice)
/// means absent; anything else must be a whole number.
fn empty_is_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a whole number, got {t:?}"))),
    }
}

/// The column codes of the public CSV, in order.
pub const PUBLIC_CSV_COLUMNS: [&str; 12] = [
    "certificate_number",
    "grade",
    "state",
    "valid_from",
    "valid_until",
    "enterprise",
    "credit_code",
    "brand",
    "style_no",
    "product",
    "species",
    "colour",
];

/// A graded product's public page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProduct {
    pub product_id: i64,
    pub style_no: String,
    pub product_name: String,
    pub species: DownSpecies,
    pub colour: DownColour,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub declared_down_cluster_pct: rust_decimal::Decimal,
    pub sizes: Vec<SizeFill>,
    pub gtin: Option<String>,
    pub brand_name: String,
    pub enterprise_name: String,
    pub credit_code: String,
    pub certificate_number: String,
    pub certificate_version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4A"))]
    pub grade: Grade,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub indicator_grades: BTreeMap<String, Grade>,
    /// The state today (a certificate past its end date is `expired`).
    pub state: CertificateState,
    pub state_reason: Option<String>,
    /// Set when the reviewer lowered the engine's grade: `grade` is the certificate's, and
    /// `result` is what was measured.
    pub adjustment: Option<GradeAdjustment>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub lab_name: String,
    pub report_no: String,
    pub test_date: NaiveDate,
    pub profile: ProfileRef,
    /// The engine's full result for the report (measured values, explanations).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub result: Option<serde_json::Value>,
}

impl App {
    pub async fn list_public(&self, p: &PublicParams) -> AppResult<Page<PublicListing>> {
        let per_page = p.per_page.unwrap_or(20).clamp(1, 500);
        let page = p.page.unwrap_or(1).max(1);
        let q = PublicQuery {
            search: p.q.clone().filter(|s| !s.trim().is_empty()),
            today: self.now().date_naive(),
            grade: p.grade.clone().filter(|s| !s.is_empty()),
            species: p.species.clone().filter(|s| !s.is_empty()),
            brand_id: p.brand_id,
            enterprise_id: p.enterprise_id,
            limit: per_page,
            offset: (page - 1).saturating_mul(per_page),
        };
        Ok(self.store().read().await?.list_public(&q).await?)
    }

    /// Graded enterprises and their brands with products on the public list (live
    /// certificates today), with how many each has listed: the list's brand and
    /// enterprise filters, and the public list of graded enterprises.
    pub async fn public_brands(&self) -> AppResult<Vec<PublicBrand>> {
        let today = self.now().date_naive();
        Ok(self.store().read().await?.public_brands(today).await?)
    }

    /// Every listed product as CSV with column codes and stored values (for programs):
    /// [`Self::public_csv_with`] with [`PUBLIC_CSV_COLUMNS`] as the header.
    pub async fn public_csv(&self, p: &PublicParams) -> AppResult<Vec<u8>> {
        self.public_csv_with(p, &PUBLIC_CSV_COLUMNS, &|_, v| v.to_owned())
            .await
    }

    /// Every listed product as CSV (in pages, so memory stays bounded): UTF-8 with a BOM
    /// (so Excel reads it as UTF-8), `header` as the first row, each stored value of column
    /// `c` written as `word(c, value)` (pages pass labels in their language), and every
    /// cell made safe from formula injection ([`crate::spreadsheet::csv_safe`]).
    pub async fn public_csv_with(
        &self,
        p: &PublicParams,
        header: &[&str; 12],
        word: &(dyn Fn(&'static str, &str) -> String + Sync),
    ) -> AppResult<Vec<u8>> {
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let err = |e: csv::Error| AppError::internal(e);
        w.write_record(
            header
                .iter()
                .map(|h| crate::spreadsheet::csv_safe(h).into_owned()),
        )
        .map_err(err)?;
        let mut page = 1;
        loop {
            let rows = self
                .list_public(&PublicParams {
                    page: Some(page),
                    per_page: Some(500),
                    ..p.clone()
                })
                .await?;
            for r in &rows.items {
                let cells = [
                    r.certificate_number.clone(),
                    word("grade", &r.grade),
                    word("state", &r.state),
                    r.valid_from.to_string(),
                    r.valid_until.to_string(),
                    r.enterprise_name.clone(),
                    r.credit_code.clone(),
                    r.brand_name.clone(),
                    r.style_no.clone(),
                    r.product_name.clone(),
                    word("species", &r.species),
                    word("colour", &r.colour),
                ];
                w.write_record(
                    cells
                        .iter()
                        .map(|c| crate::spreadsheet::csv_safe(c).into_owned()),
                )
                .map_err(err)?;
            }
            if rows.offset + rows.limit >= rows.total {
                break;
            }
            page += 1;
        }
        w.into_inner()
            .map_err(|e| AppError::internal(e.into_error()))
    }

    /// The measured values of the report a product's newest certificate rests on.
    pub async fn public_report_values(&self, product_id: i64) -> AppResult<serde_json::Value> {
        let mut tx = self.store().read().await?;
        let c = tx
            .latest_certificate(product_id)
            .await?
            .ok_or(AppError::NotFound("graded product"))?;
        let r = tx
            .get_report(c.report_id)
            .await?
            .ok_or(AppError::NotFound("report"))?;
        Ok(r.values)
    }

    /// A product's public page: its newest certificate, whatever its state.
    pub async fn public_product(&self, product_id: i64) -> AppResult<PublicProduct> {
        let today = self.now().date_naive();
        let mut tx = self.store().read().await?;
        let c = tx
            .latest_certificate(product_id)
            .await?
            .ok_or(AppError::NotFound("graded product"))?;
        let p = tx
            .get_product(product_id)
            .await?
            .ok_or(AppError::NotFound("graded product"))?;
        let b = tx
            .get_brand(p.brand_id)
            .await?
            .ok_or(AppError::NotFound("brand"))?;
        let e = tx
            .get_enterprise(p.enterprise_id)
            .await?
            .ok_or(AppError::NotFound("enterprise"))?;
        let lab = tx
            .get_lab(c.lab_id)
            .await?
            .ok_or(AppError::NotFound("lab"))?;
        let report = tx
            .get_report(c.report_id)
            .await?
            .ok_or(AppError::NotFound("report"))?;
        let application = tx.get_application(c.application_id).await?;
        let adjustment = application.as_ref().and_then(|a| a.adjustment());
        let result = application
            .and_then(|a| a.results.into_iter().find(|r| r.report_id == c.report_id))
            .map(|r| r.result);
        Ok(PublicProduct {
            product_id: p.id,
            style_no: p.style_no,
            product_name: p.name,
            species: p.species,
            colour: p.colour,
            declared_down_cluster_pct: p.declared_down_cluster_pct,
            sizes: p.sizes,
            gtin: p.gtin.map(|g| g.to_string()),
            brand_name: b.name,
            enterprise_name: e.name,
            credit_code: e.credit_code.to_string(),
            certificate_number: c.number.clone(),
            certificate_version: c.version,
            grade: c.grade,
            indicator_grades: c.indicator_grades.clone(),
            state: c.state_on(today),
            state_reason: c.state_reason.clone(),
            adjustment,
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            lab_name: lab.name,
            report_no: report.report_no,
            test_date: report.test_date,
            profile: c.profile.clone(),
            result,
        })
    }
}
