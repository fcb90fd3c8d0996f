//! Records the storage suites build on: a certificate with everything it rests on.

use chrono::NaiveDate;
use rongma_domain::grading::Grade;
use rongma_domain::registry::*;
use rongma_domain::workflow::{ProfileRef, SampledBy};
use rongma_store::*;

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Enterprise, brand, product, lab, report, application and certificate; returns
/// (enterprise id, product id, certificate id).
pub async fn certificate(tx: &mut dyn Tx) -> (i64, i64, i64) {
    let at = now();
    let e = EnterpriseDraft {
        credit_code: Some(
            rongma_domain::ids::Uscc::complete("9133048200000C03")
                .unwrap()
                .to_string(),
        ),
        name: Some("丙企业".into()),
        address: Some("平湖".into()),
        legal_representative: Some("赵六".into()),
        pilot_status: Some("member".into()),
        ..Default::default()
    };
    let e = tx
        .insert_enterprise(&e.validate().unwrap(), at)
        .await
        .unwrap();
    let b = BrandDraft {
        enterprise_id: Some(e),
        name: Some("丙牌".into()),
        trademark_no: None,
    };
    let b = tx.insert_brand(&b.validate().unwrap(), at).await.unwrap();
    let p = ProductDraft {
        brand_id: Some(b),
        style_no: Some("C-1".into()),
        name: Some("短款".into()),
        species: Some("goose".into()),
        colour: Some("white".into()),
        declared_down_cluster_pct: Some("90".into()),
        sizes: Some(sizes_from_text("M:200, L:220")),
        shell_fabric: Some("锦纶".into()),
        standard: Some("GB/T 14272-2021".into()),
        gtin: None,
    };
    let p = tx
        .insert_product(e, &p.validate().unwrap(), at)
        .await
        .unwrap();
    let lab = LabDraft {
        name: Some("检测所".into()),
        cma_no: Some("241100340001".into()),
        cma_valid_from: Some("2024-01-01".into()),
        cma_valid_until: Some("2029-12-31".into()),
        ..Default::default()
    };
    let lab = tx.insert_lab(&lab.validate().unwrap(), at).await.unwrap();
    let profile = ProfileRef {
        id: "p".into(),
        version: "1".into(),
        hash: "h".into(),
    };
    let report = NewReport {
        lab_id: lab,
        report_no: "R-1".into(),
        product_id: p,
        enterprise_id: e,
        size: None,
        sample_description: "样品".into(),
        sampling_date: day("2025-10-01"),
        batch_no: None,
        sampled_by: SampledBy::Enterprise,
        sampler: None,
        test_date: day("2025-10-05"),
        values: serde_json::json!({}),
        pdf: None,
        supersedes_id: None,
        submitted_by: "lab".into(),
    };
    let report = tx.insert_report(&report, at).await.unwrap();
    let app = NewApplication {
        enterprise_id: e,
        product_id: p,
        report_ids: vec![report],
        results: vec![],
        profile: profile.clone(),
        gradable: true,
        engine_grade: Some(Grade::G4A),
        note: None,
        created_by: "ent".into(),
    };
    let app = tx.insert_application(&app, at).await.unwrap();
    let cert = NewCertificate {
        number: "PH-2025-000001".into(),
        product_id: p,
        enterprise_id: e,
        application_id: app,
        version: 1,
        grade: Grade::G4A,
        indicator_grades: Default::default(),
        profile,
        lab_id: lab,
        report_id: report,
        valid_from: day("2025-10-10"),
        valid_until: day("2026-10-09"),
        supersedes_id: None,
    };
    (e, p, tx.insert_certificate(&cert, at).await.unwrap())
}
