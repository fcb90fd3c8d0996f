//! Storage of code batches and revocations on both backends: a batch is one row whatever
//! its size, a sequence number finds its batch and its revocation with one probe each, and
//! revocations are append-only.

mod common;

use common::{certificate, day};
use rongma_domain::codes::{BatchSize, KeyId, Seq, SeqRange};
use rongma_store::testing::TestDb;
use rongma_store::*;

fn batch(e: i64, p: i64, c: i64, start: u64, n: u64) -> NewCodeBatch {
    NewCodeBatch {
        enterprise_id: e,
        certificate_id: c,
        product_id: p,
        key_id: KeyId::parse("1").unwrap(),
        range: SeqRange::new(start, n).unwrap(),
        lot_no: "L-1".into(),
        production_date: day("2025-11-01"),
        sizes: vec![BatchSize {
            size: "M".into(),
            fill_weight_g: "200".parse().unwrap(),
            quantity: n,
        }],
        gtin: None,
        created_by: "ent".into(),
    }
}

fn seq(n: u64) -> Seq {
    Seq::new(n).unwrap()
}

rongma_store::backend_test!(
    batches_are_one_row_and_found_by_seq,
    |db: TestDb| async move {
        let mut tx = db.store.begin().await.unwrap();
        let (e, p, c) = certificate(&mut *tx).await;
        let before = tx.bump_counter(CODE_SEQ_COUNTER, 0).await.unwrap();
        assert_eq!(before, 0);
        let end = tx.bump_counter(CODE_SEQ_COUNTER, 1_000_000).await.unwrap();
        let a = tx
            .insert_batch(&batch(e, p, c, (end - 1_000_000) as u64, 1_000_000), now())
            .await
            .unwrap();
        let b = tx
            .insert_batch(&batch(e, p, c, 1_000_000, 10), now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(db.row_counts().await["code_batches"], 2);

        let mut tx = db.store.read().await.unwrap();
        let got = tx.get_batch(a).await.unwrap().unwrap();
        assert_eq!(got.range, SeqRange::new(0, 1_000_000).unwrap());
        assert_eq!(got.sizes[0].fill_weight_g.to_string(), "200");
        for (s, want) in [
            (0, Some(a)),
            (999_999, Some(a)),
            (1_000_000, Some(b)),
            (1_000_009, Some(b)),
            (1_000_010, None),
        ] {
            let found = tx.batch_for_seq(seq(s)).await.unwrap().map(|b| b.id);
            assert_eq!(found, want, "seq {s}");
        }
        assert_eq!(tx.codes_on_certificate(c).await.unwrap(), 1_000_010);
        let page = tx
            .list_batches(&BatchQuery {
                certificate_id: Some(c),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!((page.total, page.items[0].id), (2, b));
        drop(tx);

        // Two batches can never share a sequence start.
        let mut tx = db.store.begin().await.unwrap();
        let e2 = tx
            .insert_batch(&batch(e, p, c, 0, 5), now())
            .await
            .unwrap_err();
        assert!(
            matches!(e2, StoreError::Conflict("code_batches.seq_start")),
            "{e2:?}"
        );
    }
);

rongma_store::backend_test!(
    revocations_are_found_and_append_only,
    |db: TestDb| async move {
        let mut tx = db.store.begin().await.unwrap();
        let (e, p, c) = certificate(&mut *tx).await;
        let id = tx
            .insert_batch(&batch(e, p, c, 100, 100), now())
            .await
            .unwrap();
        let locked = tx.lock_batch(id).await.unwrap().unwrap();
        assert_eq!(locked.revoked_count, 0);
        let range = SeqRange::inclusive(seq(120), seq(129)).unwrap();
        let r = NewRevocation {
            batch_id: id,
            scope: RevocationScope::Range,
            range,
            reason: "lost in transit".into(),
            revoked_by: "ent".into(),
        };
        tx.insert_revocation(&r, now()).await.unwrap();
        let one = NewRevocation {
            scope: RevocationScope::Serial,
            range: SeqRange::new(150, 1).unwrap(),
            ..r.clone()
        };
        tx.insert_revocation(&one, now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.store.begin().await.unwrap();
        for (s, want) in [
            (119, None),
            (120, Some(range)),
            (129, Some(range)),
            (130, None),
            (150, Some(one.range)),
        ] {
            let got = tx
                .revocation_for_seq(id, seq(s))
                .await
                .unwrap()
                .map(|r| r.range);
            assert_eq!(got, want, "seq {s}");
        }
        let overlap = SeqRange::inclusive(seq(125), seq(140)).unwrap();
        assert!(tx
            .overlapping_revocation(id, overlap)
            .await
            .unwrap()
            .is_some());
        let clear = SeqRange::inclusive(seq(130), seq(149)).unwrap();
        assert!(tx
            .overlapping_revocation(id, clear)
            .await
            .unwrap()
            .is_none());
        let b = tx.get_batch(id).await.unwrap().unwrap();
        assert_eq!(b.revoked_count, 11);
        assert_eq!(tx.list_revocations(id).await.unwrap().len(), 2);

        assert!(tx.revoke_batch(id, "recalled", "reg", now()).await.unwrap());
        assert!(!tx.revoke_batch(id, "again", "reg", now()).await.unwrap());
        tx.commit().await.unwrap();

        // Revocations cannot be changed or removed, even by hand.
        let mut tx = db.store.begin().await.unwrap();
        let r = tx.revocation_for_seq(id, seq(150)).await.unwrap().unwrap();
        drop(tx);
        let sql = format!("DELETE FROM code_revocations WHERE id = {}", r.id);
        let refused = match db.store.backend() {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
                sqlx::query(&sql).execute(&pool).await.is_err()
            }
            Backend::Postgres => {
                let schema = db.options.pg_schema.clone().unwrap();
                let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
                let sql = sql.replace("code_revocations", &format!("{schema}.code_revocations"));
                sqlx::query(&sql).execute(&pool).await.is_err()
            }
        };
        assert!(refused, "a revocation was deleted");
    }
);
