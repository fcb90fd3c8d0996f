//! Revoking codes and what a scan then shows: range errors name their field and write
//! nothing, revoked ranges and serials change `code_status` exactly where they apply, and
//! certificate states show through.

use crate::support::codes::{changed, World};
use rongma_domain::codes::{Seq, Serial};
use rongma_domain::workflow::CertificateState;
use rongma_testkit::certificates::set_certificate_state;
use rongma_testkit::{TestDb, Who};
use serde_json::json;

/// A serial of the right shape whose MAC does not match: the last MAC symbol changed and
/// the check character recomputed.
fn forged(app: &rongma_app::App, serial: &str) -> String {
    let s = app.verify_serial(serial).unwrap().serial;
    Serial::from_parts(s.key_id(), s.seq(), s.mac_bits() ^ 1).to_string()
}

rongma_store::backend_test!(range_errors_say_which, |db: TestDb| async move {
    let w = World::new(db).await;
    let a = w.batch_a(100).await;
    let other = w.batch_a(10).await;
    let id = a["id"].as_i64().unwrap();
    let s = |o| w.serial(&a, o);
    let mut typo = s(5);
    typo.replace_range(3..4, if &typo[3..4] == "7" { "8" } else { "7" });
    let range = |from: String, to: String| json!({"scope": "range", "from": from, "to": to, "reason": "lost"});
    let cases = [
        (range(s(20), s(10)), "to", "range_reversed"),
        (range(s(10), w.serial(&other, 0)), "to", "not_in_batch"),
        (
            range(s(10)[..17].to_owned(), s(20)),
            "from",
            "serial_length",
        ),
        (
            range(s(10).replace(&s(10)[4..5], "U"), s(20)),
            "from",
            "serial_character",
        ),
        (range(typo, s(20)), "from", "serial_check_character"),
        (
            range(forged(&w.t.app, &s(10)), s(20)),
            "from",
            "serial_not_authentic",
        ),
        (
            json!({"scope": "range", "from": s(1), "to": s(2)}),
            "reason",
            "required",
        ),
        (
            json!({"scope": "everything", "reason": "x"}),
            "scope",
            "unknown_scope",
        ),
        (
            json!({"scope": "serials", "serials": [], "reason": "x"}),
            "serials",
            "count",
        ),
        (
            json!({"scope": "serials", "serials": [s(3), s(3)], "reason": "x"}),
            "serials[1]",
            "duplicate",
        ),
    ];
    let before = w.rows().await;
    for (body, field, code) in cases {
        let r = w.revoke(Who::EnterpriseA, id, &body).await;
        assert_eq!(
            (r.status, r.field_error()),
            (422, (field.into(), code.into())),
            "{body} → {r}"
        );
    }
    assert_eq!(changed(&before, &w.rows().await), Default::default());
    // Someone else's batch is not found; a lab may not revoke at all.
    assert_eq!(
        w.revoke(Who::EnterpriseB, id, &range(s(1), s(2)))
            .await
            .status,
        404
    );
    assert_eq!(
        w.revoke(Who::LabUser, id, &range(s(1), s(2))).await.status,
        403
    );
});

