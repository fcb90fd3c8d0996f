//! Plain-language explanations (zh-CN and en) of indicator, component and overall
//! results, rendered from the recorded facts. Rendering writes straight into the output
//! (a `Display` adapter), so serialising a result allocates no intermediate text.

use super::catalogue::{Direction, Unit};
use super::grade::Grade;
use super::profile::DisplayName;
use super::result::{ComponentResult, GradingResult, IndicatorResult};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt::{self, Write};

/// An explanation in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Zh,
    En,
}

/// Something that can explain itself in a language.
pub(super) trait Explain {
    fn write_text(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    fn explanation(&self) -> Explanation
    where
        Self: Sized,
    {
        Explanation {
            zh: Text(self, Lang::Zh).to_string(),
            en: Text(self, Lang::En).to_string(),
        }
    }
}

struct Text<'a, T>(&'a T, Lang);

impl<T: Explain> fmt::Display for Text<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_text(self.1, f)
    }
}

/// Serialises as `{"zh": …, "en": …}` without building the strings first.
pub(super) struct ExplanationView<'a, T>(pub &'a T);

impl<T: Explain> Serialize for ExplanationView<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Str<'b, U>(&'b U, Lang);
        impl<U: Explain> Serialize for Str<'_, U> {
            fn serialize<S2: Serializer>(&self, s: S2) -> Result<S2::Ok, S2::Error> {
                s.collect_str(&Text(self.0, self.1))
            }
        }
        let mut st = s.serialize_struct("Explanation", 2)?;
        st.serialize_field("zh", &Str(self.0, Lang::Zh))?;
        st.serialize_field("en", &Str(self.0, Lang::En))?;
        st.end()
    }
}

/// The facts one graded value needs for its sentence.
struct Measure<'a> {
    name: &'a DisplayName,
    unit: Unit,
    direction: Direction,
    grade: Option<Grade>,
    value: Decimal,
    rounded: Decimal,
    threshold: Option<Decimal>,
    next_threshold: Option<Decimal>,
    gap: Option<Decimal>,
    borderline: bool,
}

impl Measure<'_> {
    fn write(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (zh, sym) = (lang == Lang::Zh, self.direction.symbol());
        let u = if zh { self.unit.suffix_zh() } else { self.unit.suffix_en() };
        let name = if zh { self.name.zh() } else { self.name.en() };
        // A value already at the precision is shown as rounded ("5.0", not "5").
        let shown = if self.value == self.rounded { self.rounded } else { self.value };
        write!(f, "{name} {shown}{u}")?;
        if self.value != self.rounded {
            match lang {
                Lang::Zh => write!(f, "（修约为 {}{u}）", self.rounded)?,
                Lang::En => write!(f, " (rounded to {}{u})", self.rounded)?,
            }
        }
        let lower = self.direction == Direction::Lower;
        match (self.grade, self.threshold, self.next_threshold, self.gap) {
            (Some(g), Some(t), next, gap) => {
                match lang {
                    Lang::Zh => write!(f, "，达到 {g}（{sym}{t}{u}）")?,
                    Lang::En => write!(f, " reaches {g} ({sym} {t}{u})")?,
                }
                match (g.next(), next, gap, lang) {
                    (Some(n), Some(_), Some(gap), Lang::Zh) if lower => write!(f, "，距 {n} 还需减少 {gap}{u}")?,
                    (Some(n), Some(_), Some(gap), Lang::Zh) => write!(f, "，距 {n} 还差 {gap}{u}")?,
                    (Some(n), Some(_), Some(gap), Lang::En) if lower => write!(f, "; {gap}{u} above the {n} limit")?,
                    (Some(n), Some(_), Some(gap), Lang::En) => write!(f, "; {gap}{u} short of {n}")?,
                    (_, _, _, Lang::Zh) => f.write_str("，为最高等级")?,
                    (_, _, _, Lang::En) => f.write_str(", the top grade")?,
                }
            }
            (_, _, Some(t1), Some(gap)) => match lang {
                Lang::Zh => write!(f, "，未达到 1A（{sym}{t1}{u}），相差 {gap}{u}，不予分级")?,
                Lang::En => write!(f, " misses 1A ({sym} {t1}{u}) by {gap}{u}; not gradable")?,
            },
            _ => {}
        }
        write_borderline(self.borderline, lang, f)
    }
}

fn write_borderline(flag: bool, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match (flag, lang) {
        (false, _) => Ok(()),
        (true, Lang::Zh) => f.write_str("；接近等级临界值，建议复检"),
        (true, Lang::En) => f.write_str("; borderline — retest advised"),
    }
}

