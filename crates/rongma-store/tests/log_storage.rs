//! The transparency log's storage on both backends: appends (single and bulk) write
//! exactly the stored hashes the reference in-memory log computes, are dense under
//! concurrency, vanish with a rolled-back transaction, and the log tables are append-only.

use rongma_store::testing::TestDb;
use rongma_store::*;
use rongma_tlog::{Entry, LogSigner, MemoryLog};
use std::sync::Arc;

fn new_entry(i: u64) -> NewLogEntry {
    NewLogEntry {
        kind: "test.decision".into(),
        subject: format!("thing:{}", i % 3),
        entry: format!("{{\"i\":{i},\"kind\":\"test.decision\"}}").into_bytes(),
    }
}

fn reference(entries: &[Vec<u8>]) -> MemoryLog {
    let mut log = MemoryLog::new(LogSigner::from_seed("test.example/log", &[7; 32]).unwrap());
    for e in entries {
        log.append(&Entry::from_bytes(e.clone()).unwrap());
    }
    log
}

async fn all_hashes(db: &TestDb) -> Vec<rongma_tlog::Hash> {
    let mut tx = db.store.read().await.unwrap();
    let size = tx.log_size().await.unwrap();
    tx.log_hash_range(0, rongma_tlog::stored_hash_count(size))
        .await
        .unwrap()
}

rongma_store::backend_test!(
    appends_store_the_reference_hashes,
    |db: TestDb| async move {
        // Single appends in separate transactions, then a bulk append, then singles again.
        let mut bytes = Vec::new();
        for i in 0..37u64 {
            let mut tx = db.store.begin().await.unwrap();
            let n = tx.append_log_entry(&new_entry(i), now()).await.unwrap();
            assert_eq!(n, i);
            tx.commit().await.unwrap();
            bytes.push(new_entry(i).entry);
        }
        let bulk: Vec<NewLogEntry> = (37..600).map(new_entry).collect();
        let mut tx = db.store.begin().await.unwrap();
        assert_eq!(tx.append_log_entries(&bulk, now()).await.unwrap(), 37);
        // Two appends in one transaction see each other's hashes.
        assert_eq!(
            tx.append_log_entry(&new_entry(600), now()).await.unwrap(),
            600
        );
        assert_eq!(
            tx.append_log_entry(&new_entry(601), now()).await.unwrap(),
            601
        );
        tx.commit().await.unwrap();
        bytes.extend((37..602).map(|i| new_entry(i).entry));

        let want = reference(&bytes);
        assert_eq!(all_hashes(&db).await, want.stored_hashes());
        let mut tx = db.store.read().await.unwrap();
        assert_eq!(tx.log_size().await.unwrap(), 602);
        let e = tx.log_entry(5).await.unwrap().unwrap();
        assert_eq!((e.index, e.entry), (5, new_entry(5).entry));
        let got = tx.log_entries(598, 700).await.unwrap();
        assert_eq!(
            got.iter().map(|e| e.index).collect::<Vec<_>>(),
            [598, 599, 600, 601]
        );
        let latest = tx.latest_log_entry_for("thing:1").await.unwrap().unwrap();
        assert_eq!(latest.index, 601);
        let recent = tx.recent_log_entries(2, 1).await.unwrap();
        assert_eq!(
            recent.iter().map(|e| e.index).collect::<Vec<_>>(),
            [600, 599]
        );
        let err = tx.log_hashes(&[1, 1_000_000]).await.unwrap_err();
        assert!(err.to_string().contains("1000000"), "{err}");
    }
);

rongma_store::backend_test!(
    a_rolled_back_append_leaves_nothing,
    |db: TestDb| async move {
        let before = db.row_counts().await;
        let mut tx = db.store.begin().await.unwrap();
        tx.append_log_entry(&new_entry(0), now()).await.unwrap();
        tx.append_log_entries(&[new_entry(1), new_entry(2)], now())
            .await
            .unwrap();
        drop(tx);
        assert_eq!(db.row_counts().await, before);
        let mut tx = db.store.begin().await.unwrap();
        assert_eq!(tx.append_log_entry(&new_entry(9), now()).await.unwrap(), 0);
        tx.commit().await.unwrap();
        assert_eq!(
            all_hashes(&db).await,
            reference(&[new_entry(9).entry]).stored_hashes()
        );
    }
);

rongma_store::backend_test!(
    concurrent_appends_are_dense_and_consistent,
    |db: TestDb| async move {
        let store: Arc<dyn Store> = db.store.clone();
        let mut tasks = Vec::new();
        for t in 0..6u64 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for k in 0..8u64 {
                    let mut tx = store.begin().await.unwrap();
                    tx.append_log_entry(&new_entry(t * 100 + k), now())
                        .await
                        .unwrap();
                    tokio::task::yield_now().await;
                    tx.commit().await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let mut tx = db.store.read().await.unwrap();
        let entries = tx.log_entries(0, 1000).await.unwrap();
        drop(tx);
        assert_eq!(
            entries.iter().map(|e| e.index).collect::<Vec<_>>(),
            (0..48).collect::<Vec<_>>()
        );
        let bytes: Vec<Vec<u8>> = entries.into_iter().map(|e| e.entry).collect();
        assert_eq!(all_hashes(&db).await, reference(&bytes).stored_hashes());
    }
);

rongma_store::backend_test!(checkpoints_and_cosignatures, |db: TestDb| async move {
    let mut tx = db.store.begin().await.unwrap();
    assert!(tx.latest_checkpoint().await.unwrap().is_none());
    for size in [0u64, 3] {
        tx.insert_checkpoint(&StoredCheckpoint {
            size,
            root: rongma_tlog::Hash([size as u8; 32]),
            note: format!("note {size}"),
            signed_at: now(),
        })
        .await
        .unwrap();
    }
    let cos = |line: &str| StoredCosignature {
        size: 3,
        witness: "w+01020304".into(),
        line: line.into(),
        received_at: now(),
    };
    tx.put_cosignature(&cos("— w first")).await.unwrap();
    tx.put_cosignature(&cos("— w second")).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.read().await.unwrap();
    let latest = tx.latest_checkpoint().await.unwrap().unwrap();
    assert_eq!((latest.size, latest.note.as_str()), (3, "note 3"));
    assert_eq!(tx.checkpoint_at(0).await.unwrap().unwrap().root.0, [0; 32]);
    let c = tx.cosignatures(3).await.unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].line, "— w second");
});

