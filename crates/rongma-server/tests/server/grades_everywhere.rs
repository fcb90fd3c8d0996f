//! A grade lowered by the reviewer is the grade on every surface: the scan page's badge,
//! the public list and page, the hang tag, the JSON; the engine's result shows as the
//! measured indicator grades with "等级经审核调整为 3A：{reason}", and the reviewer's own
//! notes and annotations (决定等级, 临界，建议复检, the decision comment) never reach consumers.

use crate::support::codes::World;
use crate::support::scans::batch_on;
use crate::support::workflow::{certified_with, gradable_product};
use rongma_testkit::{TestDb, Who};
use serde_json::json;

const REASON: &str = "样品代表性不足";
const NOTE: &str = "内部备注：临界，建议复检";

/// A product certified 3A although the engine measured 4A, and a batch of its tags.
async fn lowered(w: &World) -> (i64, i64, serde_json::Value) {
    let product = gradable_product(&w.t, w.token(Who::EnterpriseA), &w.f, "LOW-1").await;
    let decision =
        json!({"decision": "approve", "grade": "3A", "lowering_reason": REASON, "comment": NOTE});
    let cert = certified_with(&w.t, &w.f, product, "LOW-R1", &decision).await;
    let batch = batch_on(w, cert, 2).await;
    (product, cert, batch)
}

fn assert_no_reviewer_notes(html: &str) {
    for internal in [
        "决定等级",
        "建议复检",
        "内部备注",
        "retest advised",
        "总评 4A",
        "Overall 4A",
    ] {
        assert!(!html.contains(internal), "consumers see {internal:?}");
    }
}

#[tokio::test]
async fn a_lowered_grade_is_the_grade_on_every_surface() {
    let w = World::new(TestDb::sqlite().await).await;
    let (product, _cert, batch) = lowered(&w).await;
    let serial = w.serial(&batch, 0);

    // The scan page: the badge says 3A, the indicators are the measured grades, one line
    // says why, in both languages.
    let html = w.t.scan_page(&serial).await.text();
    assert!(html.contains(">3A</div>"), "{html}");
    assert!(
        html.contains(&format!("等级经审核调整为 3A：{REASON}")),
        "{html}"
    );
    assert!(html.contains("蓬松度") && html.contains(">4A<"), "{html}");
    assert_no_reviewer_notes(&html);
    let en =
        w.t.from_network("10.1.0.1")
            .scan_page_in(&serial, "en")
            .await
            .text();
    assert!(
        en.contains(&format!("On review the grade was set to 3A: {REASON}")),
        "{en}"
    );
    assert_no_reviewer_notes(&en);

    // The scan JSON: the certificate's grade with the adjustment beside the measured result.
    let j = w.t.scan(&serial).await.assert_status(200);
    assert_eq!(j["certificate"]["grade"], "3A");
    assert_eq!(
        j["certificate"]["adjustment"],
        json!({"grade": "3A", "measured": "4A", "reason": REASON})
    );
    assert!(!j.to_string().contains(NOTE));

    // The public list, its CSV and the product's page and JSON.
    let list = w.t.public_products("").await.assert_status(200);
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["product_id"] == product)
        .expect("listed")
        .clone();
    assert_eq!(row["grade"], "3A");
    let csv = w.t.public_products_csv().await.text();
    assert!(
        csv.lines().any(|l| l.contains("LOW-1") && l.contains("3A")),
        "{csv}"
    );
    let p = w.t.public_product(product).await.assert_status(200);
    assert_eq!(
        (p["grade"].as_str(), p["adjustment"]["measured"].as_str()),
        (Some("3A"), Some("4A"))
    );
    assert!(!p.to_string().contains(NOTE));
    let b = w.t.browser();
    let (status, page) = b.page(&format!("/public/products/{product}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("等级经审核调整为 3A：{REASON}")),
        "{page}"
    );
    assert!(!page.contains("<span class=\"grade\">4A</span>"), "{page}");
    assert_no_reviewer_notes(&page);
    let (_, list_page) = b.page("/public").await;
    assert!(list_page.contains(">3A</a>"), "{list_page}");

    // The hang tag: the badge is 3A's, the indicators are headed as measured, and the tag
    // says the grade was set on review.
    let s = w.serial(&batch, 1);
    let id = batch["id"].as_i64().unwrap();
    let r = w
        .export(Who::EnterpriseA, id, &format!("format=svg&from={s}&to={s}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let svg = r.text();
    assert!(svg.contains("AAA") && !svg.contains("AAAA"), "badge");
    assert!(
        svg.contains("等级经审核调整为 3A") && svg.contains("测得等级"),
        "note"
    );
}

#[tokio::test]
async fn an_unchanged_grade_names_its_limiting_indicator_without_reviewer_advice() {
    let w = World::new(TestDb::sqlite().await).await;
    let product = gradable_product(&w.t, w.token(Who::EnterpriseA), &w.f, "KEEP-1").await;
    let cert = certified_with(
        &w.t,
        &w.f,
        product,
        "KEEP-R1",
        &json!({"decision": "approve", "comment": NOTE}),
    )
    .await;
    let batch = batch_on(&w, cert, 1).await;
    let html = w.t.scan_page(&w.serial(&batch, 0)).await.text();
    assert!(
        html.contains(">4A</div>") && html.contains("总评 4A"),
        "{html}"
    );
    assert!(!html.contains("等级经审核调整"), "{html}");
    assert!(!html.contains("决定等级") && !html.contains("建议复检") && !html.contains(NOTE));
    let j = w.t.scan(&w.serial(&batch, 0)).await.assert_status(200);
    assert!(j["certificate"]["adjustment"].is_null());
}
