//! The consumer scan: every state a tag can be in, as JSON and as a page (and equal to the
//! database-derived status), forged and malformed serials, cache invalidation, the scan
//! page's contents in both languages, and Digital Link GTIN checks.

use crate::support::scans::{batch_on, unissued_serial, world};
use rongma_domain::workflow::CertificateState;
use rongma_testkit::certificates::{graded_certificate, set_certificate_state};
use rongma_testkit::{TestDb, Who};
use serde_json::json;

const IP: &str = "203.0.113.7";

rongma_store::backend_test!(every_scan_state, |db: TestDb| async move {
    let w = world(db).await;
    let app = &w.t.app;
    let cert = graded_certificate(app, &w.f.product_a, w.f.lab.id).await;
    let b = batch_on(&w, cert.id, 20).await;
    let batch_id = b["id"].as_i64().unwrap();
    let s = |i| w.serial(&b, i);
    let phone = w.t.from_network(IP);

    // Valid, scanned first so the batch is cached: later revocations must still show.
    let (st, v) = phone.scan(&s(0)).await.parts();
    assert_eq!((st, v["verdict"].as_str()), (200, Some("valid")), "{v}");
    assert_eq!(v["certificate"]["grade"], "4A");
    assert_eq!(v["product"]["style_no"], w.f.product_a.style_no.as_str());
    assert_eq!(
        v["enterprise"]["credit_code"],
        w.f.enterprise_a.credit_code.to_string().as_str()
    );
    assert!(
        v["result"]["indicators"]
            .as_array()
            .is_some_and(|i| i.len() == 5),
        "{v}"
    );
    assert_eq!(v["scans"]["count"], 1);

    // Revoked serial, range and batch: shown at once with scope and reason.
    w.revoke(
        Who::EnterpriseA,
        batch_id,
        &json!({"scope": "serials", "serials": [s(1)], "reason": "stolen"}),
    )
    .await
    .assert_status(200);
    w.revoke(
        Who::EnterpriseA,
        batch_id,
        &json!({"scope": "range", "from": s(5), "to": s(7), "reason": "lost in transit"}),
    )
    .await
    .assert_status(200);
    for (i, scope, reason) in [(1, "serial", "stolen"), (6, "range", "lost in transit")] {
        let v = phone.scan(&s(i)).await.body;
        assert_eq!(v["verdict"], "revoked", "{v}");
        assert_eq!(
            (
                v["revocation"]["scope"].as_str(),
                v["revocation"]["reason"].as_str()
            ),
            (Some(scope), Some(reason))
        );
    }
    let whole = batch_on(&w, cert.id, 3).await;
    let st = w
        .revoke(
            Who::Regulator,
            whole["id"].as_i64().unwrap(),
            &json!({"scope": "batch", "reason": "recalled"}),
        )
        .await
        .status;
    assert_eq!(st, 200);
    let v = phone.scan(&w.serial(&whole, 2)).await.body;
    assert_eq!(
        (v["verdict"].as_str(), v["revocation"]["scope"].as_str()),
        (Some("revoked"), Some("batch"))
    );

    // Certificate states: each on a certificate of its own with a batch issued while active.
    for (to, verdict, page_text) in [
        (
            CertificateState::Suspended,
            "certificate_suspended",
            "分级证书已暂停",
        ),
        (
            CertificateState::Revoked,
            "certificate_revoked",
            "分级证书已被撤销",
        ),
        (
            CertificateState::Expired,
            "certificate_lapsed",
            "分级证书已过期",
        ),
        // A regrade leaves tags valid under the version they were issued under.
        (CertificateState::Superseded, "valid", "证书有效"),
    ] {
        let c = graded_certificate(app, &w.f.product_a, w.f.lab.id).await;
        let cb = batch_on(&w, c.id, 2).await;
        let serial = w.serial(&cb, 1);
        phone.scan(&serial).await; // cached while active
        set_certificate_state(app, &c, to).await;
        app.invalidate_scan_cache(); // the testkit writes through the store, not the app
        let (st, v) = phone.scan(&serial).await.parts();
        assert_eq!(
            (
                st,
                v["verdict"].as_str(),
                v["certificate"]["state"].as_str()
            ),
            (200, Some(verdict), Some(to.as_str())),
            "{v}"
        );
        let page = phone.scan_page(&serial).await;
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(html.contains(page_text), "{to:?}: {html}");
    }

    // Authentic but never issued.
    let (st, v) = phone.scan(&unissued_serial(&w)).await.parts();
    assert_eq!(
        (st, v["verdict"].as_str(), v["batch"].is_null()),
        (200, Some("not_issued"), true)
    );

    // Every genuine serial: the cached answer equals the status read from the database.
    for serial in [
        s(0),
        s(1),
        s(6),
        s(9),
        w.serial(&whole, 0),
        unissued_serial(&w),
    ] {
        let db = app.code_status(&serial).await.unwrap();
        let v = phone.scan(&serial).await.body;
        assert_eq!(
            v["verdict"],
            serde_json::to_value(db.verdict).unwrap(),
            "{serial}"
        );
        assert_eq!(
            v["revocation"],
            serde_json::to_value(&db.revocation).unwrap(),
            "{serial}"
        );
        assert_eq!(
            v["batch"],
            serde_json::to_value(&db.batch).unwrap(),
            "{serial}"
        );
    }
});

