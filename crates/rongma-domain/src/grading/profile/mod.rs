//! A validated grading profile: the thresholds, baselines and rules one grading run uses.
//!
//! A profile is plain data (a TOML file, see docs/GRADING.md), identified by id + version
//! and by the SHA-256 of its canonical content, so several versions can live side by side
//! and a stored result always says exactly which rules produced it.

use crate::grading::baseline::Baseline;
use crate::grading::catalogue::{ComponentId, Direction, FillPowerMethod, IndicatorId, Unit};
use crate::grading::decimal::Precision;
use crate::grading::thresholds::Thresholds;
use format::RawProfile;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub(super) mod check;
pub(super) mod format;

pub use format::SCHEMA_VERSION;

/// The profile shipped with rongma (`profiles/` in the repository), compiled in.
const BUILTIN_DEFAULT: &str =
    include_str!("../../../../../profiles/pinghu-down-garment-2025.1-default.toml");

/// A name in Chinese and English. Shared (cheap to clone) because every result carries
/// the names its explanations use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisplayName(Arc<NamePair>);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct NamePair {
    zh: String,
    en: String,
}

impl DisplayName {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self(Arc::new(NamePair {
            zh: zh.into(),
            en: en.into(),
        }))
    }

    pub fn zh(&self) -> &str {
        &self.0.zh
    }

    pub fn en(&self) -> &str {
        &self.0.en
    }
}

/// How indicator grades combine into the overall grade. The weakest-link rule is the only
/// one; it is named in the file so a profile states its rule explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CombinationRule {
    /// Overall grade = the lowest indicator grade.
    #[serde(rename = "weakest_link")]
    WeakestLink,
}

/// What a result records about the profile that produced it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileIdentity {
    pub id: String,
    pub version: String,
    /// SHA-256 (lower-case hex) of the profile's canonical JSON.
    pub hash: String,
}

/// One graded indicator of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub(super) id: IndicatorId,
    pub(super) name: DisplayName,
    pub(super) unit: Unit,
    pub(super) precision: Precision,
    pub(super) direction: Direction,
    pub(super) borderline_margin: Decimal,
    pub(super) grading: IndicatorKind,
    pub(super) source: Option<String>,
}

/// A plain indicator has one threshold row; a composite one grades each component on its
/// own row and takes the lowest component grade.
#[derive(Debug, Clone, Serialize)]
pub enum IndicatorKind {
    #[serde(rename = "thresholds")]
    Simple(Thresholds),
    #[serde(rename = "components")]
    Composite(Vec<Component>),
}

/// One row of a composite indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Component {
    pub(super) id: ComponentId,
    pub(super) name: DisplayName,
    pub(super) thresholds: Thresholds,
    pub(super) source: Option<String>,
}

impl Indicator {
    pub fn id(&self) -> IndicatorId {
        self.id
    }
    pub fn name(&self) -> &DisplayName {
        &self.name
    }
    pub fn unit(&self) -> Unit {
        self.unit
    }
    pub fn precision(&self) -> Precision {
        self.precision
    }
    pub fn direction(&self) -> Direction {
        self.direction
    }
    pub fn borderline_margin(&self) -> Decimal {
        self.borderline_margin
    }
    pub fn kind(&self) -> &IndicatorKind {
        &self.grading
    }
}

impl Component {
    pub fn id(&self) -> ComponentId {
        self.id
    }
    pub fn name(&self) -> &DisplayName {
        &self.name
    }
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }
}

/// A validated profile. Build it with [`Profile::from_toml_str`].
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub(super) schema: u32,
    pub(super) id: String,
    pub(super) version: String,
    pub(super) name: DisplayName,
    pub(super) combination: CombinationRule,
    pub(super) fill_power_methods: Vec<FillPowerMethod>,
    pub(super) indicators: Vec<Indicator>,
    pub(super) baseline: Vec<Baseline>,
    #[serde(skip)]
    pub(super) identity: Arc<ProfileIdentity>,
}

/// Why a profile file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// Not TOML, or not the profile shape (unknown key, wrong type); the text names the line.
    #[error("profile is not a valid profile file: {0}")]
    Syntax(String),
    /// Well-formed, but breaks a grading rule; every problem is listed with its place.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ProfileIssue>),
}

/// One problem, at a dotted place such as `indicators.fill_power.thresholds`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct ProfileIssue {
    pub place: String,
    pub message: String,
}

impl Profile {
    /// Reads and validates a profile file.
    pub fn from_toml_str(text: &str) -> Result<Profile, ProfileError> {
        let raw: RawProfile =
            toml::from_str(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        check::check(raw).map_err(ProfileError::Invalid)
    }

    /// The default profile shipped in `profiles/`. Parsing, checking and hashing the file
    /// costs far more than grading a report: keep the value rather than calling this per
    /// report.
    pub fn builtin_default() -> Profile {
        // The embedded file is part of the build and covered by tests, not user input.
        Self::from_toml_str(BUILTIN_DEFAULT).expect("the built-in default profile is valid")
    }

    /// The text of the built-in default profile file.
    pub fn builtin_default_toml() -> &'static str {
        BUILTIN_DEFAULT
    }

    /// Finishes a validated profile by computing its content hash.
    pub(super) fn seal(mut self) -> Profile {
        let hash = hex::encode(Sha256::digest(self.canonical_json().as_bytes()));
        self.identity = Arc::new(ProfileIdentity {
            id: self.id.clone(),
            version: self.version.clone(),
            hash,
        });
        self
    }

    /// The content the hash covers: every value of the validated profile as compact JSON,
    /// fields in a fixed order, indicators/components/baselines in catalogue order and
    /// decimals as normalised strings. Comments, key order and number spelling in the
    /// TOML file do not change it.
    pub fn canonical_json(&self) -> String {
        // Serialising plain structs of strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn version(&self) -> &str {
        &self.version
    }
    pub fn name(&self) -> &DisplayName {
        &self.name
    }
    /// SHA-256 hex of [`Profile::canonical_json`].
    pub fn hash(&self) -> &str {
        &self.identity.hash
    }
    pub fn identity(&self) -> &Arc<ProfileIdentity> {
        &self.identity
    }
    pub fn combination(&self) -> CombinationRule {
        self.combination
    }
    pub fn fill_power_methods(&self) -> &[FillPowerMethod] {
        &self.fill_power_methods
    }
    pub fn accepts_method(&self, method: FillPowerMethod) -> bool {
        self.fill_power_methods.contains(&method)
    }
    /// Graded indicators in catalogue order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }
    pub fn indicator(&self, id: IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
    /// Baseline requirements in catalogue order.
    pub fn baselines(&self) -> &[Baseline] {
        &self.baseline
    }
}
