//! The code pages as a browser uses them: an enterprise issues a batch from its
//! certificate through the form (errors next to their fields), reads the batch page,
//! downloads a CSV with a CSRF-protected post, previews the tag and revokes serials.

use crate::codes_support;

use codes_support::World;
use rongma_testkit::{csrf_from, TestApp, TestDb};

async fn page(c: &reqwest::Client, url: String) -> (u16, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn login(t: &TestApp, username: &str) -> reqwest::Client {
    let c = t.browser();
    let (_, html) = page(&c, t.url("/login")).await;
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf_from(&html).as_str()),
            ("username", username),
            ("password", "test-password-1"),
            ("next", "/codes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login of {username}");
    c
}

#[tokio::test]
async fn an_enterprise_issues_downloads_previews_and_revokes() {
    let w = World::new(TestDb::sqlite().await).await;
    let t = &w.t;
    let c = login(t, "t-ent-a").await;
    let (s, html) = page(
        &c,
        t.url(&format!("/codes/new?certificate_id={}", w.cert_a.id)),
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        html.contains(&w.cert_a.number),
        "the certificate is offered"
    );
    let csrf = csrf_from(&html);
    let cert = w.cert_a.id.to_string();
    let post = |fields: Vec<(&'static str, String)>| {
        let mut form = vec![("_csrf", csrf.clone()), ("certificate_id", cert.clone())];
        form.extend(fields);
        c.post(t.url("/codes")).form(&form).send()
    };
    // A size breakdown that does not add up comes back next to its field.
    let r = post(vec![
        ("quantity", "10".into()),
        ("lot_no", "L-7".into()),
        ("production_date", "2025-11-02".into()),
        ("sizes", "M:4, L:5".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("各尺码数量之和为 9，与数量 10 不符"),
        "{html}"
    );
    let r = post(vec![
        ("quantity", "10".into()),
        ("lot_no", "L-7".into()),
        ("production_date", "2025-11-02".into()),
        ("sizes", "M:4，L:6".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    let batch = r.headers()["location"].to_str().unwrap().to_owned();
    let (s, html) = page(&c, t.url(&batch)).await;
    assert_eq!(s, 200);
    let id: i64 = batch.trim_start_matches("/codes/").parse().unwrap();
    let (_, v) = t
        .call(
            "GET",
            &format!("/api/v1/code-batches/{id}"),
            w.token(rongma_testkit::Who::EnterpriseA),
            None,
        )
        .await;
    let b = &v["batch"];
    assert!(html.contains(b["first_serial"].as_str().unwrap()) && html.contains("L-7"));

    // Downloads are posts with the form token; without it they are refused.
    let url = t.url(&format!("{batch}/export?format=csv&pins=true"));
    let r = c
        .post(&url)
        .form(&[("_csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .post(&url)
        .form(&[("_csrf", csrf_from(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(r.text().await.unwrap().lines().count(), 11);

    // The preview page shows the first tag as a PNG a phone can scale.
    let (s, html) = page(&c, t.url(&format!("{batch}/preview?lang=en"))).await;
    assert_eq!(s, 200);
    assert!(html.contains(&format!("{batch}/preview.png")) && html.contains("sample 0000 0000"));
    let r = c
        .get(t.url(&format!("{batch}/preview.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(&r.bytes().await.unwrap()[1..4], b"PNG");

    // Revoke one serial through the form; a bad one is named.
    let (_, html) = page(&c, t.url(&format!("{batch}/revoke"))).await;
    let csrf = csrf_from(&html);
    let revoke = |serials: String| {
        c.post(t.url(&format!("{batch}/revoke")))
            .form(&[
                ("_csrf", csrf.clone()),
                ("scope", "serials".into()),
                ("serials", serials),
                ("reason", "stolen".into()),
            ])
            .send()
    };
    let r = revoke("NOT-A-SERIAL".into()).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("serials[0]"));
    let r = revoke(w.serial(b, 3)).await.unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = page(&c, t.url(&format!("{batch}?lang=en"))).await;
    assert!(
        html.contains("Revocations") && html.contains("stolen") && html.contains("exported"),
        "{html}"
    );
    // Another enterprise's batch page is not found.
    let other = login(t, "t-ent-b").await;
    assert_eq!(page(&other, t.url(&batch)).await.0, 404);
}