rongma_store::backend_test!(revocations_show_in_code_status, |db: TestDb| async move {
    let w = World::new(db).await;
    let a = w.batch_a(100).await;
    let id = a["id"].as_i64().unwrap();
    let s = |o| w.serial(&a, o);
    let (st, v) = w
        .revoke(
            Who::EnterpriseA,
            id,
            &json!({"scope": "range", "from": s(10), "to": s(19), "reason": "roll lost in transit"}),
        )
        .await
        .parts();
    assert_eq!((st, v["revoked"].as_u64()), (200, Some(10)), "{v}");
    // Serials typed as printed (groups, lower case) are read the same.
    let grouped = format!("{} {} {}", &s(50)[..6], &s(50)[6..12], &s(50)[12..]).to_lowercase();
    let (st, v) = w
        .revoke(
            Who::Regulator,
            id,
            &json!({"scope": "serials", "serials": [s(42), grouped], "reason": "stolen"}),
        )
        .await
        .parts();
    assert_eq!((st, v["revoked"].as_u64()), (200, Some(2)), "{v}");
    assert_eq!(v["detail"]["batch"]["revoked_codes"], 12);
    assert_eq!(v["detail"]["revocations"].as_array().unwrap().len(), 3);
    // Overlaps with what is already revoked are refused.
    let r = w
        .revoke(
            Who::EnterpriseA,
            id,
            &json!({"scope": "range", "from": s(15), "to": s(25), "reason": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, r.field_error()),
        (422, ("from".into(), "already_revoked".into())),
        "{r}"
    );

    for (o, verdict, scope) in [
        (9, "valid", None),
        (10, "revoked", Some("range")),
        (19, "revoked", Some("range")),
        (20, "valid", None),
        (42, "revoked", Some("serial")),
        (50, "revoked", Some("serial")),
        (99, "valid", None),
    ] {
        let v = w.status(&s(o)).await;
        assert_eq!(v["verdict"].as_str(), Some(verdict), "offset {o}: {v}");
        assert_eq!(v["revocation"]["scope"].as_str(), scope, "offset {o}");
    }
    assert_eq!(
        w.status(&s(10)).await["revocation"]["reason"],
        "roll lost in transit"
    );

    // The whole batch, then nothing more.
    let (st, v) = w
        .revoke(
            Who::EnterpriseA,
            id,
            &json!({"scope": "batch", "reason": "recalled"}),
        )
        .await
        .parts();
    assert_eq!(
        (
            st,
            v["revoked"].as_u64(),
            v["detail"]["batch"]["state"].as_str()
        ),
        (200, Some(88), Some("revoked"))
    );
    assert_eq!(w.status(&s(0)).await["revocation"]["scope"], "batch");
    let (st, v) = w
        .revoke(
            Who::EnterpriseA,
            id,
            &json!({"scope": "batch", "reason": "again"}),
        )
        .await
        .parts();
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (409, Some("invalid_state"))
    );
    let h = w.t.batch_history(w.token(Who::EnterpriseA), id).await.body;
    let actions: Vec<_> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["reason"].as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("issued", None),
            ("revoked", Some("roll lost in transit")),
            ("revoked", Some("stolen")),
            ("revoked", Some("recalled"))
        ]
    );
});

rongma_store::backend_test!(
    certificate_states_and_unissued_serials,
    |db: TestDb| async move {
        let w = World::new(db).await;
        let a = w.batch_a(5).await;
        let s0 = w.serial(&a, 0);
        let v = w.status(&s0).await;
        assert_eq!(
            (v["verdict"].as_str(), v["certificate"]["number"].as_str()),
            (Some("valid"), Some(w.cert_a.number.as_str()))
        );
        assert_eq!(v["batch"]["lot_no"], "LOT-2025-11-A");
        set_certificate_state(&w.t.app, &w.cert_a, CertificateState::Suspended).await;
        assert_eq!(w.status(&s0).await["verdict"], "certificate_suspended");

        // Authentic but never issued: the MAC holds, no batch has it.
        let keys = w.t.app.code_keys();
        let unissued = keys
            .serial_keys()
            .issue_with(keys.current(), Seq::new(1 << 39).unwrap())
            .unwrap();
        let v = w.status(unissued.as_str()).await;
        assert_eq!(
            (v["verdict"].as_str(), &v["batch"]),
            (Some("not_issued"), &json!(null))
        );
        // Forged or malformed serials are refused before any lookup, saying which.
        let r =
            w.t.code_status(w.token(Who::Regulator), &forged(&w.t.app, &s0))
                .await;
        assert_eq!(
            (r.status, r.field_error()),
            (422, ("serial".into(), "serial_not_authentic".into()))
        );
        // An enterprise looks up its own serials only; labs not at all.
        for (who, status) in [
            (Who::EnterpriseB, 404),
            (Who::EnterpriseA, 200),
            (Who::LabUser, 403),
        ] {
            let st = w.t.code_status(w.token(who), &s0).await.status;
            assert_eq!(st, status, "{who:?}");
        }
    }
);
