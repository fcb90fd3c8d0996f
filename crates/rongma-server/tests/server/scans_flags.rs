//! Scan records and copied-code flags: counts shown before the batch is written, the three
//! rules (PIN from several networks, scans from many networks, scans after revocation),
//! the ranked suspects by serial, batch and enterprise, handling a flag (with its
//! history), statistics as JSON and as a page with charts; and the forged-serial path
//! that never reads the database.

use crate::support::scans::{pin_of, settings, world};
use async_trait::async_trait;
use rongma_store::{
    Backend, CodeState, DailyCount, NewScanEvent, ScanDelta, ScanStore, Store, StoreResult, Tx,
};
use rongma_testkit::{TestApp, TestDb, Who};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const IP: &str = "203.0.113.7";

rongma_store::backend_test!(
    scans_from_many_networks_add_up_across_writes,
    |db: TestDb| async move {
        let w = world(db).await;
        let b = w.batch_a(10).await;
        let spread = w.serial(&b, 1);
        let one_network = w.serial(&b, 2);
        let reg = w.token(Who::Regulator);
        // Each round is written on its own, so the rule must add up networks seen in
        // earlier writes. 203.0.1.9 and 203.0.1.10 share a /24: one network.
        for (round, ip) in [
            "203.0.1.9",
            "203.0.1.10",
            "203.0.2.9",
            "203.0.2.9",
            "203.0.3.9",
        ]
        .into_iter()
        .enumerate()
        {
            w.t.from_network(ip).scan(&spread).await;
            w.t.from_network(IP).scan(&one_network).await;
            w.t.app.flush_scans().await;
            let v = w.t.suspects(reg, "").await.body;
            let expected = if round < 4 { 0 } else { 1 };
            assert_eq!(
                v["total"].as_i64(),
                Some(expected),
                "after round {round}: {v}"
            );
        }
        let v = w.t.suspects(reg, "").await.body;
        assert_eq!(v["items"][0]["serial"], spread.as_str(), "{v}");
        assert_eq!(
            v["items"][0]["flags"][0]["kind"], "scan_many_networks",
            "{v}"
        );
    }
);

rongma_store::backend_test!(flags_suspects_and_statistics, |db: TestDb| async move {
    let w = world(db).await;
    let b = w.batch_a(10).await;
    let copied = w.serial(&b, 0);
    // Counts include scans not yet written.
    for n in 1..=3 {
        let v =
            w.t.from_network(&format!("203.0.{n}.9"))
                .scan(&copied)
                .await
                .body;
        assert_eq!(v["scans"]["count"], n, "{v}");
    }
    // Correct PIN from three networks.
    let pin = pin_of(&w, &copied);
    for n in 1..=3 {
        let st =
            w.t.from_network(&format!("198.18.{n}.1"))
                .check_pin(&copied, &pin)
                .await
                .status;
        assert_eq!(st, 200);
    }
    // A revoked tag scanned again.
    let lost = w.serial(&b, 4);
    let st = w
        .revoke(
            Who::EnterpriseA,
            b["id"].as_i64().unwrap(),
            &json!({"scope": "serials", "serials": [lost], "reason": "lost"}),
        )
        .await
        .status;
    assert_eq!(st, 200);
    let phone = w.t.from_network(IP);
    phone.scan(&lost).await;
    w.t.app.flush_scans().await;
    let v = phone.scan(&copied).await.body;
    assert_eq!(
        v["scans"]["count"], 4,
        "written and queued scans add up: {v}"
    );

    let reg = w.token(Who::Regulator);
    let (st, v) = w.t.suspects(reg, "").await.parts();
    assert_eq!((st, v["total"].as_i64()), (200, Some(2)), "{v}");
    assert_eq!(
        v["items"][0]["serial"],
        copied.as_str(),
        "most flags first: {v}"
    );
    let kinds: Vec<&str> = v["items"][0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["pin_many_networks", "scan_many_networks"]);
    assert_eq!(v["items"][1]["serial"], lost.as_str());
    assert_eq!(
        v["items"][1]["flags"][0]["kind"],
        "scanned_after_revocation"
    );
    for (by, key) in [
        ("batch", b["id"].as_i64().unwrap()),
        ("enterprise", w.f.enterprise_a.id),
    ] {
        let v = w.t.suspects(reg, &format!("by={by}")).await.body;
        assert_eq!(
            (
                v["items"][0]["key"].as_i64(),
                v["items"][0]["codes"].as_i64()
            ),
            (Some(key), Some(2)),
            "{v}"
        );
    }
    let (st, e) = w.t.code_scans(reg, &copied).await.parts();
    assert_eq!(
        (st, e["state"]["pin_ok_count"].as_i64()),
        (200, Some(3)),
        "{e}"
    );
    assert_eq!(
        e["events"]["items"].as_array().unwrap().len(),
        6,
        "3 scans and 3 PIN checks written; the 4th scan is queued"
    );
    assert_eq!(e["events"]["items"][0]["ua_family"], "wechat");

    // Only the regulator handles; enterprises do not see suspects at all.
    let st = w.t.suspects(w.token(Who::EnterpriseA), "").await.status;
    assert_eq!(st, 403);
    let flag = e["flags"][0]["id"].as_i64().unwrap();
    let st =
        w.t.handle_flag(w.token(Who::Inspector), flag, &json!({"note": "x"}))
            .await
            .status;
    assert_eq!(st, 403);
    let (st, v) = w.t.handle_flag(reg, flag, &json!({})).await.parts();
    assert_eq!(
        (st, v["error"]["fields"][0]["field"].as_str()),
        (422, Some("note"))
    );
    let (st, v) =
        w.t.handle_flag(
            reg,
            flag,
            &json!({"note": "enterprise asked to check its printer"}),
        )
        .await
        .parts();
    assert_eq!((st, v["status"].as_str()), (200, Some("handled")), "{v}");
    let st =
        w.t.handle_flag(reg, flag, &json!({"note": "again"}))
            .await
            .status;
    assert_eq!(st, 409);
    let h = w.t.flag_history(reg, flag).await.body;
    assert_eq!(
        (h[0]["action"].as_str(), h[0]["reason"].as_str()),
        (
            Some("handled"),
            Some("enterprise asked to check its printer")
        )
    );

    // Statistics: today's counts (the queued scan written first).
    w.t.app.flush_scans().await;
    let (st, s) = w.t.scan_stats(reg, 7).await.parts();
    assert_eq!(st, 200, "{s}");
    assert_eq!(s["days"].as_array().unwrap().len(), 7);
    let t = &s["totals"];
    assert_eq!(
        (
            t["scans"].as_i64(),
            t["valid"].as_i64(),
            t["not_valid"].as_i64()
        ),
        (Some(5), Some(4), Some(1)),
        "{s}"
    );
    assert_eq!(
        (t["pin_correct"].as_i64(), t["flags"].as_i64()),
        (Some(3), Some(3))
    );
    // The page with its charts, the chart library served from the binary.
    let browser = w.t.browser();
    let r = browser
        .log_in("t-regulator", rongma_testkit::PASSWORD, None)
        .await;
    assert!((300..400).contains(&r.status), "{}", r.status);
    for (path, text) in [
        ("/scans/stats", "uplot.iife.min.js"),
        ("/scans", copied.as_str()),
        (
            &format!("/scans/codes/{copied}") as &str,
            "pin_many_networks",
        ),
    ] {
        let (status, html) = browser.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains(text) || html.contains("防伪码在多个网络被验证"),
            "{path}: {html}"
        );
    }
    let js = w.t.asset("vendor/uplot.iife.min.js").await;
    assert_eq!(js.status, 200);
    assert!(js.text().contains("uPlot"));
});

