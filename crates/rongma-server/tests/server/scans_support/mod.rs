//! Shared set-up of the scan tests: the code-test world plus a certificate resting on a
//! real grading result (so scans show measured values), batches on it, PINs, and calls
//! from chosen networks (`X-Forwarded-For` is trusted from the loopback proxy in these tests).
#![allow(dead_code)]

use super::codes_support::World;
use rongma_app::config::Settings;
use rongma_app::App;
use rongma_domain::codes::{KeyId, Seq};
use rongma_domain::grading::{Grade, Profile};
use rongma_domain::registry::Product;
use rongma_domain::workflow::{Certificate, ProfileRef, ReportResult, SampledBy};
use rongma_store::{NewApplication, NewCertificate, NewReport};
use rongma_testkit::{TestDb, Who};
use serde_json::{json, Value};

/// Report values that grade 4A (fill power, turbidity and leakage limit it).
pub fn values_4a() -> Value {
    json!({
        "declared": {"species": "goose", "down_cluster_pct": "80", "fill_weight_g": "200"},
        "measured": {
            "down_cluster_pct": "82.4", "fill_power_cm": "18.5", "fill_power_method": "garment",
            "turbidity_mm": 850, "oxygen_mg_per_100g": "3.2", "fat_pct": "0.8", "odour": "pass",
            "down_leakage_fibres": 8, "fill_weight_g": "203",
            "colour_fastness": {
                "wash_change": "4-5", "wash_stain": "4.5", "water_change": "4-5", "water_stain": "4-5",
                "perspiration_acid_change": "4-5", "perspiration_acid_stain": "4-5",
                "perspiration_alkaline_change": "4-5", "perspiration_alkaline_stain": "4-5",
                "rubbing_dry": "4-5", "rubbing_wet": "4", "light": "4"
            }
        }
    })
}

/// Settings for scan tests: the client's address from `X-Forwarded-For`, low thresholds.
pub fn settings() -> Settings {
    let mut s = Settings::default();
    s.server.client_ip_header = Some("X-Forwarded-For".into());
    s.server.trusted_proxies = vec!["127.0.0.1".into()];
    s.scans.flag_scan_networks = 3;
    s
}

pub async fn world(db: TestDb) -> World {
    World::with_settings(db, settings()).await
}

/// An active certificate of `product` resting on a report graded by the engine.
pub async fn graded_certificate(app: &App, product: &Product, lab_id: i64) -> Certificate {
    let profile = Profile::builtin_default();
    let result = App::grade_values(&profile, &values_4a()).expect("values grade");
    let today = app.now().date_naive();
    let at = app.now();
    let n = rand_suffix();
    let mut tx = app.store().begin().await.expect("begin");
    let report_id = tx
        .insert_report(
            &NewReport {
                lab_id,
                report_no: format!("SCAN-{n}"),
                product_id: product.id,
                enterprise_id: product.enterprise_id,
                size: None,
                sample_description: "成衣 3 件".into(),
                sampling_date: today - chrono::Duration::days(20),
                batch_no: None,
                sampled_by: SampledBy::Inspector,
                sampler: None,
                test_date: today - chrono::Duration::days(15),
                values: values_4a(),
                pdf: None,
                supersedes_id: None,
                submitted_by: "test".into(),
            },
            at,
        )
        .await
        .expect("report");
    let pref = ProfileRef {
        id: result.profile.id.clone(),
        version: result.profile.version.clone(),
        hash: "test".into(),
    };
    let application_id = tx
        .insert_application(
            &NewApplication {
                enterprise_id: product.enterprise_id,
                product_id: product.id,
                report_ids: vec![report_id],
                results: vec![ReportResult {
                    report_id,
                    result: serde_json::to_value(&result).expect("result json"),
                }],
                profile: pref.clone(),
                gradable: true,
                engine_grade: result.grade,
                note: None,
                created_by: "test".into(),
            },
            at,
        )
        .await
        .expect("application");
    let version = tx
        .latest_certificate(product.id)
        .await
        .expect("latest")
        .map_or(1, |c| c.version + 1);
    let grades = result
        .indicators
        .iter()
        .map(|i| (i.id.as_str().to_owned(), i.grade.unwrap_or(Grade::G1A)))
        .collect();
    let id = tx
        .insert_certificate(
            &NewCertificate {
                number: format!("RMC-2026-{n}"),
                product_id: product.id,
                enterprise_id: product.enterprise_id,
                application_id,
                version,
                grade: result.grade.unwrap_or(Grade::G1A),
                indicator_grades: grades,
                profile: pref,
                lab_id,
                report_id,
                valid_from: today - chrono::Duration::days(1),
                valid_until: today + chrono::Duration::days(364),
                supersedes_id: None,
            },
            at,
        )
        .await
        .expect("certificate");
    let c = tx.get_certificate(id).await.expect("read").expect("exists");
    tx.commit().await.expect("commit");
    c
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    format!("{:06}", 500_000 + N.fetch_add(1, Ordering::Relaxed))
}

/// Issues a batch of `quantity` codes on certificate `cert` (enterprise A's).
pub async fn batch_on(w: &World, cert: i64, quantity: i64) -> Value {
    let mut body = w.body(quantity);
    body["certificate_id"] = json!(cert);
    let (s, v) = w.issue(Who::EnterpriseA, body).await;
    assert_eq!(s, 201, "{v}");
    v["batch"].clone()
}

/// The PIN of a serial, from the app's keys.
pub fn pin_of(w: &World, serial: &str) -> String {
    let v = w.t.app.verify_serial(serial).expect("genuine serial");
    w.t.app
        .code_keys()
        .pin_keys()
        .pin_of(&v)
        .expect("pin")
        .to_string()
}

/// A serial of this system's key that no batch holds.
pub fn unissued_serial(w: &World) -> String {
    let keys = w.t.app.code_keys();
    let key: KeyId = keys.current();
    keys.serial_keys()
        .issue_with(key, Seq::new(900_000_000).unwrap())
        .unwrap()
        .to_string()
}

/// A request from network `ip` (via `X-Forwarded-For`); status, headers and body text.
pub async fn from(
    w: &World,
    ip: &str,
    method: &str,
    path: &str,
    json_body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req =
        w.t.client
            .request(m, w.t.url(path))
            .header("X-Forwarded-For", ip)
            .header(
                "User-Agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.40",
            );
    if let Some(b) = json_body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request");
    let s = r.status().as_u16();
    let h = r.headers().clone();
    (s, h, r.text().await.unwrap_or_default())
}

/// `GET /api/v1/codes/{serial}` from `ip`: status and JSON.
pub async fn scan_json(w: &World, ip: &str, serial: &str) -> (u16, Value) {
    let (s, _, body) = from(w, ip, "GET", &format!("/api/v1/codes/{serial}"), None).await;
    (s, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// `POST /api/v1/codes/{serial}/pin` from `ip`: status, headers and JSON.
pub async fn pin_json(
    w: &World,
    ip: &str,
    serial: &str,
    pin: &str,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let (s, h, body) = from(
        w,
        ip,
        "POST",
        &format!("/api/v1/codes/{serial}/pin"),
        Some(json!({"pin": pin})),
    )
    .await;
    (s, h, serde_json::from_str(&body).unwrap_or(Value::Null))
}
