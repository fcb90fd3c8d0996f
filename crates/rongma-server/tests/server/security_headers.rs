//! Every response carries the security headers, and the pages need no inline script or
//! style (so the policy can forbid them): checked on the public pages, a logged-in page,
//! the scan page, the API and the API browser, and HSTS only behind HTTPS.

use crate::support::codes::World;
use rongma_app::config::Settings;
use rongma_app::Clock;
use rongma_testkit::{TestApp, TestDb};

fn assert_headers(path: &str, h: &reqwest::header::HeaderMap, https: bool) {
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{path}: no Content-Security-Policy"))
        .to_str()
        .unwrap();
    assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    assert_eq!(h.contains_key("strict-transport-security"), https, "{path}");
}

/// Inline scripts (other than JSON data blocks), event-handler attributes and style
/// attributes, which the policy would block.
fn inline_code(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
        if !tag.contains("src=") && !tag.contains("application/json") {
            found.push(tag.to_owned());
        }
    }
    for attr in [
        " onclick=",
        " onsubmit=",
        " onload=",
        " onchange=",
        " style=",
        "<style",
    ] {
        if html.contains(attr) {
            found.push(attr.trim().to_owned());
        }
    }
    found
}

#[tokio::test]
async fn pages_api_and_scans_carry_the_headers_and_no_inline_code() {
    let w = World::new(TestDb::sqlite().await).await;
    let batch = w.batch_a(2).await;
    let serial = w.serial(&batch, 0);
    let browser = w.t.browser().client;
    for path in [
        "/".to_owned(),
        "/login".to_owned(),
        "/public".to_owned(),
        format!("/c/{serial}"),
        "/c/NOT-A-SERIAL".to_owned(),
        "/api/v1/public/products".to_owned(),
        "/api/docs/".to_owned(),
        "/assets/app.js".to_owned(),
    ] {
        let r = browser.get(w.t.url(&path)).send().await.unwrap();
        assert_headers(&path, r.headers(), false);
        let is_html = r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        let body = r.text().await.unwrap();
        if is_html && !path.starts_with("/api/docs") {
            assert_eq!(inline_code(&body), Vec::<String>::new(), "{path}");
        }
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_served_over_https() {
    let mut s = Settings::default();
    s.security.secure_cookies = true;
    let t = TestApp::spawn_with(TestDb::sqlite().await, s, Clock::System).await;
    let r = t.client.get(t.url("/healthz")).send().await.unwrap();
    assert_headers("/healthz", r.headers(), true);
}

#[test]
fn no_template_has_inline_code() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let html = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            inline_code(&html),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 10, "templates read: {n}");
}

#[tokio::test]
async fn bad_query_parameters_and_ids_get_error_pages() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let r = t
        .client
        .get(t.url("/public?brand_id=%3Cb%3Eabc&page=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(
        html.contains("brand_id"),
        "the page names the parameter: {html}"
    );
    assert!(!html.contains("<b>abc"), "nothing is echoed unescaped");
    let r = t
        .client
        .get(t.url("/public/products/abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn unknown_urls_get_the_products_404_and_bodies_are_compressed_on_request() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let r = t.client.get(t.url("/no/such/page")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("页面或记录不存在"));
    let r = t
        .client
        .get(t.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(v["error"]["code"].is_string(), "{v}");
    for (path, enc) in [("/public", "gzip"), ("/api/openapi.json", "br")] {
        let r = t
            .client
            .get(t.url(path))
            .header("accept-encoding", enc)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["content-encoding"], enc, "{path}");
    }
    let r = t.client.get(t.url("/public")).send().await.unwrap();
    assert!(
        r.headers().get("content-encoding").is_none(),
        "only when asked"
    );
}
