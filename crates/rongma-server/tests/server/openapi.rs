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

#[test]
fn path_parameters_are_in_the_path_and_the_rest_in_the_query() {
    let doc = serde_json::to_value(rongma_server::openapi()).unwrap();
    let mut query = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                let placeholder = format!("{{{name}}}");
                match p["in"].as_str().unwrap() {
                    "path" => assert!(
                        path.contains(&placeholder),
                        "{method} {path}: {name} is declared in the path but is not in it"
                    ),
                    "query" => query += 1,
                    other => panic!("{method} {path}: {name} in {other}"),
                }
            }
        }
    }
    assert!(query > 50, "query parameters documented: {query}");
}

#[test]
fn suspects_and_photos_are_documented_as_served() {
    let doc = serde_json::to_value(rongma_server::openapi()).unwrap();
    let row = &doc["components"]["schemas"]["SuspectRow"]["properties"];
    assert!(
        row.get("flag_count").is_some() && row.get("flags").is_none(),
        "{row}"
    );
    let photo =
        &doc["paths"]["/api/v1/complaints/{id}/photo"]["get"]["responses"]["200"]["content"];
    for t in ["image/jpeg", "image/png", "image/webp"] {
        assert!(photo.get(t).is_some(), "{t} missing: {photo}");
    }
}
