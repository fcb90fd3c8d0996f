//! Plain-language explanations (zh-CN and en) of indicator and overall results, rendered
//! from the recorded facts. Sentences are assembled by appending pieces to one buffer
//! rather than through `format!`, because every result a bulk grading run writes renders
//! twelve of them.

use crate::grading::catalogue::{Direction, Unit};
use crate::grading::decimal::DecText;
use crate::grading::grade::Grade;
use crate::grading::profile::DisplayName;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

mod result;

/// One piece of a sentence.
pub(super) trait Piece {
    fn put(&self, out: &mut String);
}

impl Piece for &str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for DecText {
    fn put(&self, out: &mut String) {
        self.push_to(out);
    }
}

impl Piece for Grade {
    fn put(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

/// Appends pieces in order: `put!(out; name, " ", value, unit)`.
macro_rules! put {
    ($out:expr; $($p:expr),+ $(,)?) => {{ $( Piece::put(&$p, $out); )+ }};
}
pub(super) use put;

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
    fn render(&self, lang: Lang, out: &mut String);

    /// Text read back with a stored result, which wins over rendering.
    fn stored(&self) -> Option<&Explanation>;

    fn explanation(&self) -> Explanation
    where
        Self: Sized,
    {
        match self.stored() {
            Some(e) => e.clone(),
            None => Explanation {
                zh: Text(self, Lang::Zh).to_string(),
                en: Text(self, Lang::En).to_string(),
            },
        }
    }
}

struct Text<'a, T>(&'a T, Lang);

impl<T: Explain> fmt::Display for Text<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(160);
        self.0.render(self.1, &mut out);
        f.write_str(&out)
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
                let mut out = String::with_capacity(160);
                self.0.render(self.1, &mut out);
                s.serialize_str(&out)
            }
        }
        if let Some(stored) = self.0.stored() {
            return stored.serialize(s);
        }
        let mut st = s.serialize_struct("Explanation", 2)?;
        st.serialize_field("zh", &Str(self.0, Lang::Zh))?;
        st.serialize_field("en", &Str(self.0, Lang::En))?;
        st.end()
    }
}

/// The facts one graded value needs for its sentence.
pub(super) struct Measure<'a> {
    pub(super) name: &'a DisplayName,
    pub(super) unit: Unit,
    pub(super) direction: Direction,
    pub(super) grade: Option<Grade>,
    pub(super) value: Decimal,
    pub(super) rounded: Decimal,
    pub(super) threshold: Option<Decimal>,
    pub(super) next_threshold: Option<Decimal>,
    pub(super) gap: Option<Decimal>,
    pub(super) borderline: bool,
}

