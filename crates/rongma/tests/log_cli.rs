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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(out: Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
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
    let verify = || {
        vec![
            "log".into(),
            "verify".into(),
            t.base.clone(),
            "--state".into(),
            "state".into(),
        ]
    };

    let out = ok(run(d, verify()).await);
    assert!(out.contains("verified at size 1"), "{out}");
    assert!(d.join("state").exists() && d.join("state.key").exists());

    // More decisions; the next run proves them consistent with the remembered checkpoint.
    t.change_certificate_state(regulator, cert.id, "reinstate", "复检合格")
        .await
        .assert_status(200);
    t.app.sign_checkpoint().await.unwrap().unwrap();
    let out = ok(run(d, verify()).await);
    assert!(
        out.contains("verified at size 2") && out.contains("consistent with the remembered size 1"),
        "{out}"
    );

    // The offline proof of the certificate's current state, checked with no network.
    let proof = ok(run(
        d,
        vec![
            "log".into(),
            "proof".into(),
            cert.number.clone(),
            "--url".into(),
            t.base.clone(),
        ],
    )
    .await);
    std::fs::write(d.join("cert.proof"), &proof).unwrap();
    let key = t.app.log_verifier_key();
    let out = ok(run(
        d,
        vec![
            "log".into(),
            "verify-proof".into(),
            "cert.proof".into(),
            "--key".into(),
            key.clone(),
        ],
    )
    .await);
    assert!(
        out.contains("ok: entry 1 ") && out.contains("certificate.reinstated"),
        "{out}"
    );
    // A doctored proof (the embedded entry changed: `{"f` becomes `{"g`) does not verify.
    assert!(proof.contains("\nextra eyJm"), "{proof}");
    std::fs::write(
        d.join("forged.proof"),
        proof.replace("\nextra eyJm", "\nextra eyJn"),
    )
    .unwrap();
    assert_ne!(
        proof,
        std::fs::read_to_string(d.join("forged.proof")).unwrap()
    );
    let err = fails(
        run(
            d,
            vec![
                "log".into(),
                "verify-proof".into(),
                "forged.proof".into(),
                "--key".into(),
                key,
            ],
        )
        .await,
    );
    assert!(err.contains("does not verify"), "{err}");

    // A rewritten entry in the database: the verifier names its index.
    t.db.tamper_log_entry(0, b"{\"kind\":\"certificate.issued\"}")
        .await;
    let err = fails(run(d, verify()).await);
    assert!(
        err.contains("does not verify") && err.contains("leaf 0"),
        "{err}"
    );
}

rongma_store::backend_test!(log_verify_and_offline_proofs, |db: TestDb| async move {
    story(db).await
});

/// Starts `rongma witness` on a free port; the child and its URL.
fn start_witness(dir: &Path, log_key: &str) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_rongma"))
        .current_dir(dir)
        .env("RONGMA_LOG", "warn")
        .args([
            "witness",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--log-key",
            log_key,
            "--dir",
            "w",
            "--name",
            "notary.test/witness",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    (child, format!("http://127.0.0.1:{port}"))
}

async fn post(url: &str, old: u64, proof: &[rongma_tlog::Hash], note: &[u8]) -> (u16, String) {
    let body = rongma_tlog::AddCheckpointRequest::new(old, proof.to_vec(), note.to_vec())
        .unwrap()
        .to_bytes();
    for _ in 0..100 {
        if let Ok(r) = reqwest::Client::new()
            .post(format!("{url}/add-checkpoint"))
            .body(body.clone())
            .send()
            .await
        {
            return (r.status().as_u16(), r.text().await.unwrap());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the witness at {url} does not answer");
}

async fn witness_story(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("w")).unwrap();
    std::fs::write(d.join("w/witness.key"), format!("{}\n", "ab".repeat(32))).unwrap();
    let witness =
        rongma_tlog::WitnessSigner::from_seed("notary.test/witness", &[0xab; 32]).unwrap();
    let mut settings = rongma_app::config::Settings::default();
    settings.transparency.witnesses = vec![witness.verifier_key().to_owned()];
    let t = TestApp::spawn_with(db, settings, rongma_app::Clock::System).await;
    let f = Fixtures::create(&t).await;
    let cert = certificates::active_certificate(&t, &f.product_a, f.lab.id).await;
    let regulator = f.token(Who::Regulator);
    t.change_certificate_state(regulator, cert.id, "suspend", "抽检")
        .await
        .assert_status(200);
    let cp1 = t.app.sign_checkpoint().await.unwrap().unwrap();
    let key = t.app.log_verifier_key();
    let (mut child, url) = start_witness(d, &key);

    // Cosigned from nothing; the cosignature is accepted and served with the checkpoint.
    let (status, line) = post(&url, 0, &[], cp1.note.as_bytes()).await;
    assert_eq!(status, 200, "{line}");
    assert!(line.starts_with("— notary.test/witness "), "{line}");
    assert!(t.app.accept_cosignature(1, line.trim_end()).await.unwrap());
    assert!(!t.app.accept_cosignature(1, "— someone AAAA").await.unwrap());
    let served = reqwest::get(t.url("/log/checkpoint"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(served.ends_with(&line), "{served}");
    let opened =
        rongma_tlog::SignedCheckpoint::open(served.as_bytes(), t.app.log_signer().verifier())
            .unwrap();
    assert_eq!(
        opened
            .verify_cosignatures(std::slice::from_ref(witness.verifier()))
            .unwrap()
            .len(),
        1
    );

    // A forked history signed with the same key: inconsistent, refused.
    let seed: [u8; 32] = {
        let hex = t.app.secrets().log_key.as_ref().unwrap().expose().clone();
        let v: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        v.try_into().unwrap()
    };
    let mut fork = rongma_tlog::MemoryLog::new(
        rongma_tlog::LogSigner::from_seed("rongma.example.cn/log", &seed).unwrap(),
    );
    fork.append(&rongma_tlog::Entry::from_bytes(b"{\"forged\":1}".to_vec()).unwrap());
    fork.append(&rongma_tlog::Entry::from_bytes(b"{\"forged\":2}".to_vec()).unwrap());
    let forked = fork.publish().to_bytes();
    let (status, body) = post(&url, 1, &fork.consistency_proof(1, 2).unwrap(), &forked).await;
    assert_eq!(status, 422, "{body}");

    // Restarted, the witness remembers size 1: a request from 0 gets 409 naming it, and
    // the real next checkpoint with its proof is cosigned.
    child.kill().unwrap();
    child.wait().unwrap();
    let (mut child, url) = start_witness(d, &key);
    t.change_certificate_state(regulator, cert.id, "reinstate", "复检")
        .await
        .assert_status(200);
    let cp2 = t.app.sign_checkpoint().await.unwrap().unwrap();
    let (status, body) = post(&url, 0, &[], cp2.note.as_bytes()).await;
    assert_eq!((status, body.as_str()), (409, "1\n"));
    let proof: Vec<_> = t
        .app
        .log_consistency(1, None)
        .await
        .unwrap()
        .proof
        .iter()
        .map(|h| rongma_tlog::parse_hash(h).unwrap())
        .collect();
    let (status, body) = post(&url, 1, &proof, cp2.note.as_bytes()).await;
    assert_eq!(status, 200, "{body}");
    child.kill().unwrap();
    child.wait().unwrap();
}

rongma_store::backend_test!(
    log_witness_cosigns_only_consistent_checkpoints,
    |db: TestDb| async move { witness_story(db).await }
);
