//! The chain that earns a grade, on both databases: a lab submits a report → the
//! enterprise applies → a reviewer approves → the certificate is active and on the public
//! list → suspended → reinstated → revoked, with a timeline naming every step and who took
//! it. Plus who may do what along the way.

use rongma_testkit::{Fixtures, TestApp, TestDb, Who};
// Each test file uses part of the shared helpers.
#[allow(dead_code)]
mod support {
    include!("support/story.rs");
}

use serde_json::{json, Value};
use support::report;

/// A product of enterprise A within the scheme's scope (declared ≤ 80 %).
async fn gradable_product(t: &TestApp, f: &Fixtures, style: &str) -> i64 {
    let (s, p) = t
        .call(
            "POST",
            "/api/v1/products",
            f.token(Who::EnterpriseA),
            Some(json!({
                "brand_id": f.brand_a.id, "style_no": style, "name": "分级款", "species": "goose", "colour": "white",
                "declared_down_cluster_pct": "80", "sizes": [{"size": "M", "fill_weight_g": 200}, {"size": "L", "fill_weight_g": 220}],
                "shell_fabric": "锦纶", "standard": "GB/T 14272-2021"
            })),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    p["id"].as_i64().unwrap()
}

async fn submit_with_pdf(t: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    let form = reqwest::multipart::Form::new()
        .text("report", body.to_string())
        .part(
            "pdf",
            reqwest::multipart::Part::bytes(b"%PDF-1.4\n% rongma test report\n%%EOF\n".to_vec())
                .file_name("report.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let r = t
        .client
        .post(t.url("/api/v1/reports/with-pdf"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

fn actions(history: &Value) -> Vec<(String, String)> {
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

async fn story(db: TestDb) {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let product = gradable_product(&t, &f, "STORY-1").await;

    // The lab submits its report with the original PDF.
    let (s, rep) = submit_with_pdf(
        &t,
        f.token(Who::LabUser).unwrap(),
        &report(product, "ZJ-2026-0001"),
    )
    .await;
    assert_eq!(s, 201, "{rep}");
    let report_id = rep["id"].as_i64().unwrap();
    assert_eq!(rep["lab_id"], f.lab.id);
    assert_eq!(rep["status"], "submitted");
    let r = t
        .client
        .get(t.url(&format!("/api/v1/reports/{report_id}/pdf")))
        .bearer_auth(f.token(Who::EnterpriseA).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));

    // The enterprise applies; the engine grades 4A.
    let (s, appl) = t
        .call(
            "POST",
            "/api/v1/applications",
            f.token(Who::EnterpriseA),
            Some(json!({"product_id": product, "report_ids": [report_id]})),
        )
        .await;
    assert_eq!(s, 201, "{appl}");
    let app_id = appl["id"].as_i64().unwrap();
    assert_eq!(
        (appl["engine_grade"].as_str(), appl["gradable"].as_bool()),
        (Some("4A"), Some(true))
    );
    assert_eq!(appl["profile"]["id"], "pinghu-down-garment");

    // The reviewer finds it in the queue, may not raise the grade, approves.
    let (_, queue) = t
        .call(
            "GET",
            "/api/v1/applications?status=pending",
            f.token(Who::Reviewer),
            None,
        )
        .await;
    assert_eq!(queue["items"][0]["id"], app_id);
    let (s, e) = t
        .call(
            "POST",
            &format!("/api/v1/applications/{app_id}/decision"),
            f.token(Who::Reviewer),
            Some(json!({"decision": "approve", "grade": "5A"})),
        )
        .await;
    assert_eq!(
        (s, e["error"]["fields"][0]["code"].as_str()),
        (422, Some("grade_raised"))
    );
    let (s, decided) = t
        .call(
            "POST",
            &format!("/api/v1/applications/{app_id}/decision"),
            f.token(Who::Reviewer),
            Some(json!({"decision": "approve", "comment": "资料齐全"})),
        )
        .await;
    assert_eq!(s, 200, "{decided}");
    assert_eq!(decided["status"], "approved");
    let cert_id = decided["certificate_id"].as_i64().unwrap();
    let (s, _) = t
        .call(
            "POST",
            &format!("/api/v1/applications/{app_id}/decision"),
            f.token(Who::Reviewer),
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(s, 409, "approving twice is refused");

    let (_, cert) = t
        .call(
            "GET",
            &format!("/api/v1/certificates/{cert_id}"),
            f.token(Who::EnterpriseA),
            None,
        )
        .await;
    assert_eq!(
        (
            cert["state"].as_str(),
            cert["grade"].as_str(),
            cert["version"].as_i64()
        ),
        (Some("active"), Some("4A"), Some(1))
    );
    assert_eq!(cert["indicator_grades"]["fill_power"], "4A");
    assert_eq!(cert["indicator_grades"]["down_cluster"], "5A");
    let number = cert["number"].as_str().unwrap().to_owned();

    // On the public list, and its page names lab and report.
    let (s, list) = t
        .call("GET", "/api/v1/public/products?grade=4A", None, None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["certificate_number"] == number.as_str())
            .count(),
        1
    );
    // Filtered by brand and enterprise: the graded brand lists it, the other brand
    // (nothing graded) does not, and only graded brands are offered as filters.
    let listed = |list: &Value| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["certificate_number"] == number.as_str())
    };
    for (query, expected) in [
        (format!("brand_id={}", f.brand_a.id), true),
        (format!("brand_id={}", f.brand_b.id), false),
        (format!("enterprise_id={}", f.enterprise_a.id), true),
        (format!("enterprise_id={}", f.enterprise_b.id), false),
        ("brand_id=&enterprise_id=".to_owned(), true),
    ] {
        let (s, list) = t
            .call(
                "GET",
                &format!("/api/v1/public/products?{query}"),
                None,
                None,
            )
            .await;
        assert_eq!((s, listed(&list)), (200, expected), "{query}");
    }
    let (s, v) = t
        .call("GET", "/api/v1/public/products?brand_id=abc", None, None)
        .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].as_str()),
        (422, Some("brand_id")),
        "{v}"
    );
    let (_, brands) = t.call("GET", "/api/v1/public/brands", None, None).await;
    let graded: Vec<(i64, i64, i64)> = brands
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["enterprise_id"].as_i64().unwrap(),
                b["brand_id"].as_i64().unwrap(),
                b["listed"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(graded, vec![(f.enterprise_a.id, f.brand_a.id, 1)]);

    let (_, page) = t
        .call(
            "GET",
            &format!("/api/v1/public/products/{product}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (
            page["state"].as_str(),
            page["report_no"].as_str(),
            page["lab_name"].as_str()
        ),
        (
            Some("active"),
            Some("ZJ-2026-0001"),
            Some(f.lab.name.as_str())
        )
    );
    let csv = t
        .client
        .get(t.url("/api/v1/public/products.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&number) && l.contains(",4A,active,")),
        "{csv}"
    );

    // Suspended: still listed, marked; reinstated; revoked: gone from the list, page says so.
    let state = |action: &str, reason: &str| json!({"action": action, "reason": reason});
    let path = format!("/api/v1/certificates/{cert_id}/state");
    let (s, _) = t
        .call(
            "POST",
            &path,
            f.token(Who::Reviewer),
            Some(state("suspend", "x")),
        )
        .await;
    assert_eq!(s, 403, "only the regulator changes certificate states");
    let (s, c) = t
        .call(
            "POST",
            &path,
            f.token(Who::Regulator),
            Some(state("suspend", "抽检不合格待复核")),
        )
        .await;
    assert_eq!((s, c["state"].as_str()), (200, Some("suspended")));
    let (_, list) = t.call("GET", "/api/v1/public/products", None, None).await;
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["certificate_number"] == number.as_str() && i["state"] == "suspended"));
    let (s, c) = t
        .call(
            "POST",
            &path,
            f.token(Who::Regulator),
            Some(state("reinstate", "复核合格")),
        )
        .await;
    assert_eq!((s, c["state"].as_str()), (200, Some("active")));
    let (s, c) = t
        .call(
            "POST",
            &path,
            f.token(Who::Regulator),
            Some(state("revoke", "虚假标注")),
        )
        .await;
    assert_eq!((s, c["state"].as_str()), (200, Some("revoked")));
    let (s, e) = t
        .call(
            "POST",
            &path,
            f.token(Who::Regulator),
            Some(state("reinstate", "试图恢复")),
        )
        .await;
    assert_eq!(s, 409, "revoked → active is illegal: {e}");
    let (_, list) = t.call("GET", "/api/v1/public/products", None, None).await;
    assert!(!list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["certificate_number"] == number.as_str()));
    let (_, page) = t
        .call(
            "GET",
            &format!("/api/v1/public/products/{product}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (page["state"].as_str(), page["state_reason"].as_str()),
        (Some("revoked"), Some("虚假标注"))
    );

    // The timeline shows every step and who took it.
    let (_, h) = t
        .call(
            "GET",
            &format!("/api/v1/certificates/{cert_id}/history"),
            f.token(Who::Regulator),
            None,
        )
        .await;
    let expected: Vec<(String, String)> = [
        ("issued", "t-reviewer"),
        ("suspended", "t-regulator"),
        ("reinstated", "t-regulator"),
        ("revoked", "t-regulator"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(actions(&h), expected);
    assert_eq!(h[1]["reason"], "抽检不合格待复核");
    let (_, h) = t
        .call(
            "GET",
            &format!("/api/v1/applications/{app_id}/history"),
            f.token(Who::EnterpriseA),
            None,
        )
        .await;
    assert_eq!(
        actions(&h),
        vec![
            ("submitted".to_owned(), "t-ent-a".to_owned()),
            ("approved".to_owned(), "t-reviewer".to_owned())
        ]
    );
    let (_, h) = t
        .call(
            "GET",
            &format!("/api/v1/reports/{report_id}/history"),
            f.token(Who::LabUser),
            None,
        )
        .await;
    assert_eq!(
        actions(&h),
        vec![("submitted".to_owned(), "t-lab".to_owned())]
    );
}

rongma_store::backend_test!(grade_certificate_story, |db: TestDb| async move {
    story(db).await
});

rongma_store::backend_test!(who_may_submit_apply_and_approve, |db: TestDb| async move {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let product = gradable_product(&t, &f, "AUTH-1").await;
    // Only labs submit; the lab is the caller's own, whatever the body says.
    for who in [
        Who::Regulator,
        Who::Reviewer,
        Who::EnterpriseA,
        Who::PlatformKey,
    ] {
        let (s, _) = t
            .call(
                "POST",
                "/api/v1/reports",
                f.token(who),
                Some(report(product, &format!("X-{who:?}"))),
            )
            .await;
        assert_eq!(s, 403, "{who:?} submitted a report");
    }
    let mut body = report(product, "KEY-1");
    body["lab_id"] = json!(9999);
    let (s, rep) = t
        .call("POST", "/api/v1/reports", f.token(Who::LabKey), Some(body))
        .await;
    assert_eq!((s, rep["lab_id"].as_i64()), (201, Some(f.lab.id)), "{rep}");
    let (s, e) = t
        .call(
            "POST",
            "/api/v1/reports",
            f.token(Who::LabUser),
            Some(report(product, "KEY-1")),
        )
        .await;
    assert_eq!(
        (s, e["error"]["fields"][0]["field"].as_str()),
        (409, Some("report_no"))
    );
    let report_id = rep["id"].as_i64().unwrap();

    // Enterprise B cannot apply with A's product or A's report.
    let (s, _) = t
        .call(
            "POST",
            "/api/v1/applications",
            f.token(Who::EnterpriseB),
            Some(json!({"product_id": product, "report_ids": [report_id]})),
        )
        .await;
    assert_eq!(s, 404);
    let (s, e) = t
        .call(
            "POST",
            "/api/v1/applications",
            f.token(Who::EnterpriseB),
            Some(json!({"product_id": f.product_b.id, "report_ids": [report_id]})),
        )
        .await;
    assert_eq!(
        (s, e["error"]["fields"][0]["field"].as_str()),
        (422, Some("report_ids[0]"))
    );
    let (s, _) = t
        .call(
            "GET",
            &format!("/api/v1/reports/{report_id}"),
            f.token(Who::EnterpriseB),
            None,
        )
        .await;
    assert_eq!(s, 404, "B cannot read A's report");

    let (s, appl) = t
        .call(
            "POST",
            "/api/v1/applications",
            f.token(Who::EnterpriseA),
            Some(json!({"product_id": product, "report_ids": [report_id]})),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = t
        .call(
            "POST",
            "/api/v1/applications",
            f.token(Who::EnterpriseA),
            Some(json!({"product_id": product, "report_ids": [report_id]})),
        )
        .await;
    assert_eq!(s, 409, "one pending application per product");
    let decide = format!("/api/v1/applications/{}/decision", appl["id"]);
    for who in [
        Who::Regulator,
        Who::Inspector,
        Who::EnterpriseA,
        Who::LabUser,
        Who::PlatformKey,
    ] {
        let (s, _) = t
            .call(
                "POST",
                &decide,
                f.token(who),
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert_eq!(s, 403, "{who:?} approved");
    }
    // Lowering needs a reason; with one it sticks.
    let (s, e) = t
        .call(
            "POST",
            &decide,
            f.token(Who::Reviewer),
            Some(json!({"decision": "approve", "grade": "3A"})),
        )
        .await;
    assert_eq!(
        (s, e["error"]["fields"][0]["field"].as_str()),
        (422, Some("lowering_reason"))
    );
    let (s, a) = t
        .call(
            "POST",
            &decide,
            f.token(Who::Reviewer),
            Some(
                json!({"decision": "approve", "grade": "3A", "lowering_reason": "样品代表性不足"}),
            ),
        )
        .await;
    assert_eq!(
        (s, a["decided_grade"].as_str(), a["engine_grade"].as_str()),
        (200, Some("3A"), Some("4A"))
    );
    let (_, c) = t
        .call(
            "GET",
            &format!("/api/v1/certificates/{}", a["certificate_id"]),
            f.token(Who::EnterpriseA),
            None,
        )
        .await;
    assert_eq!(c["grade"], "3A");
    let (s, _) = t
        .call(
            "GET",
            &format!("/api/v1/certificates/{}", a["certificate_id"]),
            f.token(Who::EnterpriseB),
            None,
        )
        .await;
    assert_eq!(s, 404);

    // Regrading: a new report and application make version 2; version 1 is superseded.
    let (_, rep2) = t
        .call(
            "POST",
            "/api/v1/reports",
            f.token(Who::LabUser),
            Some(report(product, "KEY-2")),
        )
        .await;
    let (_, appl2) = t
        .call(
            "POST",
            "/api/v1/applications",
            f.token(Who::EnterpriseA),
            Some(json!({"product_id": product, "report_ids": [rep2["id"]]})),
        )
        .await;
    let (_, a2) = t
        .call(
            "POST",
            &format!("/api/v1/applications/{}/decision", appl2["id"]),
            f.token(Who::Reviewer),
            Some(json!({"decision": "approve"})),
        )
        .await;
    let (_, c2) = t
        .call(
            "GET",
            &format!("/api/v1/certificates/{}", a2["certificate_id"]),
            f.token(Who::EnterpriseA),
            None,
        )
        .await;
    assert_eq!(
        (
            c2["version"].as_i64(),
            c2["grade"].as_str(),
            c2["supersedes_id"].as_i64()
        ),
        (Some(2), Some("4A"), c["id"].as_i64())
    );
    let (_, c1) = t
        .call(
            "GET",
            &format!("/api/v1/certificates/{}", c["id"]),
            f.token(Who::EnterpriseA),
            None,
        )
        .await;
    assert_eq!(c1["state"], "superseded");
});
