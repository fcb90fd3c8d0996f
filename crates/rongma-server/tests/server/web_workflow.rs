//! The grading workflow through the pages, as each role's browser would do it: a lab types
//! a report in (with its PDF), an enterprise applies, a reviewer decides from the queue,
//! the regulator suspends; the public pages need no login; every page renders in both
//! languages on a phone-ready layout.

// Each test file uses part of the shared helpers.
#[allow(dead_code)]
mod support {
    include!("support/story.rs");
}

use rongma_testkit::{csrf_from, Fixtures, TestApp, TestDb};
use serde_json::{json, Value};

async fn page(c: &reqwest::Client, url: String) -> (u16, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn browser(t: &TestApp, username: &str) -> reqwest::Client {
    let c = t.browser();
    let (_, html) = page(&c, t.url("/login")).await;
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf_from(&html).as_str()),
            ("username", username),
            ("password", "test-password-1"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    c
}

/// Flattens report values into the form's `declared.species` … inputs.
fn flat(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flat(&p, v, out);
            }
        }
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

#[tokio::test]
async fn the_workflow_through_the_pages() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let (s, p) = t
        .call(
            "POST",
            "/api/v1/products",
            f.token(rongma_testkit::Who::EnterpriseA),
            Some(json!({"brand_id": f.brand_a.id, "style_no": "WEB-G", "name": "网页分级款", "species": "goose", "colour": "white",
                "declared_down_cluster_pct": "80", "sizes": [{"size": "M", "fill_weight_g": 200}], "shell_fabric": "锦纶", "standard": "GB/T 14272-2021"})),
        )
        .await;
    assert_eq!(s, 201);
    let product_id = p["id"].as_i64().unwrap();

    // The lab types the report in and attaches the PDF.
    let lab = browser(&t, "t-lab").await;
    let (s, html) = page(&lab, t.url("/reports/new")).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("enctype=\"multipart/form-data\"")
            && html.contains("name=\"measured.fill_power_cm\"")
    );
    let mut fields = vec![("_csrf".to_owned(), csrf_from(&html))];
    let r = support::report(product_id, "WEB-R-1");
    for k in [
        "report_no",
        "size",
        "sample_description",
        "sampling_date",
        "batch_no",
        "sampled_by",
        "sampler",
        "test_date",
    ] {
        fields.push((k.into(), r[k].as_str().unwrap_or_default().into()));
    }
    fields.push(("product_id".into(), product_id.to_string()));
    flat("", &r["values"], &mut fields);
    // First with a bad value: the form comes back with the error at its input.
    let mut bad = fields.clone();
    for (k, v) in bad.iter_mut() {
        if k == "measured.turbidity_mm" {
            *v = "12 NTU".into();
        }
    }
    let form = |pairs: &[(String, String)], pdf: bool| {
        let mut m = reqwest::multipart::Form::new();
        for (k, v) in pairs {
            m = m.text(k.clone(), v.clone());
        }
        let part = if pdf {
            b"%PDF-1.4 web".to_vec()
        } else {
            Vec::new()
        };
        m.part(
            "pdf",
            reqwest::multipart::Part::bytes(part).file_name("r.pdf"),
        )
    };
    let resp = lab
        .post(t.url("/reports"))
        .multipart(form(&bad, true))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    let block = html
        .split("id=\"f-measured.turbidity_mm\"")
        .nth(1)
        .unwrap()
        .split("<div class=\"field")
        .next()
        .unwrap();
    assert!(block.contains("NTU"), "{block}");
    let resp = lab
        .post(t.url("/reports"))
        .multipart(form(&fields, true))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let report_url = resp.headers()["location"].to_str().unwrap().to_owned();
    let report_id: i64 = report_url.rsplit('/').next().unwrap().parse().unwrap();
    let (_, html) = page(&lab, t.url(&report_url)).await;
    assert!(
        html.contains("WEB-R-1") && html.contains("4A") && html.contains("蓬松度"),
        "graded preview shown"
    );

    // The enterprise applies with that report.
    let ent = browser(&t, "t-ent-a").await;
    let (_, html) = page(
        &ent,
        t.url(&format!("/applications/new?product_id={product_id}")),
    )
    .await;
    assert!(html.contains("multiple") && html.contains("WEB-R-1"));
    let resp = ent
        .post(t.url("/applications"))
        .form(&[
            ("_csrf", csrf_from(&html)),
            ("product_id", product_id.to_string()),
            ("report_ids", report_id.to_string()),
            ("note", "请评审".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let app_url = resp.headers()["location"].to_str().unwrap().to_owned();

    // The reviewer sees it in the queue on the home page and approves.
    let rev = browser(&t, "t-reviewer").await;
    let (_, home) = page(&rev, t.url("/")).await;
    assert!(
        home.contains(&format!("href=\"{app_url}\"")),
        "queue lists the application"
    );
    let (_, html) = page(&rev, t.url(&app_url)).await;
    assert!(html.contains(&format!("action=\"{app_url}/decision\"")));
    let resp = rev
        .post(t.url(&format!("{app_url}/decision")))
        .form(&[
            ("_csrf", csrf_from(&html).as_str()),
            ("decision", "approve"),
            ("grade", "4A"),
            ("comment", "同意"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let (_, html) = page(&rev, t.url(&app_url)).await;
    let cert_url = html
        .split("href=\"/certificates/")
        .nth(1)
        .map(|s| format!("/certificates/{}", s.split('"').next().unwrap()))
        .unwrap();

    // The regulator suspends it with a reason; the public page (no login) says so.
    let reg = browser(&t, "t-regulator").await;
    let (_, html) = page(&reg, t.url(&cert_url)).await;
    assert!(html.contains("AAAA 级 / 4A"));
    let resp = reg
        .post(t.url(&format!("{cert_url}/state")))
        .form(&[
            ("_csrf", csrf_from(&html).as_str()),
            ("action", "suspend"),
            ("reason", "复核中"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let anon = t.browser();
    let (s, html) = page(&anon, t.url(&format!("/public/products/{product_id}"))).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("暂停")
            && html.contains("复核中")
            && html.contains("WEB-R-1")
            && html.contains(&f.lab.name)
    );
    let (s, html) = page(&anon, t.url("/public?grade=4A")).await;
    assert_eq!(s, 200);
    assert!(html.contains("WEB-G"));
    // Brand and enterprise filters offer the graded brand; "all" (empty) lists it, the
    // other enterprise does not.
    assert!(html.contains(&format!(
        "<option value=\"{}\">{}</option>",
        f.brand_a.id, f.brand_a.name
    )));
    assert!(!html.contains(&format!(
        "<option value=\"{}\">{}</option>",
        f.brand_b.id, f.brand_b.name
    )));
    let (s, html) = page(&anon, t.url("/public?brand_id=&enterprise_id=&grade=")).await;
    assert_eq!(s, 200);
    assert!(html.contains("WEB-G"));
    let (s, html) = page(
        &anon,
        t.url(&format!("/public?enterprise_id={}", f.enterprise_b.id)),
    )
    .await;
    assert_eq!(s, 200);
    assert!(!html.contains("WEB-G"));
    let (s, csv) = page(&anon, t.url("/public/products.csv")).await;
    assert_eq!(s, 200);
    assert!(csv.contains("WEB-G") && csv.contains("suspended"));

    // Every workflow page renders in both languages.
    for (client, pages) in [
        (
            &lab,
            vec![
                "/".to_owned(),
                "/reports".into(),
                "/reports/new".into(),
                "/reports/import".into(),
                report_url.clone(),
            ],
        ),
        (
            &ent,
            vec![
                "/".to_owned(),
                "/applications".into(),
                "/applications/new".into(),
                app_url.clone(),
                "/certificates".into(),
                cert_url.clone(),
            ],
        ),
        (
            &rev,
            vec![
                "/".to_owned(),
                "/applications".into(),
                app_url.clone(),
                "/reports".into(),
            ],
        ),
        (
            &reg,
            vec![
                "/".to_owned(),
                "/certificates".into(),
                cert_url.clone(),
                "/applications?status=approved".into(),
            ],
        ),
        (
            &anon,
            vec![
                "/public".to_owned(),
                format!("/public/products/{product_id}"),
            ],
        ),
    ] {
        for lang in ["en", "zh"] {
            page(client, t.url(&format!("/?lang={lang}"))).await;
            for p in &pages {
                let (s, html) = page(client, t.url(p)).await;
                assert_eq!(s, 200, "{p} ({lang})");
                let want = if lang == "en" {
                    "<html lang=\"en\">"
                } else {
                    "<html lang=\"zh-CN\">"
                };
                assert!(html.contains(want), "{p} not in {lang}");
                for raw in [
                    "report.",
                    "application.",
                    "certificate.",
                    "result.",
                    "public.",
                    "indicator.",
                    "event.",
                ] {
                    assert!(
                        !html.contains(&format!(">{raw}")),
                        "{p} ({lang}) shows an untranslated key {raw}…"
                    );
                }
            }
        }
    }
    let (_, html) = page(&ent, t.url("/certificates?lang=en")).await;
    assert!(html.contains("Certificates expiring within 60 days"));

    // The web import shows every error by row and column and writes nothing.
    let (_, html) = page(&lab, t.url("/reports/import")).await;
    let csv = "report_no,credit_code,style_no\nA,B,C\n";
    let m = reqwest::multipart::Form::new()
        .text("_csrf", csrf_from(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("bad.csv"),
        );
    let resp = lab
        .post(t.url("/reports/import"))
        .multipart(m)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(html.contains("missing_column") || html.contains("表头缺少该列"));
}
