//! The chain that earns a grade, on both databases: a lab submits a report → the
//! enterprise applies → a reviewer approves → the certificate is active and on the public
//! list → suspended → reinstated → revoked, with a timeline naming every step and who took
//! it. Plus who may do what along the way.

use crate::support::workflow::{actions, certified, gradable_product};
use rongma_testkit::reports::report;
use rongma_testkit::{Fixtures, TestApp, TestDb, Upload, Who};
use serde_json::{json, Value};

/// The original PDF a lab attaches to its report.
fn pdf() -> Upload {
    Upload::new(
        "report.pdf",
        b"%PDF-1.4\n% rongma test report\n%%EOF\n".to_vec(),
    )
    .mime("application/pdf")
}

async fn story(db: TestDb) {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let (lab, ent, reviewer, regulator) = (
        f.token(Who::LabUser),
        f.token(Who::EnterpriseA),
        f.token(Who::Reviewer),
        f.token(Who::Regulator),
    );
    let product = gradable_product(&t, ent, &f, "STORY-1").await;

    // The lab submits its report with the original PDF.
    let rep = t
        .submit_report_with_pdf(lab, &report(product, "ZJ-2026-0001"), pdf())
        .await
        .assert_status(201);
    let report_id = rep["id"].as_i64().unwrap();
    assert_eq!(rep["lab_id"], f.lab.id);
    assert_eq!(rep["status"], "submitted");
    let r = t.report_pdf(ent, report_id).await;
    assert_eq!(r.status, 200);
    assert!(r.bytes.starts_with(b"%PDF-"));

    // The enterprise applies; the engine grades 4A.
    let appl = t.apply(ent, product, &[report_id]).await.assert_status(201);
    let app_id = appl["id"].as_i64().unwrap();
    assert_eq!(
        (appl["engine_grade"].as_str(), appl["gradable"].as_bool()),
        (Some("4A"), Some(true))
    );
    assert_eq!(appl["profile"]["id"], "pinghu-down-garment");

    // The reviewer finds it in the queue, may not raise the grade, approves.
    let queue = t.list_applications(reviewer, "status=pending").await.body;
    assert_eq!(queue["items"][0]["id"], app_id);
    let r = t
        .decide(
            reviewer,
            app_id,
            &json!({"decision": "approve", "grade": "5A"}),
        )
        .await;
    assert_eq!(
        (r.status, r["error"]["fields"][0]["code"].as_str()),
        (422, Some("grade_raised"))
    );
    let decided = t
        .decide(
            reviewer,
            app_id,
            &json!({"decision": "approve", "comment": "资料齐全"}),
        )
        .await
        .assert_status(200);
    assert_eq!(decided["status"], "approved");
    let cert_id = decided["certificate_id"].as_i64().unwrap();
    let s = t
        .decide(reviewer, app_id, &json!({"decision": "approve"}))
        .await
        .status;
    assert_eq!(s, 409, "approving twice is refused");

    let cert = t.get_certificate(ent, cert_id).await.body;
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
    let (s, list) = t.public_products("grade=4A").await.parts();
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
        let (s, list) = t.public_products(&query).await.parts();
        assert_eq!((s, listed(&list)), (200, expected), "{query}");
    }
    let r = t.public_products("brand_id=abc").await;
    assert_eq!(
        (r.status, r["error"]["fields"][0]["field"].as_str()),
        (422, Some("brand_id")),
        "{r}"
    );
    let brands = t.public_brands().await.body;
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

    let page = t.public_product(product).await.body;
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
    let csv = t.public_products_csv().await.text();
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&number) && l.contains(",4A,active,")),
        "{csv}"
    );

    // Suspended: still listed, marked; reinstated; revoked: gone from the list, page says so.
    let state = |who, action, reason| t.change_certificate_state(who, cert_id, action, reason);
    let (s, _) = state(reviewer, "suspend", "x").await.parts();
    assert_eq!(s, 403, "only the regulator changes certificate states");
    let (s, c) = state(regulator, "suspend", "抽检不合格待复核")
        .await
        .parts();
    assert_eq!((s, c["state"].as_str()), (200, Some("suspended")));
    let list = t.public_products("").await.body;
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["certificate_number"] == number.as_str() && i["state"] == "suspended"));
    let (s, c) = state(regulator, "reinstate", "复核合格").await.parts();
    assert_eq!((s, c["state"].as_str()), (200, Some("active")));
    let (s, c) = state(regulator, "revoke", "虚假标注").await.parts();
    assert_eq!((s, c["state"].as_str()), (200, Some("revoked")));
    let (s, e) = state(regulator, "reinstate", "试图恢复").await.parts();
    assert_eq!(s, 409, "revoked → active is illegal: {e}");
    let list = t.public_products("").await.body;
    assert!(!list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["certificate_number"] == number.as_str()));
    let page = t.public_product(product).await.body;
    assert_eq!(
        (page["state"].as_str(), page["state_reason"].as_str()),
        (Some("revoked"), Some("虚假标注"))
    );

    // The timeline shows every step and who took it.
    let h = t.certificate_history(regulator, cert_id).await.body;
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
    let h = t.application_history(ent, app_id).await.body;
    assert_eq!(
        actions(&h),
        vec![
            ("submitted".to_owned(), "t-ent-a".to_owned()),
            ("approved".to_owned(), "t-reviewer".to_owned())
        ]
    );
    let h = t.report_history(lab, report_id).await.body;
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
    let (ent, reviewer) = (f.token(Who::EnterpriseA), f.token(Who::Reviewer));
    let product = gradable_product(&t, ent, &f, "AUTH-1").await;
    // Only labs submit; the lab is the caller's own, whatever the body says.
    for who in [
        Who::Regulator,
        Who::Reviewer,
        Who::EnterpriseA,
        Who::PlatformKey,
    ] {
        let s = t
            .submit_report(f.token(who), &report(product, &format!("X-{who:?}")))
            .await
            .status;
        assert_eq!(s, 403, "{who:?} submitted a report");
    }
    let mut body = report(product, "KEY-1");
    body["lab_id"] = json!(9999);
    let (s, rep) = t.submit_report(f.token(Who::LabKey), &body).await.parts();
    assert_eq!((s, rep["lab_id"].as_i64()), (201, Some(f.lab.id)), "{rep}");
    let r = t
        .submit_report(f.token(Who::LabUser), &report(product, "KEY-1"))
        .await;
    assert_eq!(
        (r.status, r["error"]["fields"][0]["field"].as_str()),
        (409, Some("report_no"))
    );
    let report_id = rep["id"].as_i64().unwrap();

    // Enterprise B cannot apply with A's product or A's report.
    let b = f.token(Who::EnterpriseB);
    let s = t.apply(b, product, &[report_id]).await.status;
    assert_eq!(s, 404);
    let r = t.apply(b, f.product_b.id, &[report_id]).await;
    assert_eq!(
        (r.status, r["error"]["fields"][0]["field"].as_str()),
        (422, Some("report_ids[0]"))
    );
    let s = t.get_report(b, report_id).await.status;
    assert_eq!(s, 404, "B cannot read A's report");

    let (s, appl) = t.apply(ent, product, &[report_id]).await.parts();
    assert_eq!(s, 201);
    let s = t.apply(ent, product, &[report_id]).await.status;
    assert_eq!(s, 409, "one pending application per product");
    let app_id = appl["id"].as_i64().unwrap();
    for who in [
        Who::Regulator,
        Who::Inspector,
        Who::EnterpriseA,
        Who::LabUser,
        Who::PlatformKey,
    ] {
        let s = t
            .decide(f.token(who), app_id, &json!({"decision": "approve"}))
            .await
            .status;
        assert_eq!(s, 403, "{who:?} approved");
    }
    // Lowering needs a reason; with one it sticks.
    let r = t
        .decide(
            reviewer,
            app_id,
            &json!({"decision": "approve", "grade": "3A"}),
        )
        .await;
    assert_eq!(
        (r.status, r["error"]["fields"][0]["field"].as_str()),
        (422, Some("lowering_reason"))
    );
    let (s, a) = t
        .decide(
            reviewer,
            app_id,
            &json!({"decision": "approve", "grade": "3A", "lowering_reason": "样品代表性不足"}),
        )
        .await
        .parts();
    assert_eq!(
        (s, a["decided_grade"].as_str(), a["engine_grade"].as_str()),
        (200, Some("3A"), Some("4A"))
    );
    let cert_id = a["certificate_id"].as_i64().unwrap();
    let c = t.get_certificate(ent, cert_id).await.body;
    assert_eq!(c["grade"], "3A");
    let s = t.get_certificate(b, cert_id).await.status;
    assert_eq!(s, 404);

    // Regrading: a new report and application make version 2; version 1 is superseded.
    let cert2 = certified(&t, &f, product, "KEY-2").await;
    let c2 = t.get_certificate(ent, cert2).await.body;
    assert_eq!(
        (
            c2["version"].as_i64(),
            c2["grade"].as_str(),
            c2["supersedes_id"].as_i64()
        ),
        (Some(2), Some("4A"), c["id"].as_i64())
    );
    let c1 = t.get_certificate(ent, c["id"].as_i64().unwrap()).await.body;
    assert_eq!(c1["state"], "superseded");
});
