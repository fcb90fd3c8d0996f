//! A regrade does not devalue tags already in shops: a tag keeps the certificate version it
//! was issued under, valid while that version stands, with a link to the current version;
//! a suspension of its version changes what it says. The reviewer sees how many tags a
//! decision touches before confirming, and batch lists show their certificate's real state.

use crate::support::codes::World;
use crate::support::scans::batch_on;
use crate::support::workflow::{certified, gradable_product};
use rongma_testkit::reports::report;
use rongma_testkit::{TestDb, Who};
use serde_json::json;

#[tokio::test]
async fn old_tags_stay_valid_under_their_version_after_a_regrade() {
    let w = World::new(TestDb::sqlite().await).await;
    let product = gradable_product(&w.t, w.token(Who::EnterpriseA), &w.f, "REG-1").await;
    let v1 = certified(&w.t, &w.f, product, "REG-R1").await;
    let old = batch_on(&w, v1, 3).await;
    let old_tag = w.serial(&old, 0);

    // The regrade's application: the reviewer sees the 3 tags issued under version 1.
    let rep =
        w.t.submit_report(w.token(Who::LabUser), &report(product, "REG-R2"))
            .await
            .assert_status(201);
    let application =
        w.t.apply(
            w.token(Who::EnterpriseA),
            product,
            &[rep["id"].as_i64().unwrap()],
        )
        .await
        .assert_status(201);
    let app_id = application["id"].as_i64().unwrap();
    let reviewer = w.t.logged_in("t-reviewer", "/").await;
    let (_, page) = reviewer.page(&format!("/applications/{app_id}")).await;
    assert!(
        page.contains("已发放 3 枚吊牌") && page.contains("仍按第 1 版有效"),
        "{page}"
    );
    let (_, page_en) = reviewer
        .page(&format!("/applications/{app_id}?lang=en"))
        .await;
    assert!(page_en.contains("3 tags were issued under"), "{page_en}");
    let v2 =
        w.t.decide(
            w.token(Who::Reviewer),
            app_id,
            &json!({"decision": "approve"}),
        )
        .await
        .assert_status(200)["certificate_id"]
            .as_i64()
            .unwrap();

    // The old tag: valid under version 1, not struck through, linking to the current one.
    let j = w.t.scan(&old_tag).await.assert_status(200);
    assert_eq!(j["verdict"], "valid", "{j}");
    assert_eq!(j["certificate"]["version"], 1);
    assert_eq!(j["certificate"]["superseded_by"]["version"], 2);
    let html = w.t.scan_page(&old_tag).await.text();
    assert!(
        html.contains("本吊牌按第 1 版证书（4A）签发，仍然有效"),
        "{html}"
    );
    assert!(
        html.contains(&format!("/public/products/{product}")),
        "{html}"
    );
    assert!(
        !html.contains("stale") && !html.contains("superseded by"),
        "{html}"
    );
    let en =
        w.t.from_network("10.9.0.1")
            .scan_page_in(&old_tag, "en")
            .await
            .text();
    assert!(
        en.contains("issued under version 1") && !en.contains("已由"),
        "{en}"
    );
    // The status API agrees with the page.
    let st = w.status(&old_tag).await;
    assert_eq!(st["verdict"], "valid");
    // The public list shows the product once, with its current version.
    let list = w.t.public_products("").await.assert_status(200);
    let rows: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["product_id"] == product)
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["certificate_id"], v2);

    // Suspending version 2 for cause leaves the old tags alone, and the batch list says
    // which batches the suspension reaches.
    let new = batch_on(&w, v2, 2).await;
    let cert_page = w.t.logged_in("t-regulator", "/").await;
    let (_, page) = cert_page.page(&format!("/certificates/{v2}")).await;
    assert!(page.contains("该证书下已发放 2 枚吊牌"), "{page}");
    w.t.change_certificate_state(w.token(Who::Regulator), v2, "suspend", "抽检不合格")
        .await
        .assert_status(200);
    assert_eq!(
        w.t.scan(&w.serial(&new, 0)).await.body["verdict"],
        "certificate_suspended"
    );
    assert_eq!(w.t.scan(&old_tag).await.body["verdict"], "valid");
    let codes = w.t.logged_in("t-ent-a", "/codes").await;
    let (_, list) = codes.page("/codes").await;
    assert!(list.contains("证书已暂停"), "{list}");
    assert!(list.contains("有效（按原版本证书；已有新版本）"), "{list}");
}
