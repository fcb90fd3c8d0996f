//! Products (styles, 款式): what a label must state — down species and colour, declared
//! 绒子含量, and the 充绒量 of each size — plus the executive standard and an optional GTIN.

use super::text::{decimal, required, NumberText};
use crate::error::{FieldError, FieldErrors};
use crate::ids::Gtin;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// 羽绒种类.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DownSpecies {
    Duck,
    Goose,
}

impl DownSpecies {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Duck => "duck",
            Self::Goose => "goose",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "duck" => Some(Self::Duck),
            "goose" => Some(Self::Goose),
            _ => None,
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Duck => "鸭绒",
            Self::Goose => "鹅绒",
        }
    }
}

/// 羽绒颜色.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DownColour {
    White,
    Grey,
}

impl DownColour {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::White => "white",
            Self::Grey => "grey",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "white" => Some(Self::White),
            "grey" | "gray" => Some(Self::Grey),
            _ => None,
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::White => "白",
            Self::Grey => "灰",
        }
    }
}

/// One size of a style and its declared fill weight.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SizeDraft {
    pub size: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "180"))]
    pub fill_weight_g: Option<NumberText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SizeFill {
    /// Size label as on the garment (S, M, 170/92A …).
    pub size: String,
    /// Declared 充绒量 in grams, exact decimal written as a string.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "180"))]
    pub fill_weight_g: Decimal,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductDraft {
    pub brand_id: Option<i64>,
    pub style_no: Option<String>,
    pub name: Option<String>,
    /// `duck` or `goose`.
    pub species: Option<String>,
    /// `white` or `grey`.
    pub colour: Option<String>,
    /// Declared 绒子含量 in percent (0–100, one decimal).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "90"))]
    pub declared_down_cluster_pct: Option<NumberText>,
    /// At least one size with its declared 充绒量.
    pub sizes: Option<Vec<SizeDraft>>,
    pub shell_fabric: Option<String>,
    /// Executive standard, e.g. `GB/T 14272-2021`.
    pub standard: Option<String>,
    /// GTIN-8/12/13/14; stored as 14 digits.
    pub gtin: Option<String>,
}

/// Validated product fields. The enterprise comes from the brand, resolved by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFields {
    pub brand_id: i64,
    pub style_no: String,
    pub name: String,
    pub species: DownSpecies,
    pub colour: DownColour,
    pub declared_down_cluster_pct: Decimal,
    pub sizes: Vec<SizeFill>,
    pub shell_fabric: String,
    pub standard: String,
    pub gtin: Option<Gtin>,
}

fn choice<T>(
    field: &str,
    zh: &str,
    v: Option<&str>,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T, FieldError> {
    let s = required(field, zh, v, 20)?;
    parse(&s).ok_or_else(|| {
        FieldError::new(
            field,
            "unknown_value",
            format!("{field} must be {allowed}, got \"{s}\""),
            format!("{zh}应为 {allowed}，实际为“{s}”"),
        )
    })
}

impl ProductDraft {
    pub fn validate(&self) -> Result<ProductFields, FieldErrors> {
        let mut errs = FieldErrors::new();
        if self.brand_id.is_none() {
            errs.push(FieldError::new(
                "brand_id",
                "required",
                "brand_id is required",
                "品牌不能为空",
            ));
        }
        let style_no = errs.collect(required("style_no", "款号", self.style_no.as_deref(), 40));
        let name = errs.collect(required("name", "款式名称", self.name.as_deref(), 200));
        let species = errs.collect(choice(
            "species",
            "羽绒种类",
            self.species.as_deref(),
            DownSpecies::parse,
            "duck or goose",
        ));
        let colour = errs.collect(choice(
            "colour",
            "羽绒颜色",
            self.colour.as_deref(),
            DownColour::parse,
            "white or grey",
        ));
        let content = errs.collect(decimal(
            "declared_down_cluster_pct",
            "标称绒子含量",
            self.declared_down_cluster_pct.as_ref(),
            Decimal::ZERO,
            false,
            Decimal::ONE_HUNDRED,
            1,
        ));
        let sizes = self.validate_sizes(&mut errs);
        let shell_fabric = errs.collect(required(
            "shell_fabric",
            "面料",
            self.shell_fabric.as_deref(),
            200,
        ));
        let standard = errs.collect(required(
            "standard",
            "执行标准",
            self.standard.as_deref(),
            60,
        ));
        let gtin = match self.gtin.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(g) => errs.collect(Gtin::parse(g)).map(Some),
        };
        match (
            self.brand_id,
            style_no,
            name,
            species,
            colour,
            content,
            shell_fabric,
            standard,
            gtin,
        ) {
            (
                Some(brand_id),
                Some(style_no),
                Some(name),
                Some(species),
                Some(colour),
                Some(declared_down_cluster_pct),
                Some(shell_fabric),
                Some(standard),
                Some(gtin),
            ) if errs.is_empty() => Ok(ProductFields {
                brand_id,
                style_no,
                name,
                species,
                colour,
                declared_down_cluster_pct,
                sizes,
                shell_fabric,
                standard,
                gtin,
            }),
            _ => Err(errs),
        }
    }

    fn validate_sizes(&self, errs: &mut FieldErrors) -> Vec<SizeFill> {
        let sizes = self.sizes.as_deref().unwrap_or_default();
        if sizes.is_empty() {
            errs.push(FieldError::new(
                "sizes",
                "required",
                "at least one size with its fill weight is required",
                "至少需要一个尺码及其充绒量",
            ));
        }
        let mut out: Vec<SizeFill> = Vec::with_capacity(sizes.len());
        let mut seen: Vec<String> = Vec::with_capacity(sizes.len());
        for (i, s) in sizes.iter().enumerate() {
            let prefix = format!("sizes[{i}].");
            let size = errs.collect(
                required("size", "尺码", s.size.as_deref(), 20).map_err(|e| e.prefixed(&prefix)),
            );
            let weight = errs.collect(
                decimal(
                    "fill_weight_g",
                    "充绒量",
                    s.fill_weight_g.as_ref(),
                    Decimal::ZERO,
                    false,
                    Decimal::from(5000),
                    1,
                )
                .map_err(|e| e.prefixed(&prefix)),
            );
            let Some(size) = size else { continue };
            if seen.contains(&size) {
                errs.push(FieldError::new(
                    format!("{prefix}size"),
                    "duplicate",
                    format!("size {size} is listed twice"),
                    format!("尺码 {size} 重复"),
                ));
                continue;
            }
            seen.push(size.clone());
            if let Some(fill_weight_g) = weight {
                out.push(SizeFill {
                    size,
                    fill_weight_g,
                });
            }
        }
        out
    }
}

