//! Consumer complaints end to end: filing without login (with a photo, or about a forged
//! tag), following with the private key, the regulator's queue with deadlines, the
//! enterprise's answer, and every refusal — on both databases.

use rongma_app::{Actor, Clock};
use rongma_testkit::{Fixtures, TestApp, TestDb, Who};
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
    let (s, b) = t
        .call(
            "POST",
            "/api/v1/code-batches",
            f.token(Who::EnterpriseA),
            Some(json!({"certificate_id": cert.id, "quantity": 10, "lot_no": "L-1", "production_date": today.to_string(), "sizes": [{"size": "M", "quantity": 10}]})),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    b["batch"]["first_serial"].as_str().unwrap().to_owned()
}

fn fields(b: &Value) -> Vec<String> {
    b["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn file_with_photo(t: &TestApp, complaint: Value, photo: Vec<u8>) -> (u16, Value) {
    let form = reqwest::multipart::Form::new()
        .text("complaint", complaint.to_string())
        .part(
            "photo",
            reqwest::multipart::Part::bytes(photo).file_name("p.jpg"),
        );
    let r = t
        .client
        .post(t.url("/api/v1/complaints/with-photo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
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
    let (s, view) = t
        .call(
            "GET",
            &format!("/api/v1/complaints/track/{ticket}?key={key}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (s, view["status"].as_str(), view["serial"].as_str()),
        (200, Some("received"), Some(serial.as_str()))
    );
    let (s, _) = t
        .call(
            "GET",
            &format!("/api/v1/complaints/track/{ticket}?key=wrong"),
            None,
            None,
        )
        .await;
    assert_eq!(s, 404, "a wrong key is no ticket at all");

    // The enterprise concerned sees it (phone masked); the other enterprise does not.
    let (_, list) = t
        .call("GET", "/api/v1/complaints", f.token(Who::EnterpriseA), None)
        .await;
    assert_eq!(list["total"], 1);
    let id = list["items"][0]["id"].as_i64().unwrap();
    assert_eq!(list["items"][0]["phone"], "138****8000");
    assert!(!list.to_string().contains("13800138000"));
    let (_, list) = t
        .call("GET", "/api/v1/complaints", f.token(Who::EnterpriseB), None)
        .await;
    assert_eq!(list["total"], 0);
    let (s, _) = t
        .call(
            "GET",
            &format!("/api/v1/complaints/{id}"),
            f.token(Who::EnterpriseB),
            None,
        )
        .await;
    assert_eq!(s, 404);
    let r = t
        .client
        .get(t.url(&format!("/api/v1/complaints/{id}/photo")))
        .bearer_auth(f.token(Who::Regulator).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["content-type"].to_str().unwrap().to_owned()
        ),
        (200, "image/jpeg".to_owned())
    );
    for who in [Who::Reviewer, Who::LabUser, Who::PlatformKey] {
        let (s, _) = t
            .call("GET", "/api/v1/complaints", f.token(who), None)
            .await;
        assert_eq!(s, 403, "{who:?} reads complaints");
    }

    // Regulator: closing before accepting is refused; refusing needs a reason.
    let decide = format!("/api/v1/complaints/{id}/decision");
    let (s, _) = t
        .call(
            "POST",
            &decide,
            f.token(Who::Regulator),
            Some(json!({"action": "close", "note": "x"})),
        )
        .await;
    assert_eq!(s, 409);
    let (s, b) = t
        .call(
            "POST",
            &decide,
            f.token(Who::Regulator),
            Some(json!({"action": "reject"})),
        )
        .await;
    assert_eq!((s, fields(&b)), (422, vec!["note".to_owned()]));
    let (s, _) = t
        .call(
            "POST",
            &decide,
            f.token(Who::EnterpriseA),
            Some(json!({"action": "accept"})),
        )
        .await;
    assert_eq!(s, 403);
    let (s, c) = t
        .call(
            "POST",
            &decide,
            f.token(Who::Regulator),
            Some(json!({"action": "accept", "note": "受理"})),
        )
        .await;
    assert_eq!((s, c["status"].as_str()), (200, Some("accepted")));
    let (s, b) = t
        .call(
            "POST",
            &format!("/api/v1/complaints/{id}/assign"),
            f.token(Who::Regulator),
            Some(json!({"username": "t-ent-a"})),
        )
        .await;
    assert_eq!(
        (s, fields(&b)),
        (422, vec!["assignee".to_owned()]),
        "only staff are assignees"
    );
    let (s, _) = t
        .call(
            "POST",
            &format!("/api/v1/complaints/{id}/assign"),
            f.token(Who::Regulator),
            Some(json!({"username": "t-inspector"})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = t
        .call(
            "POST",
            &format!("/api/v1/complaints/{id}/response"),
            f.token(Who::EnterpriseB),
            Some(json!({"response": "不是我们"})),
        )
        .await;
    assert_eq!(s, 404);
    let (s, _) = t
        .call(
            "POST",
            &format!("/api/v1/complaints/{id}/response"),
            f.token(Who::EnterpriseA),
            Some(json!({"response": "已联系消费者补充检测"})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, c) = t
        .call(
            "POST",
            &decide,
            f.token(Who::Regulator),
            Some(json!({"action": "close", "note": "复检合格，已向消费者说明"})),
        )
        .await;
    assert_eq!((s, c["status"].as_str()), (200, Some("closed")));

    // Every step is in the history and on the consumer's page (without staff names).
    let (_, h) = t
        .call(
            "GET",
            &format!("/api/v1/complaints/{id}/history"),
            f.token(Who::Regulator),
            None,
        )
        .await;
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
    let (_, view) = t
        .call(
            "GET",
            &format!("/api/v1/complaints/track/{ticket}?key={key}"),
            None,
            None,
        )
        .await;
    assert_eq!(view["steps"].as_array().unwrap().len(), 5);
    assert_eq!(view["outcome"], "复检合格，已向消费者说明");
    assert_eq!(view["enterprise_response"], "已联系消费者补充检测");
    assert!(!view.to_string().contains("t-regulator"));

    // The consumer's page escapes what they typed.
    let html = t
        .client
        .get(t.url(&format!("/t/{ticket}?key={key}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("感觉很薄") && !html.contains("<script>alert(1)</script>"));
});

rongma_store::backend_test!(
    bad_complaints_are_refused_and_forged_tags_can_be_reported,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let serial = genuine_serial(&t, &f).await;
        let (s, b) = t
            .call(
                "POST",
                "/api/v1/complaints",
                None,
                Some(
                    json!({"serial": "NOT-A-CODE", "category": "grade_doubt", "description": "x"}),
                ),
            )
            .await;
        assert_eq!((s, fields(&b)), (422, vec!["serial".to_owned()]));
        let (s, b) = t.call("POST", "/api/v1/complaints", None, Some(json!({"serial": serial, "category": "smell", "description": "", "phone": "12"}))).await;
        assert_eq!(
            (s, fields(&b)),
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
        let (_, list) = t
            .call("GET", "/api/v1/complaints", f.token(Who::Regulator), None)
            .await;
        assert_eq!(list["total"], 0, "nothing written");

        // A tag that fails verification (one character changed) can still be reported as counterfeit.
        let mut chars: Vec<char> = serial.chars().collect();
        chars[12] = if chars[12] == '7' { '8' } else { '7' };
        let forged: String = chars.into_iter().collect();
        let (s, b) = t.call("POST", "/api/v1/complaints", None, Some(json!({"serial": forged, "category": "counterfeit", "description": "市场上买到的"}))).await;
        assert_eq!(s, 201, "{b}");
        let (_, list) = t
            .call("GET", "/api/v1/complaints", f.token(Who::Regulator), None)
            .await;
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
    let (s, filed) = t
        .call("POST", "/api/v1/complaints", None, Some(body.clone()))
        .await;
    assert_eq!(s, 201);
    assert_eq!(
        filed["accept_due"], "2026-12-09",
        "7 working days from a Monday"
    );
    let (s, _) = t
        .call("POST", "/api/v1/complaints", None, Some(body.clone()))
        .await;
    assert_eq!(s, 201);
    let r = t
        .client
        .post(t.url("/api/v1/complaints"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));

    // Ten days on, both are overdue for a decision.
    t.app.clock().advance(chrono::Duration::days(10));
    let reg = t.login("t-regulator", "test-password-1").await;
    let (_, list) = t
        .call("GET", "/api/v1/complaints?overdue=true", Some(&reg), None)
        .await;
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["overdue"], true);
}
