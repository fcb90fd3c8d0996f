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
use crate::hash::{hash_at, leaf_hash, Hash, EMPTY_HASH, HASH_SIZE};
use crate::keys::LogVerifier;
use crate::state::RememberedCheckpoint;
use crate::tile::{TilePath, TILE_WIDTH};
pub use crate::verify_error::VerifyError;
use tlog_tiles::{stored_hash_index, Tile};

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

struct Fetcher<'a, S: ?Sized> {
    source: &'a S,
    fetched: u64,
}

impl<S: TileSource + ?Sized> Fetcher<'_, S> {
    fn get(&mut self, path: &str) -> Result<Option<Vec<u8>>, VerifyError> {
        self.fetched += 1;
        self.source.get(path).map_err(|e| VerifyError::Fetch {
            path: path.to_owned(),
            reason: e.to_string(),
        })
    }

    /// The tile, or the full tile that superseded a deleted partial one: (bytes, path used).
    fn tile(&mut self, tile: TilePath) -> Result<(Vec<u8>, TilePath), VerifyError> {
        if let Some(data) = self.get(&tile.to_string())? {
            return Ok((data, tile));
        }
        if tile.is_partial() {
            if let Some(data) = self.get(&tile.full().to_string())? {
                return Ok((data, tile.full()));
            }
        }
        Err(VerifyError::Missing {
            path: tile.to_string(),
        })
    }

    /// The first `width` hashes of a hash tile, checking its length.
    fn hashes(&mut self, tile: TilePath) -> Result<(Vec<u8>, String), VerifyError> {
        let (mut data, used) = self.tile(tile)?;
        let expected = usize::from(used.width()) * HASH_SIZE;
        if data.len() != expected {
            return Err(VerifyError::TileLength {
                path: used.to_string(),
                expected,
                found: data.len(),
            });
        }
        data.truncate(usize::from(tile.width()) * HASH_SIZE);
        Ok((data, used.to_string()))
    }
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

fn first_difference(computed: &[u8], served: &[u8]) -> Option<usize> {
    if computed == served {
        return None;
    }
    computed
        .chunks_exact(HASH_SIZE)
        .zip(served.chunks_exact(HASH_SIZE))
        .position(|(a, b)| a != b)
}

/// The hashes of levels 1 and up not yet checked against a served tile: `pending[l]` holds the
/// subtree hashes of the full tiles of level `l − 1` seen since the last full tile of level `l`.
#[derive(Default)]
struct UpperLevels {
    pending: Vec<Vec<u8>>,
    full_tiles: Vec<u64>,
}

impl UpperLevels {
    fn push<S: TileSource + ?Sized>(
        &mut self,
        fetch: &mut Fetcher<'_, S>,
        level: u8,
        subtree: Hash,
    ) -> Result<(), VerifyError> {
        let l = usize::from(level);
        if self.pending.len() <= l {
            self.pending.resize(l + 1, Vec::new());
            self.full_tiles.resize(l + 1, 0);
        }
        self.pending[l].extend_from_slice(&subtree.0);
        if self.pending[l].len() < usize::from(TILE_WIDTH) * HASH_SIZE {
            return Ok(());
        }
        let tile = TilePath::hash(level, self.full_tiles[l], TILE_WIDTH)?;
        self.check(fetch, level, tile)?;
        let hash = Tile::subtree_hash(&self.pending[l]);
        self.pending[l].clear();
        self.full_tiles[l] += 1;
        self.push(fetch, level + 1, hash)
    }

    /// Checks the partial tile of every level above 0 that a tree of `size` has.
    fn finish<S: TileSource + ?Sized>(
        &self,
        fetch: &mut Fetcher<'_, S>,
        size: u64,
    ) -> Result<(), VerifyError> {
        for level in 1u8..8 {
            let hashes = size >> (8 * u32::from(level));
            let width = (hashes & 0xff) as u16;
            if width > 0 {
                self.check(fetch, level, TilePath::hash(level, hashes >> 8, width)?)?;
            }
        }
        Ok(())
    }

    fn check<S: TileSource + ?Sized>(
        &self,
        fetch: &mut Fetcher<'_, S>,
        level: u8,
        tile: TilePath,
    ) -> Result<(), VerifyError> {
        let computed = self
            .pending
            .get(usize::from(level))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (served, path) = fetch.hashes(tile)?;
        if let Some(i) =
            first_difference(computed, &served).or((computed.len() != served.len()).then_some(0))
        {
            let n = tile.index() * u64::from(TILE_WIDTH) + i as u64;
            return Err(VerifyError::TileMismatch {
                path,
                position: i,
                stored_index: stored_hash_index(8 * level, n),
                computed: hash_at(computed, i).unwrap_or_default(),
                served: hash_at(&served, i).unwrap_or_default(),
            });
        }
        Ok(())
    }
}
