//! Page language: Simplified Chinese by default, English on request (`?lang=en`, then
//! remembered in a cookie). Texts live in one table, keyed by a short name.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of the page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the English or Chinese variant of a text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A translator for one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`; an unknown key shows itself, which the page tests catch.
    pub fn t(&self, key: &'static str) -> &'static str {
        self.lookup(key).unwrap_or(key)
    }

    /// The text of a key made at run time, or `None` without a warning (for keys tried in
    /// turn, such as a changed field's label).
    pub fn try_t(&self, key: &str) -> Option<&'static str> {
        let table = TABLE.get_or_init(|| all_texts().map(|(k, zh, en)| (*k, (*zh, *en))).collect());
        table.get(key).map(|(zh, en)| self.0.pick(zh, en))
    }

    /// The text of a key made at run time (`role.` + a role's name); `None` if the table
    /// has no such key.
    pub fn lookup(&self, key: &str) -> Option<&'static str> {
        let table = TABLE.get_or_init(|| all_texts().map(|(k, zh, en)| (*k, (*zh, *en))).collect());
        match table.get(key) {
            Some((zh, en)) => Some(self.0.pick(zh, en)),
            None => {
                tracing::warn!(key, "missing translation");
                None
            }
        }
    }
}

pub use fields::field_label;

static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();

mod codes;
mod complaints;
mod core;
mod fields;
mod log;
mod scans;
mod supervision;
mod workflow;

/// Every area's texts; each area keeps its own file so they can grow independently.
pub static TABLES: &[&[(&str, &str, &str)]] = &[
    core::TEXTS,
    workflow::TEXTS,
    codes::TEXTS,
    complaints::TEXTS,
    scans::TEXTS,
    log::TEXTS,
    supervision::TEXTS,
    fields::TEXTS,
];

fn all_texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TABLES.iter().flat_map(|t| t.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in all_texts() {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn lookup_by_language() {
        assert_eq!(Tr(Lang::Zh).t("nav.login"), "登录");
        assert_eq!(Tr(Lang::En).t("nav.login"), "Log in");
    }
}
