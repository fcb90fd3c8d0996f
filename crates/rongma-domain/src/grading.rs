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
//! Layout, a folder per concept (its `mod.rs` holds the type, the files beside it how it
//! is read, checked or written), one concern per file:
//! - `grade`: the [`Grade`] type (1A–5A) others import.
//! - `catalogue`: the closed set of ids, units and directions.
//! - `decimal/`: exact decimal reading and GB/T 8170 rounding; `text`: decimals written
//!   as text.
//! - `profile/`: the validated [`Profile`]; `format`: its TOML shape; `check`: raw file →
//!   profile.
//! - `thresholds/`: a grade's threshold row; `check`: one row of a profile file.
//! - `baseline/`: baseline requirements and how a report fails them; `limits`: the
//!   messages of those that bound one measured value; `check`: the `[baseline.*]` tables
//!   of a profile file.
//! - `report`: a typed lab report; `input/`: building it from raw cells, with `fields` (the
//!   field catalogue), `json` and `csv` readers.
//! - `engine`: the grading function.
//! - `result/`: what grading produced; `json`: its direct JSON writer.
//! - `explain/`: zh/en sentences from the facts; `result`: those of indicator and overall
//!   results.
//!
//! docs/GRADING.md is the reference for the profile format and every semantic choice.

mod baseline;
mod catalogue;
mod decimal;
mod engine;
mod explain;
mod grade;
mod input;
mod profile;
mod report;
mod result;
mod thresholds;

pub use baseline::{Baseline, BaselineRule};
pub use catalogue::{
    BaselineId, ComponentId, Direction, FillPowerMethod, IndicatorId, Odour, Species, Unit,
};
pub use decimal::{parse_decimal_text, BadPrecision, Precision};
pub use engine::grade;
pub use explain::{without_borderline, Explanation};
pub use grade::{Grade, UnknownGrade};
pub use input::{csv_header, report_field_names, CsvColumns, FIELD_COUNT};
pub use profile::{
    CombinationRule, Component, DisplayName, Indicator, IndicatorKind, Profile, ProfileError,
    ProfileIdentity, ProfileIssue, SCHEMA_VERSION,
};
pub use report::{ColourFastness, Declared, Measured, Report};
pub use result::{BaselineFailure, ComponentResult, GradingResult, IndicatorResult, StoredText};
pub use thresholds::Thresholds;
