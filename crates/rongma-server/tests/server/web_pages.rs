//! The pages as a browser sees them: login with CSRF, forms that show each error next to
//! its field, escaping of untrusted text, the language switch, and every page rendering
//! in both languages.

use rongma_testkit::{csrf_from, Fixtures, TestApp, TestDb, Who};
use serde_json::json;

async fn page(c: &reqwest::Client, url: String) -> (u16, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Logs a browser in through the login form.
async fn browser_login(t: &TestApp, username: &str) -> reqwest::Client {
    let c = t.browser();
    let (_, html) = page(&c, t.url("/login")).await;
    let csrf = csrf_from(&html);
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", username),
            ("password", rongma_testkit_password()),
            ("next", "/enterprises"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login of {username}");
    assert_eq!(r.headers()["location"], "/enterprises");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    c
}

fn rongma_testkit_password() -> &'static str {
    "test-password-1"
}

#[tokio::test]
async fn login_requires_csrf_and_protected_pages_redirect() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let _f = Fixtures::create(&t).await;
    let c = t.browser();
    let r = c.get(t.url("/products?q=x")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fproducts%3Fq%3Dx");

    // A login form posted without the token bound to this browser is refused.
    let (_, html) = page(&c, t.url("/login")).await;
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", "forged"),
            ("username", "t-regulator"),
            ("password", rongma_testkit_password()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Another browser's token does not work either.
    let other = t.browser();
    let (_, other_html) = page(&other, t.url("/login")).await;
    assert_ne!(csrf_from(&html), csrf_from(&other_html));
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf_from(&other_html).as_str()),
            ("username", "t-regulator"),
            ("password", rongma_testkit_password()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Wrong password: the form says so.
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf_from(&html).as_str()),
            ("username", "t-regulator"),
            ("password", "wrong-password"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("用户名或密码不正确"));

    // Only local paths are followed after login.
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf_from(&html).as_str()),
            ("username", "t-regulator"),
            ("password", rongma_testkit_password()),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");
}

#[tokio::test]
async fn forms_show_errors_next_to_fields_and_keep_what_was_typed() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let _f = Fixtures::create(&t).await;
    let c = browser_login(&t, "t-regulator").await;
    let (s, html) = page(&c, t.url("/enterprises/new")).await;
    assert_eq!(s, 200);
    let csrf = csrf_from(&html);
    let r = c
        .post(t.url("/enterprises"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("credit_code", "914403001922038217"),
            ("name", "表单企业"),
            ("address", ""),
            ("legal_representative", "赵六"),
            ("pilot_status", "applied"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
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
        .post(t.url("/enterprises"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("credit_code", code.as_str()),
            ("name", "表单企业"),
            ("address", "平湖"),
            ("legal_representative", "赵六"),
            ("pilot_status", "applied"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let detail = r.headers()["location"].to_str().unwrap().to_owned();
    let (s, html) = page(&c, t.url(&detail)).await;
    assert_eq!(s, 200);
    assert!(html.contains(&code) && html.contains("t-regulator") && html.contains("创建"));

    // Product form: sizes written as text, a bad fill weight named in the sizes field.
    let (_, html) = page(&c, t.url("/products/new")).await;
    let csrf = csrf_from(&html);
    let r = c
        .post(t.url("/products"))
        .form(&[
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
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    let block = html
        .split("id=\"f-sizes\"")
        .nth(1)
        .unwrap()
        .split("<div class=\"field")
        .next()
        .unwrap();
    assert!(block.contains("sizes[1].fill_weight_g"), "{block}");
}

#[tokio::test]
async fn untrusted_text_is_escaped_everywhere() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let evil = "<script>alert('x')</script>&\"";
    let (s, _) = t
        .call(
            "PATCH",
            &format!("/api/v1/brands/{}", f.brand_a.id),
            f.token(Who::EnterpriseA),
            Some(json!({"name": evil})),
        )
        .await;
    assert_eq!(s, 200);
    let c = browser_login(&t, "t-ent-a").await;
    for url in [
        format!("/brands/{}", f.brand_a.id),
        "/brands".into(),
        format!("/enterprises/{}", f.enterprise_a.id),
        format!("/brands?q={evil}"),
    ] {
        let (s, html) = page(&c, t.url(&url)).await;
        assert_eq!(s, 200, "{url}");
        assert!(!html.contains("<script>alert"), "{url} shows raw script");
    }
    let (_, html) = page(&c, t.url(&format!("/brands/{}", f.brand_a.id))).await;
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
    let url = t.url(&format!("/api/v1/brands/{}", f.brand_a.id));
    let r = c.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200, "reads work with the cookie");
    let r = c
        .patch(&url)
        .json(&json!({"name": "无令牌"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (_, html) = page(&c, t.url("/brands")).await;
    let token = html
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = c
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
    for lang in ["en", "zh"] {
        // The switch is remembered in a cookie.
        let (s, _) = page(&c, t.url(&format!("/?lang={lang}"))).await;
        assert_eq!(s, 200);
        for p in &pages {
            let (s, html) = page(&c, t.url(p)).await;
            assert_eq!(s, 200, "{p} ({lang})");
            let want = if lang == "en" {
                "<html lang=\"en\">"
            } else {
                "<html lang=\"zh-CN\">"
            };
            assert!(html.contains(want), "{p} not in {lang}");
            for raw in [
                "common.",
                "nav.",
                "enterprise.",
                "product.",
                "brand.",
                "lab.",
                "user.",
                "apikey.",
            ] {
                assert!(
                    !html.contains(&format!(">{raw}")),
                    "{p} ({lang}) shows an untranslated key {raw}…"
                );
            }
            assert!(
                html.contains("name=\"viewport\""),
                "{p} is not set up for phones"
            );
        }
    }
    let (_, html) = page(&c, t.url("/enterprises?lang=en")).await;
    assert!(html.contains("Unified social credit code"));
    let (_, html) = page(&c, t.url("/enterprises?lang=zh")).await;
    assert!(html.contains("统一社会信用代码"));
    // Someone else's record by id is a 404 page, not a leak.
    let b = browser_login(&t, "t-ent-b").await;
    let (s, html) = page(&b, t.url(&format!("/products/{}", f.product_a.id))).await;
    assert_eq!(s, 404);
    assert!(!html.contains(&f.product_a.style_no));
}
