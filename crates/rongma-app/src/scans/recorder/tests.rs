//! The recorder on its own: counts, row sets, versions, backpressure and writes.

use super::*;
use std::sync::Arc;

fn scan(seq: i64, at: DateTime<Utc>) -> PendingScan {
    PendingScan {
        event: NewScanEvent {
            at,
            seq: Some(seq),
            serial: None,
            batch_id: Some(1),
            kind: "scan",
            outcome: "valid",
            network: "n".into(),
            ua_family: "other",
            channel: "page",
        },
        enterprise_id: Some(1),
    }
}

#[test]
fn remembered_counts_add_later_scans_and_forget_on_pin_checks() {
    let r = Recorder::new(1000, 10_000);
    let t0 = Utc::now();
    let ttl = Duration::from_secs(60);
    // One scan queued before the row is read: it is not in the row, so it counts.
    r.record(scan(7, t0));
    let before = r.before(7);
    let row = CodeState {
        seq: 7,
        scan_count: 3,
        ..CodeState::default()
    };
    let u = r
        .remember(7, before, &row)
        .expect("a quiet read is consistent");
    assert_eq!(u.count, 1);
    r.record(scan(7, t0));
    r.record(scan(8, t0));
    let k = r.known(7, ttl).expect("remembered");
    assert_eq!(
        (k.row.scan_count, k.since, k.since_first_at, k.fresh),
        (3, 2, Some(t0), true)
    );
    assert!(r.known(8, ttl).is_none());
    assert!(
        !r.known(7, Duration::ZERO).unwrap().fresh,
        "older than its time to live"
    );

    // A PIN check forgets the code, and a read that overlapped it is not kept.
    let before = r.before(7);
    let other = r.before(9);
    r.forget(7);
    assert!(r.known(7, ttl).is_none());
    assert!(r.remember(7, before, &row).is_none());
    assert!(r.remember(7, r.before(7), &row).is_some());
    // Forgetting one code does not disturb a read of another.
    assert!(r.remember(9, other, &row).is_some());
}

#[test]
fn row_sets_answer_first_scans_and_are_refused_when_a_write_overlaps_their_read() {
    let r = Recorder::new(1000, 10_000);
    let ttl = Duration::from_secs(60);
    let t0 = Utc::now();
    // Nothing known: the first caller reads the set, the others read rows meanwhile.
    let RowLookup::Unknown(Some(token)) = r.row_lookup(105, 100, 199, ttl) else {
        panic!("the first lookup should read the set");
    };
    assert!(matches!(
        r.row_lookup(105, 100, 199, ttl),
        RowLookup::Unknown(None)
    ));
    // A PIN check finishing during the read: the set may miss its row.
    r.forget(150);
    assert!(!r.install_rows(100, 199, Some(&[101, 180]), token));
    let RowLookup::Unknown(Some(token)) = r.row_lookup(105, 100, 199, ttl) else {
        panic!("a refused set is read again");
    };
    assert!(r.install_rows(100, 199, Some(&[101, 150, 180, 999]), token));
    for seq in [101, 150, 180] {
        assert!(matches!(
            r.row_lookup(seq, 100, 199, ttl),
            RowLookup::Present
        ));
    }
    // No row: the count is the scans not yet written, with no read.
    r.record(scan(105, t0));
    r.record(scan(105, t0));
    match r.row_lookup(105, 100, 199, ttl) {
        RowLookup::Absent(u) => assert_eq!((u.count, u.first_at), (2, Some(t0))),
        other => panic!("105 has no row: {other:?}"),
    }
    // A later PIN check gives a code its row; another batch is untouched.
    r.forget(106);
    assert!(matches!(
        r.row_lookup(106, 100, 199, ttl),
        RowLookup::Present
    ));
    assert!(matches!(
        r.row_lookup(250, 200, 299, ttl),
        RowLookup::Unknown(Some(_))
    ));
    // An old set is read again; a failed read leaves none behind.
    let RowLookup::Unknown(Some(token)) = r.row_lookup(105, 100, 199, Duration::ZERO) else {
        panic!("an expired set is read again");
    };
    assert!(!r.install_rows(100, 199, None, token));
    assert!(matches!(
        r.row_lookup(105, 100, 199, Duration::ZERO),
        RowLookup::Unknown(Some(_))
    ));
}

