//! Checking the hash tiles of levels 1 and up while the verifier streams the level-0 tiles.

use crate::hash::{hash_at, Hash, HASH_SIZE};
use crate::tile::{TilePath, TILE_WIDTH};
use crate::verify::TileSource;
use crate::verify_error::VerifyError;
use crate::verify_fetch::{first_difference, Fetcher};
use tlog_tiles::{stored_hash_index, Tile};

/// The hashes of levels 1 and up not yet checked against a served tile: `pending[l]` holds the
/// subtree hashes of the full tiles of level `l − 1` seen since the last full tile of level `l`.
#[derive(Default)]
pub(crate) struct UpperLevels {
    pending: Vec<Vec<u8>>,
    full_tiles: Vec<u64>,
}

impl UpperLevels {
    pub(crate) fn push<S: TileSource + ?Sized>(
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
    pub(crate) fn finish<S: TileSource + ?Sized>(
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
