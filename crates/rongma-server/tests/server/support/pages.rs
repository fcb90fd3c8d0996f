//! Checks the page tests share: a language switch, and pages that render in a language
//! with no untranslated message key left in them.

use rongma_testkit::Browser;

/// Switches the browser's language (remembered in a cookie); the home page's status.
pub async fn switch_language(b: &Browser, lang: &str) -> u16 {
    b.page(&format!("/?lang={lang}")).await.0
}

/// Reads every page, asserting that it renders (200) in `lang` ("en" or "zh") and shows
/// no message key starting with one of `raw_keys`; the pages' HTML, in order.
pub async fn assert_pages_in(
    b: &Browser,
    pages: &[String],
    lang: &str,
    raw_keys: &[&str],
) -> Vec<String> {
    let want = if lang == "en" {
        "<html lang=\"en\">"
    } else {
        "<html lang=\"zh-CN\">"
    };
    let mut htmls = Vec::new();
    for p in pages {
        let (s, html) = b.page(p).await;
        assert_eq!(s, 200, "{p} ({lang})");
        assert!(html.contains(want), "{p} not in {lang}");
        for raw in raw_keys {
            assert!(
                !html.contains(&format!(">{raw}")),
                "{p} ({lang}) shows an untranslated key {raw}…"
            );
        }
        htmls.push(html);
    }
    htmls
}
