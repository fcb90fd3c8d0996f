//! Test labs (检测机构) and their accreditations: CMA (资质认定, required) and CNAS
//! (optional), each a certificate number with a validity period.

use super::text::{date, optional, optional_date, required};
use crate::error::{FieldError, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabDraft {
    pub name: Option<String>,
    pub address: Option<String>,
    /// CMA certificate number.
    pub cma_no: Option<String>,
    /// `YYYY-MM-DD`
    pub cma_valid_from: Option<String>,
    /// `YYYY-MM-DD`
    pub cma_valid_until: Option<String>,
    /// CNAS accreditation number, e.g. `CNAS L1234` (optional).
    pub cnas_no: Option<String>,
    pub cnas_valid_from: Option<String>,
    pub cnas_valid_until: Option<String>,
}

/// One accreditation: number and validity (both ends inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accreditation {
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

impl Accreditation {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && day <= self.valid_until
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabFields {
    pub name: String,
    pub address: Option<String>,
    pub cma: Accreditation,
    pub cnas: Option<Accreditation>,
}

fn accreditation(
    errs: &mut FieldErrors,
    kind: &str,
    number: Option<String>,
    from: Option<&str>,
    until: Option<&str>,
) -> Option<Accreditation> {
    let number = number?;
    let from = errs.collect(date(&format!("{kind}_valid_from"), "有效期起", from));
    let until = errs.collect(date(&format!("{kind}_valid_until"), "有效期止", until));
    let (from, until) = (from?, until?);
    if from > until {
        errs.push(FieldError::new(
            format!("{kind}_valid_until"),
            "before_start",
            format!("{kind}_valid_until ({until}) is before {kind}_valid_from ({from})"),
            format!("有效期止（{until}）早于有效期起（{from}）"),
        ));
        return None;
    }
    Some(Accreditation {
        number,
        valid_from: from,
        valid_until: until,
    })
}

impl LabDraft {
    pub fn validate(&self) -> Result<LabFields, FieldErrors> {
        let mut errs = FieldErrors::new();
        let name = errs.collect(required("name", "机构名称", self.name.as_deref(), 200));
        let address = errs.collect(optional("address", "地址", self.address.as_deref(), 300));
        let cma_no = errs
            .collect(required(
                "cma_no",
                "CMA 证书编号",
                self.cma_no.as_deref(),
                32,
            ))
            .and_then(|n| {
                if n.chars().all(|c| c.is_ascii_alphanumeric()) && n.len() >= 6 {
                    Some(n.to_ascii_uppercase())
                } else {
                    errs.push(FieldError::new(
                        "cma_no",
                        "bad_cma_no",
                        "cma_no must be 6–32 letters and digits",
                        "CMA 证书编号应为 6–32 位字母或数字",
                    ));
                    None
                }
            });
        let cma = accreditation(
            &mut errs,
            "cma",
            cma_no,
            self.cma_valid_from.as_deref(),
            self.cma_valid_until.as_deref(),
        );
        let cnas_no = errs.collect(cnas_number(self.cnas_no.as_deref()));
        let cnas = match cnas_no {
            Some(Some(n)) => accreditation(
                &mut errs,
                "cnas",
                Some(n),
                self.cnas_valid_from.as_deref(),
                self.cnas_valid_until.as_deref(),
            )
            .map(Some),
            Some(None) => {
                let from = errs.collect(optional_date(
                    "cnas_valid_from",
                    "有效期起",
                    self.cnas_valid_from.as_deref(),
                ));
                let until = errs.collect(optional_date(
                    "cnas_valid_until",
                    "有效期止",
                    self.cnas_valid_until.as_deref(),
                ));
                if matches!(from, Some(Some(_))) || matches!(until, Some(Some(_))) {
                    errs.push(FieldError::new(
                        "cnas_no",
                        "required",
                        "cnas_no is required when CNAS dates are given",
                        "填写了 CNAS 有效期时必须填写 CNAS 编号",
                    ));
                }
                Some(None)
            }
            None => None,
        };
        match (name, address, cma, cnas) {
            (Some(name), Some(address), Some(cma), Some(cnas)) if errs.is_empty() => {
                Ok(LabFields {
                    name,
                    address,
                    cma,
                    cnas,
                })
            }
            _ => Err(errs),
        }
    }
}

/// CNAS lab accreditation numbers look like `CNAS L1234`; `L1234` alone is accepted.
fn cnas_number(v: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(s) = optional("cnas_no", "CNAS 编号", v, 20)? else {
        return Ok(None);
    };
    let upper = s.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("CNAS")
        .map(str::trim_start)
        .unwrap_or(&upper);
    let digits = rest.strip_prefix('L').unwrap_or("");
    if (3..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(format!("CNAS L{digits}")))
    } else {
        Err(FieldError::new(
            "cnas_no",
            "bad_cnas_no",
            "cnas_no must look like CNAS L1234",
            "CNAS 编号格式应为 CNAS L1234",
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lab {
    pub id: i64,
    pub name: String,
    pub address: Option<String>,
    pub cma: Accreditation,
    pub cnas: Option<Accreditation>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl Lab {
    /// Whether the lab was accredited on `day`: its CMA must be valid, and so must its
    /// CNAS accreditation if it declared one.
    pub fn accredited_on(&self, day: NaiveDate) -> bool {
        self.cma.valid_on(day) && self.cnas.as_ref().is_none_or(|c| c.valid_on(day))
    }
}

impl From<&Lab> for LabDraft {
    fn from(l: &Lab) -> Self {
        let date = |d: chrono::NaiveDate| Some(d.to_string());
        Self {
            name: Some(l.name.clone()),
            address: Some(l.address.clone().unwrap_or_default()),
            cma_no: Some(l.cma.number.clone()),
            cma_valid_from: date(l.cma.valid_from),
            cma_valid_until: date(l.cma.valid_until),
            cnas_no: Some(
                l.cnas
                    .as_ref()
                    .map(|c| c.number.clone())
                    .unwrap_or_default(),
            ),
            cnas_valid_from: Some(
                l.cnas
                    .as_ref()
                    .map(|c| c.valid_from.to_string())
                    .unwrap_or_default(),
            ),
            cnas_valid_until: Some(
                l.cnas
                    .as_ref()
                    .map(|c| c.valid_until.to_string())
                    .unwrap_or_default(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> LabDraft {
        LabDraft {
            name: Some("浙江示例纤维检测中心".into()),
            address: None,
            cma_no: Some("231100340123".into()),
            cma_valid_from: Some("2023-01-01".into()),
            cma_valid_until: Some("2028-12-31".into()),
            cnas_no: Some("l1234".into()),
            cnas_valid_from: Some("2024-01-01".into()),
            cnas_valid_until: Some("2027-06-30".into()),
        }
    }

    #[test]
    fn valid_lab_normalises_cnas() {
        let l = good().validate().unwrap();
        assert_eq!(l.cnas.unwrap().number, "CNAS L1234");
    }

    #[test]
    fn dates_and_numbers_are_checked() {
        let d = LabDraft {
            cma_valid_until: Some("2022-01-01".into()),
            cnas_no: Some("XYZ".into()),
            ..good()
        };
        let e = d.validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["cma_valid_until", "cnas_no"]);
    }
}
