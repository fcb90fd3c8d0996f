//! A product whose declared values fall outside the grading profile's scope is told so
//! when it is registered or edited (JSON `scope_warnings`, a notice on its page) and on the
//! application form — a warning, not a refusal; an in-scope product hears nothing.

use rongma_testkit::{Fixtures, TestApp, TestDb, Who};
use serde_json::json;

rongma_store::backend_test!(
    declared_values_outside_scope_are_warned,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let ent = f.token(Who::EnterpriseA);
        let body = json!({
            "brand_id": f.brand_a.id, "style_no": "SCOPE-90", "name": "高绒子款", "species": "duck",
            "colour": "white", "declared_down_cluster_pct": "90", "sizes": [{"size": "M", "fill_weight_g": 150}],
            "shell_fabric": "锦纶", "standard": "GB/T 14272-2021"
        });
        let created = t.create_product(ent, &body).await.assert_status(201);
        let id = created["id"].as_i64().unwrap();
        let w = &created["scope_warnings"];
        assert_eq!(w.as_array().map(Vec::len), Some(1), "{created}");
        assert_eq!(w[0]["baseline"], "scope_down_cluster");
        assert!(
            w[0]["message_zh"].as_str().unwrap().contains("90%")
                && w[0]["message_zh"].as_str().unwrap().contains("50%–80%"),
            "{w}"
        );
        assert!(w[0]["message"].as_str().unwrap().contains("outside"), "{w}");

        // Edited into scope: the warning goes; the page says nothing.
        let edited = t
            .update_product(ent, id, &json!({"declared_down_cluster_pct": "80"}))
            .await
            .assert_status(200);
        assert_eq!(edited["scope_warnings"], json!([]), "{edited}");

        let browser = t.logged_in("t-ent-a", "/products").await;
        let (_, page) = browser.page(&format!("/products/{id}?lang=zh")).await;
        assert!(!page.contains("不在分级规范范围"), "{page}");
        let (_, form) = browser
            .page(&format!("/applications/new?product_id={id}&lang=zh"))
            .await;
        assert!(
            form.contains("SCOPE-90") && !form.contains("不在分级规范范围"),
            "in scope: {form}"
        );
        // And back out of scope: the product page and the application form say it, in both languages.
        let edited = t
            .update_product(ent, id, &json!({"declared_down_cluster_pct": "90"}))
            .await
            .assert_status(200);
        assert_eq!(
            edited["scope_warnings"][0]["baseline"],
            "scope_down_cluster"
        );
        let (status, page) = browser.page(&format!("/products/{id}?lang=zh")).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("申报绒子含量 90% 不在分级规范范围（50%–80%）内"),
            "{page}"
        );
        let (_, page) = browser.page(&format!("/products/{id}?lang=en")).await;
        assert!(
            page.contains(
                "declared down cluster 90% is outside the grading profile&#39;s scope (50–80%)"
            ),
            "{page}"
        );
        let (status, form) = browser
            .page(&format!("/applications/new?product_id={id}&lang=zh"))
            .await;
        assert_eq!(status, 200, "{form}");
        assert!(form.contains("不在分级规范范围"), "{form}");
    }
);

#[tokio::test]
async fn the_demo_products_are_in_the_default_profiles_scope() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    rongma_app::demo::seed(&t.app).await.unwrap();
    let a = rongma_app::Actor::system("test");
    let all = rongma_app::paging::ListParams {
        per_page: Some(200),
        ..Default::default()
    };
    let products = t.app.list_products(&a, &all).await.unwrap().items;
    let mut demo = 0;
    for p in &products {
        if p.gtin.is_some() {
            demo += 1;
            let w = t.app.product_scope(p).await.unwrap();
            assert!(w.is_empty(), "{} {}: {w:?}", p.style_no, p.name);
        }
    }
    assert_eq!(demo, 4, "the four demo products carry GTINs");
}
