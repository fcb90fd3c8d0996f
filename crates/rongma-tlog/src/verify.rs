//! Verifying a whole served log (`rongma log verify URL`): fetch and verify the checkpoint, read
//! every entry bundle and hash tile up to its size, re-hash every entry, recompute every tile
//! and the root, compare with what was served, and prove that a remembered older checkpoint is
//! a prefix of this one (its root recomputed from the verified leaves, which is stronger than
//! checking a served consistency proof).
//!
//! Memory stays small (one tile per level); hashing is one SHA-256 per entry and one per tree
//! node. A partial tile the log no longer serves is replaced by the full tile that superseded
//! it (tlog-tiles allows deleting partial tiles), whose prefix must then match.

use crate::append::Frontier;
use crate::bundle::decode_bundle;
use crate::checkpoint::SignedCheckpoint;
use crate::hash::{hash_at, leaf_hash, EMPTY_HASH, HASH_SIZE};
use crate::keys::LogVerifier;
use crate::state::RememberedCheckpoint;
use crate::tile::{TilePath, TILE_WIDTH};
pub use crate::verify_error::VerifyError;
use crate::verify_fetch::{first_difference, Fetcher};
use crate::verify_levels::UpperLevels;
use tlog_tiles::Tile;

/// A transport failure (not a 404), as the caller's HTTP client reports it.
pub type FetchError = Box<dyn std::error::Error + Send + Sync>;

/// Where the log's resources come from: `path` is relative to the log's prefix (`checkpoint`,
/// `tile/0/x001/234`, `tile/entries/000.p/7`). `Ok(None)` means not found.
pub trait TileSource {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, FetchError>;
}

/// How far verification has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub verified_leaves: u64,
    pub total_leaves: u64,
}

/// What a successful verification established.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    /// The verified checkpoint (remember it with [`RememberedCheckpoint::from_signed`]).
    pub checkpoint: SignedCheckpoint,
    /// Every leaf below this size was re-hashed and checked.
    pub verified_leaves: u64,
    pub tiles_fetched: u64,
    /// The remembered size proved to be a prefix of this checkpoint, if one was given.
    pub consistent_with: Option<u64>,
}

/// Verifies the log served by `source` against the log key, and against `remembered` if given.
/// `progress` is called after each level-0 tile.
pub fn verify_log<S: TileSource + ?Sized>(
    source: &S,
    log: &LogVerifier,
    remembered: Option<&RememberedCheckpoint>,
    progress: &mut dyn FnMut(Progress),
) -> Result<VerifyReport, VerifyError> {
    let mut fetch = Fetcher { source, fetched: 0 };
    let note = fetch
        .get("checkpoint")?
        .ok_or_else(|| VerifyError::Missing {
            path: "checkpoint".into(),
        })?;
    let signed = SignedCheckpoint::open(&note, log)?;
    let (size, root) = (signed.checkpoint().size(), signed.checkpoint().root());
    if let Some(r) = remembered {
        if r.origin() != signed.checkpoint().origin() {
            return Err(VerifyError::OriginChanged {
                remembered: r.origin().into(),
                served: signed.checkpoint().origin().into(),
            });
        }
        if r.size() > size {
            return Err(VerifyError::Shrunk {
                remembered: r.size(),
                served: size,
            });
        }
        if r.size() == 0 && r.root() != EMPTY_HASH {
            return Err(VerifyError::HistoryRewritten {
                size: 0,
                remembered: r.root(),
                computed: EMPTY_HASH,
            });
        }
    }
    let old = remembered
        .map(|r| (r.size(), r.root()))
        .filter(|(s, _)| *s > 0);

    let mut frontier = Frontier::default();
    let mut upper = UpperLevels::default();
    let tiles0 = size.div_ceil(u64::from(TILE_WIDTH));
    let mut leaves = vec![0u8; usize::from(TILE_WIDTH) * HASH_SIZE];
    for t in 0..tiles0 {
        let start = t * u64::from(TILE_WIDTH);
        // The last tile's width is below 256 by construction.
        let width = (size - start).min(u64::from(TILE_WIDTH)) as u16;
        let leaves = &mut leaves[..usize::from(width) * HASH_SIZE];
        hash_bundle(&mut fetch, TilePath::entries(t, width)?, leaves)?;
        let tile = TilePath::hash(0, t, width)?;
        let (served, path) = fetch.hashes(tile)?;
        if let Some(i) = first_difference(leaves, &served) {
            return Err(VerifyError::LeafMismatch {
                index: start + i as u64,
                entries: TilePath::entries(t, width)?.to_string(),
                tile: path,
                entry_hash: hash_at(leaves, i).unwrap_or_default(),
                tile_hash: hash_at(&served, i).unwrap_or_default(),
            });
        }
        if let Some((m, old_root)) =
            old.filter(|(m, _)| (start + 1..=start + u64::from(width)).contains(m))
        {
            let mut prefix = frontier.clone();
            for i in 0..(m - start) as usize {
                prefix.push(0, hash_at(leaves, i).unwrap_or_default(), |_| {});
            }
            if prefix.root() != old_root {
                return Err(VerifyError::HistoryRewritten {
                    size: m,
                    remembered: old_root,
                    computed: prefix.root(),
                });
            }
        }
        if width == TILE_WIDTH {
            let subtree = Tile::subtree_hash(leaves);
            frontier.push(8, subtree, |_| {});
            upper.push(&mut fetch, 1, subtree)?;
        } else {
            for i in 0..usize::from(width) {
                frontier.push(0, hash_at(leaves, i).unwrap_or_default(), |_| {});
            }
        }
        progress(Progress {
            verified_leaves: start + u64::from(width),
            total_leaves: size,
        });
    }
    upper.finish(&mut fetch, size)?;
    if frontier.root() != root {
        return Err(VerifyError::RootMismatch {
            size,
            computed: frontier.root(),
            signed: root,
        });
    }
    Ok(VerifyReport {
        checkpoint: signed,
        verified_leaves: size,
        tiles_fetched: fetch.fetched,
        consistent_with: old.map(|(m, _)| m),
    })
}

/// Fetches an entry bundle and writes the leaf hashes of its first `tile.width()` entries.
fn hash_bundle<S: TileSource + ?Sized>(
    fetch: &mut Fetcher<'_, S>,
    tile: TilePath,
    out: &mut [u8],
) -> Result<(), VerifyError> {
    let (data, used) = fetch.tile(tile)?;
    let entries = decode_bundle(&data).map_err(|e| VerifyError::Bundle {
        path: used.to_string(),
        reason: e.to_string(),
    })?;
    if entries.len() != usize::from(used.width()) {
        return Err(VerifyError::BundleWidth {
            path: used.to_string(),
            expected: used.width(),
            found: entries.len(),
        });
    }
    for (slot, entry) in out.chunks_exact_mut(HASH_SIZE).zip(entries) {
        slot.copy_from_slice(&leaf_hash(entry).0);
    }
    Ok(())
}
