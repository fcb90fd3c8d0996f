//! rongma's transparency log: its formats and its maths, with no I/O.
//!
//! Every decision the product makes is appended as one leaf of a Certificate-Transparency-style
//! Merkle tree (RFC 6962 hashing). The server keeps the tree as Go-sumdb-style *stored hashes* in
//! its SQL database, signs [C2SP checkpoints](https://c2sp.org/tlog-checkpoint) and serves
//! [C2SP tlog-tiles](https://c2sp.org/tlog-tiles); witnesses cosign checkpoints
//! ([tlog-witness](https://c2sp.org/tlog-witness), [tlog-cosignature](https://c2sp.org/tlog-cosignature)
//! v1, Ed25519); offline proofs follow [tlog-proof](https://c2sp.org/tlog-proof). The server,
//! the verifier CLI and the witness all call this crate, so they share one implementation.
//!
//! Database and network reads are the caller's business. Every computation that needs stored
//! hashes comes as a pair: a `*_reads` function says which stored-hash indexes to fetch, the
//! caller fetches them (asynchronously, in its transaction) into a [`FetchedHashes`], and the
//! computing function takes that reader. Any synchronous [`HashReader`] works as well.
//!
//! The Merkle maths (stored-hash layout, proofs, proof checking) is Cloudflare's `tlog_tiles`
//! (a port of Go's `golang.org/x/mod/sumdb/tlog`), and note signing and verification is their
//! `signed_note`; this crate adds what those lack: C2SP tile paths (theirs are Go sumdb paths
//! with a height element), entry bundles, cosignatures, the witness, offline proofs, the bulk
//! appender and the whole-log verifier.
#![forbid(unsafe_code)]

mod append;
mod bundle;
mod checkpoint;
mod cosign;
mod cosigned;
mod entry;
mod hash;
mod keys;
#[cfg(feature = "testing")]
mod memory;
mod offline;
mod proofs;
mod reader;
mod signatures;
mod state;
mod text;
mod tile;
mod tiles;
mod verify;
mod verify_error;
mod verify_fetch;
mod verify_levels;
mod witness;

pub use append::{append, append_reads, Appender, NewStoredHashes};
pub use bundle::{decode_bundle, encode_bundle, BundleError};
pub use checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
pub use cosign::{Cosignature, WitnessPolicy, WitnessSigner, WitnessVerifier};
pub use entry::{canonical_json, Entry, EntryError, MAX_ENTRY_LEN};
pub use hash::{leaf_hash, node_hash, parse_hash, Hash, EMPTY_HASH, HASH_SIZE};
pub use keys::{KeyError, LogSigner, LogVerifier};
#[cfg(feature = "testing")]
pub use memory::MemoryLog;
pub use offline::{OfflineProof, OfflineProofError, VerifiedOfflineProof};
pub use proofs::{
    consistency_proof, consistency_proof_reads, inclusion_proof, inclusion_proof_reads, tree_hash,
    tree_hash_reads, verify_consistency, verify_inclusion, ProofError, TreeError,
};
pub use reader::FetchedHashes;
pub use signatures::{note_signatures, NoteSignature};
pub use state::{RememberedCheckpoint, StateError};
pub use tile::{TilePath, TilePathError, TILE_HEIGHT, TILE_WIDTH};
pub use tiles::{hash_tiles_for_size, new_hash_tiles, tile_data, tile_reads, TileError};
pub use tlog_tiles::{split_stored_hash_index, stored_hash_count, stored_hash_index, HashReader};
pub use verify::{verify_log, FetchError, Progress, TileSource, VerifyError, VerifyReport};
pub use witness::{parse_conflict_size, AddCheckpointRequest, Cosigned, Refusal, WitnessState};
