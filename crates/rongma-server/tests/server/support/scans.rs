//! The scan tests' set-up: the code tests' world with settings that trust
//! `X-Forwarded-For` and flag copied codes early, batches on a chosen certificate, PINs
//! from the keys, and the stored state of a code.

use super::codes::World;
use rongma_app::config::Settings;
use rongma_domain::codes::{KeyId, Seq};
use rongma_store::CodeState;
use rongma_testkit::{TestDb, Who};
use serde_json::{json, Value};

/// Settings for scan tests: the client's address from `X-Forwarded-For`, low thresholds.
pub fn settings() -> Settings {
    let mut s = Settings::default();
    s.server.client_ip_header = Some("X-Forwarded-For".into());
    s.server.trusted_proxies = vec!["127.0.0.1".into()];
    s.scans.flag_scan_networks = 3;
    s
}

pub async fn world(db: TestDb) -> World {
    World::with_settings(db, settings()).await
}

/// Issues a batch of `quantity` codes on certificate `cert` (enterprise A's).
pub async fn batch_on(w: &World, cert: i64, quantity: i64) -> Value {
    let mut body = w.body(quantity);
    body["certificate_id"] = json!(cert);
    w.issue(Who::EnterpriseA, &body).await.assert_status(201)["batch"].clone()
}

/// The PIN of a serial, from the app's keys.
pub fn pin_of(w: &World, serial: &str) -> String {
    let v = w.t.app.verify_serial(serial).expect("genuine serial");
    w.t.app
        .code_keys()
        .pin_keys()
        .pin_of(&v)
        .expect("pin")
        .to_string()
}

/// A well-formed PIN that is not the serial's.
pub fn wrong_pin(w: &World, serial: &str) -> &'static str {
    if pin_of(w, serial) == "00000000" {
        "11111111"
    } else {
        "00000000"
    }
}

/// A serial of this system's key that no batch holds.
pub fn unissued_serial(w: &World) -> String {
    let keys = w.t.app.code_keys();
    let key: KeyId = keys.current();
    keys.serial_keys()
        .issue_with(key, Seq::new(900_000_000).unwrap())
        .unwrap()
        .to_string()
}

/// The sequence number of a genuine serial, as the code tables key it.
pub fn seq_of(w: &World, serial: &str) -> i64 {
    w.t.app.verify_serial(serial).unwrap().seq.get() as i64
}

/// The stored scan state of a code, read straight from the database.
pub async fn code_state(w: &World, serial: &str) -> Option<CodeState> {
    w.t.db
        .store
        .read()
        .await
        .unwrap()
        .get_code_state(seq_of(w, serial))
        .await
        .unwrap()
}

/// Posts the scan page's PIN form from `net` and follows its redirect to the answer page
/// (post/redirect/get), as a browser does.
pub async fn pin_answer(
    net: &rongma_testkit::Network<'_>,
    serial: &str,
    pin: &str,
) -> rongma_testkit::Response {
    let r = net.pin_form(serial, pin).await;
    assert_eq!(r.status, 303, "the PIN form redirects: {}", r.text());
    let to = r.location();
    net.get(to.trim_end_matches("#pin-result")).await
}