/// Parses sizes written one per line or comma-separated as `size:grams` (the web form's
/// text box), e.g. `S:160, M:180, L:200`.
pub fn sizes_from_text(text: &str) -> Vec<SizeDraft> {
    text.split([',', '，', '\n', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (size, weight) = p.split_once([':', '：', '=']).unwrap_or((p, ""));
            SizeDraft {
                size: Some(size.trim().to_owned()),
                fill_weight_g: Some(NumberText(
                    weight
                        .trim()
                        .trim_end_matches(['g', 'G', '克'])
                        .trim()
                        .to_owned(),
                )),
            }
        })
        .collect()
}

/// A stored product with its sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: i64,
    pub enterprise_id: i64,
    pub brand_id: i64,
    pub style_no: String,
    pub name: String,
    pub species: DownSpecies,
    pub colour: DownColour,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "90"))]
    pub declared_down_cluster_pct: Decimal,
    pub sizes: Vec<SizeFill>,
    pub shell_fabric: String,
    pub standard: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "06901234567892"))]
    pub gtin: Option<Gtin>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl From<&Product> for ProductDraft {
    fn from(p: &Product) -> Self {
        Self {
            brand_id: Some(p.brand_id),
            style_no: Some(p.style_no.clone()),
            name: Some(p.name.clone()),
            species: Some(p.species.as_str().into()),
            colour: Some(p.colour.as_str().into()),
            declared_down_cluster_pct: Some(NumberText(p.declared_down_cluster_pct.to_string())),
            sizes: Some(
                p.sizes
                    .iter()
                    .map(|s| SizeDraft {
                        size: Some(s.size.clone()),
                        fill_weight_g: Some(NumberText(s.fill_weight_g.to_string())),
                    })
                    .collect(),
            ),
            shell_fabric: Some(p.shell_fabric.clone()),
            standard: Some(p.standard.clone()),
            gtin: Some(p.gtin.as_ref().map(|g| g.to_string()).unwrap_or_default()),
        }
    }
}

impl Product {
    /// The declared fill weight of a size.
    pub fn fill_weight(&self, size: &str) -> Option<Decimal> {
        self.sizes
            .iter()
            .find(|s| s.size == size)
            .map(|s| s.fill_weight_g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ProductDraft {
        ProductDraft {
            brand_id: Some(1),
            style_no: Some("PH-2025-001".into()),
            name: Some("轻暖短款羽绒服".into()),
            species: Some("goose".into()),
            colour: Some("white".into()),
            declared_down_cluster_pct: Some("90".into()),
            sizes: Some(sizes_from_text("S:160, M:180g\nL：200")),
            shell_fabric: Some("100% 锦纶".into()),
            standard: Some("GB/T 14272-2021".into()),
            gtin: Some("6901234567892".into()),
        }
    }

    #[test]
    fn valid_product_with_sizes_and_gtin() {
        let p = good().validate().unwrap();
        assert_eq!(p.sizes.len(), 3);
        assert_eq!(p.sizes[1].fill_weight_g.to_string(), "180");
        assert_eq!(p.gtin.unwrap().as_str(), "06901234567892");
    }

    #[test]
    fn bad_values_name_their_fields() {
        let d = ProductDraft {
            species: Some("chicken".into()),
            declared_down_cluster_pct: Some("101".into()),
            sizes: Some(sizes_from_text("S:0, M:-5, S:100")),
            gtin: Some("6901234567893".into()),
            ..good()
        };
        let e = d.validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "species",
                "declared_down_cluster_pct",
                "sizes[0].fill_weight_g",
                "sizes[1].fill_weight_g",
                "sizes[2].size",
                "gtin"
            ]
        );
    }

    #[test]
    fn no_sizes_is_an_error() {
        let d = ProductDraft {
            sizes: Some(vec![]),
            ..good()
        };
        assert_eq!(d.validate().unwrap_err().0[0].field, "sizes");
    }
}
