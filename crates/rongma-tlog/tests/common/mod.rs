//! Shared helpers for the integration tests: keys, sample entries, vendored vectors.
#![allow(dead_code)]

use rongma_tlog::{Entry, Hash, LogSigner, MemoryLog, WitnessSigner};
use std::path::PathBuf;

pub const ORIGIN: &str = "rongma.example.cn/log";

pub fn log_signer() -> LogSigner {
    LogSigner::from_seed(ORIGIN, &[7; 32]).expect("valid origin")
}

pub fn witness(n: u8) -> WitnessSigner {
    WitnessSigner::from_seed(&format!("witness{n}.example.org/w"), &[100 + n; 32])
        .expect("valid name")
}

/// A decision-shaped entry, distinct for every `i` (and for every `variant`).
pub fn entry_v(i: u64, variant: &str) -> Entry {
    let value = serde_json::json!({
        "kind": "certificate.issued",
        "certificate": format!("RM-2026-{i:08}"),
        "grade": "4A",
        "seq": i,
        "variant": variant,
    });
    Entry::from_json(&value).expect("canonical entry")
}

pub fn entry(i: u64) -> Entry {
    entry_v(i, "a")
}

/// A log of `n` entries with a published checkpoint.
pub fn published_log(n: u64) -> MemoryLog {
    let mut log = MemoryLog::new(log_signer());
    let entries: Vec<Entry> = (0..n).map(entry).collect();
    log.append_many(&entries);
    log.publish();
    log
}

pub fn vector_path(rel: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests/vectors", rel]
        .iter()
        .collect()
}

pub fn vector(rel: &str) -> Vec<u8> {
    std::fs::read(vector_path(rel)).unwrap_or_else(|e| panic!("vector {rel}: {e}"))
}

pub fn vector_text(rel: &str) -> String {
    String::from_utf8(vector(rel)).expect("UTF-8 vector")
}

pub fn hex_hash(s: &str) -> Hash {
    let bytes: [u8; 32] = hex::decode(s).expect("hex").try_into().expect("32 bytes");
    Hash(bytes)
}

pub fn b64_hash(s: &str) -> Hash {
    rongma_tlog::parse_hash(s).unwrap_or_else(|| panic!("not a base64 hash: {s}"))
}
