//! Store-backed measurements of the transparency log (docs/PERFORMANCE.md), ignored by
//! default: `cargo test -p rongma-store --release --test log_bench -- --ignored --nocapture`
//! (set `RONGMA_TEST_POSTGRES_URL` for the PostgreSQL lines).
//!
//! - a certificate decision's transaction (read, compare-and-set the state, history event)
//!   with and without its leaf, on a log that already holds 100,000 leaves;
//! - bulk appends (leaves/s);
//! - an inclusion proof from stored hashes (read the ≤ log₂ n hashes, compute).

mod common;

use common::certificate;
use rongma_domain::roles::ActorKind;
use rongma_domain::workflow::CertificateState;
use rongma_store::testing::TestDb;
use rongma_store::*;
use std::time::Instant;

fn leaf(i: u64) -> NewLogEntry {
    NewLogEntry {
        kind: "certificate.suspended".into(),
        subject: format!("certificate:{}", i % 5000),
        entry: format!(
            "{{\"facts\":{{\"certificate_id\":{i},\"grade\":\"4A\",\"number\":\"RMC-2026-{i:06}\",\"state\":\"suspended\"}},\"kind\":\"certificate.suspended\",\"subject\":\"certificate:{i}\",\"time\":\"2026-12-03T10:00:00.000000Z\",\"v\":1}}"
        )
        .into_bytes(),
    }
}

async fn measure(name: &str, db: TestDb) {
    // Bulk: 100,000 leaves in transactions of 10,000.
    let started = Instant::now();
    for c in 0..10u64 {
        let batch: Vec<NewLogEntry> = (c * 10_000..(c + 1) * 10_000).map(leaf).collect();
        let mut tx = db.store.begin().await.unwrap();
        tx.append_log_entries(&batch, now()).await.unwrap();
        tx.commit().await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{name}: bulk append 100,000 leaves: {secs:.2} s = {:.0} leaves/s",
        100_000.0 / secs
    );

    // Inclusion proofs from stored hashes in a read transaction.
    let size = 100_000u64;
    let mut tx = db.store.read().await.unwrap();
    let n = 2_000u64;
    let started = Instant::now();
    for k in 0..n {
        let index = (k * 7919) % size;
        let reads = rongma_tlog::inclusion_proof_reads(index, size).unwrap();
        let hashes = tx.log_hashes(&reads).await.unwrap();
        let got = rongma_tlog::FetchedHashes::from_reads(&reads, &hashes).unwrap();
        rongma_tlog::inclusion_proof(index, size, &got).unwrap();
    }
    drop(tx);
    println!(
        "{name}: inclusion proof from stored hashes: {:.1} µs",
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    );

    // A certificate decision's transaction, with and without its leaf.
    let mut tx = db.store.begin().await.unwrap();
    let (e, _, c) = certificate(&mut *tx).await;
    tx.commit().await.unwrap();
    let rounds = 400;
    for with_leaf in [false, true, false, true] {
        let started = Instant::now();
        for i in 0..rounds {
            let mut tx = db.store.begin().await.unwrap();
            let cert = tx.get_certificate(c).await.unwrap().unwrap();
            let to = if cert.state == CertificateState::Active {
                CertificateState::Suspended
            } else {
                CertificateState::Active
            };
            assert!(tx
                .set_certificate_state(c, cert.state, to, Some("bench"), now())
                .await
                .unwrap());
            tx.append_event(&NewEvent {
                entity_type: "certificate",
                entity_id: c,
                enterprise_id: Some(e),
                action: "suspended",
                actor_kind: ActorKind::User,
                actor_id: 1,
                actor_name: "bench".into(),
                reason: Some("bench".into()),
                data: serde_json::json!({"from": cert.state, "to": to}),
                at: now(),
            })
            .await
            .unwrap();
            if with_leaf {
                let _ = tx
                    .latest_log_entry_for(&format!("certificate:{c}"))
                    .await
                    .unwrap();
                tx.append_log_entry(&leaf(1_000_000 + i), now())
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }
        println!(
            "{name}: decision transaction {} leaf: {:.0} µs",
            if with_leaf { "with" } else { "without" },
            started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds as u32)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run with --ignored --nocapture"]
async fn log_store_numbers() {
    measure("sqlite", TestDb::sqlite().await).await;
    if std::env::var_os(testing::POSTGRES_URL_VAR).is_some() {
        measure("postgres", TestDb::postgres().await).await;
    }
}
