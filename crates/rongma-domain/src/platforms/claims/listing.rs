//! A platform's listing as it arrives (loose text) and as a checked claim. A batch is
//! read whole: every listing's errors are collected and named by position and field,
//! e.g. `listings[12].claimed_grade`, so the platform can fix them in one go.

use super::seller_text::{parse_grade, parse_grams, parse_percent, parse_species};
use crate::error::{FieldError, FieldErrors};
use crate::grading::Grade;
use crate::ids::{Gtin, Uscc};
use crate::registry::text::NumberText;
use crate::registry::DownSpecies;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One listing as a platform sends it; numbers may be JSON numbers or seller text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingDraft {
    /// The platform's own id of the listing, echoed back.
    pub listing_id: Option<String>,
    pub shop: Option<String>,
    pub title: Option<String>,
    /// `5A`, `AAAAA`, `五A级` …
    pub claimed_grade: Option<String>,
    /// Claimed 绒子含量: `90`, `90%` …
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90%"))]
    pub claimed_down_cluster_pct: Option<NumberText>,
    /// Claimed 充绒量: `180`, `180g`, `0.18kg` …
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "180g"))]
    pub claimed_fill_weight_g: Option<NumberText>,
    /// The size the fill weight is claimed for, when the listing says.
    pub size: Option<String>,
    /// `白鹅绒`, `duck down` …
    pub species: Option<String>,
    pub style_no: Option<String>,
    pub gtin: Option<String>,
    /// 统一社会信用代码 of the producing enterprise.
    pub enterprise_credit_code: Option<String>,
}

/// How the listing names the product: a GTIN, or an enterprise's style number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductKey {
    Gtin(Gtin),
    Style { enterprise: Uscc, style_no: String },
}

/// A listing read into values. Claims are optional: only what the listing states is
/// checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingClaim {
    pub listing_id: Option<String>,
    pub shop: String,
    pub title: String,
    pub grade: Option<Grade>,
    pub down_cluster_pct: Option<Decimal>,
    pub fill_weight_g: Option<Decimal>,
    pub size: Option<String>,
    pub species: Option<DownSpecies>,
    pub product: ProductKey,
    /// Given with a GTIN too, it must match the certificate's enterprise.
    pub enterprise: Option<Uscc>,
}

fn present(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

fn text_field(field: &str, zh: &str, v: Option<&str>, max: usize) -> Result<String, FieldError> {
    let s = present(v).ok_or_else(|| {
        FieldError::new(
            field,
            "required",
            format!("{field} is required"),
            format!("{zh}不能为空"),
        )
    })?;
    if s.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{field} has more than {max} characters"),
            format!("{zh}超过 {max} 个字符"),
        ));
    }
    Ok(s.to_owned())
}

fn claimed<T>(
    field: &str,
    zh: &str,
    v: Option<&str>,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, FieldError> {
    let Some(text) = present(v) else {
        return Ok(None);
    };
    parse(text).map(Some).map_err(|why| {
        FieldError::new(
            field,
            "unreadable_claim",
            format!("{field} \"{text}\": {why}"),
            format!("{zh}“{text}”无法识别：{why}"),
        )
    })
}

impl ListingDraft {
    /// Reads the listing at position `index` of a batch; field names in errors are
    /// prefixed `listings[{index}].`.
    pub fn parse(&self, index: usize) -> Result<ListingClaim, FieldErrors> {
        let mut errs = FieldErrors::new();
        let shop = errs.collect(text_field("shop", "店铺", self.shop.as_deref(), 200));
        let title = errs.collect(text_field("title", "商品标题", self.title.as_deref(), 300));
        let grade = errs.collect(claimed(
            "claimed_grade",
            "标称等级",
            self.claimed_grade.as_deref(),
            parse_grade,
        ));
        let pct = self.claimed_down_cluster_pct.as_ref().map(|n| n.0.as_str());
        let pct = errs.collect(claimed(
            "claimed_down_cluster_pct",
            "标称绒子含量",
            pct,
            parse_percent,
        ));
        let fill = self.claimed_fill_weight_g.as_ref().map(|n| n.0.as_str());
        let fill = errs.collect(claimed(
            "claimed_fill_weight_g",
            "标称充绒量",
            fill,
            parse_grams,
        ));
        let species = errs.collect(claimed(
            "species",
            "羽绒种类",
            self.species.as_deref(),
            parse_species,
        ));
        let enterprise = match present(self.enterprise_credit_code.as_deref()) {
            None => Some(None),
            Some(code) => errs
                .collect(Uscc::parse(code).map_err(|mut e| {
                    e.field = "enterprise_credit_code".into();
                    e
                }))
                .map(Some),
        };
        let gtin = match present(self.gtin.as_deref()) {
            None => Some(None),
            Some(g) => errs.collect(Gtin::parse(g)).map(Some),
        };
        let style_no = present(self.style_no.as_deref()).map(str::to_owned);
        let product = match (gtin, style_no, enterprise.clone()) {
            (Some(Some(g)), _, _) => Some(ProductKey::Gtin(g)),
            (Some(None), Some(style_no), Some(Some(enterprise))) => Some(ProductKey::Style {
                enterprise,
                style_no,
            }),
            (Some(None), Some(_), Some(None)) => {
                errs.push(FieldError::new(
                    "enterprise_credit_code",
                    "required",
                    "a style number names a product only together with the enterprise credit code",
                    "仅凭款号无法确定产品，请同时提供企业统一社会信用代码",
                ));
                None
            }
            (Some(None), None, _) => {
                errs.push(FieldError::new(
                    "gtin",
                    "product_required",
                    "give the product's GTIN, or its style number and the enterprise credit code",
                    "请提供产品 GTIN，或款号及企业统一社会信用代码",
                ));
                None
            }
            _ => None,
        };
        let prefix = format!("listings[{index}].");
        let errs = FieldErrors(errs.0.into_iter().map(|e| e.prefixed(&prefix)).collect());
        match (shop, title, grade, pct, fill, species, product, enterprise) {
            (
                Some(shop),
                Some(title),
                Some(grade),
                Some(down_cluster_pct),
                Some(fill_weight_g),
                Some(species),
                Some(product),
                Some(enterprise),
            ) if errs.is_empty() => Ok(ListingClaim {
                listing_id: present(self.listing_id.as_deref()).map(str::to_owned),
                shop,
                title,
                grade,
                down_cluster_pct,
                fill_weight_g,
                size: present(self.size.as_deref()).map(str::to_owned),
                species,
                product,
                enterprise,
            }),
            _ => Err(errs),
        }
    }
}

/// Reads a whole batch: each listing's claim or its errors, in order.
pub fn parse_listings(drafts: &[ListingDraft]) -> Vec<Result<ListingClaim, FieldErrors>> {
    drafts.iter().enumerate().map(|(i, d)| d.parse(i)).collect()
}
