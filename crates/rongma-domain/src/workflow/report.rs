//! Test reports: a lab's measured values for one product sample, with where the sample
//! came from. A submitted report is immutable; a correction is a new report that
//! supersedes it.

use crate::error::{FieldError, FieldErrors};
use crate::grading::{Profile, Report};
use crate::registry::text::{date, optional, required};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Submitted,
    /// A later report of the same lab corrects this one.
    Superseded,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Superseded => "superseded",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "submitted" => Some(Self::Submitted),
            "superseded" => Some(Self::Superseded),
            _ => None,
        }
    }
}

/// Who drew the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SampledBy {
    /// The enterprise sent the sample in (企业送样).
    Enterprise,
    /// An inspector drew it under supervision (监督抽样).
    Inspector,
}

impl SampledBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enterprise => "enterprise",
            Self::Inspector => "inspector",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "enterprise" | "企业送样" => Some(Self::Enterprise),
            "inspector" | "监督抽样" => Some(Self::Inspector),
            _ => None,
        }
    }
}

/// A report as a lab sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDraft {
    /// The lab's own report number (unique per lab).
    pub report_no: Option<String>,
    pub product_id: Option<i64>,
    /// The size tested, if the sample is one size of the style.
    pub size: Option<String>,
    pub sample_description: Option<String>,
    /// `YYYY-MM-DD`
    pub sampling_date: Option<String>,
    /// Production batch or lot of the sample.
    pub batch_no: Option<String>,
    /// `enterprise` (sent in) or `inspector` (supervised sampling).
    pub sampled_by: Option<String>,
    /// Name of the person who drew the sample (required for supervised sampling).
    pub sampler: Option<String>,
    /// `YYYY-MM-DD`
    pub test_date: Option<String>,
    /// The report values: `{"declared": {…}, "measured": {…}}` (see the grading fields).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub values: Option<serde_json::Value>,
    /// The id of an earlier report of this lab that this one corrects.
    pub supersedes: Option<i64>,
}

/// A validated report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFields {
    pub report_no: String,
    pub product_id: i64,
    pub size: Option<String>,
    pub sample_description: String,
    pub sampling_date: NaiveDate,
    pub batch_no: Option<String>,
    pub sampled_by: SampledBy,
    pub sampler: Option<String>,
    pub test_date: NaiveDate,
    pub report: Report,
    pub supersedes: Option<i64>,
}

impl ReportDraft {
    /// Validates everything that does not need the database; `today` bounds the dates.
    pub fn validate(
        &self,
        profile: &Profile,
        today: NaiveDate,
    ) -> Result<ReportFields, FieldErrors> {
        let mut errs = FieldErrors::new();
        let report_no = errs
            .collect(required(
                "report_no",
                "报告编号",
                self.report_no.as_deref(),
                64,
            ))
            .and_then(|n| {
                if n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_/.()（）".contains(c))
                {
                    Some(n)
                } else {
                    errs.push(FieldError::new(
                        "report_no",
                        "bad_report_no",
                        "report_no may hold letters, digits and - _ / . ( )",
                        "报告编号只能包含字母、数字及 - _ / . ( )",
                    ));
                    None
                }
            });
        if self.product_id.is_none() {
            errs.push(FieldError::new(
                "product_id",
                "required",
                "product_id is required",
                "产品不能为空",
            ));
        }
        let size = errs.collect(optional("size", "尺码", self.size.as_deref(), 20));
        let sample_description = errs.collect(required(
            "sample_description",
            "样品描述",
            self.sample_description.as_deref(),
            500,
        ));
        let sampling_date = errs.collect(date(
            "sampling_date",
            "抽样日期",
            self.sampling_date.as_deref(),
        ));
        let batch_no = errs.collect(optional("batch_no", "批号", self.batch_no.as_deref(), 64));
        let sampled_by = match self.sampled_by.as_deref().map(str::trim) {
            None | Some("") => {
                errs.push(FieldError::new(
                    "sampled_by",
                    "required",
                    "sampled_by is required (enterprise or inspector)",
                    "抽样方式不能为空",
                ));
                None
            }
            Some(s) => SampledBy::parse(s).or_else(|| {
                errs.push(FieldError::new(
                    "sampled_by",
                    "unknown_value",
                    format!("sampled_by must be enterprise or inspector, got \"{s}\""),
                    format!(
                        "抽样方式应为 enterprise（企业送样）或 inspector（监督抽样），实际为“{s}”"
                    ),
                ));
                None
            }),
        };
        let sampler = errs.collect(optional("sampler", "抽样人", self.sampler.as_deref(), 100));
        if sampled_by == Some(SampledBy::Inspector) && matches!(sampler, Some(None)) {
            errs.push(FieldError::new(
                "sampler",
                "required",
                "supervised sampling names the inspector who drew the sample",
                "监督抽样须填写抽样检查员",
            ));
        }
        let test_date = errs.collect(date("test_date", "检测日期", self.test_date.as_deref()));
        for (field, zh, d) in [
            ("sampling_date", "抽样日期", sampling_date),
            ("test_date", "检测日期", test_date),
        ] {
            if d.is_some_and(|d| d > today) {
                errs.push(FieldError::new(
                    field,
                    "in_future",
                    format!("{field} is in the future"),
                    format!("{zh}晚于今天"),
                ));
            }
        }
        if let (Some(s), Some(t)) = (sampling_date, test_date) {
            if t < s {
                errs.push(FieldError::new(
                    "test_date",
                    "before_sampling",
                    "test_date is before sampling_date",
                    "检测日期早于抽样日期",
                ));
            }
        }
        let report = match &self.values {
            None => {
                errs.push(FieldError::new(
                    "values",
                    "required",
                    "values (the measured report fields) are required",
                    "检测数据不能为空",
                ));
                None
            }
            Some(v) => match Report::from_json(v, profile) {
                Ok(r) => Some(r),
                Err(e) => {
                    errs.extend(FieldErrors(
                        e.0.into_iter().map(|e| e.prefixed("values.")).collect(),
                    ));
                    None
                }
            },
        };
        match (
            report_no,
            self.product_id,
            size,
            sample_description,
            sampling_date,
            batch_no,
            sampled_by,
            sampler,
            test_date,
            report,
        ) {
            (
                Some(report_no),
                Some(product_id),
                Some(size),
                Some(sample_description),
                Some(sampling_date),
                Some(batch_no),
                Some(sampled_by),
                Some(sampler),
                Some(test_date),
                Some(report),
            ) if errs.is_empty() => Ok(ReportFields {
                report_no,
                product_id,
                size,
                sample_description,
                sampling_date,
                batch_no,
                sampled_by,
                sampler,
                test_date,
                report,
                supersedes: self.supersedes,
            }),
            _ => Err(errs),
        }
    }
}