rongma_store::backend_test!(log_tables_are_append_only, |db: TestDb| async move {
    let mut tx = db.store.begin().await.unwrap();
    tx.append_log_entry(&new_entry(0), now()).await.unwrap();
    tx.commit().await.unwrap();
    for sql in [
        "UPDATE log_hashes SET idx = 7 WHERE idx = 0",
        "DELETE FROM log_hashes",
        "UPDATE log_entries SET kind = 'x'",
        "DELETE FROM log_entries",
    ] {
        let r = raw(&db.url, db.options.pg_schema.as_deref(), sql).await;
        let err = r.unwrap_err();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    // The tampering helpers get round the triggers, as an administrator could.
    db.tamper_log_hash(0, [9; 32]).await;
    assert_eq!(all_hashes(&db).await[0].0, [9; 32]);
    db.tamper_log_entry(0, b"{}").await;
    let mut tx = db.store.read().await.unwrap();
    assert_eq!(tx.log_entry(0).await.unwrap().unwrap().entry, b"{}");
});

async fn raw(url: &str, schema: Option<&str>, sql: &str) -> Result<(), String> {
    let r = if let Some(schema) = schema {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let r = sqlx::raw_sql(&format!("SET search_path TO {schema}; {sql}"))
            .execute(&pool)
            .await
            .map(|_| ());
        pool.close().await;
        r
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let r = sqlx::raw_sql(sql).execute(&pool).await.map(|_| ());
        pool.close().await;
        r
    };
    r.map_err(|e| e.to_string())
}

/// A decision's append (`append_subject_entry`): the builder is given the subject's previous
/// leaf, the stored hashes equal the reference, and wrong index guesses (another database
/// appending in between, a rolled-back append, plain appends in the same transaction)
/// change nothing.
fn leaf_for(i: u64, prev: Option<(u64, &[u8])>) -> Vec<u8> {
    let prev = match prev {
        Some((p, bytes)) => format!("[{p},{}]", rongma_tlog::leaf_hash(bytes).0[0]),
        None => "null".into(),
    };
    format!("{{\"i\":{i},\"previous\":{prev}}}").into_bytes()
}

async fn subject_append(db: TestDb, other: TestDb) {
    let mut all: Vec<Vec<u8>> = Vec::new();
    let mut latest: std::collections::HashMap<String, u64> = Default::default();
    for i in 0..40u64 {
        let subject = format!("thing:{}", i % 3);
        let build =
            move |prev: Option<(u64, &[u8])>| -> StoreResult<Vec<u8>> { Ok(leaf_for(i, prev)) };
        if i.is_multiple_of(5) {
            let mut tx = other.store.begin().await.unwrap();
            tx.append_subject_entry("x", "y", &build, now())
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        if i % 7 == 3 {
            let mut tx = db.store.begin().await.unwrap();
            tx.append_subject_entry("x", &subject, &build, now())
                .await
                .unwrap();
            drop(tx);
        }
        let mut tx = db.store.begin().await.unwrap();
        if i % 4 == 1 {
            let n = tx
                .append_log_entry(&new_entry(1000 + i), now())
                .await
                .unwrap();
            assert_eq!(n, all.len() as u64);
            let plain = new_entry(1000 + i);
            latest.insert(plain.subject, n);
            all.push(plain.entry);
        }
        let n = tx
            .append_subject_entry("test.decision", &subject, &build, now())
            .await
            .unwrap();
        assert_eq!(n, all.len() as u64, "dense");
        tx.commit().await.unwrap();
        let prev = latest
            .get(&subject)
            .map(|&p| (p, all[p as usize].as_slice()));
        let want = leaf_for(i, prev);
        let mut tx = db.store.read().await.unwrap();
        let got = tx.log_entry(n).await.unwrap().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&got.entry),
            String::from_utf8_lossy(&want),
            "entry {n}"
        );
        assert_eq!(
            (got.kind.as_str(), got.subject.as_str()),
            ("test.decision", subject.as_str())
        );
        latest.insert(subject, n);
        all.push(want);
    }
    assert_eq!(all_hashes(&db).await, reference(&all).stored_hashes());
    let mut tx = other.store.read().await.unwrap();
    assert_eq!(tx.log_size().await.unwrap(), 8);
}

rongma_store::backend_test!(
    decision_appends_chain_and_store_the_reference_hashes,
    |db: TestDb| async move {
        let other = if db.store.backend() == Backend::Sqlite {
            TestDb::sqlite().await
        } else {
            TestDb::postgres().await
        };
        subject_append(db, other).await
    }
);
