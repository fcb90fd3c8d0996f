//! Quality credit (质量信用): an enterprise's record in the grading scheme turned into
//! points and a class A–D, the white list, credit repair, and the signed credit report a
//! lender (羽信贷) can verify offline. Pure: no I/O, no clock (every function takes `as_of`).
//!
//! The flow is load → score → explain → report:
//! 1. [`CreditModel::from_toml_str`] reads and validates a credit model file (rules, class
//!    bands, repair rules, white-list criteria); [`CreditModel::builtin_default`] is the
//!    shipped default. A model is identified by id, version and content hash.
//! 2. [`CreditModel::score`] (bulk) and [`CreditModel::assess`] (explained) score an
//!    [`EnterpriseRecord`]; [`CreditModel::white_list`] and [`CreditModel::repairable`]
//!    answer the two policy questions with reasons.
//! 3. [`build_report`] assembles a [`CreditReport`]; [`ReportSigner::sign`] signs it
//!    (Ed25519 over canonical JSON) and [`verify`] checks a signed file with a
//!    [`VerifierKey`].
//!
//! Layout, one concern per file:
//! - `kind`, `record`, `text`: the closed sets, the input, bilingual text.
//! - `model`, `model_parts`, `model_format`, `model_check`, `band_check`, `rule_check`,
//!   `step_check`, `policy_check`: credit models.
//! - `calendar`, `measured`, `compute`, `assess`, `explain`: the computation and its
//!   explanation.
//! - `white_list`, `repair`: the two policy questions.
//! - `report`, `report_facts`, `report_text`, `report_build`: the credit report document.
//! - `canonical`, `report_sign`, `verifier_key`: canonical JSON, signing, key texts.
//!
//! docs/CREDIT.md is the reference for the model format, the default model, the report
//! and how to verify it.

mod assess;
mod band_check;
mod calendar;
mod canonical;
mod compute;
mod explain;
mod kind;
mod measured;
mod model;
mod model_check;
mod model_format;
mod model_parts;
mod policy_check;
mod record;
mod repair;
mod report;
mod report_build;
mod report_facts;
mod report_sign;
mod report_text;
mod rule_check;
mod step_check;
mod text;
mod verifier_key;
mod white_list;

pub use assess::{Contribution, CreditAssessment, Evidence};
pub use canonical::{canonical_json, CanonicalError};
pub use compute::{Measured, Score};
pub use kind::{CreditClass, KindSet, RecordKind};
pub use model::{
    Band, CreditModel, CreditModelError, Criterion, Measure, ModelIdentity, ModelIssue,
    RepairPolicy, RepairRule, Rule, ScoreRange, Scoring, Step, Test,
};
pub use model_format::MODEL_SCHEMA_VERSION;
pub use record::{CertificateHeld, EnterpriseRecord, RecordItem, TagBatch};
pub use repair::{RepairAnswer, RepairStatus};
pub use report::{
    BasicInformation, Consent, ConsentScope, CreditReport, EnterpriseIdentity, Explanation, Header,
    Lender, PublicRecords, QualityRecord, Statements, Summary, REPORT_FORMAT,
};
pub use report_build::{build_report, ReportError, ReportRequest};
pub use report_facts::{
    BrandFact, CertificateFact, ContributionLine, DisputeNote, DisputeStatus, GradeCount,
    RecordFact, RepairFact, Statement, StatementAuthor, TagBatchFact,
};
pub use report_sign::{verify, ReportSigner, SignatureBlock, VerifyError, SIGNING_CONTEXT};
pub use text::Bilingual;
pub use verifier_key::{KeyError, VerifierKey, DEFAULT_KEY_NAME};
pub use white_list::{CriterionOutcome, WhiteListDecision};
