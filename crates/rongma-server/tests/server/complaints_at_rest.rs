//! A consumer's phone number is sealed in the database: the stored row holds no digits of
//! it, staff see it masked, and the sealed value does not open for another complaint.

use crate::support::codes::World;
use rongma_testkit::{TestDb, Who};
use serde_json::json;

rongma_store::backend_test!(phone_numbers_are_sealed_at_rest, |db: TestDb| async move {
    let w = World::new(db).await;
    let batch = w.batch_a(3).await;
    let serial = w.serial(&batch, 0);
    let r =
        w.t.client
            .post(w.t.url("/api/v1/complaints"))
            .json(&json!({"serial": serial, "category": "fill_weight",
            "description": "感觉很薄", "phone": "138 0013 8000"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 201);
    let filed: serde_json::Value = r.json().await.unwrap();
    let ticket = filed["ticket_no"].as_str().unwrap().to_owned();
    let stored =
        w.t.db
            .store
            .read()
            .await
            .unwrap()
            .get_complaint_by_ticket(&ticket)
            .await
            .unwrap()
            .expect("stored");
    let phone = stored.phone.expect("a phone was given");
    assert!(phone.starts_with("v1:"), "{phone}");
    assert!(
        !phone.contains("13800138000") && !phone.contains("8000"),
        "{phone}"
    );
    assert_eq!(
        w.t.app.sealer().open(&phone, &ticket).as_deref(),
        Some("13800138000")
    );
    assert_eq!(w.t.app.sealer().open(&phone, "TS00000000000000"), None);
    // Staff see it masked.
    let list: serde_json::Value =
        w.t.client
            .get(w.t.url("/api/v1/complaints"))
            .bearer_auth(w.token(Who::Regulator).unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(list["items"][0]["phone"], "138****8000", "{list}");
});
