//! Report intake edge cases: spreadsheet imports (a real XLSX with good and bad rows,
//! renamed columns, wrong file types, oversized files), accreditation on the test date,
//! corrections that supersede, and certificate expiry by the clock.

use crate::support::workflow::{certified, gradable_product};
use rongma_app::paging::ListParams;
use rongma_app::{Actor, Clock};
use rongma_testkit::reports::{report, values_4a};
use rongma_testkit::{Fixtures, TestApp, TestDb, Upload, Who};
use serde_json::{json, Value};

/// A product of enterprise A in scope, registered by the regulator.
async fn product(t: &TestApp, f: &Fixtures, style: &str) -> i64 {
    gradable_product(t, f.token(Who::Regulator), f, style).await
}

async fn upload(t: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    t.import_reports(Some(token), Upload::new(name, bytes))
        .await
        .parts()
}

/// Template columns from the API, and one row of cells for them.
async fn columns(t: &TestApp) -> Vec<String> {
    let csv = t.report_template().await.text();
    csv.trim().split(',').map(str::to_owned).collect()
}

fn row(columns: &[String], f: &Fixtures, style: &str, report_no: &str) -> Vec<String> {
    let v = values_4a();
    columns
        .iter()
        .map(|c| match c.as_str() {
            "report_no" => report_no.into(),
            "credit_code" => f.enterprise_a.credit_code.to_string().to_lowercase(),
            "style_no" => style.into(),
            "size" => "M".into(),
            "sample_description" => "成衣".into(),
            "sampling_date" => "2026-10-01".into(),
            "batch_no" => String::new(),
            "sampled_by" => "enterprise".into(),
            "sampler" => String::new(),
            "test_date" => "2026-10-05".into(),
            path => {
                let mut cur = &v;
                for part in path.split('.') {
                    cur = &cur[part];
                }
                cur.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| cur.to_string())
            }
        })
        .collect()
}

