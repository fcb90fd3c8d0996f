//! Enterprises (生产企业), identified by their 统一社会信用代码, with their standing in the
//! grading pilot library.

use super::text::{optional, required};
use crate::error::FieldErrors;
use crate::ids::Uscc;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Standing of an enterprise in the grading pilot library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PilotStatus {
    Applied,
    Member,
    Suspended,
}

impl PilotStatus {
    pub const ALL: [PilotStatus; 3] = [Self::Applied, Self::Member, Self::Suspended];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Member => "member",
            Self::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Applied => "已申请",
            Self::Member => "试点成员",
            Self::Suspended => "已暂停",
        }
    }
}

/// An enterprise as the client sends it (form or JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseDraft {
    /// 统一社会信用代码, 18 characters; lower case is accepted and upper-cased.
    pub credit_code: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub legal_representative: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// `applied` (default), `member` or `suspended`.
    pub pilot_status: Option<String>,
}

/// Validated enterprise fields, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseFields {
    pub credit_code: Uscc,
    pub name: String,
    pub address: String,
    pub legal_representative: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub pilot_status: PilotStatus,
}

impl EnterpriseDraft {
    pub fn validate(&self) -> Result<EnterpriseFields, FieldErrors> {
        let mut errs = FieldErrors::new();
        let credit_code = match self.credit_code.as_deref().map(str::trim) {
            None | Some("") => errs
                .collect(required("credit_code", "统一社会信用代码", None, 18))
                .and(None),
            Some(s) => errs.collect(Uscc::parse(s)),
        };
        let name = errs.collect(required("name", "企业名称", self.name.as_deref(), 200));
        let address = errs.collect(required("address", "地址", self.address.as_deref(), 300));
        let legal_representative = errs.collect(required(
            "legal_representative",
            "法定代表人",
            self.legal_representative.as_deref(),
            100,
        ));
        let contact_name = errs.collect(optional(
            "contact_name",
            "联系人",
            self.contact_name.as_deref(),
            100,
        ));
        let contact_phone = errs.collect(phone(self.contact_phone.as_deref()));
        let pilot_status = match self.pilot_status.as_deref().map(str::trim) {
            None | Some("") => Some(PilotStatus::Applied),
            Some(s) => {
                let p = PilotStatus::parse(s);
                if p.is_none() {
                    errs.push(crate::FieldError::new(
                        "pilot_status",
                        "unknown_value",
                        format!("pilot_status must be applied, member or suspended, got \"{s}\""),
                        format!("试点状态应为 applied、member 或 suspended，实际为“{s}”"),
                    ));
                }
                p
            }
        };
        match (
            credit_code,
            name,
            address,
            legal_representative,
            contact_name,
            contact_phone,
            pilot_status,
        ) {
            (
                Some(credit_code),
                Some(name),
                Some(address),
                Some(legal_representative),
                Some(contact_name),
                Some(contact_phone),
                Some(pilot_status),
            ) if errs.is_empty() => Ok(EnterpriseFields {
                credit_code,
                name,
                address,
                legal_representative,
                contact_name,
                contact_phone,
                pilot_status,
            }),
            _ => Err(errs),
        }
    }
}

/// A telephone number as people write it: digits with optional `+`, `-`, spaces and
/// parentheses, 5–20 digits.
fn phone(v: Option<&str>) -> Result<Option<String>, crate::FieldError> {
    let Some(s) = optional("contact_phone", "联系电话", v, 30)? else {
        return Ok(None);
    };
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let ok_chars = s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !ok_chars || !(5..=20).contains(&digits) {
        return Err(crate::FieldError::new(
            "contact_phone",
            "bad_phone",
            "contact_phone must be a telephone number (digits, +, -, spaces)",
            "联系电话格式不正确（只能包含数字、+、-、空格）",
        ));
    }
    Ok(Some(s))
}

/// A stored enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enterprise {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "91330482MA2JD3XY8K"))]
    pub credit_code: Uscc,
    pub name: String,
    pub address: String,
    pub legal_representative: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub pilot_status: PilotStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when archived (soft-deleted); archived enterprises keep their history.
    pub archived_at: Option<DateTime<Utc>>,
}

impl From<&Enterprise> for EnterpriseDraft {
    fn from(e: &Enterprise) -> Self {
        Self {
            credit_code: Some(e.credit_code.to_string()),
            name: Some(e.name.clone()),
            address: Some(e.address.clone()),
            legal_representative: Some(e.legal_representative.clone()),
            contact_name: Some(e.contact_name.clone().unwrap_or_default()),
            contact_phone: Some(e.contact_phone.clone().unwrap_or_default()),
            pilot_status: Some(e.pilot_status.as_str().into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> EnterpriseDraft {
        EnterpriseDraft {
            credit_code: Some("91330100799655058b".into()),
            name: Some("平湖示例服饰有限公司".into()),
            address: Some("浙江省平湖市".into()),
            legal_representative: Some("张三".into()),
            contact_name: None,
            contact_phone: Some("0573-85000000".into()),
            pilot_status: None,
        }
    }

    #[test]
    fn valid_draft_normalises_code_and_defaults_status() {
        let f = good().validate().unwrap();
        assert_eq!(f.credit_code.as_str(), "91330100799655058B");
        assert_eq!(f.pilot_status, PilotStatus::Applied);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let d = EnterpriseDraft {
            credit_code: Some("914403001922038217".into()),
            name: None,
            contact_phone: Some("call me".into()),
            pilot_status: Some("vip".into()),
            ..good()
        };
        let e = d.validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["credit_code", "name", "contact_phone", "pilot_status"]
        );
    }
}
