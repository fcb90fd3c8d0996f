//! Appending leaves: which stored hashes the database must read, and which it must write.
//!
//! Stored hashes follow Go sumdb's layout (`tlog_tiles::stored_hash_index`): appending leaf `n`
//! writes its leaf hash and the hashes of the subtrees it completes, consecutively from
//! `stored_hash_index(0, n)`, so a bulk append of leaves `n..m` writes one contiguous run of
//! indexes. The single form reads only the right-edge hashes leaf `n` merges with; the bulk form
//! ([`Appender`]) reads the whole right edge once (at most 64 hashes) and then needs no reads,
//! and also yields the new root so a checkpoint needs no further read.

use crate::hash::{node_hash, Hash, EMPTY_HASH};
use crate::proofs::TreeError;
use tlog_tiles::{stored_hash_index, sub_tree_index, HashReader};

/// Stored hashes to write: `hashes[i]` belongs at stored-hash index `first_index + i`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStoredHashes {
    pub first_index: u64,
    pub hashes: Vec<Hash>,
}

impl NewStoredHashes {
    /// `(stored-hash index, hash)` pairs, in index order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, Hash)> + '_ {
        (self.first_index..).zip(self.hashes.iter().copied())
    }
}

/// Stored-hash indexes to read before appending the single leaf with index `n` (the roots of the
/// complete subtrees the new leaf merges with), in increasing order.
pub fn append_reads(n: u64) -> Vec<u64> {
    let merges = (n + 1).trailing_zeros();
    (0..merges)
        .rev()
        .map(|level| stored_hash_index(level as u8, (n >> level) - 1))
        .collect()
}

/// The stored hashes to write when appending leaf `n` with hash `leaf`, given a reader holding
/// (at least) the hashes [`append_reads`]`(n)` named.
pub fn append<R: HashReader>(n: u64, leaf: Hash, reads: &R) -> Result<NewStoredHashes, TreeError> {
    let hashes =
        tlog_tiles::stored_hashes_for_record_hash(n, leaf, reads).map_err(TreeError::from)?;
    Ok(NewStoredHashes {
        first_index: stored_hash_index(0, n),
        hashes,
    })
}

/// The right edge of a tree: the roots of its complete subtrees, largest (leftmost) first.
/// Pushing a subtree of height `level` requires the size to be a multiple of `2^level`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frontier {
    size: u64,
    nodes: Vec<(u32, Hash)>,
}

impl Frontier {
    /// The frontier of a tree of `size` leaves from the hashes of its complete subtrees.
    pub(crate) fn from_edge(size: u64, edge: &[Hash]) -> Option<Self> {
        if edge.len() != size.count_ones() as usize {
            return None;
        }
        let levels = (0..64u32).rev().filter(|l| size >> l & 1 == 1);
        Some(Self {
            size,
            nodes: levels.zip(edge.iter().copied()).collect(),
        })
    }

    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// Adds the root of a complete subtree of height `level`; `merged` sees every interior hash
    /// this completes, from the lowest up.
    pub(crate) fn push(&mut self, level: u32, hash: Hash, mut merged: impl FnMut(Hash)) {
        debug_assert!(
            self.size.is_multiple_of(1u64 << level),
            "unaligned subtree push"
        );
        let mut h = hash;
        let mut l = level;
        while let Some(&(top_level, left)) = self.nodes.last() {
            if top_level != l {
                break;
            }
            self.nodes.pop();
            h = node_hash(left, h);
            l += 1;
            merged(h);
        }
        self.nodes.push((l, h));
        self.size += 1u64 << level;
    }

    /// The RFC 6962 root of the tree so far.
    pub(crate) fn root(&self) -> Hash {
        let mut nodes = self.nodes.iter().rev();
        let Some(&(_, mut h)) = nodes.next() else {
            return EMPTY_HASH;
        };
        for &(_, left) in nodes {
            h = node_hash(left, h);
        }
        h
    }
}

/// Appends many leaves with one read: build it from the right edge of the current tree
/// ([`Appender::reads`]), push leaf hashes, write what it returns, read the new root.
#[derive(Debug, Clone, Default)]
pub struct Appender {
    frontier: Frontier,
}

impl Appender {
    /// An appender for an empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stored-hash indexes of the right edge of a tree of `size` leaves, in increasing order.
    pub fn reads(size: u64) -> Vec<u64> {
        sub_tree_index(0, size, Vec::new())
    }

    /// An appender continuing a tree of `size` leaves; `reader` must hold the hashes
    /// [`Appender::reads`]`(size)` named.
    pub fn resume<R: HashReader>(size: u64, reader: &R) -> Result<Self, TreeError> {
        let edge = reader
            .read_hashes(&Self::reads(size))
            .map_err(TreeError::from)?;
        let frontier = Frontier::from_edge(size, &edge).ok_or(TreeError::ReaderMisbehaved)?;
        Ok(Self { frontier })
    }

    /// The number of leaves in the tree so far.
    pub fn size(&self) -> u64 {
        self.frontier.size()
    }

    /// The root hash of the tree so far.
    pub fn root(&self) -> Hash {
        self.frontier.root()
    }

    /// Appends one leaf, pushing the stored hashes it creates onto `out` (they belong at
    /// consecutive indexes from `stored_hash_index(0, old size)`).
    pub fn push(&mut self, leaf: Hash, out: &mut Vec<Hash>) {
        out.push(leaf);
        self.frontier.push(0, leaf, |h| out.push(h));
    }

    /// Appends many leaves; returns the stored hashes to write.
    pub fn append(&mut self, leaves: &[Hash]) -> NewStoredHashes {
        let first_index = stored_hash_index(0, self.size());
        // Each leaf adds just under two stored hashes on average.
        let mut hashes = Vec::with_capacity(leaves.len() * 2 + 64);
        for &leaf in leaves {
            self.push(leaf, &mut hashes);
        }
        NewStoredHashes {
            first_index,
            hashes,
        }
    }
}
