//! Grading applications: an enterprise asks for a grade with one or more reports; a
//! reviewer approves (possibly lowering the engine's grade, with a written reason — never
//! raising it) or rejects.

use crate::error::FieldError;
use crate::grading::Grade;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// The grade to certify: the engine's, or a lower one the reviewer chose with a reason.
pub fn decide_grade(
    engine: Grade,
    requested: Option<Grade>,
    reason: Option<&str>,
) -> Result<Grade, FieldError> {
    let Some(requested) = requested else {
        return Ok(engine);
    };
    if requested > engine {
        return Err(FieldError::new(
            "grade",
            "grade_raised",
            format!("a reviewer may lower the grade but never raise it (engine grade {engine}, asked {requested})"),
            format!("评审只能降低等级，不能提高（引擎等级 {engine}，申请 {requested}）"),
        ));
    }
    if requested < engine && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(FieldError::new(
            "lowering_reason",
            "required",
            "lowering the grade needs a written reason",
            "降低等级必须填写理由",
        ));
    }
    Ok(requested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: &str) -> Grade {
        s.parse().unwrap()
    }

    #[test]
    fn lower_with_reason_never_raise() {
        assert_eq!(decide_grade(g("4A"), None, None).unwrap(), g("4A"));
        assert_eq!(decide_grade(g("4A"), Some(g("4A")), None).unwrap(), g("4A"));
        assert_eq!(
            decide_grade(g("4A"), Some(g("3A")), Some("抽样代表性不足")).unwrap(),
            g("3A")
        );
        assert_eq!(
            decide_grade(g("4A"), Some(g("3A")), Some(" "))
                .unwrap_err()
                .field,
            "lowering_reason"
        );
        assert_eq!(
            decide_grade(g("4A"), Some(g("5A")), Some("x"))
                .unwrap_err()
                .code,
            "grade_raised"
        );
    }
}
