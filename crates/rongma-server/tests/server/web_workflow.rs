//! The grading workflow through the pages, as each role's browser would do it: a lab types
//! a report in (with its PDF), an enterprise applies, a reviewer decides from the queue,
//! the regulator suspends; the public pages need no login; every page renders in both
//! languages on a phone-ready layout.

use crate::support::pages::{assert_pages_in, switch_language};
use crate::support::workflow::gradable_product;
use rongma_testkit::reports::report;
use rongma_testkit::{csrf_from, Fixtures, TestApp, TestDb, Who};
use serde_json::Value;

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
    let product_id = gradable_product(&t, f.token(Who::EnterpriseA), &f, "WEB-G").await;

    // The lab types the report in and attaches the PDF.
    let lab = t.logged_in("t-lab", "/").await;
    let (s, html) = lab.page("/reports/new").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("enctype=\"multipart/form-data\"")
            && html.contains("name=\"measured.fill_power_cm\"")
    );
    // Fields are labelled as labs write them, not by their machine names.
    assert!(html.contains(">蓬松度（cm）") && html.contains("耐汗渍色牢度（碱性）·沾色（级）"));
    assert!(
        !html.contains(">measured.colour_fastness.perspiration_alkaline_stain"),
        "{html}"
    );
    let mut fields = vec![("_csrf".to_owned(), csrf_from(&html))];
    let r = report(product_id, "WEB-R-1");
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
    let resp = lab.post_multipart("/reports", form(&bad, true)).await;
    assert_eq!(resp.status, 422);
    let html = resp.text();
    let block = html
        .split("id=\"f-measured.turbidity_mm\"")
        .nth(1)
        .unwrap()
        .split("<div class=\"field")
        .next()
        .unwrap();
    assert!(block.contains("NTU"), "{block}");
    let resp = lab.post_multipart("/reports", form(&fields, true)).await;
    assert_eq!(resp.status, 303);
    let report_url = resp.location();
    let report_id: i64 = report_url.rsplit('/').next().unwrap().parse().unwrap();
    let (_, html) = lab.page(&report_url).await;
    assert!(
        html.contains("WEB-R-1") && html.contains("4A") && html.contains("蓬松度"),
        "graded preview shown"
    );

    // The enterprise applies with that report.
    let ent = t.logged_in("t-ent-a", "/").await;
    let (_, html) = ent
        .page(&format!("/applications/new?product_id={product_id}"))
        .await;
    // The product's reports as boxes to tick, each with the grade the engine gives it.
    assert!(
        html.contains("type=\"checkbox\"") && !html.contains(" multiple "),
        "{html}"
    );
    assert!(html.contains("WEB-R-1 · 引擎等级 4A"), "{html}");
    let (_, none_chosen) = ent.page("/applications/new").await;
    assert!(
        !none_chosen.contains("WEB-R-1") && none_chosen.contains("先选择产品"),
        "{none_chosen}"
    );
    let resp = ent
        .post_form(
            "/applications",
            &[
                ("_csrf", csrf_from(&html)),
                ("product_id", product_id.to_string()),
                ("report_ids", report_id.to_string()),
                ("note", "请评审".into()),
            ],
        )
        .await;
    assert_eq!(resp.status, 303);
    let app_url = resp.location();

    // The reviewer sees it in the queue on the home page and approves.
    let rev = t.logged_in("t-reviewer", "/").await;
    let (_, home) = rev.page("/").await;
    assert!(
        home.contains(&format!("href=\"{app_url}\"")),
        "queue lists the application"
    );
    let (_, html) = rev.page(&app_url).await;
    assert!(html.contains(&format!("action=\"{app_url}/decision\"")));
    let resp = rev
        .post_form(
            &format!("{app_url}/decision"),
            &[
                ("_csrf", csrf_from(&html).as_str()),
                ("decision", "approve"),
                ("grade", "4A"),
                ("comment", "同意"),
            ],
        )
        .await;
    assert_eq!(resp.status, 303);
    let (_, html) = rev.page(&app_url).await;
    let cert_url = html
        .split("href=\"/certificates/")
        .nth(1)
        .map(|s| format!("/certificates/{}", s.split('"').next().unwrap()))
        .unwrap();

    // The regulator suspends it with a reason; the public page (no login) says so.
    let reg = t.logged_in("t-regulator", "/").await;
    let (_, html) = reg.page(&cert_url).await;
    assert!(html.contains("AAAA 级 / 4A"));
    let resp = reg
        .post_form(
            &format!("{cert_url}/state"),
            &[
                ("_csrf", csrf_from(&html).as_str()),
                ("action", "suspend"),
                ("reason", "复核中"),
            ],
        )
        .await;
    assert_eq!(resp.status, 303);
    let anon = t.browser();
    let (s, html) = anon.page(&format!("/public/products/{product_id}")).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("暂停")
            && html.contains("复核中")
            && html.contains("WEB-R-1")
            && html.contains(&f.lab.name)
    );
    let (s, html) = anon.page("/public?grade=4A").await;
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
    let (s, html) = anon.page("/public?brand_id=&enterprise_id=&grade=").await;
    assert_eq!(s, 200);
    assert!(html.contains("WEB-G"));
    let (s, html) = anon
        .page(&format!("/public?enterprise_id={}", f.enterprise_b.id))
        .await;
    assert_eq!(s, 200);
    assert!(!html.contains("WEB-G"));
    let (s, csv) = anon.page("/public/products.csv").await;
    assert_eq!(s, 200);
    // For people: a BOM, headers and values in the page's language, never raw codes.
    assert!(
        csv.starts_with('\u{feff}') && csv.contains("证书编号"),
        "{csv}"
    );
    assert!(csv.contains("WEB-G") && csv.contains(",暂停,"), "{csv}");
    assert!(
        !csv.contains(",suspended,") && !csv.contains(",goose,"),
        "{csv}"
    );

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
            switch_language(client, lang).await;
            assert_pages_in(
                client,
                &pages,
                lang,
                &[
                    "report.",
                    "application.",
                    "certificate.",
                    "result.",
                    "public.",
                    "indicator.",
                    "event.",
                ],
            )
            .await;
        }
    }
    let (_, html) = ent.page("/certificates?lang=en").await;
    assert!(html.contains("Certificates expiring within 60 days"));

    // The web import shows every error by row and column and writes nothing.
    let (_, html) = lab.page("/reports/import").await;
    let csv = "report_no,credit_code,style_no\nA,B,C\n";
    let m = reqwest::multipart::Form::new()
        .text("_csrf", csrf_from(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("bad.csv"),
        );
    let resp = lab.post_multipart("/reports/import", m).await;
    assert_eq!(resp.status, 422);
    let html = resp.text();
    assert!(html.contains("missing_column") || html.contains("表头缺少该列"));
}
