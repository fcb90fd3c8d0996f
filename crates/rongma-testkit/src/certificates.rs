//! Certificates for tests of what comes after grading (code batches, scans): a report, an
//! application and a certificate written straight through the store, so those tests do
//! not depend on the grading workflow's rules. [`graded_certificate`] rests on a result
//! the engine computed, so scan pages show measured values.

use crate::reports::values_4a;
use crate::TestApp;
use chrono::{Duration, NaiveDate};
use rongma_app::App;
use rongma_domain::grading::{Grade, Profile};
use rongma_domain::registry::Product;
use rongma_domain::workflow::{Certificate, CertificateState, ProfileRef, ReportResult, SampledBy};
use rongma_store::{NewApplication, NewCertificate, NewReport};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT: AtomicU64 = AtomicU64::new(1);

/// An active 4A certificate (every indicator 4A) of `product`, valid for a year from
/// yesterday, resting on a report by `lab_id`.
pub async fn active_certificate(t: &TestApp, product: &Product, lab_id: i64) -> Certificate {
    valid_from_yesterday(&t.app, product, lab_id, 364).await
}

/// An active 4A certificate of `product` valid from yesterday until `days` after today.
pub async fn valid_from_yesterday(
    app: &App,
    product: &Product,
    lab_id: i64,
    days: i64,
) -> Certificate {
    let today = app.now().date_naive();
    certificate_valid(
        app,
        product,
        lab_id,
        today - Duration::days(1),
        today + Duration::days(days),
    )
    .await
}

/// A 4A certificate of `product` valid from `from` to `until` (both included), active.
pub async fn certificate_valid(
    app: &App,
    product: &Product,
    lab_id: i64,
    from: NaiveDate,
    until: NaiveDate,
) -> Certificate {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let at = app.now();
    let profile = ProfileRef {
        id: "pinghu-down-garment".into(),
        version: "test".into(),
        hash: "test".into(),
    };
    let mut tx = app.store().begin().await.expect("begin");
    let report = NewReport {
        lab_id,
        report_no: format!("TK-{}-{n}", product.id),
        product_id: product.id,
        enterprise_id: product.enterprise_id,
        size: None,
        sample_description: "测试样品".into(),
        sampling_date: from - Duration::days(10),
        batch_no: None,
        sampled_by: SampledBy::Enterprise,
        sampler: None,
        test_date: from - Duration::days(5),
        values: serde_json::json!({}),
        pdf: None,
        supersedes_id: None,
        submitted_by: "testkit".into(),
    };
    let report_id = tx.insert_report(&report, at).await.expect("report");
    let application = NewApplication {
        enterprise_id: product.enterprise_id,
        product_id: product.id,
        report_ids: vec![report_id],
        results: vec![],
        profile: profile.clone(),
        gradable: true,
        engine_grade: Some(Grade::G4A),
        note: None,
        created_by: "testkit".into(),
    };
    let application_id = tx
        .insert_application(&application, at)
        .await
        .expect("application");
    let indicators = [
        "down_cluster",
        "fill_power",
        "turbidity",
        "down_leakage",
        "colour_fastness",
    ]
    .iter()
    .map(|i| (i.to_string(), Grade::G4A))
    .collect();
    let version = tx
        .latest_certificate(product.id)
        .await
        .expect("latest certificate")
        .map_or(1, |c| c.version + 1);
    let cert = NewCertificate {
        number: format!("TK-2025-{:06}", n),
        product_id: product.id,
        enterprise_id: product.enterprise_id,
        application_id,
        version,
        grade: Grade::G4A,
        indicator_grades: indicators,
        profile,
        lab_id,
        report_id,
        valid_from: from,
        valid_until: until,
        supersedes_id: None,
    };
    let id = tx.insert_certificate(&cert, at).await.expect("certificate");
    let c = tx
        .get_certificate(id)
        .await
        .expect("read")
        .expect("certificate exists");
    tx.commit().await.expect("commit");
    c
}

/// Moves a certificate from its current state to `to` (suspend, revoke …) directly.
pub async fn set_certificate_state(app: &App, c: &Certificate, to: CertificateState) {
    let mut tx = app.store().begin().await.expect("begin");
    let moved = tx
        .set_certificate_state(c.id, c.state, to, Some("test"), app.now())
        .await
        .expect("set state");
    assert!(moved, "certificate {} was not {:?}", c.id, c.state);
    tx.commit().await.expect("commit");
}

/// An active certificate of `product`, valid for a year from yesterday, resting on a
/// report with [`values_4a`] graded by the engine with the built-in profile.
pub async fn graded_certificate(app: &App, product: &Product, lab_id: i64) -> Certificate {
    static GRADED: AtomicU64 = AtomicU64::new(1);
    let profile = Profile::builtin_default();
    let result = App::grade_values(&profile, &values_4a()).expect("values grade");
    let today = app.now().date_naive();
    let at = app.now();
    let n = format!("{:06}", 500_000 + GRADED.fetch_add(1, Ordering::Relaxed));
    let mut tx = app.store().begin().await.expect("begin");
    let report = NewReport {
        lab_id,
        report_no: format!("SCAN-{n}"),
        product_id: product.id,
        enterprise_id: product.enterprise_id,
        size: None,
        sample_description: "成衣 3 件".into(),
        sampling_date: today - Duration::days(20),
        batch_no: None,
        sampled_by: SampledBy::Inspector,
        sampler: None,
        test_date: today - Duration::days(15),
        values: values_4a(),
        pdf: None,
        supersedes_id: None,
        submitted_by: "test".into(),
    };
    let report_id = tx.insert_report(&report, at).await.expect("report");
    let pref = ProfileRef {
        id: result.profile.id.clone(),
        version: result.profile.version.clone(),
        hash: "test".into(),
    };
    let application = NewApplication {
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
    };
    let application_id = tx
        .insert_application(&application, at)
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
    let cert = NewCertificate {
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
        valid_from: today - Duration::days(1),
        valid_until: today + Duration::days(364),
        supersedes_id: None,
    };
    let id = tx.insert_certificate(&cert, at).await.expect("certificate");
    let c = tx.get_certificate(id).await.expect("read").expect("exists");
    tx.commit().await.expect("commit");
    c
}
