//! The transparency log of decisions, on both databases: every decision appends exactly
//! one leaf per subject it changes, in its transaction, with the facts that matter and a
//! link to the subject's previous leaf; a refused decision appends nothing; checkpoints
//! are signed only over a tree that extends the last one, and a tampered row makes
//! signing refuse.

use crate::support::codes::World;
use crate::support::workflow::{certified, gradable_product};
use rongma_app::tlog::LeafView;
use rongma_app::Clock;
use rongma_testkit::reports::report;
use rongma_testkit::{Fixtures, TestApp, TestDb, Who};
use serde_json::{json, Value};

/// Every leaf, oldest first.
pub async fn leaves(t: &TestApp) -> Vec<LeafView> {
    let (mut all, size) = t.app.recent_log_entries(200, 0).await.unwrap();
    assert_eq!(all.len() as u64, size.min(200));
    all.reverse();
    all
}

/// The leaves appended since `before` leaves, as (kind, subject, facts).
async fn new_leaves(t: &TestApp, before: usize) -> Vec<(String, String, Value)> {
    leaves(t).await[before..]
        .iter()
        .map(|l| (l.kind.clone(), l.subject.clone(), l.entry["facts"].clone()))
        .collect()
}

fn kinds(v: &[(String, String, Value)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, s, _)| (k.as_str(), s.as_str())).collect()
}

async fn certificate_decisions(db: TestDb) {
    let t = TestApp::spawn_with(db, Default::default(), Clock::manual(chrono::Utc::now())).await;
    let f = Fixtures::create(&t).await;
    let (reviewer, regulator) = (f.token(Who::Reviewer), f.token(Who::Regulator));
    let product = gradable_product(&t, f.token(Who::EnterpriseA), &f, "LOG-1").await;

    let n = leaves(&t).await.len();
    let c1 = certified(&t, &f, product, "LOG-R-1").await;
    let got = new_leaves(&t, n).await;
    let subject1 = format!("certificate:{c1}");
    // The first grading loads and activates the built-in profile: a decision too.
    assert_eq!(
        kinds(&got),
        [
            (
                "grading_profile.activated",
                "grading_profile:pinghu-down-garment"
            ),
            ("certificate.issued", subject1.as_str())
        ]
    );
    let cert = t.get_certificate(regulator, c1).await.assert_status(200);
    let facts = &got[1].2;
    assert_eq!(facts["grade"], "4A");
    assert_eq!(facts["number"], cert["number"]);
    assert_eq!(facts["state"], "active");
    assert_eq!(facts["profile"], cert["profile"]);
    assert_eq!(facts["indicator_grades"], cert["indicator_grades"]);
    assert_eq!(facts["report_ids"], json!([cert["report_id"]]));
    assert_eq!(got[0].2["hash"], cert["profile"]["hash"]);
    let issued = leaves(&t).await.last().unwrap().clone();
    assert_eq!(issued.entry["previous"], Value::Null);
    assert_eq!(issued.entry["v"], 1);

    // Suspend: one leaf linking the issued one.
    let n = leaves(&t).await.len();
    t.change_certificate_state(regulator, c1, "suspend", "抽检不合格")
        .await
        .assert_status(200);
    let got = new_leaves(&t, n).await;
    assert_eq!(kinds(&got), [("certificate.suspended", subject1.as_str())]);
    assert_eq!(
        (got[0].2["from"].as_str(), got[0].2["state"].as_str()),
        (Some("active"), Some("suspended"))
    );
    assert_eq!(got[0].2["reason"], "抽检不合格");
    let suspended = leaves(&t).await.last().unwrap().clone();
    assert_eq!(suspended.entry["previous"]["index"], issued.index);
    assert_eq!(suspended.entry["previous"]["leaf_hash"], issued.leaf_hash);

    // Refused decisions leave no leaf: suspending twice, no reason, a stranger.
    let n = leaves(&t).await.len();
    t.change_certificate_state(regulator, c1, "suspend", "again")
        .await
        .assert_status(409);
    t.change_certificate_state(regulator, c1, "revoke", " ")
        .await
        .assert_status(422);
    t.change_certificate_state(reviewer, c1, "revoke", "x")
        .await
        .assert_status(403);
    assert_eq!(leaves(&t).await.len(), n);

    t.change_certificate_state(regulator, c1, "reinstate", "复检合格")
        .await
        .assert_status(200);
    assert_eq!(
        kinds(&new_leaves(&t, n).await),
        [("certificate.reinstated", subject1.as_str())]
    );

    // A regrade at a lowered grade: the old certificate superseded, the new one lowered.
    let n = leaves(&t).await.len();
    let rep = t
        .submit_report(f.token(Who::LabUser), &report(product, "LOG-R-2"))
        .await
        .assert_status(201);
    let appl = t
        .apply(
            f.token(Who::EnterpriseA),
            product,
            &[rep["id"].as_i64().unwrap()],
        )
        .await
        .assert_status(201);
    let decided = t
        .decide(
            reviewer,
            appl["id"].as_i64().unwrap(),
            &json!({"decision": "approve", "grade": "3A", "lowering_reason": "填充物异味"}),
        )
        .await
        .assert_status(200);
    let c2 = decided["certificate_id"].as_i64().unwrap();
    let subject2 = format!("certificate:{c2}");
    let got = new_leaves(&t, n).await;
    assert_eq!(
        kinds(&got),
        [
            ("certificate.superseded", subject1.as_str()),
            ("certificate.lowered", subject2.as_str())
        ]
    );
    assert_eq!(got[1].2["grade"], "3A");
    assert_eq!(got[1].2["engine_grade"], "4A");
    assert_eq!(got[1].2["reason"], "填充物异味");
    assert_eq!(got[1].2["supersedes_id"], c1);

    // A rejected application is not a decision on the log (no certificate changes).
    let n = leaves(&t).await.len();
    t.change_certificate_state(regulator, c2, "revoke", "伪造报告")
        .await
        .assert_status(200);
    assert_eq!(
        kinds(&new_leaves(&t, n).await),
        [("certificate.revoked", subject2.as_str())]
    );

    // Profile activation.
    let n = leaves(&t).await.len();
    let version = cert["profile"]["version"].as_str().unwrap();
    t.activate_profile(regulator, "pinghu-down-garment", version)
        .await
        .assert_status(204);
    assert_eq!(
        kinds(&new_leaves(&t, n).await),
        [(
            "grading_profile.activated",
            "grading_profile:pinghu-down-garment"
        )]
    );

    // Expiry by the clock: a third certificate, a year and more later.
    let c3 = certified(
        &t,
        &f,
        gradable_product(&t, f.token(Who::EnterpriseA), &f, "LOG-2").await,
        "LOG-R-3",
    )
    .await;
    let n = leaves(&t).await.len();
    t.app.clock().advance(chrono::Duration::days(400));
    assert_eq!(t.app.expire_certificates().await.unwrap(), 1);
    let got = new_leaves(&t, n).await;
    assert_eq!(
        kinds(&got),
        [("certificate.expired", format!("certificate:{c3}").as_str())]
    );
    assert_eq!(got[0].2["state"], "expired");

    // No personal data in any leaf: no names of people, phones or addresses, no users.
    for l in leaves(&t).await {
        let text = l.entry.to_string();
        for personal in ["0573-", "王", "赵", "reviewer", "regulator", "平湖市"] {
            assert!(
                !text.contains(personal),
                "leaf {} holds {personal:?}: {text}",
                l.index
            );
        }
    }
}

