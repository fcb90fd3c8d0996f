//! Fetching tiles for the verifier: counts requests, falls back from a deleted partial tile to
//! the full tile that superseded it, and checks hash tile lengths.

use crate::hash::HASH_SIZE;
use crate::tile::TilePath;
use crate::verify::TileSource;
use crate::verify_error::VerifyError;

/// The verifier's view of a [`TileSource`], counting what it fetched.
pub(crate) struct Fetcher<'a, S: ?Sized> {
    pub(crate) source: &'a S,
    pub(crate) fetched: u64,
}

impl<S: TileSource + ?Sized> Fetcher<'_, S> {
    pub(crate) fn get(&mut self, path: &str) -> Result<Option<Vec<u8>>, VerifyError> {
        self.fetched += 1;
        self.source.get(path).map_err(|e| VerifyError::Fetch {
            path: path.to_owned(),
            reason: e.to_string(),
        })
    }

    /// The tile, or the full tile that superseded a deleted partial one: (bytes, path used).
    pub(crate) fn tile(&mut self, tile: TilePath) -> Result<(Vec<u8>, TilePath), VerifyError> {
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
    pub(crate) fn hashes(&mut self, tile: TilePath) -> Result<(Vec<u8>, String), VerifyError> {
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

/// The position of the first hash where two concatenations of hashes differ.
pub(crate) fn first_difference(computed: &[u8], served: &[u8]) -> Option<usize> {
    if computed == served {
        return None;
    }
    computed
        .chunks_exact(HASH_SIZE)
        .zip(served.chunks_exact(HASH_SIZE))
        .position(|(a, b)| a != b)
}
