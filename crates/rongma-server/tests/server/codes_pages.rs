//! The code pages as a browser uses them: an enterprise issues a batch from its
//! certificate through the form (errors next to their fields), reads the batch page,
//! downloads a CSV with a CSRF-protected post, previews the tag and revokes serials.

use crate::support::codes::World;
use rongma_testkit::{csrf_from, TestDb, Who};

#[tokio::test]
async fn an_enterprise_issues_downloads_previews_and_revokes() {
    let w = World::new(TestDb::sqlite().await).await;
    let t = &w.t;
    let c = t.logged_in("t-ent-a", "/codes").await;
    let (s, html) = c
        .page(&format!("/codes/new?certificate_id={}", w.cert_a.id))
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
        let c = &c;
        async move { c.post_form("/codes", &form).await }
    };
    // A size breakdown that does not add up comes back next to its field.
    let r = post(vec![
        ("quantity", "10".into()),
        ("lot_no", "L-7".into()),
        ("production_date", "2025-11-02".into()),
        ("sizes", "M:4, L:5".into()),
    ])
    .await;
    assert_eq!(r.status, 422);
    let html = r.text();
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
    .await;
    assert_eq!(r.status, 303);
    let batch = r.location();
    let (s, html) = c.page(&batch).await;
    assert_eq!(s, 200);
    let id: i64 = batch.trim_start_matches("/codes/").parse().unwrap();
    let v = t.get_batch(w.token(Who::EnterpriseA), id).await.body;
    let b = &v["batch"];
    assert!(html.contains(b["first_serial"].as_str().unwrap()) && html.contains("L-7"));

    // Downloads are posts with the form token; without it they are refused.
    let url = format!("{batch}/export?format=csv&pins=true");
    let r = c.post_form(&url, &[("_csrf", "forged")]).await;
    assert_eq!(r.status, 403);
    let r = c.post_form(&url, &[("_csrf", csrf_from(&html))]).await;
    assert_eq!(r.status, 200);
    assert!(r.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(r.text().lines().count(), 11);

    // The preview page shows the first tag as a PNG a phone can scale.
    let (s, html) = c.page(&format!("{batch}/preview?lang=en")).await;
    assert_eq!(s, 200);
    assert!(html.contains(&format!("{batch}/preview.png")) && html.contains("sample 0000 0000"));
    let r = c.get(&format!("{batch}/preview.png")).await;
    assert_eq!(r.headers["content-type"], "image/png");
    assert_eq!(&r.bytes[1..4], b"PNG");

    // Revoke one serial through the form; a bad one is named.
    let (_, html) = c.page(&format!("{batch}/revoke")).await;
    let csrf = csrf_from(&html);
    let revoke = |serials: String| {
        let form = [
            ("_csrf", csrf.clone()),
            ("scope", "serials".into()),
            ("serials", serials),
            ("reason", "stolen".into()),
        ];
        let (c, path) = (&c, format!("{batch}/revoke"));
        async move { c.post_form(&path, &form).await }
    };
    let r = revoke("NOT-A-SERIAL".into()).await;
    assert_eq!(r.status, 422);
    let text = r.text();
    assert!(
        text.contains("第 1 个序列号") || text.contains("serial 1:"),
        "{text}"
    );
    let r = revoke(w.serial(b, 3)).await;
    assert_eq!(r.status, 303);
    let (_, html) = c.page(&format!("{batch}?lang=en")).await;
    assert!(
        html.contains("Revocations") && html.contains("stolen") && html.contains("exported"),
        "{html}"
    );
    // Another enterprise's batch page is not found.
    let other = t.logged_in("t-ent-b", "/codes").await;
    assert_eq!(other.page(&batch).await.0, 404);
}