rongma_store::backend_test!(log_certificate_decisions, |db: TestDb| async move {
    certificate_decisions(db).await
});

async fn code_decisions(db: TestDb) {
    let w = World::new(db).await;
    let n = leaves(&w.t).await.len();
    let batch = w.batch_a(100).await;
    let id = batch["id"].as_i64().unwrap();
    let subject = format!("code_batch:{id}");
    let got = new_leaves(&w.t, n).await;
    assert_eq!(kinds(&got), [("code_batch.issued", subject.as_str())]);
    assert_eq!(got[0].2["quantity"], 100);
    assert_eq!(got[0].2["first_serial"], w.serial(&batch, 0));
    assert_eq!(got[0].2["last_serial"], w.serial(&batch, 99));
    assert_eq!(got[0].2["certificate_id"], w.cert_a.id);

    // A refused issue (over the cap) and a refused revocation leave nothing.
    let n = leaves(&w.t).await.len();
    w.issue(Who::EnterpriseA, &w.body(0))
        .await
        .assert_status(422);
    w.revoke(Who::Regulator, id, &json!({"scope": "range", "from": w.serial(&batch, 5), "to": w.serial(&batch, 2), "reason": "x"}))
        .await
        .assert_status(422);
    assert_eq!(leaves(&w.t).await.len(), n);

    for (body, kind) in [
        (
            json!({"scope": "serials", "serials": [w.serial(&batch, 3)], "reason": "stolen"}),
            "code_batch.revoked.serials",
        ),
        (
            json!({"scope": "range", "from": w.serial(&batch, 10), "to": w.serial(&batch, 19), "reason": "lost"}),
            "code_batch.revoked.range",
        ),
        (
            json!({"scope": "batch", "reason": "recalled"}),
            "code_batch.revoked.batch",
        ),
    ] {
        let n = leaves(&w.t).await.len();
        w.revoke(Who::Regulator, id, &body).await.assert_status(200);
        let got = new_leaves(&w.t, n).await;
        assert_eq!(kinds(&got), [(kind, subject.as_str())]);
        assert_eq!(got[0].2["reason"], body["reason"]);
    }
    // The scan (JSON and page) shows the leaf of the decision behind the certificate.
    let other = w.batch_a(5).await;
    let serial = w.serial(&other, 0);
    assert_eq!(
        w.t.scan(&serial).await.assert_status(200)["certificate"]["log_index"],
        Value::Null
    );
    w.t.change_certificate_state(w.token(Who::Regulator), w.cert_a.id, "suspend", "抽检")
        .await
        .assert_status(200);
    let suspended = leaves(&w.t).await.last().unwrap().index;
    let scan = w.t.scan(&serial).await.assert_status(200);
    assert_eq!(scan["certificate"]["log_index"], suspended);
    let page = w.t.scan_page(&serial).await.text();
    // A real link (not its text, not escaped markup) in both languages.
    let link = format!("<a href=\"/api/v1/log/entries/{suspended}\">#{suspended}</a>");
    assert!(page.contains(&link), "{page}");
    assert!(!page.contains("&lt;a"), "{page}");
    let en = w.t.scan_page(&format!("{serial}?lang=en")).await.text();
    assert!(en.contains(&link), "{en}");
    assert!(en.contains("Transparency log entry"), "{en}");
    let last = leaves(&w.t).await;
    let revoked_range = last
        .iter()
        .find(|l| l.kind == "code_batch.revoked.range")
        .unwrap();
    assert_eq!(revoked_range.entry["facts"]["count"], 10);
}

