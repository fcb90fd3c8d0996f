//! The log's Ed25519 signing key and its C2SP verifier key
//! (`<name>+<hex key id>+<base64(0x01 ‖ public key)>`).
//!
//! The key is derived from a 32-byte seed the application keeps in its secrets file; the key
//! name is the log's origin (e.g. `rongma.example.cn/log`), as tlog-checkpoint recommends and
//! as [`crate::SignedCheckpoint::open`] requires. Signing and vkey parsing are `signed_note`'s.

use ed25519_dalek::{Signer as _, SigningKey};
use signed_note::{
    is_key_name_valid, key_id, new_ed25519_verifier_key, StandardVerifier, VerifierError,
};
use std::fmt;

const ALG_ED25519: u8 = 0x01;

/// Why a key or key name is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key name {name:?} is empty or contains a space or '+'")]
    InvalidName { name: String },
    #[error("verifier key {vkey:?} is malformed: {why}")]
    MalformedVerifierKey { vkey: String, why: String },
}

/// The log's signing key. Its `Debug` shows the name and key id only.
#[derive(Clone)]
pub struct LogSigner {
    name: String,
    key: SigningKey,
    key_id: u32,
    verifier: LogVerifier,
}

impl LogSigner {
    /// The Ed25519 key with this 32-byte seed, named `name` (the log's origin).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, KeyError> {
        if !is_key_name_valid(name) {
            return Err(KeyError::InvalidName {
                name: name.to_owned(),
            });
        }
        let key = SigningKey::from_bytes(seed);
        let mut public = vec![ALG_ED25519];
        public.extend_from_slice(key.verifying_key().as_bytes());
        let verifier = LogVerifier::parse(&new_ed25519_verifier_key(name, &key.verifying_key()))?;
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, &public),
            key,
            verifier,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier key to publish: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`.
    pub fn verifier_key(&self) -> &str {
        self.verifier.verifier_key()
    }

    /// The verifier for this key.
    pub fn verifier(&self) -> &LogVerifier {
        &self.verifier
    }
}

impl fmt::Debug for LogSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogSigner({}+{:08x})", self.name, self.key_id)
    }
}

impl signed_note::Signer for LogSigner {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::ed25519::signature::Error> {
        Ok(self.key.sign(msg).to_bytes().to_vec())
    }
}

/// A log's verifier key, parsed.
#[derive(Clone)]
pub struct LogVerifier {
    name: String,
    key_id: u32,
    vkey: String,
    inner: StandardVerifier,
}

impl LogVerifier {
    /// Parses a verifier key `<name>+<hex key id>+<base64(0x01 ‖ 32-byte public key)>`,
    /// checking that the key id is the one the name and key imply.
    pub fn parse(vkey: &str) -> Result<Self, KeyError> {
        let vkey = vkey.trim();
        let malformed = |why: &str| KeyError::MalformedVerifierKey {
            vkey: vkey.to_owned(),
            why: why.to_owned(),
        };
        let inner = StandardVerifier::new(vkey).map_err(|e| match e {
            VerifierError::Format => malformed("expected <name>+<8 hex digits>+<base64 key>"),
            VerifierError::Alg => malformed("not an Ed25519 (type 0x01) key"),
            VerifierError::Id => malformed("the key id does not match the name and key"),
        })?;
        use signed_note::Verifier as _;
        Ok(Self {
            name: inner.name().to_owned(),
            key_id: inner.key_id(),
            vkey: vkey.to_owned(),
            inner,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier key text.
    pub fn verifier_key(&self) -> &str {
        &self.vkey
    }
}

impl fmt::Debug for LogVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogVerifier({})", self.vkey)
    }
}

impl signed_note::Verifier for LogVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        self.inner.verify(msg, sig)
    }
}
