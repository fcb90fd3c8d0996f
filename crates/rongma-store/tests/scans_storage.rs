//! The plain-scan write ([`ScanStore::write_scan_batch`], on SQLite the dedicated scan
//! writer) on both backends: a code's row is created by its first write and added to by
//! later ones, the row returned is the row committed, and a batch the schema refuses in
//! part writes nothing at all.

use chrono::{DateTime, Duration, Utc};
use rongma_store::testing::TestDb;
use rongma_store::*;

fn event(at: DateTime<Utc>, seq: i64, outcome: &'static str) -> NewScanEvent {
    NewScanEvent {
        at,
        seq: Some(seq),
        serial: None,
        batch_id: None,
        kind: "scan",
        outcome,
        network: "3f2a9c01d4e5".into(),
        ua_family: "wechat",
        channel: "page",
    }
}

fn delta(seq: i64, count: i64, first_at: DateTime<Utc>, last_at: DateTime<Utc>) -> ScanDelta {
    ScanDelta {
        seq,
        batch_id: None,
        count,
        first_at,
        last_at,
        networks: vec!["3f2a9c01d4e5".into()],
    }
}

fn daily(at: DateTime<Utc>, outcome: &str, count: i64) -> DailyCount {
    DailyCount {
        day: at.date_naive(),
        kind: "scan".into(),
        outcome: outcome.into(),
        count,
    }
}

/// Seq, scan count, first and last scan of each row.
type Summary = (i64, i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn summary(rows: &[CodeState]) -> Vec<Summary> {
    rows.iter()
        .map(|r| (r.seq, r.scan_count, r.first_scan_at, r.last_scan_at))
        .collect()
}

rongma_store::backend_test!(
    scan_batches_create_then_add_to_code_rows_and_a_refused_batch_writes_nothing,
    |db: TestDb| async move {
        let t0: DateTime<Utc> = "2026-12-01T03:00:00Z".parse().unwrap();
        let t1 = t0 + Duration::seconds(5);
        let rows = db
            .store
            .write_scan_batch(
                &[
                    event(t0, 11, "valid"),
                    event(t1, 11, "valid"),
                    event(t0, 12, "revoked"),
                ],
                &[delta(11, 2, t0, t1), delta(12, 1, t0, t0)],
                &[daily(t0, "valid", 2), daily(t0, "revoked", 1)],
            )
            .await
            .unwrap();
        assert_eq!(
            summary(&rows),
            vec![(11, 2, Some(t0), Some(t1)), (12, 1, Some(t0), Some(t0))]
        );
        assert_eq!((rows[0].pin_ok_count, rows[0].pin_wrong_total), (0, 0));

        // A later write adds to the row and keeps its first scan.
        let t2 = t1 + Duration::seconds(10);
        let rows = db
            .store
            .write_scan_batch(
                &[event(t2, 11, "valid")],
                &[delta(11, 1, t2, t2)],
                &[daily(t2, "valid", 1)],
            )
            .await
            .unwrap();
        assert_eq!(summary(&rows), vec![(11, 3, Some(t0), Some(t2))]);
        assert_eq!(
            db.store.code_state(11).await.unwrap().as_ref(),
            rows.first()
        );
        let mut r = db.store.read().await.unwrap();
        let counts = r.daily_counts(t0.date_naive()).await.unwrap();
        let valid = counts.iter().find(|c| c.outcome == "valid").unwrap();
        assert_eq!(valid.count, 3);
        assert_eq!(r.list_scan_events(11, 10).await.unwrap().len(), 3);
        drop(r);

        // An outcome the schema does not allow, in the middle of a batch: the whole batch
        // is refused, its good events and code rows included.
        let before = db.row_counts().await;
        let refused = db
            .store
            .write_scan_batch(
                &[
                    event(t2, 11, "valid"),
                    event(t2, 13, "bogus"),
                    event(t2, 14, "valid"),
                ],
                &[
                    delta(11, 1, t2, t2),
                    delta(13, 1, t2, t2),
                    delta(14, 1, t2, t2),
                ],
                &[daily(t2, "valid", 2)],
            )
            .await;
        assert!(refused.is_err(), "an unknown outcome is refused");
        assert_eq!(db.row_counts().await, before);
        assert_eq!(
            db.store.code_state(11).await.unwrap().unwrap().scan_count,
            3
        );
        assert!(db.store.code_state(14).await.unwrap().is_none());

        // Every outcome and user-agent family the product records is accepted.
        let outcomes = [
            "valid",
            "revoked",
            "certificate_revoked",
            "certificate_suspended",
            "certificate_lapsed",
            "not_issued",
            "forged",
        ];
        let families = [
            "wechat", "alipay", "ios", "android", "desktop", "bot", "other",
        ];
        let events: Vec<NewScanEvent> = outcomes
            .iter()
            .zip(families)
            .map(|(o, f)| NewScanEvent {
                ua_family: f,
                ..event(t2, 20, o)
            })
            .collect();
        let rows = db
            .store
            .write_scan_batch(&events, &[delta(20, 7, t2, t2)], &[])
            .await
            .unwrap();
        assert_eq!(rows[0].scan_count, 7);
    }
);

rongma_store::backend_test!(
    a_scan_batch_the_schema_refuses_is_a_constraint_error,
    |db: TestDb| async move {
        // On SQLite this goes through the scan writer's own connection, on PostgreSQL
        // through the pool: the error is the same either way.
        let t0: DateTime<Utc> = "2026-12-01T03:00:00Z".parse().unwrap();
        let no_batch = ScanDelta {
            batch_id: Some(987_654),
            ..delta(31, 1, t0, t0)
        };
        let refused = db
            .store
            .write_scan_batch(&[event(t0, 31, "valid")], &[no_batch], &[])
            .await;
        assert!(
            matches!(refused, Err(StoreError::Constraint(_))),
            "a code row of a batch that does not exist: {refused:?}"
        );
        let refused = db
            .store
            .write_scan_batch(&[event(t0, 32, "bogus")], &[delta(32, 1, t0, t0)], &[])
            .await;
        assert!(
            matches!(refused, Err(StoreError::Constraint(_))),
            "an outcome the schema does not allow: {refused:?}"
        );
        assert!(db.store.code_state(31).await.unwrap().is_none());
        assert!(db.store.code_state(32).await.unwrap().is_none());
    }
);
