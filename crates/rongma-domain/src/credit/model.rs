//! A validated quality-credit model: how an enterprise's record becomes points and a class
//! A–D, which items can be repaired, and who is white-listed.
//!
//! A model is plain data (a TOML file, see docs/CREDIT.md), identified by id + version and
//! by the SHA-256 of its canonical content (comments and spelling do not change it) as well
//! as of the file's bytes, so every assessment says exactly which rules produced it.

use super::kind::CreditClass;
use super::model_check;
use super::model_format::RawModel;
pub use super::model_parts::{
    Band, Criterion, Measure, RepairPolicy, RepairRule, Rule, Scoring, Step, Test, WhiteList,
};
use super::text::Bilingual;
use chrono::{FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The model shipped with rongma (`profiles/credit/` in the repository), compiled in.
const BUILTIN_DEFAULT: &str =
    include_str!("../../../../profiles/credit/pinghu-quality-credit-2026.1.toml");

/// What an assessment or report records about the model that produced it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelIdentity {
    pub id: String,
    pub version: String,
    /// SHA-256 (lower-case hex) of the model's canonical JSON.
    pub hash: String,
    /// SHA-256 (lower-case hex) of the model file's bytes as loaded.
    pub file_sha256: String,
}

/// The range a total is kept in and where every enterprise starts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScoreRange {
    pub start: Decimal,
    pub min: Decimal,
    pub max: Decimal,
}

/// A validated credit model. Build it with [`CreditModel::from_toml_str`].
#[derive(Debug, Clone, Serialize)]
pub struct CreditModel {
    pub(super) schema: u32,
    pub(super) id: String,
    pub(super) version: String,
    pub(super) title: Bilingual,
    pub(super) effective: NaiveDate,
    #[serde(rename = "utc_offset")]
    pub(super) offset_text: String,
    #[serde(skip)]
    pub(super) offset: FixedOffset,
    pub(super) score: ScoreRange,
    pub(super) rules: Vec<Rule>,
    /// Best class first.
    pub(super) bands: Vec<Band>,
    pub(super) repair: Vec<RepairRule>,
    pub(super) white_list: WhiteList,
    /// Every distinct window length of the rules and criteria.
    #[serde(skip)]
    pub(super) windows: Vec<u32>,
    #[serde(skip)]
    pub(super) identity: Arc<ModelIdentity>,
}

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditModelError {
    /// Not TOML, or not the model shape (unknown key, wrong type); the text names the line.
    #[error("not a valid credit model file: {0}")]
    Syntax(String),
    /// Well-formed, but breaks a model rule; every problem is listed with its place.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ModelIssue>),
}

/// One problem, at a field path such as `bands[2].min` or `rules[0].explain.en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct ModelIssue {
    pub place: String,
    pub message: String,
}

impl CreditModel {
    /// Reads and validates a model file.
    pub fn from_toml_str(text: &str) -> Result<CreditModel, CreditModelError> {
        let raw: RawModel =
            toml::from_str(text).map_err(|e| CreditModelError::Syntax(e.to_string()))?;
        let model = model_check::check(raw).map_err(CreditModelError::Invalid)?;
        Ok(model.seal(text))
    }

    /// The default model shipped in `profiles/credit/`. Keep the value; do not reload it
    /// per enterprise.
    pub fn builtin_default() -> CreditModel {
        // The embedded file is part of the build and covered by tests, not user input.
        Self::from_toml_str(BUILTIN_DEFAULT).expect("the built-in credit model is valid")
    }

    /// The text of the built-in default model file.
    pub fn builtin_default_toml() -> &'static str {
        BUILTIN_DEFAULT
    }

    fn seal(mut self, file: &str) -> CreditModel {
        self.identity = Arc::new(ModelIdentity {
            id: self.id.clone(),
            version: self.version.clone(),
            hash: hex::encode(Sha256::digest(self.canonical_json().as_bytes())),
            file_sha256: hex::encode(Sha256::digest(file.as_bytes())),
        });
        self
    }

    /// The content the hash covers: every validated value as compact JSON, in file order
    /// for rules and criteria, bands best first, decimals as normalised strings.
    pub fn canonical_json(&self) -> String {
        // Serialising plain structs of strings and decimals cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn version(&self) -> &str {
        &self.version
    }
    pub fn title(&self) -> &Bilingual {
        &self.title
    }
    /// The date the model takes effect.
    pub fn effective(&self) -> NaiveDate {
        self.effective
    }
    /// The time zone of the model's calendar (windows, months, dates in explanations).
    pub fn utc_offset(&self) -> FixedOffset {
        self.offset
    }
    pub fn score_range(&self) -> ScoreRange {
        self.score
    }
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
    /// Class bands, best class first.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }
    pub fn repair_rules(&self) -> &[RepairRule] {
        &self.repair
    }
    pub fn white_list_criteria(&self) -> &[Criterion] {
        &self.white_list.criteria
    }
    pub fn identity(&self) -> &Arc<ModelIdentity> {
        &self.identity
    }
    /// SHA-256 hex of [`CreditModel::canonical_json`].
    pub fn hash(&self) -> &str {
        &self.identity.hash
    }

    /// The class of a total (after clamping to the score range).
    pub fn class_of(&self, total: Decimal) -> CreditClass {
        self.bands
            .iter()
            .find(|b| b.min.is_none_or(|m| total >= m))
            .map_or(CreditClass::D, |b| b.class)
    }
}
