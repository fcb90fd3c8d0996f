//! Consumer complaints end to end: filing without login (with a photo, or about a forged
//! tag), following with the private key, the regulator's queue with deadlines, the
//! enterprise's answer, and every refusal — on both databases.

use rongma_app::{Actor, Clock};
use rongma_testkit::{Fixtures, TestApp, TestDb, Upload, Who};
use serde_json::{json, Value};

/// Issues a small batch on an active certificate of enterprise A's product; its first serial.
async fn genuine_serial(t: &TestApp, f: &Fixtures) -> String {
    let product = t
        .app
        .get_product(&Actor::system("t"), f.product_a.id)
        .await
        .unwrap();
    let cert = rongma_testkit::certificates::active_certificate(t, &product, f.lab.id).await;
    let today = t.app.now().date_naive();
    let body = json!({"certificate_id": cert.id, "quantity": 10, "lot_no": "L-1", "production_date": today.to_string(), "sizes": [{"size": "M", "quantity": 10}]});
    let b = t
        .issue_codes(f.token(Who::EnterpriseA), &body)
        .await
        .assert_status(201);
    b["batch"]["first_serial"].as_str().unwrap().to_owned()
}

/// Files a complaint with a photo named `p.jpg`.
async fn file_with_photo(t: &TestApp, complaint: Value, photo: Vec<u8>) -> (u16, Value) {
    t.file_complaint_with_photo(&complaint, Upload::new("p.jpg", photo))
        .await
        .parts()
}

/// (status, the fields of its errors).
fn refused(r: rongma_testkit::Response) -> (u16, Vec<String>) {
    (r.status, r.error_fields())
}

rongma_store::backend_test!(complaint_lifecycle, |db: TestDb| async move {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let serial = genuine_serial(&t, &f).await;

    // Filed without login, with a photo; the answer gives the ticket and the key.
    // A real (tiny) JPEG: photos are decoded and encoded again when filed.
    let jpeg = {
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(8, 8)
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    };
    let (s, filed) = file_with_photo(
        &t,
        json!({"serial": serial.to_lowercase(), "category": "fill_weight", "description": "<script>alert(1)</script> 感觉很薄", "phone": "138 0013 8000"}),
        jpeg.clone(),
    )
    .await;
    assert_eq!(s, 201, "{filed}");
    let ticket = filed["ticket_no"].as_str().unwrap().to_owned();
    let key = filed["key"].as_str().unwrap().to_owned();
    let (s, view) = t.track_complaint(&ticket, &key).await.parts();
    assert_eq!(
        (s, view["status"].as_str(), view["serial"].as_str()),
        (200, Some("received"), Some(serial.as_str()))
    );
    let s = t.track_complaint(&ticket, "wrong").await.status;
    assert_eq!(s, 404, "a wrong key is no ticket at all");

    // The enterprise concerned sees it (phone masked); the other enterprise does not.
    let list = t.list_complaints(f.token(Who::EnterpriseA), "").await.body;
    assert_eq!(list["total"], 1);
    let id = list["items"][0]["id"].as_i64().unwrap();
    assert_eq!(list["items"][0]["phone"], "138****8000");
    assert!(!list.to_string().contains("13800138000"));
    let list = t.list_complaints(f.token(Who::EnterpriseB), "").await.body;
    assert_eq!(list["total"], 0);
    let s = t.get_complaint(f.token(Who::EnterpriseB), id).await.status;
    assert_eq!(s, 404);
    let r = t.complaint_photo(f.token(Who::Regulator), id).await;
    assert_eq!(
        (
            r.status,
            r.headers["content-type"].to_str().unwrap().to_owned()
        ),
        (200, "image/jpeg".to_owned())
    );
    for who in [Who::Reviewer, Who::LabUser, Who::PlatformKey] {
        let s = t.list_complaints(f.token(who), "").await.status;
        assert_eq!(s, 403, "{who:?} reads complaints");
    }

    // Regulator: closing before accepting is refused; refusing needs a reason.
    let reg = f.token(Who::Regulator);
    let s = t
        .decide_complaint(reg, id, &json!({"action": "close", "note": "x"}))
        .await
        .status;
    assert_eq!(s, 409);
    let r = t
        .decide_complaint(reg, id, &json!({"action": "reject"}))
        .await;
    assert_eq!(refused(r), (422, vec!["note".to_owned()]));
    let s = t
        .decide_complaint(f.token(Who::EnterpriseA), id, &json!({"action": "accept"}))
        .await
        .status;
    assert_eq!(s, 403);
    let (s, c) = t
        .decide_complaint(reg, id, &json!({"action": "accept", "note": "受理"}))
        .await
        .parts();
    assert_eq!((s, c["status"].as_str()), (200, Some("accepted")));
    let r = t.assign_complaint(reg, id, "t-ent-a").await;
    assert_eq!(
        refused(r),
        (422, vec!["assignee".to_owned()]),
        "only staff are assignees"
    );
    let s = t.assign_complaint(reg, id, "t-inspector").await.status;
    assert_eq!(s, 200);
    let s = t
        .answer_complaint(f.token(Who::EnterpriseB), id, "不是我们")
        .await
        .status;
    assert_eq!(s, 404);
    let s = t
        .answer_complaint(f.token(Who::EnterpriseA), id, "已联系消费者补充检测")
        .await
        .status;
    assert_eq!(s, 200);
    let (s, c) = t
        .decide_complaint(
            reg,
            id,
            &json!({"action": "close", "note": "复检合格，已向消费者说明"}),
        )
        .await
        .parts();
    assert_eq!((s, c["status"].as_str()), (200, Some("closed")));

    // Every step is in the history and on the consumer's page (without staff names).
    let h = t.complaint_history(reg, id).await.body;
    let steps: Vec<(&str, &str)> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("filed", "consumer"),
            ("accepted", "t-regulator"),
            ("assigned", "t-regulator"),
            ("answered", "t-ent-a"),
            ("closed", "t-regulator")
        ]
    );
    let view = t.track_complaint(&ticket, &key).await.body;
    assert_eq!(view["steps"].as_array().unwrap().len(), 5);
    assert_eq!(view["outcome"], "复检合格，已向消费者说明");
    assert_eq!(view["enterprise_response"], "已联系消费者补充检测");
    assert!(!view.to_string().contains("t-regulator"));

    // The consumer's page escapes what they typed.
    let html = t.ticket_page(&ticket, &key).await.text();
    assert!(html.contains("感觉很薄") && !html.contains("<script>alert(1)</script>"));
});