/// Writes names joined for the language ("蓬松度、色牢度" / "fill power, colour fastness").
fn write_names<'a>(names: impl Iterator<Item = &'a DisplayName>, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, n) in names.enumerate() {
        match lang {
            Lang::Zh => {
                if i > 0 {
                    f.write_char('、')?;
                }
                f.write_str(n.zh())?;
            }
            Lang::En => {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(n.en())?;
            }
        }
    }
    Ok(())
}

impl Explain for ComponentResult {
    fn write_text(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Measure {
            name: &self.name,
            unit: self.unit,
            direction: self.direction,
            grade: self.grade,
            value: self.value,
            rounded: self.rounded,
            threshold: self.threshold,
            next_threshold: self.next_threshold,
            gap: self.gap,
            borderline: self.borderline,
        }
        .write(lang, f)
    }
}

impl Explain for IndicatorResult {
    fn write_text(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(value), Some(rounded)) = (self.value, self.rounded) {
            let m = Measure {
                name: &self.name,
                unit: self.unit,
                direction: self.direction,
                grade: self.grade,
                value,
                rounded,
                threshold: self.threshold,
                next_threshold: self.next_threshold,
                gap: self.gap,
                borderline: self.borderline,
            };
            return m.write(lang, f);
        }
        // Composite: the lowest component decides.
        let lowest = self.components.iter().filter(|c| c.grade == self.grade).map(|c| &c.name);
        let name = if lang == Lang::Zh { self.name.zh() } else { self.name.en() };
        match (self.grade, lang) {
            (Some(Grade::G5A), Lang::Zh) => write!(f, "{name}各分项均达到 5A")?,
            (Some(Grade::G5A), Lang::En) => write!(f, "{name}: every component reaches 5A")?,
            (Some(g), Lang::Zh) => write!(f, "{name}取各分项最低等级 {g}（最低项：")?,
            (Some(g), Lang::En) => write!(f, "{name} takes its lowest component grade, {g} (lowest: ")?,
            (None, Lang::Zh) => write!(f, "{name}未达到 1A（")?,
            (None, Lang::En) => write!(f, "{name} misses 1A (")?,
        }
        if self.grade != Some(Grade::G5A) {
            write_names(lowest, lang, f)?;
            match (self.grade, lang) {
                (None, Lang::Zh) => f.write_str("），不予分级")?,
                (None, Lang::En) => f.write_str("); not gradable")?,
                (_, Lang::Zh) => f.write_str("）")?,
                (_, Lang::En) => f.write_str(")")?,
            }
        }
        write_borderline(self.borderline, lang, f)
    }
}

impl Explain for GradingResult {
    fn write_text(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limiting = || {
            self.indicators
                .iter()
                .filter(|i| self.limiting.contains(&i.id))
                .map(|i| &i.name)
        };
        match (self.grade, lang) {
            (None, _) => {
                f.write_str(if lang == Lang::Zh { "不予分级：" } else { "Not gradable: " })?;
                for (i, b) in self.baseline_failures.iter().enumerate() {
                    match lang {
                        Lang::Zh => write!(f, "{}{}", if i > 0 { "；" } else { "" }, b.message_zh)?,
                        Lang::En => write!(f, "{}{}", if i > 0 { "; " } else { "" }, b.message)?,
                    }
                }
            }
            (Some(Grade::G5A), Lang::Zh) => f.write_str("总评 5A：各项指标均达到 5A")?,
            (Some(Grade::G5A), Lang::En) => f.write_str("Overall 5A: every indicator reaches 5A")?,
            (Some(g), Lang::Zh) => {
                write!(f, "总评 {g}：取各项指标的最低等级，受限于")?;
                write_names(limiting(), lang, f)?;
            }
            (Some(g), Lang::En) => {
                write!(f, "Overall {g}: the lowest indicator grade, limited by ")?;
                write_names(limiting(), lang, f)?;
            }
        }
        let mut borderline = self.indicators.iter().filter(|i| i.borderline).peekable();
        if self.gradable && borderline.peek().is_some() {
            f.write_str(if lang == Lang::Zh { "；临界指标：" } else { "; borderline: " })?;
            write_names(borderline.map(|i| &i.name), lang, f)?;
            f.write_str(if lang == Lang::Zh { "，建议复检" } else { " — retest advised" })?;
        }
        Ok(())
    }
}
