//! Shared fixtures for the code tests: the test keys of docs/CODES.md (the ones its
//! published vectors are made with) and short constructors for ids and sequence numbers.

use rongma_domain::codes::{CodeKeys, KeyId, Keyring, PinKeyring, SecretKey, Seq};

/// The test keys of docs/CODES.md: serial key k is the 32 bytes 32k, 32k+1, … (key 1:
/// hex 2021…3f) and PIN key k the same bytes with the top bit set (key 1: a0a1…bf).
pub fn secret(id: u8, pin: bool) -> SecretKey {
    let bytes = (0u8..32)
        .map(|i| id.wrapping_mul(32).wrapping_add(i) ^ if pin { 0x80 } else { 0 })
        .collect();
    SecretKey::from_bytes(bytes).unwrap()
}

pub fn id(s: &str) -> KeyId {
    KeyId::parse(s).unwrap()
}

pub fn seq(n: u64) -> Seq {
    Seq::new(n).unwrap()
}

/// A serial keyring holding the test keys `ids`, issuing under `current`.
pub fn ring(current: &str, ids: &[&str]) -> Keyring {
    Keyring::new(
        id(current),
        ids.iter().map(|i| (id(i), secret(id(i).value(), false))),
    )
    .unwrap()
}

/// Serial and PIN key 1 of docs/CODES.md, the keys of its vectors.
pub fn code_keys() -> CodeKeys {
    let pins = PinKeyring::new(id("1"), [(id("1"), secret(1, true))]).unwrap();
    CodeKeys::new(ring("1", &["1"]), pins).unwrap()
}
