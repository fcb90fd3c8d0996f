//! Set-up for bench/scan-bench.sh: in the data directory of a migrated SQLite database
//! (`rongma migrate` run there first), registers an enterprise, a brand, a product and a
//! lab, writes a certificate resting on a report graded by the engine (so scan pages show
//! all five indicators with measured values, as in real use), issues a batch of N codes,
//! and writes `serials.txt` (one serial per line) and `pins.txt` (`serial,pin`) for the
//! load generator.
//!
//!     cargo run --release -p rongma-testkit --example scan_bench_setup -- DIR N

use rongma_app::config::Settings;
use rongma_app::secrets::Secrets;
use rongma_app::{Actor, App, Clock};
use rongma_domain::codes::{BatchDraft, KeyId, Seq, SeqRange};
use rongma_domain::grading::{Grade, Profile};
use rongma_domain::registry::*;
use rongma_domain::workflow::{Certificate, ProfileRef, ReportResult, SampledBy};
use rongma_store::{NewApplication, NewCertificate, NewReport};
use serde_json::{json, Value};
use std::io::Write;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: scan_bench_setup DIR N"));
    let n: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let url = format!("sqlite://{}", dir.join("data/rongma.db").display());
    let store = rongma_store::connect(&url, &Default::default())
        .await
        .expect("open the database");
    let secrets = Secrets::load_or_create(&dir.join("data/secrets.toml")).expect("secrets");
    let mut settings = Settings::default();
    settings.storage.data_dir = dir.join("data");
    let app = App::new(store, settings, secrets, Clock::System);
    let sys = Actor::system("bench");
    let e = app
        .create_enterprise(
            &sys,
            EnterpriseDraft {
                credit_code: Some(
                    rongma_domain::ids::Uscc::complete("9133048200000A01")
                        .expect("code")
                        .to_string(),
                ),
                name: Some("基准企业".into()),
                address: Some("浙江省平湖市".into()),
                legal_representative: Some("法人".into()),
                pilot_status: Some("member".into()),
                ..Default::default()
            },
        )
        .await
        .expect("enterprise");
    let b = app
        .create_brand(
            &sys,
            BrandDraft {
                enterprise_id: Some(e.id),
                name: Some("基准牌".into()),
                trademark_no: None,
            },
        )
        .await
        .expect("brand");
    let p = app
        .create_product(
            &sys,
            ProductDraft {
                brand_id: Some(b.id),
                style_no: Some("BENCH-1".into()),
                name: Some("轻暖连帽短款羽绒服".into()),
                species: Some("goose".into()),
                colour: Some("white".into()),
                declared_down_cluster_pct: Some("90".into()),
                sizes: Some(sizes_from_text("M:158")),
                shell_fabric: Some("锦纶".into()),
                standard: Some("GB/T 14272-2021".into()),
                gtin: None,
            },
        )
        .await
        .expect("product");
    let lab = app
        .create_lab(
            &sys,
            LabDraft {
                name: Some("基准检测所".into()),
                cma_no: Some("201900000009".into()),
                cma_valid_from: Some("2020-01-01".into()),
                cma_valid_until: Some("2035-12-31".into()),
                ..Default::default()
            },
        )
        .await
        .expect("lab");
    let cert = graded_certificate(&app, &p, lab.id).await;
    let batch = app
        .issue_batch(
            &sys,
            BatchDraft {
                certificate_id: Some(cert.id),
                quantity: Some(n),
                lot_no: Some("BENCH-LOT".into()),
                production_date: Some(app.now().date_naive().to_string()),
                sizes: None,
                digital_link: None,
            },
        )
        .await
        .expect("batch");
    let key = KeyId::parse(&batch.batch.key_id).expect("key id");
    let range = SeqRange::new(batch.batch.seq_start, n as u64).expect("range");
    let keys = app.code_keys();
    let mut serials =
        std::io::BufWriter::new(std::fs::File::create(dir.join("serials.txt")).unwrap());
    let mut pins = std::io::BufWriter::new(std::fs::File::create(dir.join("pins.txt")).unwrap());
    for seq in range.start().get()..range.end() {
        let seq = Seq::new(seq).unwrap();
        let serial = keys.serial_keys().issue_with(key, seq).unwrap();
        let pin = keys.pin_keys().pin(key, seq).unwrap();
        writeln!(serials, "{serial}").unwrap();
        writeln!(pins, "{serial},{pin}").unwrap();
    }
    serials.flush().unwrap();
    pins.flush().unwrap();
    app.store().close().await;
    println!("{}", batch.batch.id);
}

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

/// An active certificate of `product` resting on a report graded by the engine.
pub async fn graded_certificate(app: &App, product: &Product, lab_id: i64) -> Certificate {
    let profile = Profile::builtin_default();
    let result = App::grade_values(&profile, &values_4a()).expect("values grade");
    let today = app.now().date_naive();
    let at = app.now();
    let n = "000001";
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
