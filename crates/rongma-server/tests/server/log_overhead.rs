//! What appending a leaf adds to a certificate decision as a client sees it: N state
//! changes (suspend / reinstate) through HTTP, timed end to end, against the time the same
//! decisions spent inside `append_decision` (previous-leaf read, canonical JSON, head
//! update, stored-hash read, entry and hash inserts), read from
//! `rongma_app::tlog::append_stats`. Overhead = append / (decision − append), i.e. how much
//! longer the decision is than it would be without its leaf (the commit of the extra rows
//! is not in the append time; see docs/PERFORMANCE.md). Ignored: a measurement, run alone
//! (the counter is process-wide):
//! `cargo test -p rongma-server --test server log_append_overhead -- --ignored --nocapture`.

use rongma_app::tlog::append_stats;
use rongma_testkit::{certificates, Fixtures, TestApp, TestDb, Who};
use std::time::{Duration, Instant};

const N: usize = 400;

async fn measure(name: &str, db: TestDb) {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let cert = certificates::active_certificate(&t, &f.product_a, f.lab.id).await;
    let regulator = f.token(Who::Regulator);
    let action = |i: usize| {
        if i.is_multiple_of(2) {
            "suspend"
        } else {
            "reinstate"
        }
    };
    // Warm up (connections, statement caches, session).
    for i in 0..20 {
        t.change_certificate_state(regulator, cert.id, action(i), "抽检")
            .await
            .assert_status(200);
    }
    for round in 0..5 {
        let (c0, a0) = append_stats::snapshot();
        let started = Instant::now();
        for i in 0..N {
            t.change_certificate_state(regulator, cert.id, action(i), "抽检")
                .await
                .assert_status(200);
        }
        let total = started.elapsed();
        let (c1, a1) = append_stats::snapshot();
        assert_eq!(c1 - c0, N as u64, "one leaf per decision");
        let append = a1 - a0;
        let per = |d: Duration| d.as_secs_f64() * 1e6 / N as f64;
        println!(
            "{name} round {round}: decision {:.0} µs, of it append {:.0} µs; overhead {:.1} %",
            per(total),
            per(append),
            100.0 * append.as_secs_f64() / (total - append).as_secs_f64()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run alone with --ignored --nocapture"]
async fn log_append_overhead() {
    measure("sqlite", TestDb::sqlite().await).await;
    if std::env::var("RONGMA_TEST_POSTGRES_URL").is_ok() {
        measure("postgres", TestDb::postgres().await).await;
    }
}
