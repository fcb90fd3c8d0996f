//! The transparency log as served, on both databases: C2SP tiles and checkpoint under
//! `/log/` (cache lifetimes by mutability), verified end to end by `rongma_tlog`'s
//! verifier over HTTP; the JSON proofs check against the signed roots; a tampered entry
//! or stored hash makes the verifier fail naming the index.

use crate::support::codes::World;
use rongma_store::NewLogEntry;
use rongma_testkit::{TestApp, TestDb, Who};
use rongma_tlog::{verify_log, FetchError, LogVerifier, TileSource, VerifyError};
use serde_json::json;

struct Http {
    base: String,
    handle: tokio::runtime::Handle,
}

impl TileSource for Http {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, FetchError> {
        let url = format!("{}/log/{path}", self.base);
        self.handle.block_on(async {
            let r = reqwest::get(&url).await?;
            if r.status() == 404 {
                return Ok(None);
            }
            Ok(Some(r.error_for_status()?.bytes().await?.to_vec()))
        })
    }
}

pub async fn verify_over_http(t: &TestApp) -> Result<u64, VerifyError> {
    let key = reqwest::get(t.url("/log/key"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let log = LogVerifier::parse(key.trim()).unwrap();
    let source = Http {
        base: t.base.clone(),
        handle: tokio::runtime::Handle::current(),
    };
    tokio::task::spawn_blocking(move || verify_log(&source, &log, None, &mut |_| {}))
        .await
        .unwrap()
        .map(|r| r.verified_leaves)
}

/// Appends `n` synthetic leaves straight through the store (many decisions at once).
pub async fn bulk(t: &TestApp, n: u64) {
    let entries: Vec<NewLogEntry> = (0..n)
        .map(|i| NewLogEntry {
            kind: "test.bulk".into(),
            subject: format!("test:{i}"),
            entry: format!("{{\"i\":{i},\"kind\":\"test.bulk\"}}").into_bytes(),
        })
        .collect();
    let mut tx = t.app.store().begin().await.unwrap();
    tx.append_log_entries(&entries, rongma_store::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn serving(db: TestDb) {
    let w = World::new(db).await;
    let t = &w.t;
    assert_eq!(
        reqwest::get(t.url("/log/checkpoint"))
            .await
            .unwrap()
            .status(),
        404
    );
    let batch = w.batch_a(10).await;
    bulk(t, 299).await;
    w.revoke(
        Who::Regulator,
        batch["id"].as_i64().unwrap(),
        &json!({"scope": "batch", "reason": "recalled"}),
    )
    .await
    .assert_status(200);
    t.app.sign_checkpoint().await.unwrap().unwrap();
    // 301 leaves: one full level-0 tile and a partial one of 45.
    let r = reqwest::get(t.url("/log/checkpoint")).await.unwrap();
    assert_eq!(r.headers()["cache-control"], "public, max-age=5");
    let note = r.text().await.unwrap();
    assert!(note.starts_with("rongma.example.cn/log\n301\n"), "{note}");
    let full = reqwest::get(t.url("/log/tile/0/000")).await.unwrap();
    assert_eq!(
        full.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(full.bytes().await.unwrap().len(), 256 * 32);
    let partial = reqwest::get(t.url("/log/tile/0/001.p/45")).await.unwrap();
    assert_eq!(partial.headers()["cache-control"], "public, max-age=5");
    assert_eq!(partial.bytes().await.unwrap().len(), 45 * 32);
    let bundle = reqwest::get(t.url("/log/tile/entries/001.p/45"))
        .await
        .unwrap();
    assert_eq!(bundle.status(), 200);
    // Beyond the signed tree: 404.
    for path in [
        "/log/tile/0/001",
        "/log/tile/0/001.p/46",
        "/log/tile/entries/002",
        "/log/tile/x",
    ] {
        assert_eq!(
            reqwest::get(t.url(path)).await.unwrap().status(),
            404,
            "{path}"
        );
    }
    assert_eq!(verify_over_http(t).await.unwrap(), 301);

    // The JSON proofs check against the signed root.
    let p = t
        .client
        .get(t.url("/api/v1/log/entries/300"))
        .send()
        .await
        .unwrap();
    let p: serde_json::Value = p.json().await.unwrap();
    assert_eq!(p["leaf"]["kind"], "code_batch.revoked.batch");
    assert_eq!(p["tree_size"], 301);
    let proof: Vec<_> = p["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| rongma_tlog::parse_hash(h.as_str().unwrap()).unwrap())
        .collect();
    let leaf = rongma_tlog::parse_hash(p["leaf"]["leaf_hash"].as_str().unwrap()).unwrap();
    let root = rongma_tlog::parse_hash(p["root_hash"].as_str().unwrap()).unwrap();
    rongma_tlog::verify_inclusion(300, 301, leaf, &proof, root).unwrap();
    let r = t
        .client
        .get(t.url("/api/v1/log/entries/301"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    bulk(t, 20).await;
    t.app.sign_checkpoint().await.unwrap().unwrap();
    let c: serde_json::Value = t
        .client
        .get(t.url("/api/v1/log/consistency?old=301"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let proof: Vec<_> = c["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| rongma_tlog::parse_hash(h.as_str().unwrap()).unwrap())
        .collect();
    let h = |k: &str| rongma_tlog::parse_hash(c[k].as_str().unwrap()).unwrap();
    rongma_tlog::verify_consistency(301, root, 321, h("new_root"), &proof).unwrap();
    assert_eq!(h("old_root"), root);
    let r = t
        .client
        .get(t.url("/api/v1/log/consistency?old=300"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "300 was never signed");

    // The public page lists the latest decisions with links to their proofs.
    let page = reqwest::get(t.url("/log/?lang=en"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Transparency log of decisions"), "{page}");
    assert!(page.contains("/api/v1/log/entries/320"), "{page}");

    // Tampering behind the store's back is caught, naming the index.
    let original = t
        .app
        .store()
        .read()
        .await
        .unwrap()
        .log_entry(5)
        .await
        .unwrap()
        .unwrap()
        .entry;
    t.db.tamper_log_entry(5, b"{\"i\":5,\"kind\":\"forged\"}")
        .await;
    let err = verify_over_http(t).await.unwrap_err();
    assert!(
        matches!(err, VerifyError::LeafMismatch { index: 5, .. }),
        "{err}"
    );
    t.db.tamper_log_entry(5, &original).await;
    assert_eq!(verify_over_http(t).await.unwrap(), 321);
    t.db.tamper_log_hash(rongma_tlog::stored_hash_index(0, 290), [3; 32])
        .await;
    let err = verify_over_http(t).await.unwrap_err();
    assert!(
        matches!(err, VerifyError::LeafMismatch { index: 290, .. }),
        "{err}"
    );
}

rongma_store::backend_test!(log_serving_and_tamper_detection, |db: TestDb| async move {
    serving(db).await
});
