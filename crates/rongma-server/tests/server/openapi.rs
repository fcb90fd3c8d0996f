//! The OpenAPI document is generated from the code; this snapshot makes every change to
//! the API's contract visible in review. Update with `cargo insta review` (or
//! `INSTA_UPDATE=always`) when a change is intended.

#[test]
fn openapi_document_snapshot() {
    let doc = serde_json::to_value(rongma_server::openapi()).expect("document serialises");
    insta::assert_json_snapshot!("openapi", doc);
}

#[test]
fn every_registry_route_is_documented() {
    let doc = serde_json::to_value(rongma_server::openapi()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for kind in ["enterprises", "brands", "products", "labs"] {
        for (path, methods) in [
            (format!("/api/v1/{kind}"), &["get", "post"][..]),
            (
                format!("/api/v1/{kind}/{{id}}"),
                &["get", "patch", "delete"][..],
            ),
            (format!("/api/v1/{kind}/{{id}}/history"), &["get"][..]),
            (format!("/api/v1/{kind}/{{id}}/restore"), &["post"][..]),
        ] {
            let item = paths.get(&path).unwrap_or_else(|| panic!("{path} missing"));
            for m in methods {
                assert!(item.get(*m).is_some(), "{m} {path} missing");
            }
        }
    }
    // Operation ids are unique (clients generate method names from them).
    let mut ids = std::collections::HashSet::new();
    for item in paths.values() {
        for op in item.as_object().unwrap().values() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            }
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn document_and_browsable_page_are_served_from_the_binary() {
    let t = rongma_testkit::TestApp::spawn(rongma_testkit::TestDb::sqlite().await).await;
    let r = t.openapi_document().await;
    assert_eq!(r.status, 200);
    let served = r.body;
    assert_eq!(
        served,
        serde_json::to_value(rongma_server::openapi()).unwrap()
    );
    let page = t.api_docs("").await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("swagger-ui"), "Swagger UI page");
    assert!(!html.contains("cdn."), "no CDN");
    let js = t.api_docs("swagger-ui-bundle.js").await;
    assert_eq!(js.status, 200, "the UI's script is bundled");
}
