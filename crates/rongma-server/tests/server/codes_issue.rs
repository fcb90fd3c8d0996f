//! Issuing code batches through the API: one row per batch whatever its size, caps and
//! certificate states refused with clear errors and nothing written, another
//! enterprise's certificate not found, and who may issue at all.

use crate::support::codes::{changed, World};
use rongma_app::config::Settings;
use rongma_domain::workflow::CertificateState;
use rongma_testkit::certificates::{certificate_valid, set_certificate_state};
use rongma_testkit::{TestDb, Who};
use serde_json::json;

rongma_store::backend_test!(a_million_codes_are_one_row, |db: TestDb| async move {
    let w = World::new(db).await;
    let before = w.rows().await;
    let v = w
        .issue(Who::EnterpriseA, &w.body(1_000_000))
        .await
        .assert_status(201);
    let b = &v["batch"];
    assert_eq!(b["quantity"], 1_000_000);
    assert_eq!(b["enterprise_id"], w.f.enterprise_a.id);
    // The batch row, its history event and the two counters (sequence, certificate quota),
    // plus its leaf on the transparency log (one entry and its few stored hashes).
    let mut delta = changed(&before, &w.rows().await);
    assert_eq!(delta.remove("log_entries"), Some(1), "{delta:?}");
    assert!(
        delta.remove("log_hashes").is_some_and(|n| n <= 3),
        "{delta:?}"
    );
    assert_eq!(delta.get("code_batches"), Some(&1), "{delta:?}");
    assert_eq!(delta.get("events"), Some(&1), "{delta:?}");
    assert!(delta.values().sum::<i64>() <= 4, "issuing wrote {delta:?}");
    // A second batch continues the sequence and writes no more rows than the first.
    let before = w.rows().await;
    let second = w.batch_a(5).await;
    assert_eq!(
        second["seq_start"].as_u64(),
        Some(b["seq_start"].as_u64().unwrap() + 1_000_000)
    );
    let mut delta = changed(&before, &w.rows().await);
    assert_eq!(delta.remove("log_entries"), Some(1), "{delta:?}");
    delta.remove("log_hashes");
    assert_eq!(delta.values().sum::<i64>(), 2, "{delta:?}");
    // First and last serial, URL and QR size as a tag gets them.
    assert_eq!(b["first_serial"].as_str(), Some(w.serial(b, 0).as_str()));
    assert_eq!(
        b["last_serial"].as_str(),
        Some(w.serial(b, 999_999).as_str())
    );
    assert_eq!(
        b["first_url"].as_str().unwrap(),
        format!("HTTPS://RONGMA.EXAMPLE.CN/C/{}", w.serial(b, 0))
    );
    assert_eq!(b["qr"], "3-M");
    // Product A has two sizes and no breakdown was given: the tags state both weights.
    assert_eq!(b["sizes"], json!([]));
});

