//! Consumer complaints (消费维权): categories, the states a complaint moves through, and
//! the deadlines — decide whether to accept within N working days, close within M days.

use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCategory {
    /// 对等级有疑问
    GradeDoubt,
    /// 充绒量不足
    FillWeight,
    /// 钻绒
    DownLeakage,
    /// 假冒
    Counterfeit,
    Other,
}

impl ComplaintCategory {
    pub const ALL: [ComplaintCategory; 5] = [
        Self::GradeDoubt,
        Self::FillWeight,
        Self::DownLeakage,
        Self::Counterfeit,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::GradeDoubt => "grade_doubt",
            Self::FillWeight => "fill_weight",
            Self::DownLeakage => "down_leakage",
            Self::Counterfeit => "counterfeit",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::GradeDoubt => "对等级有疑问",
            Self::FillWeight => "充绒量不足",
            Self::DownLeakage => "钻绒",
            Self::Counterfeit => "疑似假冒",
            Self::Other => "其他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::GradeDoubt => "Doubt about the grade",
            Self::FillWeight => "Fill weight too low",
            Self::DownLeakage => "Down leaks out",
            Self::Counterfeit => "Suspected counterfeit",
            Self::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    /// Filed; the regulator has to decide whether to accept it.
    Received,
    /// Accepted for handling (受理).
    Accepted,
    /// Not accepted (不予受理), with the reason; final.
    NotAccepted,
    /// Handled, with the outcome; final.
    Closed,
}

impl ComplaintStatus {
    pub const ALL: [ComplaintStatus; 4] = [
        Self::Received,
        Self::Accepted,
        Self::NotAccepted,
        Self::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Accepted => "accepted",
            Self::NotAccepted => "not_accepted",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Received | Self::Accepted)
    }
}

/// What staff do to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintAction {
    Accept,
    Reject,
    Close,
}

impl ComplaintAction {
    pub fn event(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::Reject => "not_accepted",
            Self::Close => "closed",
        }
    }
}

impl ComplaintStatus {
    /// The status after `action`, or why it is not allowed now.
    pub fn apply(self, action: ComplaintAction) -> Result<ComplaintStatus, String> {
        match (self, action) {
            (Self::Received, ComplaintAction::Accept) => Ok(Self::Accepted),
            (Self::Received, ComplaintAction::Reject) => Ok(Self::NotAccepted),
            (Self::Accepted, ComplaintAction::Close) => Ok(Self::Closed),
            (from, a) => Err(format!(
                "a {} complaint cannot be {}",
                from.as_str(),
                a.event().replace('_', " ")
            )),
        }
    }
}

/// `from` plus `n` working days counted Monday to Friday only. Deadlines use the
/// holiday calendar instead (`crate::calendar::WorkingCalendar`, via the app's
/// `working_deadline`); this is that calendar with no year's data.
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    crate::calendar::WorkingCalendar::weekdays_only().add_working_days(from, n)
}

/// A phone number as staff see it: the first three and last four digits.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "*".repeat(digits.len());
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(digits.len() - 7))
}

/// A mainland mobile (11 digits starting with 1) or a landline with area code, as typed.
pub fn parse_phone(v: &str) -> Result<Option<String>, FieldError> {
    let s: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let ok = s.chars().all(|c| c.is_ascii_digit())
        && (s.len() == 11 && s.starts_with('1')
            || (7..=12).contains(&s.len()) && s.starts_with('0'));
    if ok {
        Ok(Some(s))
    } else {
        Err(FieldError::new(
            "phone",
            "bad_phone",
            "give a mobile number (11 digits) or a landline with its area code",
            "请填写 11 位手机号码或带区号的固定电话",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Friday + 1 working day = Monday; 7 working days from a Monday = next Wednesday.
        assert_eq!(add_working_days(d("2026-11-27"), 1), d("2026-11-30"));
        assert_eq!(add_working_days(d("2026-11-30"), 7), d("2026-12-09"));
        assert_eq!(add_working_days(d("2026-11-28"), 7), d("2026-12-08"));
    }

    #[test]
    fn phones_are_checked_and_masked() {
        assert_eq!(
            parse_phone("138 0013 8000").unwrap().as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            parse_phone("0573-85123456").unwrap().as_deref(),
            Some("057385123456")
        );
        assert_eq!(parse_phone("").unwrap(), None);
        assert!(parse_phone("12345").is_err());
        assert_eq!(mask_phone("13800138000"), "138****8000");
    }

    #[test]
    fn transitions() {
        use ComplaintAction::*;
        assert_eq!(
            ComplaintStatus::Received.apply(Accept),
            Ok(ComplaintStatus::Accepted)
        );
        assert_eq!(
            ComplaintStatus::Received.apply(Reject),
            Ok(ComplaintStatus::NotAccepted)
        );
        assert!(ComplaintStatus::Received.apply(Close).is_err());
        assert_eq!(
            ComplaintStatus::Accepted.apply(Close),
            Ok(ComplaintStatus::Closed)
        );
        assert!(ComplaintStatus::Closed.apply(Accept).is_err());
        assert!(ComplaintStatus::NotAccepted.apply(Close).is_err());
    }
}
