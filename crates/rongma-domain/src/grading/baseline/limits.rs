//! Baselines that keep one measured quantity under a maximum or over a minimum, and the
//! messages their failures carry: "{name} {value}{unit} exceeds {limit}{unit}" and its
//! Chinese form, with each quantity's name and unit per language.

use rust_decimal::Decimal;

/// A measured quantity a baseline limits, as its failure message names it: name, then the
/// unit written after a number in each language.
pub(super) struct Limited {
    en: &'static str,
    zh: &'static str,
    unit_en: &'static str,
    unit_zh: &'static str,
}

pub(super) const TURBIDITY: Limited = Limited::new("turbidity", "浊度", " mm", " mm");
pub(super) const OXYGEN: Limited =
    Limited::new("oxygen consumption", "耗氧量", " mg/100 g", " mg/100 g");
pub(super) const FAT: Limited = Limited::new("residual fat", "残脂率", "%", "%");
pub(super) const LEAKAGE: Limited = Limited::new("down leakage", "钻绒值", " fibres", " 根");
pub(super) const LIGHT: Limited = Limited::new("light fastness", "耐光色牢度", "", " 级");

impl Limited {
    /// Name in English and Chinese, then the unit after a number in each.
    const fn new(
        en: &'static str,
        zh: &'static str,
        unit_en: &'static str,
        unit_zh: &'static str,
    ) -> Self {
        Self {
            en,
            zh,
            unit_en,
            unit_zh,
        }
    }

    /// The (English, Chinese) messages when `value` exceeds `max`.
    pub(super) fn above(&self, value: Decimal, max: Decimal) -> Option<(String, String)> {
        (value > max).then(|| self.messages(value, ("exceeds", "超过"), max))
    }

    /// The (English, Chinese) messages when `value` is below `min`.
    pub(super) fn below(&self, value: Decimal, min: Decimal) -> Option<(String, String)> {
        (value < min).then(|| self.messages(value, ("is below", "低于"), min))
    }

    fn messages(&self, value: Decimal, verb: (&str, &str), limit: Decimal) -> (String, String) {
        let (u, z) = (self.unit_en, self.unit_zh);
        (
            format!("{} {value}{u} {} {limit}{u}", self.en, verb.0),
            format!("{} {value}{z} {} {limit}{z}", self.zh, verb.1),
        )
    }
}
