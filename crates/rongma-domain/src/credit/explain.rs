//! Plain-words explanation templates: `"近 {window} 个月抽检不合格 {count} 次：{points} 分"`.
//! A template is parsed when the model loads, against the placeholders its rule offers,
//! so a typo (`{cuont}`) is a load error at the template's place, never a blank in a report.

use super::text::Bilingual;
use serde::{Serialize, Serializer};

/// A value an explanation can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Var {
    /// Items counted (for a share: the numerator).
    Count,
    /// The denominator of a share.
    Of,
    Window,
    Months,
    Rate,
    Share,
    Tags,
    Grade,
    Points,
    Cap,
    Class,
    Need,
    Max,
}

const ALL_VARS: [Var; 13] = [
    Var::Count,
    Var::Of,
    Var::Window,
    Var::Months,
    Var::Rate,
    Var::Share,
    Var::Tags,
    Var::Grade,
    Var::Points,
    Var::Cap,
    Var::Class,
    Var::Need,
    Var::Max,
];

impl Var {
    pub fn name(self) -> &'static str {
        match self {
            Var::Count => "count",
            Var::Of => "of",
            Var::Window => "window",
            Var::Months => "months",
            Var::Rate => "rate",
            Var::Share => "share",
            Var::Tags => "tags",
            Var::Grade => "grade",
            Var::Points => "points",
            Var::Cap => "cap",
            Var::Class => "class",
            Var::Need => "need",
            Var::Max => "max",
        }
    }

    fn parse(s: &str) -> Option<Var> {
        ALL_VARS.into_iter().find(|v| v.name() == s)
    }
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Var(Var),
}

/// One parsed template. `{name}` is a placeholder; `{{` and `}}` are literal braces.
#[derive(Debug, Clone)]
pub(super) struct Template {
    source: String,
    parts: Vec<Part>,
}

impl Template {
    pub fn parse(source: &str, allowed: &[Var]) -> Result<Template, String> {
        let offered = || {
            allowed
                .iter()
                .map(|v| format!("{{{}}}", v.name()))
                .collect::<Vec<_>>()
        };
        if source.trim().is_empty() {
            return Err("must not be empty".into());
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        while let Some(i) = rest.find(['{', '}']) {
            text.push_str(&rest[..i]);
            let tail = &rest[i..];
            if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
                text.push_str(&tail[..1]);
                rest = after;
                continue;
            }
            if tail.starts_with('}') {
                return Err("has a '}' without '{' (write '}}' for a brace)".into());
            }
            let Some(end) = tail.find('}') else {
                return Err("has a '{' without '}' (write '{{' for a brace)".into());
            };
            let name = &tail[1..end];
            match Var::parse(name).filter(|v| allowed.contains(v)) {
                Some(v) => {
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Var(v));
                }
                None => {
                    return Err(format!(
                        "unknown placeholder {{{name}}} (this one offers: {})",
                        offered().join(", ")
                    ))
                }
            }
            rest = &tail[end + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_owned(),
            parts,
        })
    }

    pub fn render(&self, value: &impl Fn(Var) -> String) -> String {
        let mut out = String::with_capacity(self.source.len() + 16);
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(&value(*v)),
            }
        }
        out
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

/// A template in both languages; `en_one` replaces `en` when the counted number is 1
/// ("1 failed spot check" rather than "1 failed spot checks").
#[derive(Debug, Clone, Serialize)]
pub(super) struct Explain {
    pub zh: Template,
    pub en: Template,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en_one: Option<Template>,
}

impl Explain {
    pub fn render(&self, one: bool, value: &impl Fn(Var) -> String) -> Bilingual {
        let en = match (&self.en_one, one) {
            (Some(t), true) => t,
            _ => &self.en,
        };
        Bilingual::new(self.zh.render(value), en.render(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_render_and_refuse() {
        let t = Template::parse(
            "{count} in {window} months: {points} {{ok}}",
            &[Var::Count, Var::Window, Var::Points],
        )
        .expect("valid");
        let r = t.render(&|v| match v {
            Var::Count => "2".into(),
            Var::Window => "12".into(),
            _ => "\u{2212}30".into(),
        });
        assert_eq!(r, "2 in 12 months: \u{2212}30 {ok}");
        let err = Template::parse("{cuont}", &[Var::Count]).expect_err("typo");
        assert_eq!(
            err,
            "unknown placeholder {cuont} (this one offers: {count})"
        );
        assert!(Template::parse("{rate}", &[Var::Count]).is_err());
        assert!(Template::parse("open {count", &[Var::Count]).is_err());
        assert!(Template::parse("close }", &[Var::Count]).is_err());
        assert!(Template::parse("  ", &[Var::Count]).is_err());
    }
}
