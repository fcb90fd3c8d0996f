//! The whole-log verifier against an in-memory log: honest logs of many shapes verify, and every
//! kind of misbehaviour is caught and named (entry, stored hash, tile, root, history, key).

mod common;

use common::{entry, entry_v, log_signer, published_log, ORIGIN};
use rongma_tlog::{
    encode_bundle, stored_hash_index, verify_log, CheckpointError, Entry, Hash, LogSigner,
    MemoryLog, Progress, RememberedCheckpoint, TilePath, VerifyError, VerifyReport,
};

fn verify(
    log: &MemoryLog,
    remembered: Option<&RememberedCheckpoint>,
) -> Result<VerifyReport, VerifyError> {
    verify_log(log, log_signer().verifier(), remembered, &mut |_| {})
}

#[test]
fn honest_logs_of_many_sizes_verify() {
    for size in [0, 1, 2, 255, 256, 257, 511, 512, 513, 65_536, 70_000] {
        let log = published_log(size);
        let mut seen: Vec<Progress> = Vec::new();
        let report = verify_log(&log, log_signer().verifier(), None, &mut |p| seen.push(p))
            .unwrap_or_else(|e| panic!("size {size}: {e}"));
        assert_eq!(report.verified_leaves, size);
        assert_eq!(report.checkpoint.checkpoint().root(), log.root());
        assert_eq!(
            seen.len() as u64,
            size.div_ceil(256),
            "one progress report per level-0 tile"
        );
        assert!(seen
            .windows(2)
            .all(|w| w[0].verified_leaves < w[1].verified_leaves));
        if let Some(last) = seen.last() {
            assert_eq!(
                *last,
                Progress {
                    verified_leaves: size,
                    total_leaves: size
                }
            );
        }
    }
}

#[test]
fn a_tampered_entry_is_named_by_its_index() {
    let mut log = published_log(1_000);
    log.tamper_entry(777, entry_v(777, "edited").into_bytes());
    match verify(&log, None) {
        Err(VerifyError::LeafMismatch {
            index,
            entries,
            tile,
            ..
        }) => {
            assert_eq!(
                (index, entries.as_str(), tile.as_str()),
                (777, "tile/entries/003.p/232", "tile/0/003.p/232")
            );
        }
        other => panic!("expected a leaf mismatch at 777, got {other:?}"),
    }
}

#[test]
fn a_tampered_leaf_hash_is_named_by_index_and_tile() {
    let mut log = published_log(1_000);
    log.tamper_stored_hash(stored_hash_index(0, 300), Hash([9; 32]));
    let err = verify(&log, None).expect_err("tampered");
    assert!(
        matches!(err, VerifyError::LeafMismatch { index: 300, ref tile, .. } if tile == "tile/0/001"),
        "{err}"
    );
    assert!(
        err.to_string().contains("leaf 300") && err.to_string().contains("tile/0/001"),
        "{err}"
    );
}

#[test]
fn a_tampered_upper_level_hash_is_named_by_tile_and_stored_index() {
    let mut log = published_log(256 * 5 + 3);
    let index = stored_hash_index(8, 2);
    log.tamper_stored_hash(index, Hash([1; 32]));
    match verify(&log, None) {
        Err(VerifyError::TileMismatch {
            path,
            position,
            stored_index,
            ..
        }) => {
            assert_eq!(
                (path.as_str(), position, stored_index),
                ("tile/1/000.p/5", 2, index)
            );
        }
        other => panic!("expected a level-1 tile mismatch, got {other:?}"),
    }
}

#[test]
fn a_checkpoint_over_the_wrong_root_is_caught() {
    // Entries and tiles consistent with each other, but the log signs a different root.
    let mut log = published_log(600);
    let forged = rongma_tlog::Checkpoint::new(ORIGIN, 600, Hash([3; 32]))
        .expect("cp")
        .sign(&log_signer())
        .expect("sign");
    log.override_resource("checkpoint", Some(forged.to_bytes()));
    let err = verify(&log, None).expect_err("wrong root");
    assert!(
        matches!(err, VerifyError::RootMismatch { size: 600, .. }),
        "{err}"
    );
}

