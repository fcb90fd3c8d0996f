//! Key texts in the C2SP signed-note format, so a lender pastes one line into its
//! verifier: `<name>+<hex key id>+<base64(0x01 ‖ Ed25519 public key)>`, e.g.
//! `rongma-credit+1a2b3c4d+AU…`. The key id is the first 4 bytes of
//! SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). The signer's private text is
//! `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// The key name rongma uses for credit reports unless configured otherwise.
pub const DEFAULT_KEY_NAME: &str = "rongma-credit";
const ED25519: u8 = 0x01;

/// Why a key text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key text is not <name>+<hex key id>+<base64 key>: {0}")]
    Format(&'static str),
    #[error("key name {0:?} must be non-empty, without '+' or whitespace")]
    Name(String),
    #[error("key type 0x{0:02x} is not Ed25519 (0x01)")]
    Algorithm(u8),
    #[error("not a usable Ed25519 key (invalid or small-order point)")]
    Key,
    #[error("key id {found} does not match the key (its id is {expected})")]
    KeyId { found: String, expected: String },
}

/// A public key that verifies credit reports, with its name and id.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

pub(super) fn check_name(name: &str) -> Result<(), KeyError> {
    if name.is_empty() || name.contains('+') || name.chars().any(char::is_whitespace) {
        return Err(KeyError::Name(name.to_owned()));
    }
    Ok(())
}

pub(super) fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// Reads `<hex id>+<base64(0x01 ‖ 32 bytes)>` after the name, checking the id.
fn typed_key(
    name: &str,
    id_hex: &str,
    b64: &str,
    id_of: impl Fn(&[u8; 32]) -> [u8; 4],
) -> Result<[u8; 32], KeyError> {
    let id = hex::decode(id_hex).map_err(|_| KeyError::Format("the key id is not hex"))?;
    if id.len() != 4 || id_hex.len() != 8 || id_hex.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(KeyError::Format(
            "the key id is not 8 lower-case hex digits",
        ));
    }
    let raw = B64
        .decode(b64)
        .map_err(|_| KeyError::Format("the key is not base64"))?;
    let (&alg, bytes) = raw
        .split_first()
        .ok_or(KeyError::Format("the key is empty"))?;
    if alg != ED25519 {
        return Err(KeyError::Algorithm(alg));
    }
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|_| KeyError::Format("an Ed25519 key is 32 bytes"))?;
    let expected = id_of(&bytes);
    if expected[..] != id[..] {
        return Err(KeyError::KeyId {
            found: id_hex.to_owned(),
            expected: hex::encode(expected),
        });
    }
    check_name(name)?;
    Ok(bytes)
}

impl VerifierKey {
    pub fn new(name: &str, key: VerifyingKey) -> Result<Self, KeyError> {
        check_name(name)?;
        if key.is_weak() {
            return Err(KeyError::Key);
        }
        Ok(Self {
            name: name.to_owned(),
            id: key_id(name, key.as_bytes()),
            key,
        })
    }

    /// Parses `<name>+<hex key id>+<base64(0x01 ‖ public key)>`.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(KeyError::Format("expected three parts separated by '+'"));
        };
        let bytes = typed_key(name, id, b64, |k| key_id(name, k))?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::Key)?;
        Self::new(name, key)
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn key_id(&self) -> [u8; 4] {
        self.id
    }
    pub fn key_id_hex(&self) -> String {
        hex::encode(self.id)
    }
    pub fn public_key(&self) -> &VerifyingKey {
        &self.key
    }
}

impl fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut typed = vec![ED25519];
        typed.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            self.key_id_hex(),
            B64.encode(typed)
        )
    }
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({self})")
    }
}

impl FromStr for VerifierKey {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        Self::parse(s)
    }
}

/// Parses `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>` into the name and seed;
/// the id must be the one of the public key the seed derives.
pub(super) fn parse_private(text: &str) -> Result<(String, [u8; 32]), KeyError> {
    let rest = text
        .trim()
        .strip_prefix("PRIVATE+KEY+")
        .ok_or(KeyError::Format(
            "a private key text starts with PRIVATE+KEY+",
        ))?;
    let mut parts = rest.splitn(3, '+');
    let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(KeyError::Format("expected PRIVATE+KEY+<name>+<id>+<key>"));
    };
    let seed = typed_key(name, id, b64, |seed| {
        let public = ed25519_dalek::SigningKey::from_bytes(seed).verifying_key();
        key_id(name, public.as_bytes())
    })?;
    Ok((name.to_owned(), seed))
}

/// The private text of a seed (secret: never log it).
pub(super) fn private_text(name: &str, seed: &[u8; 32], public: &[u8; 32]) -> String {
    let mut typed = vec![ED25519];
    typed.extend_from_slice(seed);
    format!(
        "PRIVATE+KEY+{name}+{}+{}",
        hex::encode(key_id(name, public)),
        B64.encode(typed)
    )
}
