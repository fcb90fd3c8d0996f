//! The explanations of an indicator result and of the overall result.

use super::{put, put_borderline, put_names, Explain, Explanation, Lang, Measure, Piece};
use crate::grading::grade::Grade;
use crate::grading::result::{GradingResult, IndicatorResult};

impl Explain for IndicatorResult {
    fn stored(&self) -> Option<&Explanation> {
        self.stored.0.as_ref()
    }

    fn render(&self, lang: Lang, out: &mut String) {
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
            return m.render(lang, out);
        }
        // Composite: the lowest component decides.
        let lowest = self
            .components
            .iter()
            .filter(|c| c.grade == self.grade)
            .map(|c| &c.name);
        let name = if lang == Lang::Zh {
            self.name.zh()
        } else {
            self.name.en()
        };
        match (self.grade, lang) {
            (Some(Grade::G5A), Lang::Zh) => put!(out; name, "各分项均达到 5A"),
            (Some(Grade::G5A), Lang::En) => put!(out; name, ": every component reaches 5A"),
            (Some(g), Lang::Zh) => put!(out; name, "取各分项最低等级 ", g, "（最低项："),
            (Some(g), Lang::En) => {
                put!(out; name, " takes its lowest component grade, ", g, " (lowest: ")
            }
            (None, Lang::Zh) => put!(out; name, "未达到 1A（"),
            (None, Lang::En) => put!(out; name, " misses 1A ("),
        }
        if self.grade != Some(Grade::G5A) {
            put_names(lowest, lang, out);
            out.push_str(match (self.grade, lang) {
                (None, Lang::Zh) => "），不予分级",
                (None, Lang::En) => "); not gradable",
                (_, Lang::Zh) => "）",
                (_, Lang::En) => ")",
            });
        }
        put_borderline(self.borderline, lang, out);
    }
}

impl Explain for GradingResult {
    fn stored(&self) -> Option<&Explanation> {
        self.stored.0.as_ref()
    }

    fn render(&self, lang: Lang, out: &mut String) {
        let limiting = || {
            self.indicators
                .iter()
                .filter(|i| self.limiting.contains(&i.id))
                .map(|i| &i.name)
        };
        match (self.grade, lang) {
            (None, _) => {
                out.push_str(if lang == Lang::Zh {
                    "不予分级："
                } else {
                    "Not gradable: "
                });
                for (i, b) in self.baseline_failures.iter().enumerate() {
                    match (i > 0, lang) {
                        (sep, Lang::Zh) => {
                            put!(out; if sep { "；" } else { "" }, b.message_zh.as_str())
                        }
                        (sep, Lang::En) => {
                            put!(out; if sep { "; " } else { "" }, b.message.as_str())
                        }
                    }
                }
            }
            (Some(Grade::G5A), Lang::Zh) => out.push_str("总评 5A：各项指标均达到 5A"),
            (Some(Grade::G5A), Lang::En) => out.push_str("Overall 5A: every indicator reaches 5A"),
            (Some(g), Lang::Zh) => {
                put!(out; "总评 ", g, "：取各项指标的最低等级，受限于");
                put_names(limiting(), lang, out);
            }
            (Some(g), Lang::En) => {
                put!(out; "Overall ", g, ": the lowest indicator grade, limited by ");
                put_names(limiting(), lang, out);
            }
        }
        let mut borderline = self.indicators.iter().filter(|i| i.borderline).peekable();
        if self.gradable && borderline.peek().is_some() {
            out.push_str(if lang == Lang::Zh {
                "；临界指标："
            } else {
                "; borderline: "
            });
            put_names(borderline.map(|i| &i.name), lang, out);
            out.push_str(if lang == Lang::Zh {
                "，建议复检"
            } else {
                " — retest advised"
            });
        }
    }
}
