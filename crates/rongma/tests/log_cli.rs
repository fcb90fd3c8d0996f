//! `rongma log` from the outside, against a running test server on both databases:
//! `verify` checks the served log, remembers the checkpoint and proves the next run
//! consistent with it, and fails naming the index of a tampered entry or stored hash;
//! `proof` writes an offline proof of a certificate's current state that `verify-proof`
//! checks with no network, and a doctored proof fails.

use rongma_testkit::{certificates, Fixtures, TestApp, TestDb, Who};
use std::path::Path;
use std::process::{Command, Output};

fn rongma(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rongma"))
        .current_dir(dir)
        .env_remove("RONGMA_CONFIG")
        .env("RONGMA_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails(out: Output) -> String {
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

async fn run(dir: &Path, args: Vec<String>) -> Output {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rongma(&dir, &args)
    })
    .await
    .unwrap()
}

async fn story(db: TestDb) {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let regulator = f.token(Who::Regulator);
    let cert = certificates::active_certificate(&t, &f.product_a, f.lab.id).await;
    t.change_certificate_state(regulator, cert.id, "suspend", "抽检")
        .await
        .assert_status(200);
    t.app.sign_checkpoint().await.unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let verify = || vec!["log".into(), "verify".into(), t.base.clone(), "--state".into(), "state".into()];

    let out = ok(run(d, verify()).await);
    assert!(out.contains("verified at size 1"), "{out}");
    assert!(d.join("state").exists() && d.join("state.key").exists());

    // More decisions; the next run proves them consistent with the remembered checkpoint.
    t.change_certificate_state(regulator, cert.id, "reinstate", "复检合格")
        .await
        .assert_status(200);
    t.app.sign_checkpoint().await.unwrap().unwrap();
    let out = ok(run(d, verify()).await);
    assert!(out.contains("verified at size 2") && out.contains("consistent with the remembered size 1"), "{out}");

    // The offline proof of the certificate's current state, checked with no network.
    let proof = ok(run(d, vec!["log".into(), "proof".into(), cert.number.clone(), "--url".into(), t.base.clone()]).await);
    std::fs::write(d.join("cert.proof"), &proof).unwrap();
    let key = t.app.log_verifier_key();
    let out = ok(run(d, vec!["log".into(), "verify-proof".into(), "cert.proof".into(), "--key".into(), key.clone()]).await);
    assert!(out.contains("ok: entry 1 ") && out.contains("certificate.reinstated"), "{out}");
    // A doctored proof (the embedded entry changed: `{"f` becomes `{"g`) does not verify.
    assert!(proof.contains("\nextra eyJm"), "{proof}");
    std::fs::write(d.join("forged.proof"), proof.replace("\nextra eyJm", "\nextra eyJn")).unwrap();
    assert_ne!(proof, std::fs::read_to_string(d.join("forged.proof")).unwrap());
    let err = fails(run(d, vec!["log".into(), "verify-proof".into(), "forged.proof".into(), "--key".into(), key]).await);
    assert!(err.contains("does not verify"), "{err}");

    // A rewritten entry in the database: the verifier names its index.
    t.db.tamper_log_entry(0, b"{\"kind\":\"certificate.issued\"}").await;
    let err = fails(run(d, verify()).await);
    assert!(err.contains("does not verify") && err.contains("leaf 0"), "{err}");
}

rongma_store::backend_test!(log_verify_and_offline_proofs, |db: TestDb| async move {
    story(db).await
});
