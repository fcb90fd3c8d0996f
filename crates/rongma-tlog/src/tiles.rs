//! Which tiles a tree of a given size has, and the bytes of a hash tile from stored hashes.
//!
//! The `n`-th tile at level `l` holds the hashes at tree level `8·l` numbered `256·n ..`, each
//! the root of a complete subtree of `256^l` leaves, so its stored hashes are read directly by
//! `stored_hash_index(8·l, ·)`: serving a tile needs no hashing at all.

use crate::hash::HASH_SIZE;
use crate::proofs::TreeError;
use crate::tile::{TilePath, TILE_WIDTH};
use tlog_tiles::{stored_hash_index, HashReader};

/// Why a tile cannot be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("{tile} covers leaves beyond the tree of size {size}")]
    BeyondTree { tile: String, size: u64 },
    #[error("{tile} is an entry bundle; its contents are entries, not stored hashes")]
    NotAHashTile { tile: String },
    #[error("reading the hashes of {tile}: {source}")]
    Hashes { tile: String, source: TreeError },
}

/// For each tile level of a tree of `size` leaves: (number of full tiles, width of the partial
/// tile or 0).
fn levels(size: u64) -> impl Iterator<Item = (u8, u64, u16)> {
    (0u8..8).map_while(move |level| {
        let hashes = size >> (8 * u32::from(level));
        // The mask keeps the partial width below 256.
        (hashes > 0).then_some((level, hashes >> 8, (hashes & 0xff) as u16))
    })
}

/// Every hash tile of the tree of `size` leaves (full tiles, and the partial tile of each level
/// that has one), level by level.
pub fn hash_tiles_for_size(size: u64) -> Vec<TilePath> {
    let mut tiles = Vec::new();
    for (level, full, partial) in levels(size) {
        tiles.extend((0..full).filter_map(|n| TilePath::hash(level, n, TILE_WIDTH).ok()));
        if partial > 0 {
            tiles.extend(TilePath::hash(level, full, partial).ok());
        }
    }
    tiles
}

/// The hash tiles that exist at size `new` but not at size `old` (the new full tiles and the
/// new partial tiles), for publishing or cache warming after the log grows.
pub fn new_hash_tiles(old: u64, new: u64) -> Vec<TilePath> {
    let mut tiles = Vec::new();
    for (level, full, partial) in levels(new) {
        let old_hashes = old >> (8 * u32::from(level));
        if old_hashes == new >> (8 * u32::from(level)) {
            continue;
        }
        tiles.extend(
            (old_hashes >> 8..full).filter_map(|n| TilePath::hash(level, n, TILE_WIDTH).ok()),
        );
        if partial > 0 {
            tiles.extend(TilePath::hash(level, full, partial).ok());
        }
    }
    tiles
}

/// Stored-hash indexes of the hashes in `tile`, in tile order, for a tree of `size` leaves.
pub fn tile_reads(tile: &TilePath, size: u64) -> Result<Vec<u64>, TileError> {
    let Some(level) = tile.level() else {
        return Err(TileError::NotAHashTile {
            tile: tile.to_string(),
        });
    };
    if !tile.fits(size) {
        return Err(TileError::BeyondTree {
            tile: tile.to_string(),
            size,
        });
    }
    // `fits` proved index·256 + width fits in 64 bits.
    let first = tile.index() * u64::from(TILE_WIDTH);
    Ok((0..u64::from(tile.width()))
        .map(|i| stored_hash_index(8 * level, first + i))
        .collect())
}

/// The bytes of hash tile `tile` (its hashes concatenated) for a tree of `size` leaves.
pub fn tile_data<R: HashReader>(
    tile: &TilePath,
    size: u64,
    reader: &R,
) -> Result<Vec<u8>, TileError> {
    let indexes = tile_reads(tile, size)?;
    let hashes = reader
        .read_hashes(&indexes)
        .map_err(|e| TileError::Hashes {
            tile: tile.to_string(),
            source: e.into(),
        })?;
    if hashes.len() != indexes.len() {
        return Err(TileError::Hashes {
            tile: tile.to_string(),
            source: TreeError::ReaderMisbehaved,
        });
    }
    let mut data = Vec::with_capacity(hashes.len() * HASH_SIZE);
    for h in hashes {
        data.extend_from_slice(&h.0);
    }
    Ok(data)
}
