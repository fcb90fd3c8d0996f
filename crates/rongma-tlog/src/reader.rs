//! Hash readers for the two-step pattern: the caller fetches the stored hashes a `*_reads`
//! function named (asynchronously, from its database) into [`FetchedHashes`], then computes.
//!
//! `tlog_tiles::HashReader` is synchronous; this map-backed reader bridges it to async storage.
//! The crate also uses a recording reader internally to learn which indexes `tlog_tiles` will
//! ask for, so the indexes are by construction the ones the computation reads.

use crate::hash::Hash;
use std::cell::RefCell;
use std::collections::HashMap;
use tlog_tiles::HashReader;

/// Stored hashes fetched by the caller, keyed by stored-hash index.
#[derive(Debug, Clone, Default)]
pub struct FetchedHashes {
    hashes: HashMap<u64, Hash>,
}

impl FetchedHashes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Pairs `indexes[i]` with `hashes[i]`; `None` if the lengths differ.
    pub fn from_reads(indexes: &[u64], hashes: &[Hash]) -> Option<Self> {
        (indexes.len() == hashes.len()).then(|| {
            indexes
                .iter()
                .copied()
                .zip(hashes.iter().copied())
                .collect()
        })
    }

    pub fn insert(&mut self, index: u64, hash: Hash) {
        self.hashes.insert(index, hash);
    }

    pub fn get(&self, index: u64) -> Option<Hash> {
        self.hashes.get(&index).copied()
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

impl FromIterator<(u64, Hash)> for FetchedHashes {
    fn from_iter<I: IntoIterator<Item = (u64, Hash)>>(iter: I) -> Self {
        Self {
            hashes: iter.into_iter().collect(),
        }
    }
}

impl Extend<(u64, Hash)> for FetchedHashes {
    fn extend<I: IntoIterator<Item = (u64, Hash)>>(&mut self, iter: I) {
        self.hashes.extend(iter);
    }
}

impl HashReader for FetchedHashes {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|i| {
                self.get(*i).ok_or_else(|| {
                    tlog_tiles::Error::InvalidInput(format!("stored hash {i} was not supplied"))
                })
            })
            .collect()
    }
}

/// Records the indexes a computation asks for and answers with zero hashes.
#[derive(Default)]
pub(crate) struct Recorder {
    asked: RefCell<Vec<u64>>,
}

impl Recorder {
    pub(crate) fn into_indexes(self) -> Vec<u64> {
        self.asked.into_inner()
    }
}

impl HashReader for Recorder {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        self.asked.borrow_mut().extend_from_slice(indexes);
        Ok(vec![Hash::default(); indexes.len()])
    }
}

/// A reader over a slice of stored hashes (index = position), as an in-memory log keeps them.
#[cfg(feature = "testing")]
pub(crate) struct SliceReader<'a>(pub(crate) &'a [Hash]);

#[cfg(feature = "testing")]
impl HashReader for SliceReader<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|i| {
                usize::try_from(*i)
                    .ok()
                    .and_then(|i| self.0.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}