#[test]
fn a_rewritten_history_is_caught_against_the_remembered_checkpoint() {
    let honest = published_log(1_000);
    let remembered =
        RememberedCheckpoint::from_signed(&verify(&honest, None).expect("honest").checkpoint);
    let file = remembered.to_bytes();
    let remembered =
        RememberedCheckpoint::open(&file, log_signer().verifier()).expect("state file");
    assert_eq!(remembered.size(), 1_000);

    // The same key later serves a history that differs at leaf 500 and has grown.
    let mut rewritten = MemoryLog::new(log_signer());
    let entries: Vec<Entry> = (0..1_500)
        .map(|i| {
            if i == 500 {
                entry_v(i, "rewritten")
            } else {
                entry(i)
            }
        })
        .collect();
    rewritten.append_many(&entries);
    rewritten.publish();
    verify(&rewritten, None).expect("self-consistent on its own");
    let err = verify(&rewritten, Some(&remembered)).expect_err("rewritten");
    assert!(
        matches!(err, VerifyError::HistoryRewritten { size: 1_000, .. }),
        "{err}"
    );

    // Honest growth is consistent with the remembered checkpoint, wherever it falls in a tile.
    let mut grown = published_log(1_000);
    grown.append_many(&(1_000..1_700).map(entry).collect::<Vec<_>>());
    grown.publish();
    assert_eq!(
        verify(&grown, Some(&remembered))
            .expect("grown")
            .consistent_with,
        Some(1_000)
    );
    let at_tile_edge =
        RememberedCheckpoint::from_signed(published_log(512).checkpoint().expect("cp"));
    assert_eq!(
        verify(&grown, Some(&at_tile_edge))
            .expect("grown")
            .consistent_with,
        Some(512)
    );
}

#[test]
fn a_shrunk_log_is_caught() {
    let remembered =
        RememberedCheckpoint::from_signed(published_log(900).checkpoint().expect("cp"));
    let err = verify(&published_log(800), Some(&remembered)).expect_err("shrunk");
    assert_eq!(
        err,
        VerifyError::Shrunk {
            remembered: 900,
            served: 800
        }
    );
}

#[test]
fn the_wrong_key_is_refused() {
    let log = published_log(10);
    let other = LogSigner::from_seed(ORIGIN, &[77; 32]).expect("key");
    let err = verify_log(&log, other.verifier(), None, &mut |_| {}).expect_err("wrong key");
    assert!(
        matches!(
            err,
            VerifyError::Checkpoint(CheckpointError::NotSignedByLog { .. })
        ),
        "{err}"
    );
}

#[test]
fn truncated_missing_and_malformed_tiles_are_named() {
    let mut log = published_log(700);
    let full = log.serve("tile/0/001").expect("tile");
    log.override_resource("tile/0/001", Some(full[..8191].to_vec()));
    let err = verify(&log, None).expect_err("truncated");
    assert_eq!(
        err,
        VerifyError::TileLength {
            path: "tile/0/001".into(),
            expected: 8192,
            found: 8191
        }
    );

    let mut log = published_log(700);
    log.override_resource("tile/0/002.p/188", None);
    assert_eq!(
        verify(&log, None).expect_err("missing"),
        VerifyError::Missing {
            path: "tile/0/002.p/188".into()
        }
    );

    let mut log = published_log(700);
    let bundle = log.serve("tile/entries/000").expect("bundle");
    log.override_resource(
        "tile/entries/000",
        Some(bundle[..bundle.len() - 3].to_vec()),
    );
    let err = verify(&log, None).expect_err("truncated bundle");
    assert!(
        matches!(err, VerifyError::Bundle { ref path, .. } if path == "tile/entries/000"),
        "{err}"
    );

    let mut log = published_log(700);
    let short: Vec<Vec<u8>> = (0..255).map(|i| entry(i).into_bytes()).collect();
    log.override_resource(
        "tile/entries/000",
        Some(encode_bundle(&short).expect("bundle")),
    );
    let err = verify(&log, None).expect_err("short bundle");
    assert_eq!(
        err,
        VerifyError::BundleWidth {
            path: "tile/entries/000".into(),
            expected: 256,
            found: 255
        }
    );
}

#[test]
fn a_deleted_partial_tile_is_replaced_by_its_full_tile() {
    // The checkpoint says 300, but the log has since grown to 512 and deleted the partial tiles.
    let mut log = published_log(300);
    let old_checkpoint = log.checkpoint().expect("cp").to_bytes();
    log.append_many(&(300..512).map(entry).collect::<Vec<_>>());
    log.publish();
    log.override_resource("checkpoint", Some(old_checkpoint));
    // (Level 1 is still partial at 512, so its partial tile for 300 must stay.)
    for partial in ["tile/0/001.p/44", "tile/entries/001.p/44"] {
        log.override_resource(partial, None);
    }
    let report = verify(&log, None).expect("falls back to full tiles");
    assert_eq!(report.verified_leaves, 300);

    // The full tile must extend what the checkpoint committed to.
    let path = TilePath::hash(0, 1, 256).expect("tile").to_string();
    let mut full = log.serve(&path).expect("full tile");
    full[10 * 32] ^= 1;
    log.override_resource(&path, Some(full));
    assert!(matches!(
        verify(&log, None),
        Err(VerifyError::LeafMismatch { index: 266, .. })
    ));
}
