//! Grading for people and for the regulator: the dry-run page (typed values or pasted
//! JSON), the evaluate API, and grading profiles loaded and activated as data.

use rongma_testkit::reports::values_4a;
use rongma_testkit::{csrf_from, Fixtures, TestApp, TestDb, Who};
use serde_json::json;

#[tokio::test]
async fn dry_run_page_and_api() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let c = t.browser();
    let (_, html) = c.page("/grading").await;
    assert!(html.contains("name=\"measured.fill_power_cm\""));
    assert!(
        html.contains(">浊度（透明度，mm）"),
        "labelled by name: {html}"
    );
    let (_, en) = c.page("/grading?lang=en").await;
    assert!(en.contains(">Turbidity (transparency, mm)"), "{en}");
    let (_, _) = c.page("/grading?lang=zh").await;
    let json = values_4a().to_string();
    let r = c
        .post_form(
            "/grading",
            &[("_csrf", csrf_from(&html)), ("json", json.clone())],
        )
        .await;
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(
        page.contains("4A") && page.contains("蓬松度") && page.contains("未保存"),
        "result with explanation"
    );
    // A bad value comes back at its input.
    let r = c
        .post_form(
            "/grading",
            &[
                ("_csrf", csrf_from(&html)),
                (
                    "json",
                    json.replace("\"850\"", "\"12 NTU\"")
                        .replace("850", "\"12 NTU\""),
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("NTU"));

    let (s, result) = t.evaluate(&values_4a()).await.parts();
    assert_eq!((s, result["grade"].as_str()), (200, Some("4A")));
    assert_eq!(result["profile"]["id"], "pinghu-down-garment");
    let mut bulk = values_4a();
    bulk["measured"]["fill_power_method"] = json!("bulk");
    let (s, b) = t.evaluate(&bulk).await.parts();
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
    let list = t.list_profiles().await.body;
    let default = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["active"] == true)
        .unwrap()
        .clone();
    let id = default["id"].as_str().unwrap();
    let file = t
        .get_profile(id, default["version"].as_str().unwrap())
        .await
        .body;
    let source = file["source"].as_str().unwrap().to_owned();

    let reg = f.token(Who::Regulator);
    let load = |body: String, token| {
        let t = &t;
        async move { t.load_and_activate_profile(token, &body).await.parts() }
    };
    // Only the regulator loads; a broken file names the place of each problem.
    let (s, _) = load(source.clone(), f.token(Who::Reviewer)).await;
    assert_eq!(s, 403);
    let version = default["version"].as_str().unwrap();
    let stricter = source.replacen(
        &format!("version = \"{version}\""),
        "version = \"2026.2-test\"",
        1,
    );
    assert_ne!(stricter, source, "the version line was found");
    let broken = stricter.replacen("fill_power_method", "fill_power_methodz", 1);
    let (s, b) = load(broken, reg).await;
    assert_eq!(s, 422, "{b}");
    let (s, info) = load(stricter.clone(), reg).await;
    assert_eq!((s, info["active"].as_bool()), (201, Some(true)), "{info}");
    let (s, _) = load(stricter, reg).await;
    assert_eq!(s, 409, "the same id and version cannot be loaded twice");
    // New gradings record the new version; the old one is still listed.
    let result = t.evaluate(&values_4a()).await.body;
    assert_eq!(result["profile"]["version"], "2026.2-test");
    let list = t.list_profiles().await.body;
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Switching back.
    let s = t.activate_profile(reg, id, version).await.status;
    assert_eq!(s, 204);
    let result = t.evaluate(&values_4a()).await.body;
    assert_eq!(result["profile"]["version"], version);
    let (_, html) = t.browser().page("/grading/profiles").await;
    assert!(html.contains("2026.2-test"));
}
