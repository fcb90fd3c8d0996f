//! The scan-count cache under concurrency: many tasks scan and PIN-check the same few codes
//! while the writer flushes every few milliseconds (and a task flushes too). Every count a
//! task sees only grows, none passes the number of scans made so far, and once everything
//! is written the stored counts and the next scan's page are exact.

use crate::support::codes::World;
use crate::support::scans::{batch_on, code_state, pin_of, settings};
use rongma_app::scans::{ScanClient, ScanOutcome, UaFamily};
use rongma_testkit::TestDb;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

const CODES: usize = 4;
const TASKS: usize = 12;
const ROUNDS: usize = 30;
/// Every this many rounds a task checks the PIN instead of scanning.
const PIN_EVERY: usize = 7;

fn client(n: usize) -> ScanClient {
    ScanClient {
        network: format!("net-{}", n % 3),
        ua: UaFamily::Other,
        channel: "api",
    }
}

rongma_store::backend_test!(
    counts_stay_exact_while_many_scans_and_pin_checks_race_the_writer,
    |db: TestDb| async move {
        let mut s = settings();
        s.scans.flush_interval_ms = 5;
        s.scans.flush_max_events = 16;
        // Many networks are expected here: no copied-code rule should get in the way.
        s.scans.flag_scan_networks = 1000;
        s.scans.flag_pin_networks = 1000;
        let w = World::with_settings(db, s).await;
        let batch = batch_on(&w, w.cert_a.id, CODES as i64).await;
        let serials: Arc<Vec<String>> =
            Arc::new((0..CODES as u64).map(|i| w.serial(&batch, i)).collect());
        let pins: Arc<Vec<String>> = Arc::new(serials.iter().map(|s| pin_of(&w, s)).collect());
        // Scans made so far, per code (counted before each scan starts).
        let made: Arc<Vec<AtomicI64>> = Arc::new((0..CODES).map(|_| AtomicI64::new(0)).collect());
        let pins_made: Arc<Vec<AtomicI64>> =
            Arc::new((0..CODES).map(|_| AtomicI64::new(0)).collect());

        let mut tasks = Vec::new();
        for t in 0..TASKS {
            let (app, serials, pins, made, pins_made) = (
                w.t.app.clone(),
                serials.clone(),
                pins.clone(),
                made.clone(),
                pins_made.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut last_seen: HashMap<usize, i64> = HashMap::new();
                for round in 0..ROUNDS {
                    let code = (t + round) % CODES;
                    if round % PIN_EVERY == PIN_EVERY - 1 {
                        let v = app.verify_serial(&serials[code]).expect("genuine");
                        pins_made[code].fetch_add(1, Ordering::SeqCst);
                        let check = app
                            .check_pin(&v, &pins[code], &client(t))
                            .await
                            .expect("PIN check");
                        assert!(check.verified_count >= 1);
                        continue;
                    }
                    made[code].fetch_add(1, Ordering::SeqCst);
                    let outcome = app
                        .scan(&serials[code], None, &client(t))
                        .await
                        .expect("scan");
                    let ScanOutcome::Genuine(view) = outcome else {
                        panic!("a genuine serial scans as genuine");
                    };
                    let count = view.scans.count;
                    let upper = made[code].load(Ordering::SeqCst);
                    assert!(
                        count >= 1 && count <= upper,
                        "code {code}: count {count} outside 1..={upper}"
                    );
                    if let Some(prev) = last_seen.insert(code, count) {
                        assert!(
                            count > prev,
                            "code {code}: a task's later scan showed {count} after {prev}"
                        );
                    }
                }
            }));
        }
        // Flushes from outside the writer too, while the tasks run.
        let flusher = {
            let app = w.t.app.clone();
            tokio::spawn(async move {
                for _ in 0..40 {
                    app.flush_scans().await;
                    tokio::task::yield_now().await;
                }
            })
        };
        for t in tasks {
            t.await.expect("a scanning task panicked");
        }
        flusher.await.expect("flusher");
        w.t.app.flush_scans().await;

        for (code, serial) in serials.iter().enumerate() {
            let state = code_state(&w, serial).await.expect("the code has a row");
            let scans = made[code].load(Ordering::SeqCst);
            let pins = pins_made[code].load(Ordering::SeqCst);
            assert_eq!(state.scan_count, scans, "stored scans of code {code}");
            assert_eq!(state.pin_ok_count, pins, "stored PIN checks of code {code}");
            // The next scan counts itself on top of everything written.
            let ScanOutcome::Genuine(view) =
                w.t.app.scan(serial, None, &client(0)).await.expect("scan")
            else {
                panic!("genuine");
            };
            assert_eq!(view.scans.count, scans + 1, "next count of code {code}");
            assert_eq!(view.scans.pin_verified, pins, "PIN checks of code {code}");
        }
    }
);
