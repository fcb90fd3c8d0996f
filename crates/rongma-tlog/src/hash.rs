//! RFC 6962 hashing: the leaf and interior-node hashes every part of the log agrees on.
//!
//! The hash type is `tlog_tiles::Hash` (32 bytes, displayed as standard base64 as the C2SP
//! formats write it), re-exported so callers need not depend on `tlog_tiles` themselves.

pub use tlog_tiles::{Hash, EMPTY_HASH, HASH_SIZE};

/// The RFC 6962 leaf hash of an entry: SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    tlog_tiles::record_hash(entry)
}

/// The RFC 6962 interior-node hash: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: Hash, right: Hash) -> Hash {
    tlog_tiles::node_hash(left, right)
}

/// Parses a hash written in standard base64 (with padding), as checkpoints and proofs write it.
/// Returns `None` unless it decodes to exactly 32 bytes.
pub fn parse_hash(text: &str) -> Option<Hash> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    let array: [u8; HASH_SIZE] = bytes.try_into().ok()?;
    Some(Hash(array))
}

/// Reads the `i`-th 32-byte hash out of a concatenation of hashes (a hash tile).
pub(crate) fn hash_at(data: &[u8], i: usize) -> Option<Hash> {
    let start = i.checked_mul(HASH_SIZE)?;
    let bytes = data.get(start..start + HASH_SIZE)?;
    let array: [u8; HASH_SIZE] = bytes.try_into().ok()?;
    Some(Hash(array))
}
