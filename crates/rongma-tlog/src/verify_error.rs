//! What the whole-log verifier reports when the served log is wrong: each failure names the
//! resource, the leaf or stored-hash index, or the tree sizes involved.

use crate::checkpoint::CheckpointError;
use crate::hash::Hash;
use crate::tile::TilePathError;

/// Why a served log failed verification.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyError {
    #[error("fetching {path} failed: {reason}")]
    Fetch { path: String, reason: String },
    #[error("{path} is not served (404)")]
    Missing { path: String },
    #[error("the served checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    #[error("the served checkpoint is for origin {served:?}, but the remembered one is for {remembered:?}")]
    OriginChanged { remembered: String, served: String },
    #[error("the log now claims {served} leaves but was verified earlier at {remembered}: history was truncated")]
    Shrunk { remembered: u64, served: u64 },
    #[error("{path} is malformed: {reason}")]
    Bundle { path: String, reason: String },
    #[error("{path} holds {found} entries; expected {expected}")]
    BundleWidth {
        path: String,
        expected: u16,
        found: usize,
    },
    #[error("{path} is {found} bytes; expected {expected}")]
    TileLength {
        path: String,
        expected: usize,
        found: usize,
    },
    #[error("leaf {index}: its entry in {entries} hashes to {entry_hash}, but {tile} stores {tile_hash}")]
    LeafMismatch {
        index: u64,
        entries: String,
        tile: String,
        entry_hash: Hash,
        tile_hash: Hash,
    },
    #[error("{path}, hash {position} (stored-hash index {stored_index}): recomputed {computed}, served {served}")]
    TileMismatch {
        path: String,
        position: usize,
        stored_index: u64,
        computed: Hash,
        served: Hash,
    },
    #[error(
        "the root of the {size} verified leaves is {computed}, but the checkpoint signs {signed}"
    )]
    RootMismatch {
        size: u64,
        computed: Hash,
        signed: Hash,
    },
    #[error("history rewritten: the first {size} leaves now have root {computed}, but {remembered} was verified earlier")]
    HistoryRewritten {
        size: u64,
        remembered: Hash,
        computed: Hash,
    },
    #[error("tile coordinates: {0}")]
    TilePath(#[from] TilePathError),
}
