//! The code tests' world: the registry fixtures plus an active certificate for each
//! enterprise's product, the code endpoints called as a fixture user, serials computed
//! from the keys, and row counts to show that a refused request wrote nothing.

use rongma_app::config::Settings;
use rongma_app::Clock;
use rongma_domain::codes::{KeyId, Seq, SeqRange};
use rongma_domain::workflow::Certificate;
use rongma_testkit::certificates::active_certificate;
use rongma_testkit::{Fixtures, Response, TestApp, TestDb, Who};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub struct World {
    pub t: TestApp,
    pub f: Fixtures,
    pub cert_a: Certificate,
    pub cert_b: Certificate,
}

impl World {
    pub async fn new(db: TestDb) -> World {
        Self::with_settings(db, Settings::default()).await
    }

    pub async fn with_settings(db: TestDb, settings: Settings) -> World {
        let t = TestApp::spawn_with(db, settings, Clock::System).await;
        let f = Fixtures::create(&t).await;
        let cert_a = active_certificate(&t, &f.product_a, f.lab.id).await;
        let cert_b = active_certificate(&t, &f.product_b, f.lab.id).await;
        World {
            t,
            f,
            cert_a,
            cert_b,
        }
    }

    pub fn token(&self, who: Who) -> Option<&str> {
        self.f.token(who)
    }

    /// A valid batch request on A's certificate.
    pub fn body(&self, quantity: i64) -> Value {
        json!({
            "certificate_id": self.cert_a.id,
            "quantity": quantity,
            "lot_no": "LOT-2025-11-A",
            "production_date": "2025-11-01",
        })
    }

    /// Issues a batch as `who`.
    pub async fn issue(&self, who: Who, body: &Value) -> Response {
        self.t.issue_codes(self.token(who), body).await
    }

    /// Issues a batch for enterprise A and returns its `batch` object.
    pub async fn batch_a(&self, quantity: i64) -> Value {
        self.issue(Who::EnterpriseA, &self.body(quantity))
            .await
            .assert_status(201)["batch"]
            .clone()
    }

    pub async fn revoke(&self, who: Who, batch: i64, body: &Value) -> Response {
        self.t.revoke_codes(self.token(who), batch, body).await
    }

    /// The regulator's view of a serial's status.
    pub async fn status(&self, serial: &str) -> Value {
        self.t
            .code_status(self.token(Who::Regulator), serial)
            .await
            .assert_status(200)
    }

    /// An export of a batch as `who`.
    pub async fn export(&self, who: Who, batch: i64, query: &str) -> Response {
        self.t.export_batch(self.token(who), batch, query).await
    }

    /// The serial at `offset` of a batch (by the batch's key).
    pub fn serial(&self, batch: &Value, offset: u64) -> String {
        let keys = self.t.app.code_keys();
        let key = KeyId::parse(batch["key_id"].as_str().unwrap()).unwrap();
        let seq = Seq::new(batch["seq_start"].as_u64().unwrap() + offset).unwrap();
        keys.serial_keys().issue_with(key, seq).unwrap().to_string()
    }

    /// Serials of offsets `from..=to` of a batch, computed from the keys.
    pub fn serials(&self, batch: &Value, from: u64, to: u64) -> Vec<String> {
        let keys = self.t.app.code_keys();
        let key = KeyId::parse(batch["key_id"].as_str().unwrap()).unwrap();
        let start = batch["seq_start"].as_u64().unwrap();
        let range = SeqRange::new(start + from, to - from + 1).unwrap();
        keys.serial_keys()
            .serials(key, range)
            .unwrap()
            .map(|s| s.to_string())
            .collect()
    }

    pub async fn rows(&self) -> BTreeMap<String, i64> {
        self.t.db.row_counts().await
    }
}

/// Tables whose row count changed, with the change.
pub fn changed(
    before: &BTreeMap<String, i64>,
    after: &BTreeMap<String, i64>,
) -> BTreeMap<String, i64> {
    after
        .iter()
        .filter_map(|(t, n)| {
            let d = n - before.get(t).copied().unwrap_or(0);
            (d != 0).then(|| (t.clone(), d))
        })
        .collect()
}