rongma_store::backend_test!(
    bad_complaints_are_refused_and_forged_tags_can_be_reported,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let serial = genuine_serial(&t, &f).await;
        let r = t
            .file_complaint(
                &json!({"serial": "NOT-A-CODE", "category": "grade_doubt", "description": "x"}),
            )
            .await;
        assert_eq!(refused(r), (422, vec!["serial".to_owned()]));
        let r = t
            .file_complaint(
                &json!({"serial": serial, "category": "smell", "description": "", "phone": "12"}),
            )
            .await;
        assert_eq!(
            refused(r),
            (
                422,
                vec![
                    "category".to_owned(),
                    "description".to_owned(),
                    "phone".to_owned()
                ]
            )
        );
        let (s, b) = file_with_photo(
            &t,
            json!({"serial": serial, "category": "other", "description": "x"}),
            b"%PDF-1.4 not an image".to_vec(),
        )
        .await;
        assert_eq!(
            (s, b["error"]["fields"][0]["code"].as_str()),
            (422, Some("not_image"))
        );
        let big = [vec![0xFF, 0xD8, 0xFF], vec![0u8; 6 * 1024 * 1024]].concat();
        let (s, b) = file_with_photo(
            &t,
            json!({"serial": serial, "category": "other", "description": "x"}),
            big,
        )
        .await;
        assert_eq!(
            (s, b["error"]["fields"][0]["code"].as_str()),
            (422, Some("too_large"))
        );
        let list = t.list_complaints(f.token(Who::Regulator), "").await.body;
        assert_eq!(list["total"], 0, "nothing written");

        // A tag that fails verification (one character changed) can still be reported as counterfeit.
        let mut chars: Vec<char> = serial.chars().collect();
        chars[12] = if chars[12] == '7' { '8' } else { '7' };
        let forged: String = chars.into_iter().collect();
        t.file_complaint(
            &json!({"serial": forged, "category": "counterfeit", "description": "市场上买到的"}),
        )
        .await
        .assert_status(201);
        let list = t.list_complaints(f.token(Who::Regulator), "").await.body;
        assert_eq!(
            (
                list["items"][0]["genuine"].as_bool(),
                list["items"][0]["enterprise_id"].as_i64()
            ),
            (Some(false), None)
        );
    }
);

#[tokio::test]
async fn deadlines_and_flood_control() {
    let monday = chrono::DateTime::parse_from_rfc3339("2026-11-30T02:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut settings = rongma_app::config::Settings::default();
    settings.complaints.per_network_per_hour = 2;
    let t = TestApp::spawn_with(TestDb::sqlite().await, settings, Clock::manual(monday)).await;
    let f = Fixtures::create(&t).await;
    let serial = genuine_serial(&t, &f).await;
    let body = json!({"serial": serial, "category": "down_leakage", "description": "钻绒严重"});
    let (s, filed) = t.file_complaint(&body).await.parts();
    assert_eq!(s, 201);
    assert_eq!(
        filed["accept_due"], "2026-12-09",
        "7 working days from a Monday"
    );
    let s = t.file_complaint(&body).await.status;
    assert_eq!(s, 201);
    let r = t.file_complaint(&body).await;
    assert_eq!(r.status, 429);
    assert!(r.headers.contains_key("retry-after"));

    // Ten days on, both are overdue for a decision.
    t.app.clock().advance(chrono::Duration::days(10));
    let reg = t.login("t-regulator", "test-password-1").await;
    let list = t.list_complaints(Some(&reg), "overdue=true").await.body;
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["overdue"], true);
}