rongma_store::backend_test!(bad_requests_write_nothing, |db: TestDb| async move {
    let mut settings = Settings::default();
    settings.codes.max_per_batch = 1000;
    settings.codes.max_per_certificate = 1500;
    let w = World::with_settings(db, settings).await;
    w.batch_a(1000).await;
    let with = |k: &str, v: serde_json::Value| {
        let mut b = w.body(10);
        b[k] = v;
        b
    };
    let cases = [
        (with("quantity", json!(0)), 422, "quantity", "out_of_range"),
        (with("quantity", json!(-5)), 422, "quantity", "out_of_range"),
        (with("quantity", json!(1001)), 422, "quantity", "over_cap"),
        // 1000 issued + 600 > 1500 on this certificate.
        (
            with("quantity", json!(600)),
            422,
            "quantity",
            "over_certificate_cap",
        ),
        (with("lot_no", json!("  ")), 422, "lot_no", "required"),
        (
            with("production_date", json!("2999-01-01")),
            422,
            "production_date",
            "in_future",
        ),
        (
            with("production_date", json!("1.11.2025")),
            422,
            "production_date",
            "not_a_date",
        ),
        (
            with("sizes", json!([{"size": "XXL", "quantity": 10}])),
            422,
            "sizes[0].size",
            "unknown_size",
        ),
        (
            with(
                "sizes",
                json!([{"size": "M", "quantity": 4}, {"size": "L", "quantity": 5}]),
            ),
            422,
            "sizes",
            "sizes_sum",
        ),
        (
            with(
                "sizes",
                json!([{"size": "M", "quantity": 5}, {"size": "m", "quantity": 5}]),
            ),
            422,
            "sizes[1].size",
            "duplicate_size",
        ),
        (
            with("digital_link", json!(true)),
            422,
            "digital_link",
            "no_gtin",
        ),
        (
            with("certificate_id", json!(null)),
            422,
            "certificate_id",
            "required",
        ),
        (with("certificate_id", json!(999_999)), 404, "", ""),
        // Another enterprise's certificate is not found, like a missing one.
        (with("certificate_id", json!(w.cert_b.id)), 404, "", ""),
    ];
    let before = w.rows().await;
    for (body, status, field, code) in cases {
        let r = w.issue(Who::EnterpriseA, &body).await;
        assert_eq!(r.status, status, "{body} → {r}");
        if status == 422 {
            assert_eq!(
                r.field_error(),
                (field.to_owned(), code.to_owned()),
                "{body} → {r}"
            );
            assert!(r["error"]["fields"][0]["message_zh"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
        }
    }
    assert_eq!(changed(&before, &w.rows().await), Default::default());
});

rongma_store::backend_test!(inactive_certificates_are_refused, |db: TestDb| async move {
    let w = World::new(db).await;
    let app = &w.t.app;
    let today = app.now().date_naive();
    let expired = certificate_valid(
        app,
        &w.f.product_a,
        w.f.lab.id,
        today - chrono::Duration::days(400),
        today - chrono::Duration::days(1),
    )
    .await;
    let mut refused = vec![(expired, "certificate_expired")];
    for (state, code) in [
        (CertificateState::Suspended, "certificate_suspended"),
        (CertificateState::Revoked, "certificate_revoked"),
        (CertificateState::Superseded, "certificate_superseded"),
    ] {
        let c = certificate_valid(
            app,
            &w.f.product_a,
            w.f.lab.id,
            today,
            today + chrono::Duration::days(30),
        )
        .await;
        set_certificate_state(app, &c, state).await;
        refused.push((c, code));
    }
    let before = w.rows().await;
    for (c, code) in &refused {
        let mut body = w.body(10);
        body["certificate_id"] = json!(c.id);
        let r = w.issue(Who::EnterpriseA, &body).await;
        assert_eq!(
            (r.status, r.field_error()),
            (422, ("certificate_id".into(), (*code).into())),
            "{r}"
        );
        assert!(
            r["error"]["fields"][0]["message"]
                .as_str()
                .unwrap()
                .contains(&c.number),
            "{r}"
        );
    }
    assert_eq!(changed(&before, &w.rows().await), Default::default());
});

rongma_store::backend_test!(only_the_enterprise_issues, |db: TestDb| async move {
    let w = World::new(db).await;
    for (who, status) in [
        (Who::Anonymous, 401),
        (Who::Regulator, 403),
        (Who::Reviewer, 403),
        (Who::Inspector, 403),
        (Who::LabUser, 403),
        (Who::LabKey, 403),
        (Who::PlatformKey, 403),
        (Who::EnterpriseB, 404),
        (Who::EnterpriseA, 201),
    ] {
        let r = w.issue(who, &w.body(3)).await;
        assert_eq!(r.status, status, "{who:?}: {r}");
    }
    // Sizes given: codes follow the breakdown in order, with the product's fill weights.
    let mut body = w.body(30);
    body["sizes"] = json!([{"size": "l", "quantity": 10}, {"size": "M", "quantity": 20}]);
    let v = w.issue(Who::EnterpriseA, &body).await.assert_status(201);
    assert_eq!(
        v["batch"]["sizes"],
        json!([
            {"size": "L", "fill_weight_g": "220", "quantity": 10},
            {"size": "M", "fill_weight_g": "200", "quantity": 20}
        ])
    );
    let b = &v["batch"];
    let status = w.status(&w.serial(b, 10)).await;
    assert_eq!(
        (status["batch"]["size"].as_str(), status["verdict"].as_str()),
        (Some("M"), Some("valid"))
    );
    // Reads: staff see every batch, each enterprise its own.
    for (who, total) in [
        (Who::Regulator, 2),
        (Who::Inspector, 2),
        (Who::EnterpriseA, 2),
        (Who::EnterpriseB, 0),
    ] {
        let r = w.t.list_batches(w.token(who)).await;
        assert_eq!(
            (r.status, r["total"].as_i64()),
            (200, Some(total)),
            "{who:?}"
        );
    }
    let id = b["id"].as_i64().unwrap();
    let s = w.t.get_batch(w.token(Who::EnterpriseB), id).await.status;
    assert_eq!(s, 404);
    let (s, h) =
        w.t.batch_history(w.token(Who::EnterpriseA), id)
            .await
            .parts();
    assert_eq!(
        (s, h[0]["action"].as_str(), h[0]["actor_name"].as_str()),
        (200, Some("issued"), Some("t-ent-a"))
    );
});
