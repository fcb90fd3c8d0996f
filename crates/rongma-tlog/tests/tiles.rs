//! C2SP tile paths (format, canonical parsing), which tiles a tree has, hash tile contents from
//! stored hashes, and entry bundles.

mod common;

use rongma_tlog::{
    decode_bundle, encode_bundle, hash_tiles_for_size, new_hash_tiles, node_hash, tile_data,
    tile_reads, BundleError, Hash, TileError, TilePath, HASH_SIZE,
};
use std::collections::BTreeSet;

#[test]
fn paths_follow_the_spec() {
    let cases = [
        (TilePath::hash(0, 1_234_067, 256), "tile/0/x001/x234/067"),
        (TilePath::hash(2, 0, 256), "tile/2/000"),
        (TilePath::hash(1, 999, 17), "tile/1/999.p/17"),
        (TilePath::hash(63, 1000, 256), "tile/63/x001/000"),
        (
            TilePath::entries(1_234_067, 5),
            "tile/entries/x001/x234/067.p/5",
        ),
        (TilePath::entries(0, 256), "tile/entries/000"),
        (
            TilePath::hash(0, u64::MAX, 255),
            "tile/0/x018/x446/x744/x073/x709/x551/615.p/255",
        ),
    ];
    for (tile, path) in cases {
        let tile = tile.expect("valid coordinates");
        assert_eq!(tile.to_string(), path);
        assert_eq!(path.parse::<TilePath>().expect("parses"), tile, "{path}");
    }
}

#[test]
fn non_canonical_or_invalid_paths_are_refused() {
    for bad in [
        "tile/0/x000/067",
        "tile/0/67",
        "tile/0/0067",
        "tile/00/000",
        "tile/64/000",
        "tile/-1/000",
        "tile/0/000.p/256",
        "tile/0/000.p/0",
        "tile/0/000.p/05",
        "tile/0/000/",
        "tile/0/x1/000",
        "tile/0/001/002",
        "tile/data/000",
        "tile/8/0/000",
        "tile/entries/000.p/",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tiles/0/000",
        "checkpoint",
    ] {
        assert!(bad.parse::<TilePath>().is_err(), "{bad} must be refused");
    }
    assert!(TilePath::hash(64, 0, 1).is_err());
    assert!(TilePath::hash(0, 0, 0).is_err());
    assert!(TilePath::entries(0, 257).is_err());
}

#[test]
fn tiles_of_a_70000_leaf_tree_as_the_spec_describes() {
    let tiles = hash_tiles_for_size(70_000);
    let at = |level| tiles.iter().filter(move |t| t.level() == Some(level));
    assert_eq!(at(0).filter(|t| !t.is_partial()).count(), 273);
    assert_eq!(
        at(0)
            .filter(|t| t.is_partial())
            .map(TilePath::width)
            .collect::<Vec<_>>(),
        [112]
    );
    assert_eq!(at(1).filter(|t| !t.is_partial()).count(), 1);
    assert_eq!(
        at(1)
            .filter(|t| t.is_partial())
            .map(TilePath::width)
            .collect::<Vec<_>>(),
        [17]
    );
    assert_eq!(at(2).map(TilePath::width).collect::<Vec<_>>(), [1]);
    assert_eq!(tiles.len(), 277);
    let names: Vec<String> = hash_tiles_for_size(256)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(names, ["tile/0/000", "tile/1/000.p/1"]);
    assert!(hash_tiles_for_size(0).is_empty());
}

#[test]
fn new_tiles_are_exactly_the_difference() {
    for (old, new) in [
        (0, 1),
        (1, 1),
        (255, 256),
        (256, 257),
        (100, 70_000),
        (65_535, 65_536),
        (65_536, 131_073),
    ] {
        let before: BTreeSet<String> = hash_tiles_for_size(old)
            .iter()
            .map(ToString::to_string)
            .collect();
        let after: BTreeSet<String> = hash_tiles_for_size(new)
            .iter()
            .map(ToString::to_string)
            .collect();
        let want: BTreeSet<String> = after.difference(&before).cloned().collect();
        let got: BTreeSet<String> = new_hash_tiles(old, new)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, want, "{old} -> {new}");
    }
}

#[test]
fn hash_tiles_hold_the_right_subtree_hashes() {
    let log = common::published_log(256 * 3 + 5);
    let size = log.size();
    let level0 = tile_data(&TilePath::hash(0, 1, 256).expect("tile"), size, &log).expect("tile");
    assert_eq!(level0.len(), 8192);
    assert_eq!(&level0[..HASH_SIZE], &log.leaf_hash(256).expect("leaf").0);
    // Level 1, hash i = the root of level-0 tile i (which the 256 leaf hashes determine).
    let level1 = tile_data(&TilePath::hash(1, 0, 3).expect("tile"), size, &log).expect("tile");
    for i in 0..3u64 {
        let leaves =
            tile_data(&TilePath::hash(0, i, 256).expect("tile"), size, &log).expect("tile");
        let mut level: Vec<Hash> = leaves
            .chunks(32)
            .map(|c| Hash(c.try_into().expect("32")))
            .collect();
        while level.len() > 1 {
            level = level.chunks(2).map(|p| node_hash(p[0], p[1])).collect();
        }
        assert_eq!(
            &level1[i as usize * 32..][..32],
            &level[0].0,
            "level-1 hash {i}"
        );
    }
    let partial = TilePath::hash(0, 3, 5).expect("tile");
    assert_eq!(tile_reads(&partial, size).expect("reads").len(), 5);
    let too_wide = TilePath::hash(0, 3, 6).expect("tile");
    assert!(matches!(
        tile_reads(&too_wide, size),
        Err(TileError::BeyondTree { .. })
    ));
    assert!(matches!(
        tile_reads(&TilePath::hash(1, 0, 4).expect("t"), size),
        Err(TileError::BeyondTree { .. })
    ));
    assert!(matches!(
        tile_reads(&TilePath::entries(0, 5).expect("t"), size),
        Err(TileError::NotAHashTile { .. })
    ));
}

#[test]
fn bundles_round_trip_and_reject_truncation() {
    let entries: Vec<Vec<u8>> = vec![
        b"{}".to_vec(),
        Vec::new(),
        vec![b'x'; 300],
        vec![b'y'; 65_535],
    ];
    let bundle = encode_bundle(&entries).expect("bundle");
    assert_eq!(&bundle[..4], &[0, 2, b'{', b'}']);
    assert_eq!(&bundle[4..6], &[0, 0]);
    assert_eq!(&bundle[6..8], &[0x01, 0x2c], "300 as big-endian uint16");
    let decoded = decode_bundle(&bundle).expect("decodes");
    assert_eq!(
        decoded,
        entries.iter().map(Vec::as_slice).collect::<Vec<_>>()
    );

    assert_eq!(
        decode_bundle(&[0, 5, 1, 2]),
        Err(BundleError::Truncated {
            position: 0,
            offset: 0,
            needed: 3
        })
    );
    assert_eq!(
        decode_bundle(&[0, 1, 9, 0]),
        Err(BundleError::Truncated {
            position: 1,
            offset: 3,
            needed: 1
        })
    );
    assert!(decode_bundle(&bundle[..bundle.len() - 1]).is_err());
    assert_eq!(
        encode_bundle(&[vec![0u8; 65_536]]),
        Err(BundleError::EntryTooLarge {
            position: 0,
            len: 65_536
        })
    );
}
