//! Tree hashes and RFC 6962/9162 inclusion and consistency proofs from stored hashes, and their
//! verification. The maths is `tlog_tiles`'s; this module pairs each computation with the
//! stored-hash indexes it reads (learnt by recording what `tlog_tiles` asks for) and gives
//! errors that say what failed.
//!
//! Consistency proofs from the empty tree are refused, as RFC 9162 defines them only for
//! `0 < old`; a proof between equal sizes is empty and the roots must be equal.

use crate::hash::Hash;
use crate::reader::Recorder;
use tlog_tiles::HashReader;

/// Why a tree computation over stored hashes failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("leaf index {index} is not in a tree of size {size}")]
    IndexBeyondSize { index: u64, size: u64 },
    #[error("tree sizes out of order: old size {old} must be between 1 and new size {new}")]
    SizesOutOfOrder { old: u64, new: u64 },
    #[error("stored hashes unavailable: {0}")]
    Hashes(String),
    #[error("the hash reader returned the wrong number of hashes")]
    ReaderMisbehaved,
}

impl From<tlog_tiles::Error> for TreeError {
    fn from(e: tlog_tiles::Error) -> Self {
        match e {
            tlog_tiles::Error::InvalidInput(why) => TreeError::Hashes(why),
            other => TreeError::Hashes(other.to_string()),
        }
    }
}

/// Why a proof did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf index {index} is not in a tree of size {size}")]
    IndexBeyondSize { index: u64, size: u64 },
    #[error(
        "inclusion proof for leaf {index} does not lead to the root of the tree of size {size}"
    )]
    Inclusion { index: u64, size: u64 },
    #[error("old tree size {old} is larger than new tree size {new}")]
    SizesOutOfOrder { old: u64, new: u64 },
    #[error("a consistency proof from the empty tree is meaningless")]
    FromEmptyTree,
    #[error("consistency proof from tree size {old} to tree size {new} does not verify")]
    Consistency { old: u64, new: u64 },
}

/// Stored-hash indexes needed for the root hash of the tree of `size` leaves.
pub fn tree_hash_reads(size: u64) -> Vec<u64> {
    tlog_tiles::sub_tree_index(0, size, Vec::new())
}

/// The root hash of the tree of `size` leaves.
pub fn tree_hash<R: HashReader>(size: u64, reader: &R) -> Result<Hash, TreeError> {
    Ok(tlog_tiles::tree_hash(size, reader)?)
}

/// Stored-hash indexes needed for the inclusion proof of leaf `index` in the tree of `size`.
pub fn inclusion_proof_reads(index: u64, size: u64) -> Result<Vec<u64>, TreeError> {
    let recorder = Recorder::default();
    inclusion_proof(index, size, &recorder)?;
    Ok(recorder.into_indexes())
}

/// The RFC 6962 inclusion proof (audit path) of leaf `index` in the tree of `size` leaves.
pub fn inclusion_proof<R: HashReader>(
    index: u64,
    size: u64,
    reader: &R,
) -> Result<Vec<Hash>, TreeError> {
    if index >= size {
        return Err(TreeError::IndexBeyondSize { index, size });
    }
    Ok(tlog_tiles::prove_record(size, index, reader)?)
}

/// Stored-hash indexes needed for the consistency proof from size `old` to size `new`.
pub fn consistency_proof_reads(old: u64, new: u64) -> Result<Vec<u64>, TreeError> {
    let recorder = Recorder::default();
    consistency_proof(old, new, &recorder)?;
    Ok(recorder.into_indexes())
}

/// The RFC 6962 consistency proof from the tree of `old` leaves to the tree of `new` leaves
/// (`1 <= old <= new`; empty when they are equal).
pub fn consistency_proof<R: HashReader>(
    old: u64,
    new: u64,
    reader: &R,
) -> Result<Vec<Hash>, TreeError> {
    if old == 0 || old > new {
        return Err(TreeError::SizesOutOfOrder { old, new });
    }
    Ok(tlog_tiles::prove_tree(new, old, reader)?)
}

/// Checks that `proof` shows leaf `index` with hash `leaf` is in the tree of `size` with `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: Hash,
    proof: &[Hash],
    root: Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexBeyondSize { index, size });
    }
    tlog_tiles::check_record(&proof.to_vec(), size, root, index, leaf)
        .map_err(|_| ProofError::Inclusion { index, size })
}

/// Checks that `proof` shows the tree (`old`, `old_root`) is a prefix of (`new`, `new_root`).
pub fn verify_consistency(
    old: u64,
    old_root: Hash,
    new: u64,
    new_root: Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old > new {
        return Err(ProofError::SizesOutOfOrder { old, new });
    }
    if old == 0 {
        return Err(ProofError::FromEmptyTree);
    }
    tlog_tiles::check_tree(&proof.to_vec(), new, new_root, old, old_root)
        .map_err(|_| ProofError::Consistency { old, new })
}