/// A store that counts the reads made through it.
struct Counting {
    inner: Arc<dyn Store>,
    reads: Arc<AtomicUsize>,
}

#[async_trait]
impl ScanStore for Counting {
    async fn code_state(&self, seq: i64) -> StoreResult<Option<CodeState>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.code_state(seq).await
    }
    async fn codes_with_state(&self, first: i64, last: i64) -> StoreResult<Vec<i64>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.codes_with_state(first, last).await
    }
    async fn write_scan_batch(
        &self,
        events: &[NewScanEvent],
        deltas: &[ScanDelta],
        daily: &[DailyCount],
    ) -> StoreResult<Vec<CodeState>> {
        self.inner.write_scan_batch(events, deltas, daily).await
    }
}

#[async_trait]
impl Store for Counting {
    fn backend(&self) -> Backend {
        self.inner.backend()
    }
    async fn migrate(&self) -> StoreResult<()> {
        self.inner.migrate().await
    }
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        self.inner.begin().await
    }
    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.read().await
    }
    async fn ping(&self) -> StoreResult<()> {
        self.inner.ping().await
    }
    async fn close(&self) {
        self.inner.close().await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_serials_cost_no_database_read() {
    let mut db = TestDb::sqlite().await;
    let reads = Arc::new(AtomicUsize::new(0));
    db.store = Arc::new(Counting {
        inner: db.store.clone(),
        reads: reads.clone(),
    });
    let t = TestApp::spawn_with(db, settings(), rongma_app::Clock::System).await;
    let other = rongma_app::secrets::Secrets::generate()
        .code_keys()
        .unwrap();
    let seq = rongma_domain::codes::Seq::new(12345).unwrap();
    let forged = other
        .serial_keys()
        .issue_with(other.current(), seq)
        .unwrap()
        .to_string();
    let mut typo = forged.clone();
    typo.replace_range(17..18, if forged.ends_with('0') { "1" } else { "0" });
    let before = reads.load(Ordering::SeqCst);
    for (what, r) in [
        ("page", t.scan_page(&forged).await),
        ("json", t.scan(&forged).await),
        ("typo", t.scan_page(&typo).await),
        ("malformed", t.scan_page("NOT-A-SERIAL").await),
    ] {
        assert!(matches!(r.status, 400 | 404), "{what}");
    }
    let r = t.check_pin(&forged, "12345678").await;
    assert_eq!(r.status, 404);
    assert_eq!(
        reads.load(Ordering::SeqCst),
        before,
        "a forged serial was answered from the database"
    );
    // A genuine serial does read (its code's row): the counter works.
    let genuine = t
        .app
        .code_keys()
        .serial_keys()
        .issue_with(t.app.code_keys().current(), seq)
        .unwrap()
        .to_string();
    t.scan_page(&genuine).await;
    assert!(reads.load(Ordering::SeqCst) > before);
}