rongma_store::backend_test!(forged_and_malformed_serials, |db: TestDb| async move {
    let w = world(db).await;
    let phone = w.t.from_network(IP);
    let b = w.batch_a(3).await;
    let good = w.serial(&b, 0);
    // Another system's serial: well-formed, MAC fails.
    let other = rongma_app::secrets::Secrets::generate()
        .code_keys()
        .unwrap();
    let forged = other
        .serial_keys()
        .issue_with(other.current(), w.t.app.verify_serial(&good).unwrap().seq)
        .unwrap()
        .to_string();
    let mut typo = good.clone();
    typo.replace_range(17..18, if good.ends_with('0') { "1" } else { "0" });
    for (serial, status, code) in [
        (forged.as_str(), 404, "not_genuine"),
        (typo.as_str(), 404, "not_genuine"),
    ] {
        let (st, v) = phone.scan(serial).await.parts();
        assert_eq!(
            (st, v["error"]["code"].as_str()),
            (status, Some(code)),
            "{v}"
        );
        let page = phone.scan_page(serial).await;
        assert_eq!(page.status, 404);
        let html = page.text();
        assert!(html.contains("不是绒码正品标识码"), "{html}");
    }
    let long = "A".repeat(5000);
    for path in [
        "/c/ABC".to_owned(),
        format!("/c/{long}"),
        "/c/%E5%BA%8F%E5%88%97%E5%8F%B7".to_owned(),
        "/c/..%2F..%2Fetc%2Fpasswd".to_owned(),
        "/c/%00".to_owned(),
        "/01/12345/21/ABC".to_owned(),
        format!("/01/06901234567891/21/{good}"),
        "/api/v1/codes/%F0%9F%A7%A5".to_owned(),
        format!("/api/v1/codes/{long}"),
    ] {
        let r = phone.get(&path).await;
        assert!(matches!(r.status, 400 | 404), "{path}: {r}");
    }
    // Lower case and the tag's printed groups read the same code.
    let (st, v) = phone.scan(&good.to_lowercase()).await.parts();
    assert_eq!((st, v["serial"].as_str()), (200, Some(good.as_str())));
    let st = phone.get(&format!("/C/{}", good)).await.status;
    assert_eq!(st, 200);
});

rongma_store::backend_test!(the_page_shows_the_tag, |db: TestDb| async move {
    let w = world(db).await;
    let cert = graded_certificate(&w.t.app, &w.f.product_a, w.f.lab.id).await;
    let b = batch_on(&w, cert.id, 2).await;
    let serial = w.serial(&b, 0);
    let phone = w.t.from_network(IP);
    let page = phone.scan_page(&serial).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    for text in [
        "证书有效；刮开涂层输入防伪码以确认吊牌为正品",
        "4A",
        "绒子含量",
        "蓬松度",
        "浊度",
        "钻绒值",
        "色牢度",
        "18.5 cm",
        "限制等级的一项",
        "耐湿摩擦 ",
        "耐皂洗变色 ",
        w.f.enterprise_a.name.as_str(),
        &w.f.enterprise_a.credit_code.to_string(),
        &cert.number,
        &w.f.lab.name,
        "这是第 1 次扫码",
        &format!("/complaint/new?serial={serial}"),
        "name=\"pin\"",
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
    assert!(!html.contains("wash_change"), "{html}");
    let html = phone.scan_page_in(&serial, "en").await.text();
    assert!(
        html.contains("Certificate valid") && html.contains("This is scan number 2"),
        "{html}"
    );
    // Colour fastness is listed by its test items, in the page's language, not by the
    // report's field names.
    assert!(
        html.contains("wet rubbing ") && !html.contains("rubbing_wet"),
        "{html}"
    );
    // Script in stored text is shown escaped.
    assert!(!html.contains("<script>alert"));
    // A Digital Link whose GTIN is not the product's says so.
    let page = phone.digital_link("96385074", &serial).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("GTIN 00000096385074"), "{html}");
});
