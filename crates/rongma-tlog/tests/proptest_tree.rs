//! Property tests: for random tree sizes, roots, inclusion and consistency proofs computed from
//! stored hashes (single appends and the bulk appender alike, directly and by the two-step read
//! pattern) agree with a naive recursive RFC 6962 implementation written here, and verify.

use proptest::prelude::*;
use rongma_tlog::{
    consistency_proof, consistency_proof_reads, inclusion_proof, inclusion_proof_reads, leaf_hash,
    node_hash, tile_data, tree_hash, tree_hash_reads, verify_consistency, verify_inclusion,
    Appender, Entry, FetchedHashes, Hash, HashReader, LogSigner, MemoryLog, TilePath, EMPTY_HASH,
};

/// Largest power of two smaller than n (n ≥ 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// RFC 6962 §2.1 MTH over leaf hashes.
fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => EMPTY_HASH,
        1 => d[0],
        n => {
            let k = split(n);
            node_hash(mth(&d[..k]), mth(&d[k..]))
        }
    }
}

/// RFC 6962 §2.1.1 PATH(m, D[n]).
fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    if d.len() <= 1 {
        return Vec::new();
    }
    let k = split(d.len());
    if m < k {
        let mut p = path(m, &d[..k]);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = path(m - k, &d[k..]);
        p.push(mth(&d[..k]));
        p
    }
}

/// RFC 6962 §2.1.2 SUBPROOF(m, D[n], b).
fn subproof(m: usize, d: &[Hash], complete: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if complete { Vec::new() } else { vec![mth(d)] };
    }
    let k = split(n);
    if m <= k {
        let mut p = subproof(m, &d[..k], complete);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = subproof(m - k, &d[k..], false);
        p.push(mth(&d[..k]));
        p
    }
}

fn leaves(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(format!("decision {i}").as_bytes()))
        .collect()
}

fn single_append_log(n: usize) -> MemoryLog {
    let mut log = MemoryLog::new(LogSigner::from_seed("test.example/log", &[5; 32]).expect("key"));
    for i in 0..n {
        log.append(&Entry::from_bytes(format!("decision {i}").into_bytes()).expect("entry"));
    }
    log
}

/// The caller's side of the two-step pattern: fetch exactly the named indexes.
fn fetch(log: &MemoryLog, indexes: &[u64]) -> FetchedHashes {
    let hashes = log.read_hashes(indexes).expect("stored");
    FetchedHashes::from_reads(indexes, &hashes).expect("same length")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn stored_hash_paths_agree_with_naive_rfc6962(n in 1usize..700, i_seed in any::<u64>(), m_seed in any::<u64>()) {
        let d = leaves(n);
        let log = single_append_log(n);
        let size = n as u64;

        // Bulk and single appends write the same stored hashes.
        let bulk = Appender::new().append(&d);
        prop_assert_eq!(bulk.first_index, 0);
        prop_assert_eq!(&bulk.hashes[..], log.stored_hashes());
        prop_assert_eq!(rongma_tlog::stored_hash_count(size), bulk.hashes.len() as u64);

        let root = mth(&d);
        prop_assert_eq!(tree_hash(size, &log).expect("root"), root);
        prop_assert_eq!(tree_hash(size, &fetch(&log, &tree_hash_reads(size))).expect("root"), root);

        let i = i_seed % size;
        let proof = inclusion_proof(i, size, &log).expect("inclusion");
        prop_assert_eq!(&proof, &path(i as usize, &d));
        let two_step = inclusion_proof(i, size, &fetch(&log, &inclusion_proof_reads(i, size).expect("reads"))).expect("proof");
        prop_assert_eq!(&two_step, &proof);
        prop_assert!(verify_inclusion(i, size, d[i as usize], &proof, root).is_ok());
        if let Some(first) = proof.first() {
            let mut bad = proof.clone();
            bad[0] = node_hash(*first, *first);
            prop_assert!(verify_inclusion(i, size, d[i as usize], &bad, root).is_err());
        }

        let m = 1 + m_seed % size;
        let consistency = consistency_proof(m, size, &log).expect("consistency");
        prop_assert_eq!(&consistency, &subproof(m as usize, &d, true));
        let two_step = consistency_proof(m, size, &fetch(&log, &consistency_proof_reads(m, size).expect("reads"))).expect("proof");
        prop_assert_eq!(&two_step, &consistency);
        let old_root = mth(&d[..m as usize]);
        prop_assert!(verify_consistency(m, old_root, size, root, &consistency).is_ok());
        prop_assert!(verify_consistency(m, node_hash(old_root, old_root), size, root, &consistency).is_err());
    }

    #[test]
    fn bulk_appends_in_chunks_equal_one_bulk_append(chunks in prop::collection::vec(0usize..300, 1..6)) {
        let total: usize = chunks.iter().sum();
        let d = leaves(total);
        let whole = Appender::new().append(&d);
        let mut stored: Vec<Hash> = Vec::new();
        let mut done = 0;
        for len in chunks {
            // Resume from the right edge read out of what was written so far, as the server does.
            let reads = Appender::reads(done as u64);
            let fetched: FetchedHashes = reads.iter().map(|&r| (r, stored[r as usize])).collect();
            let mut appender = Appender::resume(done as u64, &fetched).expect("resume");
            let new = appender.append(&d[done..done + len]);
            prop_assert_eq!(new.first_index, stored.len() as u64);
            stored.extend(new.hashes);
            done += len;
            prop_assert_eq!(appender.root(), mth(&d[..done]));
        }
        prop_assert_eq!(stored, whole.hashes);
    }

    #[test]
    fn hash_tiles_hold_naive_subtree_hashes(n in 1usize..1400, pick in any::<u64>()) {
        let d = leaves(n);
        let stored: FetchedHashes = Appender::new().append(&d).iter().collect();
        let tiles = rongma_tlog::hash_tiles_for_size(n as u64);
        let tile = tiles[(pick % tiles.len() as u64) as usize];
        let data = tile_data(&tile, n as u64, &stored).expect("tile");
        let level = u32::from(tile.level().expect("hash tile"));
        let per = 1usize << (8 * level);
        for j in 0..usize::from(tile.width()) {
            let start = (tile.index() as usize * 256 + j) * per;
            prop_assert_eq!(&data[j * 32..(j + 1) * 32], &mth(&d[start..start + per]).0[..], "{} hash {}", tile, j);
        }
        prop_assert_eq!(tile.to_string().parse::<TilePath>().expect("path"), tile);
    }
}