#[test]
fn recording_and_looking_up_under_one_lock_counts_the_scan_just_recorded() {
    let r = Recorder::new(1000, 10_000);
    let ttl = Duration::from_secs(60);
    let t0 = Utc::now();
    // No set for the batch yet: the caller is told to read it (and the row).
    match r.record_and_look(scan(5, t0), Some((1, 100)), ttl) {
        Look::Read {
            stale: None,
            rows: Some(RowLookup::Unknown(Some(token))),
        } => assert!(r.install_rows(1, 100, Some(&[6]), token)),
        other => panic!("nothing is known yet: {other:?}"),
    }
    // A code without a row: its queued scans, this one included.
    match r.record_and_look(scan(5, t0), Some((1, 100)), ttl) {
        Look::Absent(u) => assert_eq!((u.count, u.first_at), (2, Some(t0))),
        other => panic!("5 has no row: {other:?}"),
    }
    // A code with a row: read it, then it is remembered with the scans since.
    let Look::Read {
        stale: None,
        rows: Some(RowLookup::Present),
    } = r.record_and_look(scan(6, t0), Some((1, 100)), ttl)
    else {
        panic!("6 has a row to read");
    };
    let row = CodeState {
        seq: 6,
        scan_count: 4,
        ..CodeState::default()
    };
    assert_eq!(r.remember(6, r.before(6), &row).map(|u| u.count), Some(1));
    match r.record_and_look(scan(6, t0), Some((1, 100)), ttl) {
        Look::Fresh(k) => assert_eq!((k.row.scan_count, k.since), (4, 2)),
        other => panic!("6 is remembered: {other:?}"),
    }
    // Past its time to live the entry comes back as stale, beside the set's answer.
    match r.look(6, Some((1, 100)), Duration::ZERO) {
        Look::Read {
            stale: Some(k),
            rows: Some(RowLookup::Unknown(Some(_))),
        } => assert_eq!(k.since, 2),
        other => panic!("6 is remembered but old: {other:?}"),
    }
    // A code of no batch has no set to ask.
    assert!(matches!(
        r.look(500, None, ttl),
        Look::Read {
            stale: None,
            rows: None
        }
    ));
    assert_eq!(r.pending_len(), 4);
}

// Paused tokio time: a wait that ends by its timeout moves the tokio clock on, one that
// ends at once does not; the recorder's ages are tokio's time too.
#[tokio::test(start_paused = true)]
async fn a_write_is_due_when_the_oldest_scan_is_half_the_interval_old_or_enough_wait() {
    let r = Recorder::new(1000, 10_000);
    r.record(scan(7, Utc::now()));
    tokio::time::advance(Duration::from_millis(30)).await;
    let t = tokio::time::Instant::now();
    r.due(Duration::from_millis(40)).await;
    assert_eq!(t.elapsed(), Duration::ZERO, "the oldest scan is past 20 ms");

    let r = Recorder::new(2, 10_000);
    r.record(scan(7, Utc::now()));
    r.record(scan(8, Utc::now()));
    r.due(Duration::from_secs(3600)).await;
    assert_eq!(t.elapsed(), Duration::ZERO, "two scans are enough");
}

#[tokio::test]
async fn a_row_changed_by_a_pin_check_during_a_write_is_not_remembered_from_it() {
    let r = Recorder::new(1000, 10_000);
    let ttl = Duration::from_secs(60);
    let t0 = Utc::now();
    r.record(scan(7, t0));
    r.record(scan(8, t0));
    let row = |seq| CodeState {
        seq,
        scan_count: 1,
        ..CodeState::default()
    };
    r.flush_with(async |_: &[PendingScan]| {
        r.forget(8);
        Ok(vec![row(7), row(8)])
    })
    .await;
    assert!(r.known(7, ttl).is_some(), "7 is remembered as written");
    assert!(
        r.known(8, ttl).is_none(),
        "8 changed after the write read it: its row is read again"
    );
}

#[tokio::test(start_paused = true)]
async fn a_write_remembers_its_rows_and_a_backlog_holds_scans_back_until_written() {
    let r = Recorder::new(1000, 10_000);
    let ttl = Duration::from_secs(60);
    let t0 = Utc::now();
    let RowLookup::Unknown(Some(token)) = r.row_lookup(7, 1, 100, ttl) else {
        panic!("no set yet");
    };
    assert!(r.install_rows(1, 100, Some(&[]), token));
    r.record(scan(7, t0));
    r.record(scan(7, t0));
    let limit = Duration::from_millis(20);
    // A young backlog does not hold anyone back.
    tokio::time::timeout(
        Duration::from_secs(5),
        r.keep_up(limit, Duration::from_secs(5)),
    )
    .await
    .expect("a young backlog does not wait");
    tokio::time::sleep(limit * 2).await;
    // An old one does, until a write ends.
    let r = Arc::new(r);
    let waiting = tokio::spawn({
        let r = r.clone();
        async move { r.keep_up(limit, Duration::from_secs(30)).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        !waiting.is_finished(),
        "scans wait while the writer is behind"
    );
    r.flush_with(async |batch: &[PendingScan]| {
        assert_eq!(batch.len(), 2);
        // A scan arriving while the batch is written counts on top of the row.
        r.record(scan(7, t0));
        Ok(vec![CodeState {
            seq: 7,
            scan_count: 2,
            first_scan_at: Some(t0),
            ..CodeState::default()
        }])
    })
    .await;
    tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("a finished write lets waiting scans go")
        .unwrap();
    // The row as written is remembered, with the scan queued since.
    let k = r.known(7, ttl).expect("the written row is remembered");
    assert_eq!((k.row.scan_count, k.since), (2, 1));
    assert!(matches!(r.row_lookup(7, 1, 100, ttl), RowLookup::Present));
    // A failed write remembers nothing new and keeps the scans.
    r.flush_with(async |_: &[PendingScan]| Err(rongma_store::StoreError::Corrupt("test".into())))
        .await;
    assert!(
        r.known(7, ttl).is_none(),
        "a failed write starts memory over"
    );
    assert_eq!(r.unwritten(7).count, 1);
}
