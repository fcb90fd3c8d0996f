//! Bad input gets 422 (or 409 for duplicates) with a body naming every bad field, and
//! leaves nothing behind.

use rongma_app::paging::ListParams;
use rongma_app::Actor;
use rongma_testkit::{Fixtures, Kind, TestApp, TestDb, Who};
use serde_json::{json, Value};

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

        let r = t
            .create_enterprise(reg, &json!({"credit_code": "914403001922038217", "name": "甲", "address": "x", "legal_representative": "y"}))
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.error_fields(), ["credit_code"]);
        assert_eq!(r["error"]["fields"][0]["code"], "uscc_check_character");
        assert!(r["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("should be 6"));

        // Duplicate credit code (lower case of an existing one): 409 naming the field.
        let existing = f.enterprise_a.credit_code.as_str().to_lowercase();
        let r = t
            .create_enterprise(reg, &json!({"credit_code": existing, "name": "重复", "address": "x", "legal_representative": "y"}))
            .await;
        assert_eq!(r.status, 409);
        assert_eq!(r.error_fields(), ["credit_code"]);

        let before = product_count(&t).await;
        let bad = json!({
            "brand_id": f.brand_a.id, "style_no": "BAD-1", "name": "坏款", "species": "chicken", "colour": "white",
            "declared_down_cluster_pct": "-1", "sizes": [{"size": "M", "fill_weight_g": 0}, {"size": "L", "fill_weight_g": "abc"}],
            "shell_fabric": "锦纶", "standard": "GB/T 14272-2021", "gtin": "6901234567893"
        });
        let r = t.create_product(reg, &bad).await;
        assert_eq!(r.status, 422, "{r}");
        assert_eq!(
            r.error_fields(),
            [
                "species",
                "declared_down_cluster_pct",
                "sizes[0].fill_weight_g",
                "sizes[1].fill_weight_g",
                "gtin"
            ]
        );
        let r = t
            .create_product(
                reg,
                &json!({"brand_id": f.brand_a.id, "declared_down_cluster_pct": 100.5}),
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r
            .error_fields()
            .contains(&"declared_down_cluster_pct".to_owned()));
        assert!(r.error_fields().contains(&"sizes".to_owned()));
        // Duplicate style number within the enterprise: 409.
        let dup = json!({
            "brand_id": f.brand_a.id, "style_no": f.product_a.style_no, "name": "x", "species": "duck", "colour": "white",
            "declared_down_cluster_pct": 80, "sizes": [{"size": "M", "fill_weight_g": 100}], "shell_fabric": "x", "standard": "x"
        });
        let r = t.create_product(reg, &dup).await;
        assert_eq!(r.status, 409);
        assert_eq!(r.error_fields(), ["style_no"]);
        assert_eq!(product_count(&t).await, before, "nothing was written");

        // Wrong JSON types name the path; a body that is not JSON says so.
        let r = t
            .create_brand(reg, &json!({"enterprise_id": "one", "name": "x"}))
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.error_fields(), ["enterprise_id"]);
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
        let r = t
            .create_lab(reg, &json!({"name": "L", "cma_no": "123456789012", "cma_valid_from": "2025-01-01", "cma_valid_until": "2024-01-01", "cnas_no": "L12"}))
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.error_fields(), ["cma_valid_until", "cnas_no"]);

        // Paging parameters that are not numbers name the parameter.
        let r = t.list_products(reg, "page=two").await;
        assert_eq!(r.status, 422);
        assert_eq!(r.error_fields(), ["page"]);
        // An id that is not a number is no record (a raw path, the point of the check).
        let s = t
            .call("GET", "/api/v1/products/not-a-number", reg, None)
            .await
            .status;
        assert_eq!(s, 404);
    }
);

rongma_store::backend_test!(
    updates_keep_absent_fields_and_record_a_diff,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let a = f.token(Who::EnterpriseA);
        let id = f.product_a.id;
        let b = t
            .update_product(a, id, &json!({"sizes": [{"size": "XL", "fill_weight_g": "245.5"}], "gtin": "6901234567892"}))
            .await
            .assert_status(200);
        assert_eq!(b["style_no"], f.product_a.style_no);
        assert_eq!(
            b["sizes"],
            json!([{"size": "XL", "fill_weight_g": "245.5"}])
        );
        assert_eq!(b["gtin"], "06901234567892");
        let (s, h) = t.history(Kind::Product, a, id).await.parts();
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
        let s = t.archive(Kind::Product, a, id, Some("停产")).await.status;
        assert_eq!(s, 200);
        let list = t.list_products(a, "").await.body;
        assert_eq!(list["total"], 0, "archived products leave the list");
        let list = t.list_products(a, "include_archived=true").await.body;
        assert_eq!(list["total"], 1);
        let h = t.history(Kind::Product, a, id).await.body;
        assert_eq!(h[2]["action"], "archived");
        assert_eq!(h[2]["reason"], "停产");
    }
);
