//! Grading for people and for the regulator: the dry-run page (typed values or pasted
//! JSON), the evaluate API, and grading profiles loaded and activated as data.

use rongma_testkit::{csrf_from, Fixtures, TestApp, TestDb, Who};
use serde_json::json;

// Each test file uses part of the shared helpers.
#[allow(dead_code)]
mod support {
    include!("support/story.rs");
}

#[tokio::test]
async fn dry_run_page_and_api() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let c = t.browser();
    let html = c
        .get(t.url("/grading"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"measured.fill_power_cm\""));
    let json = support::values_4a().to_string();
    let r = c
        .post(t.url("/grading"))
        .form(&[("_csrf", csrf_from(&html)), ("json", json.clone())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("4A") && page.contains("蓬松度") && page.contains("未保存"),
        "result with explanation"
    );
    // A bad value comes back at its input.
    let r = c
        .post(t.url("/grading"))
        .form(&[
            ("_csrf", csrf_from(&html)),
            (
                "json",
                json.replace("\"850\"", "\"12 NTU\"")
                    .replace("850", "\"12 NTU\""),
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("NTU"));

    let (s, result) = t
        .call(
            "POST",
            "/api/v1/grading/evaluate",
            None,
            Some(support::values_4a()),
        )
        .await;
    assert_eq!((s, result["grade"].as_str()), (200, Some("4A")));
    assert_eq!(result["profile"]["id"], "pinghu-down-garment");
    let mut bulk = support::values_4a();
    bulk["measured"]["fill_power_method"] = json!("bulk");
    let (s, b) = t
        .call("POST", "/api/v1/grading/evaluate", None, Some(bulk))
        .await;
    assert_eq!(
        (s, b["error"]["fields"][0]["field"].as_str()),
        (422, Some("measured.fill_power_method")),
        "a method the profile does not accept is an input error"
    );
}

#[tokio::test]
async fn profiles_are_data_loaded_and_activated_by_the_regulator() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let (_, list) = t.call("GET", "/api/v1/profiles", None, None).await;
    let default = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["active"] == true)
        .unwrap()
        .clone();
    let (_, file) = t
        .call(
            "GET",
            &format!(
                "/api/v1/profiles/{}/{}",
                default["id"].as_str().unwrap(),
                default["version"].as_str().unwrap()
            ),
            None,
            None,
        )
        .await;
    let source = file["source"].as_str().unwrap().to_owned();

    let load = |body: String, token: Option<String>| {
        let t = &t;
        async move {
            let mut r = t
                .client
                .post(t.url("/api/v1/profiles?activate=true"))
                .header("content-type", "application/toml")
                .body(body);
            if let Some(tok) = token {
                r = r.bearer_auth(tok);
            }
            let r = r.send().await.unwrap();
            (
                r.status().as_u16(),
                r.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let reg = f.token(Who::Regulator).map(str::to_owned);
    // Only the regulator loads; a broken file names the place of each problem.
    let (s, _) = load(source.clone(), f.token(Who::Reviewer).map(str::to_owned)).await;
    assert_eq!(s, 403);
    let version = default["version"].as_str().unwrap();
    let stricter = source.replacen(
        &format!("version = \"{version}\""),
        "version = \"2026.2-test\"",
        1,
    );
    assert_ne!(stricter, source, "the version line was found");
    let broken = stricter.replacen("fill_power_method", "fill_power_methodz", 1);
    let (s, b) = load(broken, reg.clone()).await;
    assert_eq!(s, 422, "{b}");
    let (s, info) = load(stricter.clone(), reg.clone()).await;
    assert_eq!((s, info["active"].as_bool()), (201, Some(true)), "{info}");
    let (s, _) = load(stricter, reg.clone()).await;
    assert_eq!(s, 409, "the same id and version cannot be loaded twice");
    // New gradings record the new version; the old one is still listed.
    let (_, result) = t
        .call(
            "POST",
            "/api/v1/grading/evaluate",
            None,
            Some(support::values_4a()),
        )
        .await;
    assert_eq!(result["profile"]["version"], "2026.2-test");
    let (_, list) = t.call("GET", "/api/v1/profiles", None, None).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Switching back.
    let (s, _) = t
        .call(
            "POST",
            &format!(
                "/api/v1/profiles/{}/{version}/activate",
                default["id"].as_str().unwrap()
            ),
            reg.as_deref(),
            None,
        )
        .await;
    assert_eq!(s, 204);
    let (_, result) = t
        .call(
            "POST",
            "/api/v1/grading/evaluate",
            None,
            Some(support::values_4a()),
        )
        .await;
    assert_eq!(result["profile"]["version"], version);
    let html = t
        .client
        .get(t.url("/grading/profiles"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("2026.2-test"));
}
