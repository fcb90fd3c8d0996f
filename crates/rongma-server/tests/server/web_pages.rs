//! The pages as a browser sees them: login with CSRF, forms that show each error next to
//! its field, escaping of untrusted text, the language switch, and every page rendering
//! in both languages.

use crate::support::pages::{assert_pages_in, switch_language};
use rongma_testkit::{csrf_from, Browser, Fixtures, Kind, TestApp, TestDb, Who, PASSWORD};
use serde_json::json;

/// Logs a browser in through the login form; the session cookie is HttpOnly and strict.
async fn browser_login(t: &TestApp, username: &str) -> Browser {
    let c = t.browser();
    let r = c.log_in(username, PASSWORD, Some("/enterprises")).await;
    assert_eq!(r.status, 303, "login of {username}");
    assert_eq!(r.headers["location"], "/enterprises");
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    c
}

#[tokio::test]
async fn login_requires_csrf_and_protected_pages_redirect() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let _f = Fixtures::create(&t).await;
    let c = t.browser();
    let r = c.get("/products?q=x").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.headers["location"], "/login?next=%2Fproducts%3Fq%3Dx");

    // A login form posted without the token bound to this browser is refused.
    let csrf = c.login_csrf().await;
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", "forged"),
                ("username", "t-regulator"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    // Another browser's token does not work either.
    let other_csrf = t.browser().login_csrf().await;
    assert_ne!(csrf, other_csrf);
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", other_csrf.as_str()),
                ("username", "t-regulator"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 403);

    // Wrong password: the form says so.
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", csrf.as_str()),
                ("username", "t-regulator"),
                ("password", "wrong-password"),
            ],
        )
        .await;
    assert!(r.text().contains("用户名或密码不正确"));

    // Only local paths are followed after login.
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", csrf.as_str()),
                ("username", "t-regulator"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.headers["location"], "/");
}

