//! Bad input gets 422 (or 409 for duplicates) with a body naming every bad field, and
//! leaves nothing behind.

use rongma_app::paging::ListParams;
use rongma_app::Actor;
use rongma_testkit::{Fixtures, TestApp, TestDb, Who};
use serde_json::{json, Value};

fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn product_count(t: &TestApp) -> i64 {
    t.app
        .list_products(
            &Actor::system("c"),
            &ListParams {
                include_archived: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .total
}

rongma_store::backend_test!(
    registry_input_errors_name_each_field,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let reg = f.token(Who::Regulator);

        let (s, b) = t
        .call("POST", "/api/v1/enterprises", reg, Some(json!({"credit_code": "914403001922038217", "name": "甲", "address": "x", "legal_representative": "y"})))
        .await;
        assert_eq!(s, 422);
        assert_eq!(fields(&b), ["credit_code"]);
        assert_eq!(b["error"]["fields"][0]["code"], "uscc_check_character");
        assert!(b["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("should be 6"));

        // Duplicate credit code (lower case of an existing one): 409 naming the field.
        let existing = f.enterprise_a.credit_code.as_str().to_lowercase();
        let (s, b) = t
        .call("POST", "/api/v1/enterprises", reg, Some(json!({"credit_code": existing, "name": "重复", "address": "x", "legal_representative": "y"})))
        .await;
        assert_eq!(s, 409);
        assert_eq!(fields(&b), ["credit_code"]);

        let before = product_count(&t).await;
        let bad = json!({
            "brand_id": f.brand_a.id, "style_no": "BAD-1", "name": "坏款", "species": "chicken", "colour": "white",
            "declared_down_cluster_pct": "-1", "sizes": [{"size": "M", "fill_weight_g": 0}, {"size": "L", "fill_weight_g": "abc"}],
            "shell_fabric": "锦纶", "standard": "GB/T 14272-2021", "gtin": "6901234567893"
        });
        let (s, b) = t.call("POST", "/api/v1/products", reg, Some(bad)).await;
        assert_eq!(s, 422, "{b}");
        assert_eq!(
            fields(&b),
            [
                "species",
                "declared_down_cluster_pct",
                "sizes[0].fill_weight_g",
                "sizes[1].fill_weight_g",
                "gtin"
            ]
        );
        let (s, b) = t
            .call(
                "POST",
                "/api/v1/products",
                reg,
                Some(json!({"brand_id": f.brand_a.id, "declared_down_cluster_pct": 100.5})),
            )
            .await;
        assert_eq!(s, 422);
        assert!(fields(&b).contains(&"declared_down_cluster_pct".to_owned()));
        assert!(fields(&b).contains(&"sizes".to_owned()));
        // Duplicate style number within the enterprise: 409.
        let dup = json!({
            "brand_id": f.brand_a.id, "style_no": f.product_a.style_no, "name": "x", "species": "duck", "colour": "white",
            "declared_down_cluster_pct": 80, "sizes": [{"size": "M", "fill_weight_g": 100}], "shell_fabric": "x", "standard": "x"
        });
        let (s, b) = t.call("POST", "/api/v1/products", reg, Some(dup)).await;
        assert_eq!(s, 409);
        assert_eq!(fields(&b), ["style_no"]);
        assert_eq!(product_count(&t).await, before, "nothing was written");

        // Wrong JSON types name the path; a body that is not JSON says so.
        let (s, b) = t
            .call(
                "POST",
                "/api/v1/brands",
                reg,
                Some(json!({"enterprise_id": "one", "name": "x"})),
            )
            .await;
        assert_eq!(s, 422);
        assert_eq!(fields(&b), ["enterprise_id"]);
        let r = t
            .client
            .post(t.url("/api/v1/brands"))
            .bearer_auth(reg.unwrap())
            .body("name=x")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["error"]["fields"][0]["code"], "not_json");

        // Lab validity dates out of order, and a malformed CNAS number.
        let (s, b) = t
        .call("POST", "/api/v1/labs", reg, Some(json!({"name": "L", "cma_no": "123456789012", "cma_valid_from": "2025-01-01", "cma_valid_until": "2024-01-01", "cnas_no": "L12"})))
        .await;
        assert_eq!(s, 422);
        assert_eq!(fields(&b), ["cma_valid_until", "cnas_no"]);

        // Paging parameters that are not numbers name the parameter.
        let (s, b) = t.call("GET", "/api/v1/products?page=two", reg, None).await;
        assert_eq!(s, 422);
        assert_eq!(fields(&b), ["page"]);
        let (s, _) = t
            .call("GET", "/api/v1/products/not-a-number", reg, None)
            .await;
        assert_eq!(s, 404);
    }
);

rongma_store::backend_test!(
    updates_keep_absent_fields_and_record_a_diff,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let a = f.token(Who::EnterpriseA);
        let path = format!("/api/v1/products/{}", f.product_a.id);
        let (s, b) = t.call("PATCH", &path, a, Some(json!({"sizes": [{"size": "XL", "fill_weight_g": "245.5"}], "gtin": "6901234567892"}))).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["style_no"], f.product_a.style_no);
        assert_eq!(
            b["sizes"],
            json!([{"size": "XL", "fill_weight_g": "245.5"}])
        );
        assert_eq!(b["gtin"], "06901234567892");
        let (s, h) = t.call("GET", &format!("{path}/history"), a, None).await;
        assert_eq!(s, 200);
        let h = h.as_array().unwrap();
        assert_eq!(
            h.iter()
                .map(|e| e["action"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["created", "updated"]
        );
        assert_eq!(h[1]["actor_name"], "t-ent-a");
        assert_eq!(h[1]["data"]["gtin"]["to"], "06901234567892");
        assert!(
            h[1]["data"].get("style_no").is_none(),
            "unchanged fields are not in the diff"
        );
        // Archive with a reason: the record stays readable and its history says why.
        let (s, _) = t
            .call("DELETE", &path, a, Some(json!({"reason": "停产"})))
            .await;
        assert_eq!(s, 200);
        let (_, list) = t.call("GET", "/api/v1/products", a, None).await;
        assert_eq!(list["total"], 0, "archived products leave the list");
        let (_, list) = t
            .call("GET", "/api/v1/products?include_archived=true", a, None)
            .await;
        assert_eq!(list["total"], 1);
        let (_, h) = t.call("GET", &format!("{path}/history"), a, None).await;
        assert_eq!(h[2]["action"], "archived");
        assert_eq!(h[2]["reason"], "停产");
    }
);
