//! Brands, each owned by one enterprise, with an optional trademark registration number.

use super::text::{optional, required};
use crate::error::{FieldError, FieldErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrandDraft {
    /// Owning enterprise. Enterprise users may omit it: their own enterprise is used.
    pub enterprise_id: Option<i64>,
    pub name: Option<String>,
    /// 商标注册号 (digits, optionally with a class suffix).
    pub trademark_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandFields {
    pub enterprise_id: i64,
    pub name: String,
    pub trademark_no: Option<String>,
}

impl BrandDraft {
    /// Validates the draft; `enterprise_id` must already be resolved by the caller.
    pub fn validate(&self) -> Result<BrandFields, FieldErrors> {
        let mut errs = FieldErrors::new();
        let enterprise_id = self.enterprise_id;
        if enterprise_id.is_none() {
            errs.push(FieldError::new(
                "enterprise_id",
                "required",
                "enterprise_id is required",
                "所属企业不能为空",
            ));
        }
        let name = errs.collect(required("name", "品牌名称", self.name.as_deref(), 100));
        let trademark_no = errs
            .collect(optional(
                "trademark_no",
                "商标注册号",
                self.trademark_no.as_deref(),
                20,
            ))
            .and_then(|t| match t {
                Some(t) if !t.chars().all(|c| c.is_ascii_alphanumeric()) => {
                    errs.push(FieldError::new(
                        "trademark_no",
                        "bad_trademark_no",
                        "trademark_no must be letters and digits only",
                        "商标注册号只能包含字母和数字",
                    ));
                    None
                }
                t => Some(t),
            });
        match (enterprise_id, name, trademark_no) {
            (Some(enterprise_id), Some(name), Some(trademark_no)) if errs.is_empty() => {
                Ok(BrandFields {
                    enterprise_id,
                    name,
                    trademark_no,
                })
            }
            _ => Err(errs),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Brand {
    pub id: i64,
    pub enterprise_id: i64,
    pub name: String,
    pub trademark_no: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl From<&Brand> for BrandDraft {
    fn from(b: &Brand) -> Self {
        Self {
            enterprise_id: Some(b.enterprise_id),
            name: Some(b.name.clone()),
            trademark_no: Some(b.trademark_no.clone().unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trademark_is_checked() {
        let d = BrandDraft {
            enterprise_id: Some(1),
            name: Some("雪绒".into()),
            trademark_no: Some("12-34".into()),
        };
        assert_eq!(d.validate().unwrap_err().0[0].field, "trademark_no");
        let d = BrandDraft {
            trademark_no: Some("12345678".into()),
            ..d
        };
        assert_eq!(
            d.validate().unwrap().trademark_no.as_deref(),
            Some("12345678")
        );
    }
}