#[tokio::test]
async fn forms_show_errors_next_to_fields_and_keep_what_was_typed() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let _f = Fixtures::create(&t).await;
    let c = browser_login(&t, "t-regulator").await;
    let (s, html) = c.page("/enterprises/new").await;
    assert_eq!(s, 200);
    let csrf = csrf_from(&html);
    let r = c
        .post_form(
            "/enterprises",
            &[
                ("_csrf", csrf.as_str()),
                ("credit_code", "914403001922038217"),
                ("name", "表单企业"),
                ("address", ""),
                ("legal_representative", "赵六"),
                ("pilot_status", "applied"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let html = r.text();
    // The check-character message sits in the credit code's field block.
    let block = html
        .split("id=\"f-credit_code\"")
        .nth(1)
        .unwrap()
        .split("<div class=\"field")
        .next()
        .unwrap();
    assert!(
        block.contains("校验码（第 18 位）不正确，应为 6"),
        "{block}"
    );
    let block = html
        .split("id=\"f-address\"")
        .nth(1)
        .unwrap()
        .split("<div class=\"field")
        .next()
        .unwrap();
    assert!(block.contains("地址不能为空"));
    assert!(html.contains("value=\"表单企业\""), "typed values are kept");

    // Fixed, it saves and lands on the detail page with its history.
    let code = rongma_domain::ids::Uscc::complete("9133048211112222")
        .unwrap()
        .to_string();
    let r = c
        .post_form(
            "/enterprises",
            &[
                ("_csrf", csrf.as_str()),
                ("credit_code", code.as_str()),
                ("name", "表单企业"),
                ("address", "平湖"),
                ("legal_representative", "赵六"),
                ("pilot_status", "applied"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let detail = r.location();
    let (s, html) = c.page(&detail).await;
    assert_eq!(s, 200);
    assert!(html.contains(&code) && html.contains("t-regulator") && html.contains("创建"));

    // Product form: sizes written as text, a bad fill weight named in the sizes field.
    let (_, html) = c.page("/products/new").await;
    let csrf = csrf_from(&html);
    let r = c
        .post_form(
            "/products",
            &[
                ("_csrf", csrf.as_str()),
                ("brand_id", "1"),
                ("style_no", "WEB-1"),
                ("name", "网页款"),
                ("species", "duck"),
                ("colour", "white"),
                ("declared_down_cluster_pct", "90"),
                ("sizes", "M:180, L:0"),
                ("shell_fabric", "锦纶"),
                ("standard", "GB/T 14272-2021"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let html = r.text();
    let block = html
        .split("id=\"f-sizes\"")
        .nth(1)
        .unwrap()
        .split("<div class=\"field")
        .next()
        .unwrap();
    // Named as people say it, beside the field and in the summary box; the form keeps
    // what was typed.
    assert!(
        block.contains("尺码 2 的充绒量") && !block.contains("sizes[1]"),
        "{block}"
    );
    let summary = html.split("role=\"alert\"").nth(1).unwrap_or("");
    assert!(summary.contains("尺码 2 的充绒量"), "{html}");
    assert!(
        html.contains(">M:180, L:0</textarea>") && html.contains("value=\"WEB-1\""),
        "{html}"
    );
}

#[tokio::test]
async fn untrusted_text_is_escaped_everywhere() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let evil = "<script>alert('x')</script>&\"";
    let s = t
        .update(
            Kind::Brand,
            f.token(Who::EnterpriseA),
            f.brand_a.id,
            &json!({ "name": evil }),
        )
        .await
        .status;
    assert_eq!(s, 200);
    let c = browser_login(&t, "t-ent-a").await;
    for url in [
        format!("/brands/{}", f.brand_a.id),
        "/brands".into(),
        format!("/enterprises/{}", f.enterprise_a.id),
        format!("/brands?q={evil}"),
    ] {
        let (s, html) = c.page(&url).await;
        assert_eq!(s, 200, "{url}");
        assert!(!html.contains("<script>alert"), "{url} shows raw script");
    }
    let (_, html) = c.page(&format!("/brands/{}", f.brand_a.id)).await;
    assert!(
        html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#38;&#34;"),
        "escaped name shown"
    );
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_header_on_api_writes() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let c = browser_login(&t, "t-ent-a").await;
    // The raw request is the point here: the same API route with and without the header.
    let url = c.url(&format!("/api/v1/brands/{}", f.brand_a.id));
    let r = c.client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200, "reads work with the cookie");
    let r = c
        .client
        .patch(&url)
        .json(&json!({"name": "无令牌"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (_, html) = c.page("/brands").await;
    let token = html
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = c
        .client
        .patch(&url)
        .header("x-csrf-token", token)
        .json(&json!({"name": "有令牌"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn every_page_renders_in_both_languages() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let c = browser_login(&t, "t-regulator").await;
    let pages = [
        "/".to_owned(),
        "/enterprises".into(),
        "/enterprises/new".into(),
        format!("/enterprises/{}", f.enterprise_a.id),
        format!("/enterprises/{}/edit", f.enterprise_a.id),
        "/brands".into(),
        "/brands/new".into(),
        format!("/brands/{}", f.brand_a.id),
        format!("/brands/{}/edit", f.brand_a.id),
        "/products".into(),
        "/products/new".into(),
        format!("/products/{}", f.product_a.id),
        format!("/products/{}/edit", f.product_a.id),
        "/labs".into(),
        "/labs/new".into(),
        format!("/labs/{}", f.lab.id),
        format!("/labs/{}/edit", f.lab.id),
        "/admin/users".into(),
        "/admin/users/new".into(),
        "/admin/api-keys".into(),
        "/admin/api-keys/new".into(),
    ];
    let raw_keys = [
        "common.",
        "nav.",
        "enterprise.",
        "product.",
        "brand.",
        "lab.",
        "user.",
        "apikey.",
    ];
    for lang in ["en", "zh"] {
        // The switch is remembered in a cookie.
        assert_eq!(switch_language(&c, lang).await, 200);
        let htmls = assert_pages_in(&c, &pages, lang, &raw_keys).await;
        for (p, html) in pages.iter().zip(&htmls) {
            assert!(
                html.contains("name=\"viewport\""),
                "{p} is not set up for phones"
            );
        }
    }
    let (_, html) = c.page("/enterprises?lang=en").await;
    assert!(html.contains("Unified social credit code"));
    let (_, html) = c.page("/enterprises?lang=zh").await;
    assert!(html.contains("统一社会信用代码"));
    // Someone else's record by id is a 404 page, not a leak.
    let b = browser_login(&t, "t-ent-b").await;
    let (s, html) = b.page(&format!("/products/{}", f.product_a.id)).await;
    assert_eq!(s, 404);
    assert!(!html.contains(&f.product_a.style_no));
}
