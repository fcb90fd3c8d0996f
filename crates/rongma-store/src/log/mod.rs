//! The transparency log's storage: entries (the canonical JSON of each decision), the
//! Merkle tree as stored hashes (Go sumdb layout, `rongma_tlog`), signed checkpoints and
//! witness cosignatures. An entry is appended inside the caller's transaction together
//! with the stored hashes it creates, so no decision commits without its leaf and no leaf
//! without its hashes. Appends are serialised on the single `log_head` row (PostgreSQL
//! row lock; SQLite has one writer), so indexes are dense and each append reads the
//! hashes its predecessor wrote. The maths is `rongma_tlog`'s; what to append is the app's.

use crate::error::StoreResult;
use crate::shared::At;
use async_trait::async_trait;
use rongma_tlog::Hash;

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLogEntry {
    /// What kind of decision, e.g. `certificate.issued`.
    pub kind: String,
    /// Whom it is about, e.g. `certificate:12` (to find a subject's latest leaf).
    pub subject: String,
    /// The canonical JSON bytes (at most 65,535).
    pub entry: Vec<u8>,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub index: u64,
    pub kind: String,
    pub subject: String,
    pub entry: Vec<u8>,
    pub created_at: At,
}

/// A signed checkpoint as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root: Hash,
    /// The signed note (text, blank line, the log's signature line).
    pub note: String,
    pub signed_at: At,
}

/// A witness's cosignature line on the checkpoint of `size`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCosignature {
    pub size: u64,
    /// `<name>+<hex key id>` of the witness key.
    pub witness: String,
    /// The signature line as the witness sent it (`— name base64…`, no newline).
    pub line: String,
    pub received_at: At,
}

/// Builds a decision's leaf bytes from its subject's previous leaf (index and bytes).
pub type BuildLeaf<'b> =
    dyn for<'a> Fn(Option<(u64, &'a [u8])>) -> StoreResult<Vec<u8>> + Sync + 'b;

#[async_trait]
pub trait LogTx: Send {
    /// Appends one entry and its stored hashes; returns its index. Serialised with every
    /// other append until this transaction ends.
    async fn append_log_entry(&mut self, entry: &NewLogEntry, at: At) -> StoreResult<u64>;
    /// Appends the leaf of one decision about `subject`, built by `build` from the
    /// subject's previous leaf (its index and bytes, if any); returns its index. Three
    /// statements: the head update, one read of the previous leaf together with the stored
    /// hashes the append needs, and one write of the entry and its new stored hashes.
    async fn append_subject_entry(
        &mut self,
        kind: &str,
        subject: &str,
        build: &BuildLeaf<'_>,
        at: At,
    ) -> StoreResult<u64>;
    /// Appends many entries (one read of the tree's right edge, batched inserts); returns
    /// the index of the first.
    async fn append_log_entries(&mut self, entries: &[NewLogEntry], at: At) -> StoreResult<u64>;
    /// The number of entries (committed, or appended in this transaction).
    async fn log_size(&mut self) -> StoreResult<u64>;
    /// The log size, locking the head row until the transaction ends (no append meanwhile).
    async fn lock_log(&mut self) -> StoreResult<u64>;
    /// Entries with indexes in `start..end`, in order.
    async fn log_entries(&mut self, start: u64, end: u64) -> StoreResult<Vec<LogEntry>>;
    async fn log_entry(&mut self, index: u64) -> StoreResult<Option<LogEntry>>;
    /// The latest entries first (`limit`, `offset`).
    async fn recent_log_entries(&mut self, limit: i64, offset: i64) -> StoreResult<Vec<LogEntry>>;
    /// The latest entry about `subject`.
    async fn latest_log_entry_for(&mut self, subject: &str) -> StoreResult<Option<LogEntry>>;
    /// The stored hashes at `indexes`, in the same order; a missing one is `Corrupt`.
    async fn log_hashes(&mut self, indexes: &[u64]) -> StoreResult<Vec<Hash>>;
    /// The stored hashes with indexes in `start..end`, in order (for checks and benches).
    async fn log_hash_range(&mut self, start: u64, end: u64) -> StoreResult<Vec<Hash>>;
    async fn latest_checkpoint(&mut self) -> StoreResult<Option<StoredCheckpoint>>;
    async fn checkpoint_at(&mut self, size: u64) -> StoreResult<Option<StoredCheckpoint>>;
    async fn insert_checkpoint(&mut self, c: &StoredCheckpoint) -> StoreResult<()>;
    /// Stores a cosignature (replacing the same witness's earlier one for that size).
    async fn put_cosignature(&mut self, c: &StoredCosignature) -> StoreResult<()>;
    async fn cosignatures(&mut self, size: u64) -> StoreResult<Vec<StoredCosignature>>;
}

/// A stored index as the database keeps it (`BIGINT`).
pub(crate) fn idx(i: u64) -> StoreResult<i64> {
    i64::try_from(i).map_err(|_| crate::StoreError::Corrupt(format!("log index {i} too large")))
}

pub(crate) fn hash_of(bytes: &[u8], what: &str) -> StoreResult<Hash> {
    let array: [u8; 32] = bytes
        .try_into()
        .map_err(|_| crate::StoreError::Corrupt(format!("{what} is not 32 bytes")))?;
    Ok(Hash(array))
}
