//! Showing a grading result on a page: the overall grade and explanation, one row per
//! indicator (value, rounded value, grade, the next threshold and the gap), borderline
//! flags and every baseline failure, in the page's language.

use crate::i18n::Lang;
use rongma_domain::grading::{without_borderline, ComponentId, Grade, GradingResult};
use rongma_domain::workflow::GradeAdjustment;

pub struct IndicatorRow {
    pub name: String,
    pub value: String,
    pub grade: String,
    pub next: String,
    pub borderline: bool,
    pub explanation: String,
    pub limiting: bool,
}

pub struct ResultView {
    pub heading: String,
    pub grade: String,
    pub gradable: bool,
    pub summary: String,
    pub rows: Vec<IndicatorRow>,
    pub failures: Vec<String>,
    pub profile: String,
    /// Shown to consumers: no reviewer annotations (limiting, borderline tags).
    pub public: bool,
}

fn unit(u: rongma_domain::grading::Unit, lang: Lang) -> &'static str {
    use rongma_domain::grading::Unit;
    match u {
        Unit::Percent => " %",
        Unit::Cm => " cm",
        Unit::Mm => " mm",
        Unit::Fibres => lang.pick(" 根", " fibres"),
        Unit::GreyScale => "",
    }
}

/// A colour-fastness component as people call it (GB/T 14272 test items).
pub fn component_label(id: ComponentId, lang: Lang) -> &'static str {
    let (zh, en) = match id {
        ComponentId::WashChange => ("耐皂洗变色", "washing, change"),
        ComponentId::WashStain => ("耐皂洗沾色", "washing, staining"),
        ComponentId::WaterChange => ("耐水变色", "water, change"),
        ComponentId::WaterStain => ("耐水沾色", "water, staining"),
        ComponentId::PerspirationAcidChange => ("耐汗渍（酸性）变色", "acid perspiration, change"),
        ComponentId::PerspirationAcidStain => ("耐汗渍（酸性）沾色", "acid perspiration, staining"),
        ComponentId::PerspirationAlkalineChange => {
            ("耐汗渍（碱性）变色", "alkaline perspiration, change")
        }
        ComponentId::PerspirationAlkalineStain => {
            ("耐汗渍（碱性）沾色", "alkaline perspiration, staining")
        }
        ComponentId::RubbingDry => ("耐干摩擦", "dry rubbing"),
        ComponentId::RubbingWet => ("耐湿摩擦", "wet rubbing"),
    };
    lang.pick(zh, en)
}

impl ResultView {
    pub fn new(heading: impl Into<String>, r: &GradingResult, lang: Lang) -> Self {
        let pick = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
        let rows = r
            .indicators
            .iter()
            .map(|i| {
                let u = unit(i.unit, lang);
                let value = match (i.value, i.rounded) {
                    (Some(v), Some(rd)) if v != rd => format!("{v}{u} → {rd}{u}"),
                    (Some(v), _) => format!("{v}{u}"),
                    _ => i
                        .components
                        .iter()
                        .map(|c| format!("{} {}", component_label(c.id, lang), c.rounded))
                        .collect::<Vec<_>>()
                        .join(lang.pick("，", ", ")),
                };
                let next = match (i.next_threshold, i.gap) {
                    (Some(t), Some(g)) => {
                        pick(&format!("{t}{u}（差 {g}）"), &format!("{t}{u} (gap {g})"))
                    }
                    _ => "—".into(),
                };
                let e = i.explanation();
                IndicatorRow {
                    name: pick(i.name.zh(), i.name.en()),
                    value,
                    grade: i.grade.map(|g| g.to_string()).unwrap_or_else(|| "—".into()),
                    next,
                    borderline: i.borderline,
                    explanation: pick(&e.zh, &e.en),
                    limiting: r.limiting.contains(&i.id),
                }
            })
            .collect();
        let e = r.explanation();
        Self {
            heading: heading.into(),
            grade: r
                .grade
                .map(|g| g.to_string())
                .unwrap_or_else(|| pick("不予分级", "not gradable")),
            gradable: r.gradable,
            summary: pick(&e.zh, &e.en),
            rows,
            failures: r
                .baseline_failures
                .iter()
                .map(|f| pick(&f.message_zh, &f.message))
                .collect(),
            profile: format!("{} {}", r.profile.id, r.profile.version),
            public: false,
        }
    }

    /// The result as consumers see it, under the certificate's `grade`: the measured
    /// indicator grades without reviewer annotations (borderline advice); when the reviewer
    /// lowered the grade, the summary says so with the reason instead of the engine's
    /// overall grade, and no indicator is marked as setting the grade.
    pub fn for_consumers(
        heading: impl Into<String>,
        r: &GradingResult,
        grade: Grade,
        adjustment: Option<&GradeAdjustment>,
        lang: Lang,
    ) -> Self {
        let mut v = Self::new(heading, r, lang);
        v.public = true;
        v.grade = grade.to_string();
        for row in &mut v.rows {
            row.explanation = without_borderline(&row.explanation);
            row.borderline = false;
            if adjustment.is_some() {
                row.limiting = false;
            }
        }
        v.summary = match adjustment {
            Some(a) => adjusted_line(a, lang),
            None => without_borderline(&v.summary),
        };
        v
    }
}

/// "等级经审核调整为 3A：{reason}" in the page's language.
pub fn adjusted_line(a: &GradeAdjustment, lang: Lang) -> String {
    let reason = a.reason.trim();
    match (lang, reason.is_empty()) {
        (Lang::Zh, false) => format!("等级经审核调整为 {}：{reason}", a.grade),
        (Lang::Zh, true) => format!("等级经审核调整为 {}", a.grade),
        (Lang::En, false) => format!("On review the grade was set to {}: {reason}", a.grade),
        (Lang::En, true) => format!("On review the grade was set to {}", a.grade),
    }
}