rongma_store::backend_test!(log_code_decisions, |db: TestDb| async move {
    code_decisions(db).await
});

async fn signing(db: TestDb) {
    let w = World::new(db).await;
    let app = &w.t.app;
    // The empty log is signed once, then nothing until it grows.
    let first = app.sign_checkpoint().await.unwrap().unwrap();
    assert_eq!(first.size, 0);
    assert!(app.sign_checkpoint().await.unwrap().is_none());
    let b = w.batch_a(10).await;
    for k in 0..5 {
        w.revoke(
            Who::Regulator,
            b["id"].as_i64().unwrap(),
            &json!({"scope": "serials", "serials": [w.serial(&b, k)], "reason": "lost"}),
        )
        .await
        .assert_status(200);
    }
    let second = app.sign_checkpoint().await.unwrap().unwrap();
    assert_eq!(second.size, 6);
    let verifier = app.log_signer().verifier().clone();
    let opened = rongma_tlog::SignedCheckpoint::open(second.note.as_bytes(), &verifier).unwrap();
    assert_eq!(opened.checkpoint().root(), second.root);
    for _ in 0..3 {
        w.batch_a(1).await;
    }
    let third = app.sign_checkpoint().await.unwrap().unwrap();
    assert_eq!(third.size, 9);
    // Consistent with the one before.
    let c = app.log_consistency(6, None).await.unwrap();
    let proof: Vec<_> = c
        .proof
        .iter()
        .map(|h| rongma_tlog::parse_hash(h).unwrap())
        .collect();
    rongma_tlog::verify_consistency(6, second.root, 9, third.root, &proof).unwrap();

    // A tampered stored hash in the part not yet signed: signing refuses, naming it.
    w.batch_a(1).await;
    let new_leaf = rongma_tlog::stored_hash_index(0, 9);
    w.t.db.tamper_log_hash(new_leaf, [7; 32]).await;
    let err = app.sign_checkpoint().await.unwrap_err();
    let why = std::error::Error::source(&err)
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        why.contains(&format!("stored hash {new_leaf}")) && why.contains("entry 9"),
        "{why}"
    );
    assert_eq!(app.log_checkpoint().await.unwrap().unwrap().0.size, 9);

    // A tampered entry already signed shows only to the verifier (see log_verify), but a
    // tampered hash on the signed tree's right edge makes signing refuse too.
    let edge = rongma_tlog::stored_hash_index(3, 0); // the root of leaves 0..8
    w.t.db.tamper_log_hash(edge, [8; 32]).await;
    let err = app.sign_checkpoint().await.unwrap_err();
    let why = std::error::Error::source(&err)
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(why.contains("first 9 entries"), "{why}");
}

rongma_store::backend_test!(log_signing_refuses_tampered_rows, |db: TestDb| async move {
    signing(db).await
});
