//! Grading profiles (data) and the grading engine (a pure function).
//!
//! The flow is parse → grade → explain:
//! 1. [`Profile::from_toml_str`] reads and validates a profile file (thresholds per
//!    indicator and grade, baselines, the combination rule); [`Profile::builtin_default`]
//!    is the shipped default. A profile is identified by id, version and content hash.
//! 2. [`Report::from_json`] / [`CsvColumns::parse_record`] turn a lab report into typed,
//!    exact decimals, collecting every field error into [`FieldErrors`](crate::FieldErrors).
//! 3. [`grade`] applies the profile: GB/T 8170 rounding, inclusive thresholds, composite
//!    indicators, baselines, weakest link. The [`GradingResult`] records every fact and
//!    serialises with zh/en explanations.
//!
//! Layout, one concern per file:
//! - `grade`: the [`Grade`] type (1A–5A) others import.
//! - `catalogue`: the closed set of ids, units and directions.
//! - `decimal`: exact decimal reading and GB/T 8170 rounding.
//! - `profile`, `profile_format`, `profile_check`, `threshold_check`, `thresholds`,
//!   `baseline_check`: profiles.
//! - `fields`, `input`, `input_json`, `input_csv`, `report`: report input.
//! - `baseline`, `engine`: the rules applied.
//! - `result`, `result_json`, `explain`, `explain_result`, `decimal_text`: what comes out.
//!
//! docs/GRADING.md is the reference for the profile format and every semantic choice.

mod baseline;
mod baseline_check;
mod catalogue;
mod decimal;
mod decimal_text;
mod engine;
mod explain;
mod explain_result;
mod fields;
mod grade;
mod input;
mod input_csv;
mod input_json;
mod profile;
mod profile_check;
mod profile_format;
mod report;
mod result;
mod result_json;
mod threshold_check;
mod thresholds;

pub use baseline::{Baseline, BaselineRule};
pub use catalogue::{
    BaselineId, ComponentId, Direction, FillPowerMethod, IndicatorId, Odour, Species, Unit,
};
pub use decimal::{parse_decimal_text, BadPrecision, Precision};
pub use engine::grade;
pub use explain::Explanation;
pub use grade::{Grade, UnknownGrade};
pub use input::{csv_header, report_field_names, FIELD_COUNT};
pub use input_csv::CsvColumns;
pub use profile::{
    CombinationRule, Component, DisplayName, Indicator, IndicatorKind, Profile, ProfileError,
    ProfileIdentity, ProfileIssue, Thresholds,
};
pub use profile_format::SCHEMA_VERSION;
pub use report::{ColourFastness, Declared, Measured, Report};
pub use result::{BaselineFailure, ComponentResult, GradingResult, IndicatorResult, StoredText};
