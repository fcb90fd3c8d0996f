//! The grading workflow's steps through the API, for tests that need a product in scope
//! or a certificate earned the regular way (a lab's report, the enterprise's application,
//! the reviewer's approval), and the timeline of a history.

use rongma_testkit::reports::report;
use rongma_testkit::{Fixtures, TestApp, Who};
use serde_json::{json, Value};

/// A product of enterprise A within the scheme's scope (declared ≤ 80 %), created by
/// `token`; its id.
pub async fn gradable_product(t: &TestApp, token: Option<&str>, f: &Fixtures, style: &str) -> i64 {
    let body = json!({
        "brand_id": f.brand_a.id, "style_no": style, "name": "分级款", "species": "goose", "colour": "white",
        "declared_down_cluster_pct": "80", "sizes": [{"size": "M", "fill_weight_g": 200}, {"size": "L", "fill_weight_g": 220}],
        "shell_fabric": "锦纶", "standard": "GB/T 14272-2021"
    });
    t.create_product(token, &body).await.assert_status(201)["id"]
        .as_i64()
        .unwrap()
}

/// The lab submits report `report_no` on `product_id`, enterprise A applies with it and
/// the reviewer approves: the id of the certificate issued.
pub async fn certified(t: &TestApp, f: &Fixtures, product_id: i64, report_no: &str) -> i64 {
    certified_with(t, f, product_id, report_no, &json!({"decision": "approve"})).await
}

/// As [`certified`], with the reviewer's decision `decision` (e.g. a lowered grade).
pub async fn certified_with(
    t: &TestApp,
    f: &Fixtures,
    product_id: i64,
    report_no: &str,
    decision: &Value,
) -> i64 {
    let rep = t
        .submit_report(f.token(Who::LabUser), &report(product_id, report_no))
        .await
        .assert_status(201);
    let report_id = rep["id"].as_i64().unwrap();
    let application = t
        .apply(f.token(Who::EnterpriseA), product_id, &[report_id])
        .await
        .assert_status(201);
    let decided = t
        .decide(
            f.token(Who::Reviewer),
            application["id"].as_i64().unwrap(),
            decision,
        )
        .await
        .assert_status(200);
    decided["certificate_id"].as_i64().unwrap()
}

/// A history as (action, actor name) pairs.
pub fn actions(history: &Value) -> Vec<(String, String)> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["actor_name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
