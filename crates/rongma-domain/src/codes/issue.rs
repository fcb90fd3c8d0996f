//! What an enterprise asks for when it issues a batch of codes for a production lot, and
//! its check against the product: quantity, lot, production date, the optional size
//! breakdown (sizes of the product, counts summing to the quantity) and the URL form.
//!
//! The quotas that need the database (codes already issued on the certificate) and the
//! certificate's state are the app layer's; everything here is pure.

use crate::error::{FieldError, FieldErrors};
use crate::registry::text::{date, required};
use crate::registry::Product;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Longest lot number accepted (it is printed in lists, not on the tag).
pub const MAX_LOT_CHARS: usize = 40;

/// A batch as submitted (JSON body or form). Everything optional so every missing or bad
/// field can be reported at once.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchDraft {
    /// The certificate the codes carry; its enterprise owns the batch.
    pub certificate_id: Option<i64>,
    /// Number of codes (tags) in the batch.
    pub quantity: Option<i64>,
    /// The production lot (批号).
    pub lot_no: Option<String>,
    /// Production date, `YYYY-MM-DD`; not in the future.
    pub production_date: Option<String>,
    /// Optional breakdown by size; counts must add up to `quantity`. Codes are assigned
    /// to sizes in this order. Left out for a one-size product, that size is used.
    pub sizes: Option<Vec<BatchSizeDraft>>,
    /// GS1 Digital Link URLs (`/01/{GTIN}/21/{SERIAL}`) instead of the short form; the
    /// product must have a GTIN.
    pub digital_link: Option<bool>,
}

/// One size of a batch as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchSizeDraft {
    /// A size of the product, e.g. `L`.
    pub size: Option<String>,
    pub quantity: Option<i64>,
}

/// One size of an issued batch, with the fill weight the product declared when the batch
/// was issued (tags print what was declared then, even if the product changes later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchSize {
    pub size: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "180"))]
    pub fill_weight_g: Decimal,
    pub quantity: u64,
}

/// A checked batch request, ready to take a sequence range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchFields {
    pub quantity: u64,
    pub lot_no: String,
    pub production_date: NaiveDate,
    pub sizes: Vec<BatchSize>,
    /// GTIN-14 when the batch uses Digital Link URLs.
    pub gtin: Option<String>,
}

fn err(field: impl Into<String>, code: &str, en: String, zh: String) -> FieldError {
    FieldError::new(field, code, en, zh)
}

/// A count of codes: at least 1 and at most `max`.
fn count(field: &str, label_zh: &str, v: Option<i64>, max: u64) -> Result<u64, FieldError> {
    let Some(n) = v else {
        return Err(err(
            field,
            "required",
            format!("{field} is required"),
            format!("{label_zh}不能为空"),
        ));
    };
    match u64::try_from(n) {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ if n < 1 => Err(err(
            field,
            "out_of_range",
            format!("{field} must be at least 1, got {n}"),
            format!("{label_zh}至少为 1，实际为 {n}"),
        )),
        _ => Err(err(
            field,
            "over_cap",
            format!("{field} must be at most {max} codes per batch, got {n}"),
            format!("{label_zh}每批最多 {max} 个，实际为 {n}"),
        )),
    }
}

impl BatchDraft {
    /// Checks the request against `product` on `today`, with at most `max_quantity` codes
    /// per batch; every problem is reported, each naming its field.
    pub fn validate(
        &self,
        product: &Product,
        today: NaiveDate,
        max_quantity: u64,
    ) -> Result<BatchFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let quantity = errors.collect(count("quantity", "数量", self.quantity, max_quantity));
        let lot_no = errors.collect(required(
            "lot_no",
            "批号",
            self.lot_no.as_deref(),
            MAX_LOT_CHARS,
        ));
        let production_date = errors.collect(
            date(
                "production_date",
                "生产日期",
                self.production_date.as_deref(),
            )
            .and_then(|d| {
                if d > today {
                    Err(err(
                        "production_date",
                        "in_future",
                        format!("production_date {d} is in the future"),
                        format!("生产日期 {d} 晚于今天"),
                    ))
                } else {
                    Ok(d)
                }
            }),
        );
        let sizes = self.sizes(product, quantity, &mut errors);
        let gtin = match (self.digital_link.unwrap_or(false), &product.gtin) {
            (false, _) => None,
            (true, Some(g)) => Some(g.as_str().to_owned()),
            (true, None) => {
                errors.push(err(
                    "digital_link",
                    "no_gtin",
                    "GS1 Digital Link URLs need a GTIN, and this product has none".into(),
                    "该产品没有 GTIN，不能使用 GS1 数字链接".into(),
                ));
                None
            }
        };
        match (quantity, lot_no, production_date) {
            (Some(quantity), Some(lot_no), Some(production_date)) if errors.is_empty() => {
                Ok(BatchFields {
                    quantity,
                    lot_no,
                    production_date,
                    sizes,
                    gtin,
                })
            }
            _ => Err(errors),
        }
    }

    /// The size breakdown: sizes of the product, each once, counts adding up to the
    /// quantity. A one-size product without a breakdown gets its size.
    fn sizes(
        &self,
        product: &Product,
        quantity: Option<u64>,
        errors: &mut FieldErrors,
    ) -> Vec<BatchSize> {
        let Some(drafts) = self.sizes.as_ref().filter(|s| !s.is_empty()) else {
            return match (product.sizes.as_slice(), quantity) {
                ([only], Some(q)) => vec![BatchSize {
                    size: only.size.clone(),
                    fill_weight_g: only.fill_weight_g,
                    quantity: q,
                }],
                _ => Vec::new(),
            };
        };
        let known: Vec<&str> = product.sizes.iter().map(|s| s.size.as_str()).collect();
        let mut out: Vec<BatchSize> = Vec::with_capacity(drafts.len());
        let mut sum: u64 = 0;
        let errors_before = errors.len();
        for (i, d) in drafts.iter().enumerate() {
            let field = format!("sizes[{i}].size");
            let size = d.size.as_deref().map(str::trim).unwrap_or("");
            let fill = product
                .sizes
                .iter()
                .find(|s| s.size.eq_ignore_ascii_case(size));
            let q = errors.collect(count(
                &format!("sizes[{i}].quantity"),
                "尺码数量",
                d.quantity,
                u64::MAX,
            ));
            match fill {
                None => errors.push(err(
                    field,
                    "unknown_size",
                    format!(
                        "size \"{size}\" is not a size of this product (sizes: {})",
                        known.join(", ")
                    ),
                    format!("尺码“{size}”不是该产品的尺码（可选：{}）", known.join("、")),
                )),
                Some(f) if out.iter().any(|o| o.size == f.size) => errors.push(err(
                    field,
                    "duplicate_size",
                    format!("size \"{}\" is listed twice", f.size),
                    format!("尺码“{}”重复", f.size),
                )),
                Some(f) => {
                    if let Some(q) = q {
                        sum = sum.saturating_add(q);
                        out.push(BatchSize {
                            size: f.size.clone(),
                            fill_weight_g: f.fill_weight_g,
                            quantity: q,
                        });
                    }
                }
            }
        }
        if let Some(q) = quantity {
            if errors.len() == errors_before && sum != q {
                errors.push(err(
                    "sizes",
                    "sizes_sum",
                    format!("the size counts add up to {sum}, but the quantity is {q}"),
                    format!("各尺码数量之和为 {sum}，与数量 {q} 不符"),
                ));
            }
        }
        out
    }
}
