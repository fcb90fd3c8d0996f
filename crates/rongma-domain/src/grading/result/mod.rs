//! What one grading run produced: the overall verdict, each indicator's facts, the
//! baseline failures and the profile identity. Plain records, so they serialise to JSON
//! for storage and read back unchanged.
//!
//! Decimals serialise as strings ("16.4") so no reader turns them into binary floats.
//! Explanations are rendered from the recorded facts when a result is serialised or asked
//! for, which keeps grading free of string formatting; a result read back from JSON keeps
//! the explanation text it was stored with.

use crate::grading::catalogue::{
    BaselineId, ComponentId, Direction, FillPowerMethod, IndicatorId, Unit,
};
use crate::grading::decimal::{opt, DecText};
use crate::grading::explain::{Explain, Explanation, ExplanationView};
use crate::grading::grade::Grade;
use crate::grading::profile::{DisplayName, ProfileIdentity};
use rust_decimal::Decimal;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod json;

/// The outcome of grading one report with one profile.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GradingResult {
    /// False when any baseline requirement failed (不予分级).
    pub gradable: bool,
    /// The overall grade; `None` exactly when not gradable.
    pub grade: Option<Grade>,
    pub profile: Arc<ProfileIdentity>,
    pub fill_power_method: FillPowerMethod,
    /// One entry per profile indicator, in profile order.
    pub indicators: Vec<IndicatorResult>,
    /// Indicators that set the overall grade (below 5A), or that missed 1A.
    pub limiting: Vec<IndicatorId>,
    /// Every failed baseline requirement, in profile order, then one
    /// `indicator_below_1a` per indicator that missed 1A.
    pub baseline_failures: Vec<BaselineFailure>,
    #[serde(default, rename = "explanation")]
    pub(super) stored: StoredText,
}

/// The facts about one indicator. For a composite, `value`, `rounded`, `threshold`,
/// `next_threshold` and `gap` are `None` and the facts live in `components`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IndicatorResult {
    pub id: IndicatorId,
    /// The profile's name for the indicator (stored results show it without the profile).
    #[serde(default)]
    pub name: DisplayName,
    pub unit: Unit,
    pub direction: Direction,
    pub grade: Option<Grade>,
    pub value: Option<Decimal>,
    pub rounded: Option<Decimal>,
    /// The threshold of the grade reached.
    pub threshold: Option<Decimal>,
    /// The threshold of the next grade up (of 1A when no grade was reached); `None` at 5A.
    pub next_threshold: Option<Decimal>,
    /// Distance from `rounded` to `next_threshold`, always positive; `None` at 5A.
    pub gap: Option<Decimal>,
    /// Within the profile's margin of the threshold just met: retest advised.
    pub borderline: bool,
    #[serde(default)]
    pub components: Vec<ComponentResult>,
    #[serde(default, rename = "explanation")]
    pub(super) stored: StoredText,
}

/// The facts about one component of a composite indicator (its unit and direction are
/// the indicator's).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ComponentResult {
    pub id: ComponentId,
    /// Used by the composite's explanation; not serialised (the profile has it), so empty
    /// in a result read back from JSON.
    #[serde(skip)]
    pub name: DisplayName,
    pub grade: Option<Grade>,
    pub value: Decimal,
    pub rounded: Decimal,
    pub threshold: Option<Decimal>,
    pub next_threshold: Option<Decimal>,
    pub gap: Option<Decimal>,
    pub borderline: bool,
}

/// Explanation text read back with a stored result. It is derived from the facts, so it
/// takes no part in equality: a fresh result equals its stored copy.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct StoredText(pub(super) Option<Explanation>);

impl PartialEq for StoredText {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for StoredText {}

/// One failed baseline requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineFailure {
    pub id: BaselineId,
    /// For `indicator_below_1a`: which indicator missed its 1A threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<IndicatorId>,
    /// English.
    pub message: String,
    /// Simplified Chinese.
    pub message_zh: String,
}

impl BaselineFailure {
    pub fn new(
        id: BaselineId,
        indicator: Option<IndicatorId>,
        message: String,
        message_zh: String,
    ) -> Self {
        Self {
            id,
            indicator,
            message,
            message_zh,
        }
    }
}

impl GradingResult {
    /// The overall explanation in both languages.
    pub fn explanation(&self) -> Explanation {
        Explain::explanation(self)
    }

    /// The result of one indicator, if the profile graded it.
    pub fn indicator(&self, id: IndicatorId) -> Option<&IndicatorResult> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

impl IndicatorResult {
    /// This indicator's explanation in both languages.
    pub fn explanation(&self) -> Explanation {
        Explain::explanation(self)
    }
}

impl Serialize for GradingResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("GradingResult", 8)?;
        st.serialize_field("gradable", &self.gradable)?;
        st.serialize_field("grade", &self.grade)?;
        st.serialize_field("profile", &self.profile)?;
        st.serialize_field("fill_power_method", &self.fill_power_method)?;
        st.serialize_field("indicators", &self.indicators)?;
        st.serialize_field("limiting", &self.limiting)?;
        st.serialize_field("baseline_failures", &self.baseline_failures)?;
        st.serialize_field("explanation", &ExplanationView(self))?;
        st.end()
    }
}

impl Serialize for IndicatorResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("IndicatorResult", 13)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("unit", &self.unit)?;
        st.serialize_field("direction", &self.direction)?;
        st.serialize_field("grade", &self.grade)?;
        st.serialize_field("value", &opt(self.value))?;
        st.serialize_field("rounded", &opt(self.rounded))?;
        st.serialize_field("threshold", &opt(self.threshold))?;
        st.serialize_field("next_threshold", &opt(self.next_threshold))?;
        st.serialize_field("gap", &opt(self.gap))?;
        st.serialize_field("borderline", &self.borderline)?;
        if self.components.is_empty() {
            st.skip_field("components")?;
        } else {
            st.serialize_field("components", &self.components)?;
        }
        st.serialize_field("explanation", &ExplanationView(self))?;
        st.end()
    }
}

impl Serialize for ComponentResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ComponentResult", 8)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("grade", &self.grade)?;
        st.serialize_field("value", &DecText(self.value))?;
        st.serialize_field("rounded", &DecText(self.rounded))?;
        st.serialize_field("threshold", &opt(self.threshold))?;
        st.serialize_field("next_threshold", &opt(self.next_threshold))?;
        st.serialize_field("gap", &opt(self.gap))?;
        st.serialize_field("borderline", &self.borderline)?;
        st.end()
    }
}