impl Measure<'_> {
    pub(super) fn render(&self, lang: Lang, out: &mut String) {
        let (zh, sym) = (lang == Lang::Zh, self.direction.symbol());
        let u = if zh {
            self.unit.suffix_zh()
        } else {
            self.unit.suffix_en()
        };
        let name = if zh { self.name.zh() } else { self.name.en() };
        // A value already at the precision is shown as rounded ("5.0", not "5").
        let shown = DecText(if self.value == self.rounded {
            self.rounded
        } else {
            self.value
        });
        let rounded = DecText(self.rounded);
        put!(out; name, " ", shown, u);
        if self.value != self.rounded {
            match lang {
                Lang::Zh => put!(out; "（修约为 ", rounded, u, "）"),
                Lang::En => put!(out; " (rounded to ", rounded, u, ")"),
            }
        }
        let lower = self.direction == Direction::Lower;
        match (self.grade, self.threshold, self.gap) {
            (Some(g), Some(t), gap) => {
                let t = DecText(t);
                match lang {
                    Lang::Zh => put!(out; "，达到 ", g, "（", sym, t, u, "）"),
                    Lang::En => put!(out; " reaches ", g, " (", sym, " ", t, u, ")"),
                }
                match (g.next(), gap.map(DecText), lang) {
                    (Some(n), Some(gap), Lang::Zh) if lower => {
                        put!(out; "，距 ", n, " 还需减少 ", gap, u)
                    }
                    (Some(n), Some(gap), Lang::Zh) => put!(out; "，距 ", n, " 还差 ", gap, u),
                    (Some(n), Some(gap), Lang::En) if lower => {
                        put!(out; "; ", gap, u, " above the ", n, " limit")
                    }
                    (Some(n), Some(gap), Lang::En) => put!(out; "; ", gap, u, " short of ", n),
                    (_, _, Lang::Zh) => put!(out; "，为最高等级"),
                    (_, _, Lang::En) => put!(out; ", the top grade"),
                }
            }
            (None, _, Some(gap)) => {
                let (t1, gap) = (
                    DecText(self.next_threshold.unwrap_or_default()),
                    DecText(gap),
                );
                match lang {
                    Lang::Zh => {
                        put!(out; "，未达到 1A（", sym, t1, u, "），相差 ", gap, u, "，不予分级")
                    }
                    Lang::En => {
                        put!(out; " misses 1A (", sym, " ", t1, u, ") by ", gap, u, "; not gradable")
                    }
                }
            }
            _ => {}
        }
        put_borderline(self.borderline, lang, out);
    }
}

/// `text` (an indicator's or a result's explanation, in either language) without its
/// borderline remarks ("接近等级临界值，建议复检", "临界指标：…，建议复检"): advice for
/// reviewers and labs, not for consumers, who see the certificate's grade.
pub fn without_borderline(text: &str) -> String {
    let mut out = text
        .replace("；接近等级临界值，建议复检", "")
        .replace("; borderline — retest advised", "");
    for (start, end) in [
        ("；临界指标：", "，建议复检"),
        ("; borderline: ", " — retest advised"),
    ] {
        if let Some(i) = out.find(start) {
            if let Some(j) = out[i..].find(end) {
                out.replace_range(i..i + j + end.len(), "");
            }
        }
    }
    out
}

pub(super) fn put_borderline(flag: bool, lang: Lang, out: &mut String) {
    match (flag, lang) {
        (false, _) => {}
        (true, Lang::Zh) => out.push_str("；接近等级临界值，建议复检"),
        (true, Lang::En) => out.push_str("; borderline — retest advised"),
    }
}

/// Appends names joined for the language ("蓬松度、色牢度" / "Fill power, Colour fastness").
pub(super) fn put_names<'a>(
    names: impl Iterator<Item = &'a DisplayName>,
    lang: Lang,
    out: &mut String,
) {
    for (i, n) in names.enumerate() {
        match (i > 0, lang) {
            (true, Lang::Zh) => put!(out; "、", n.zh()),
            (false, Lang::Zh) => out.push_str(n.zh()),
            (true, Lang::En) => put!(out; ", ", n.en()),
            (false, Lang::En) => out.push_str(n.en()),
        }
    }
}

#[cfg(test)]
mod borderline_tests {
    use super::without_borderline;

    #[test]
    fn borderline_remarks_are_removed_in_both_languages() {
        assert_eq!(
            without_borderline("浊度 712.5 mm，达到 3A（≥700 mm）；接近等级临界值，建议复检"),
            "浊度 712.5 mm，达到 3A（≥700 mm）"
        );
        assert_eq!(
            without_borderline(
                "总评 3A：取各项指标的最低等级，受限于蓬松度；临界指标：浊度（透明度），建议复检"
            ),
            "总评 3A：取各项指标的最低等级，受限于蓬松度"
        );
        assert_eq!(
            without_borderline("Overall 3A: the lowest indicator grade, limited by Fill power; borderline: Turbidity — retest advised"),
            "Overall 3A: the lowest indicator grade, limited by Fill power"
        );
        assert_eq!(without_borderline("x; borderline — retest advised"), "x");
    }
}