fn xlsx(columns: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, name) in columns.iter().enumerate() {
        ws.write_string(0, c as u16, name).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            // Numbers as numbers, as Excel stores them; dates and codes as text.
            match v.parse::<f64>() {
                Ok(n)
                    if !columns[c].ends_with("_date")
                        && columns[c] != "credit_code"
                        && columns[c] != "report_no" =>
                {
                    ws.write_number(r as u32 + 1, c as u16, n).unwrap();
                }
                _ => {
                    ws.write_string(r as u32 + 1, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn report_count(t: &TestApp) -> i64 {
    t.app
        .list_reports(&Actor::system("c"), &ListParams::default(), None)
        .await
        .unwrap()
        .total
}

fn errors(body: &Value) -> Vec<(Option<u64>, String, String)> {
    body["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["row"].as_u64(),
                        e["column"]
                            .as_str()
                            .or(e["field"].as_str())
                            .unwrap_or("")
                            .to_owned(),
                        e["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

rongma_store::backend_test!(
    xlsx_import_is_all_or_nothing_with_errors_by_row_and_column,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        product(&t, &f, "IMP-1").await;
        let lab = f.token(Who::LabUser).unwrap();
        let cols = columns(&t).await;

        let good = row(&cols, &f, "IMP-1", "X-001");
        let mut bad_values = row(&cols, &f, "IMP-1", "X-002");
        let fp = cols
            .iter()
            .position(|c| c == "measured.fill_power_cm")
            .unwrap();
        bad_values[fp] = "很蓬松".into();
        let sb = cols.iter().position(|c| c == "sampled_by").unwrap();
        bad_values[sb] = "robot".into();
        let unknown = row(&cols, &f, "NO-SUCH-STYLE", "X-003");
        let duplicate = row(&cols, &f, "IMP-1", "X-001");
        let file = xlsx(&cols, &[good.clone(), bad_values, unknown, duplicate]);
        let (s, body) = upload(&t, lab, "reports.xlsx", file).await;
        assert_eq!(s, 422, "{body}");
        let errs = errors(&body);
        assert!(
            errs.contains(&(
                Some(2),
                "measured.fill_power_cm".into(),
                "not_a_number".into()
            )) || errs
                .iter()
                .any(|e| e.0 == Some(2) && e.1 == "measured.fill_power_cm"),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.0 == Some(2) && e.1 == "sampled_by"),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.0 == Some(3) && e.1 == "style_no" && e.2 == "unknown_product"),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.0 == Some(4) && e.1 == "report_no" && e.2 == "duplicate"),
            "{errs:?}"
        );
        assert!(
            !errs.iter().any(|e| e.0 == Some(1)),
            "the good row has no error: {errs:?}"
        );
        assert_eq!(report_count(&t).await, 0, "nothing written");

        // The same file with the bad rows fixed imports whole.
        let file = xlsx(&cols, &[good, row(&cols, &f, "IMP-1", "X-002")]);
        let (s, body) = upload(&t, lab, "reports.xlsx", file).await;
        assert_eq!(s, 201, "{body}");
        assert_eq!(body["imported"], 2);
        assert_eq!(report_count(&t).await, 2);
        // Importing it again collides on the report numbers, naming the row.
        let file = xlsx(
            &cols,
            &[
                row(&cols, &f, "IMP-1", "X-009"),
                row(&cols, &f, "IMP-1", "X-002"),
            ],
        );
        let (s, body) = upload(&t, lab, "reports.xlsx", file).await;
        assert_eq!(s, 409, "{body}");
        assert_eq!(errors(&body)[0].0, Some(2));
        assert_eq!(
            report_count(&t).await,
            2,
            "the good row of a failed file is not written either"
        );
    }
);

#[tokio::test]
async fn renamed_columns_wrong_types_and_oversized_files_are_refused() {
    let mut settings = rongma_app::config::Settings::default();
    settings.storage.max_upload_mb = 1;
    let t = TestApp::spawn_with(TestDb::sqlite().await, settings, Clock::System).await;
    let f = Fixtures::create(&t).await;
    product(&t, &f, "IMP-2").await;
    let lab = f.token(Who::LabUser).unwrap();
    let mut cols = columns(&t).await;
    let good = row(&cols, &f, "IMP-2", "Y-1");
    let i = cols
        .iter()
        .position(|c| c == "measured.fill_power_cm")
        .unwrap();
    cols[i] = "蓬松度".into();
    let (s, body) = upload(&t, lab, "renamed.xlsx", xlsx(&cols, &[good])).await;
    assert_eq!(s, 422);
    let errs = errors(&body);
    assert!(
        errs.iter()
            .any(|e| e.1 == "蓬松度" && e.2 == "unknown_column"),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.1 == "measured.fill_power_cm" && e.2 == "missing_column"),
        "{errs:?}"
    );

    let (s, body) = upload(
        &t,
        lab,
        "photo.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe".to_vec(),
    )
    .await;
    assert_eq!((s, errors(&body)[0].2.as_str()), (422, "not_a_sheet"));
    let (s, body) = upload(
        &t,
        lab,
        "old.xls",
        vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .await;
    assert_eq!((s, errors(&body)[0].2.as_str()), (422, "old_excel"));
    let (s, body) = upload(&t, lab, "big.csv", vec![b'a'; 2 * 1024 * 1024]).await;
    assert_eq!((s, errors(&body)[0].2.as_str()), (422, "too_large"));
    let (s, body) = upload(
        &t,
        lab,
        "turbidity.csv",
        "report_no,measured.turbidity_ntu\n".into(),
    )
    .await;
    assert_eq!(s, 422);
    assert!(errors(&body).iter().any(|e| e.1.contains("ntu")), "{body}");

    // A report PDF that is not a PDF, and one over the limit.
    let product_id = t
        .app
        .list_products(
            &Actor::system("c"),
            &ListParams {
                q: Some("IMP-2".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items[0]
        .id;
    for (bytes, code) in [
        (b"hello".to_vec(), "not_pdf"),
        (
            [b"%PDF-".to_vec(), vec![0u8; 2 * 1024 * 1024]].concat(),
            "too_large",
        ),
    ] {
        let r = t
            .submit_report_with_pdf(
                Some(lab),
                &report(product_id, &format!("P-{code}")),
                Upload::new("r.pdf", bytes),
            )
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(errors(&r.body)[0].2, code);
    }
    assert_eq!(report_count(&t).await, 0);
}

rongma_store::backend_test!(accreditation_and_corrections, |db: TestDb| async move {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let product_id = product(&t, &f, "ACC-1").await;
    // A lab whose CMA ended before the test date.
    let reg = f.token(Who::Regulator);
    let lab = t
        .create_lab(reg, &json!({"name": "过期实验室", "cma_no": "190000000009", "cma_valid_from": "2019-01-01", "cma_valid_until": "2026-09-30"}))
        .await
        .body;
    let s = t
        .create_user(reg, &json!({"username": "old-lab", "display_name": "x", "password": "old-lab-password", "role": "lab", "lab_id": lab["id"]}))
        .await
        .status;
    assert_eq!(s, 201);
    let old = t.login("old-lab", "old-lab-password").await;
    let (s, body) = t
        .submit_report(Some(&old), &report(product_id, "OLD-1"))
        .await
        .parts();
    assert_eq!(s, 422);
    assert_eq!(body["error"]["fields"][0]["code"], "lab_not_accredited");
    assert!(body["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("2026-10-15"));

    // Declared values that disagree with the registered label are refused.
    let mut wrong = report(product_id, "LBL-1");
    wrong["values"]["declared"]["down_cluster_pct"] = json!("75");
    let lab = f.token(Who::LabUser);
    let (s, body) = t.submit_report(lab, &wrong).await.parts();
    assert_eq!(
        (s, body["error"]["fields"][0]["field"].as_str()),
        (422, Some("values.declared.down_cluster_pct"))
    );

    // A correction supersedes; the corrected report can no longer be used.
    let first = t
        .submit_report(lab, &report(product_id, "COR-1"))
        .await
        .body;
    let first_id = first["id"].as_i64().unwrap();
    let mut second = report(product_id, "COR-1-R1");
    second["supersedes"] = first["id"].clone();
    let second = t.submit_report(lab, &second).await.assert_status(201);
    let first_now = t.get_report(lab, first_id).await.body;
    assert_eq!(
        (first_now["status"].as_str(), &first_now["superseded_by_id"]),
        (Some("superseded"), &second["id"])
    );
    let mut again = report(product_id, "COR-1-R2");
    again["supersedes"] = first["id"].clone();
    let (s, body) = t.submit_report(lab, &again).await.parts();
    assert_eq!(
        (s, body["error"]["fields"][0]["code"].as_str()),
        (422, Some("already_superseded"))
    );
    let (s, body) = t
        .apply(f.token(Who::EnterpriseA), product_id, &[first_id])
        .await
        .parts();
    assert_eq!(
        (s, body["error"]["fields"][0]["code"].as_str()),
        (422, Some("superseded"))
    );
});

#[tokio::test]
async fn certificates_expire_on_their_own() {
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-01T09:00:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let t = TestApp::spawn_with(
        TestDb::sqlite().await,
        rongma_app::config::Settings::default(),
        Clock::manual(start),
    )
    .await;
    let f = Fixtures::create(&t).await;
    let product_id = product(&t, &f, "EXP-1").await;
    let cert = certified(&t, &f, product_id, "EXP-R1").await;
    let ent = f.token(Who::EnterpriseA);
    let c = t.get_certificate(ent, cert).await.body;
    assert_eq!(
        (c["valid_from"].as_str(), c["valid_until"].as_str()),
        (Some("2026-11-01"), Some("2027-10-31"))
    );
    // Expiring within 60 days: not yet; in eleven months, yes.
    let soon = t
        .list_certificates(ent, "expiring_within_days=60")
        .await
        .body;
    assert_eq!(soon["total"], 0);
    // Sessions idle out as the clock moves; log in again.
    t.app.clock().advance(chrono::Duration::days(320));
    let ent = t.login("t-ent-a", "test-password-1").await;
    let soon = t
        .list_certificates(Some(&ent), "expiring_within_days=60")
        .await
        .body;
    assert_eq!(soon["total"], 1, "{soon}");

    t.app.clock().advance(chrono::Duration::days(50));
    // Past the end date the public page says expired even before the job ran …
    let page = t.public_product(product_id).await.body;
    assert_eq!(page["state"], "expired");
    let list = t.public_products("").await.body;
    assert_eq!(list["total"], 0);
    // … and the job records it in the history, once.
    assert_eq!(t.app.expire_certificates().await.unwrap(), 1);
    assert_eq!(t.app.expire_certificates().await.unwrap(), 0);
    let reg = t.login("t-regulator", "test-password-1").await;
    let h = t.certificate_history(Some(&reg), cert).await.body;
    assert_eq!(h[1]["action"], "expired", "{h}");
    assert_eq!(h[1]["actor_name"], "expiry");
    let s = t
        .change_certificate_state(Some(&reg), cert, "reinstate", "x")
        .await
        .status;
    assert_eq!(s, 409);
}
