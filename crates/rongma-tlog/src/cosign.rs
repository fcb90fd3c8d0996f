//! Witness keys and C2SP tlog-cosignature v1 (timestamped Ed25519, signature type 0x04).
//!
//! Per the spec: key id = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]; the signed message is
//! `cosignature/v1\ntime <unix seconds>\n` followed by the checkpoint's note text; the note
//! signature is the 8-byte big-endian timestamp followed by the 64-byte Ed25519 signature. The
//! timestamp must be non-zero and at most 2⁶³−1. (The spec recommends ML-DSA-44 cosignatures for
//! new deployments; rongma uses the Ed25519 v1 type its brief asks for, which every witness
//! implementation understands.)

use crate::keys::KeyError;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use signed_note::{is_key_name_valid, key_id};
use std::fmt;

const ALG_COSIGNATURE_V1: u8 = 0x04;
const SIGNATURE_LEN: usize = 8 + 64;
const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// A verified cosignature: which witness, and when it says it cosigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosignature {
    pub witness: String,
    pub key_id: u32,
    /// Unix seconds, as the witness signed it.
    pub timestamp: u64,
}

fn signed_message(timestamp: u64, checkpoint_text: &[u8]) -> Vec<u8> {
    let mut msg = format!("cosignature/v1\ntime {timestamp}\n").into_bytes();
    msg.extend_from_slice(checkpoint_text);
    msg
}

/// A witness's signing key. Its `Debug` shows the name and key id only.
#[derive(Clone)]
pub struct WitnessSigner {
    key: SigningKey,
    verifier: WitnessVerifier,
}

impl WitnessSigner {
    /// The witness key with this 32-byte seed, named `name` (e.g. `witness.example.cn/w1`).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, KeyError> {
        let key = SigningKey::from_bytes(seed);
        let verifier = WitnessVerifier::new(name, key.verifying_key())?;
        Ok(Self { key, verifier })
    }

    pub fn name(&self) -> &str {
        self.verifier.name()
    }

    pub fn key_id(&self) -> u32 {
        self.verifier.key_id()
    }

    /// The witness's verifier key, `<name>+<hex key id>+<base64(0x04 ‖ public key)>`.
    pub fn verifier_key(&self) -> &str {
        self.verifier.verifier_key()
    }

    pub fn verifier(&self) -> &WitnessVerifier {
        &self.verifier
    }

    /// The note signature line (`— <name> <base64>\n`) cosigning the checkpoint whose note text
    /// is `checkpoint_text`, at `timestamp` (Unix seconds). `None` if the timestamp is zero or
    /// above 2⁶³−1, which the spec forbids.
    pub fn cosign(&self, checkpoint_text: &[u8], timestamp: u64) -> Option<String> {
        if timestamp == 0 || timestamp > MAX_TIMESTAMP {
            return None;
        }
        let signature = self.key.sign(&signed_message(timestamp, checkpoint_text));
        let mut payload = self.key_id().to_be_bytes().to_vec();
        payload.extend_from_slice(&timestamp.to_be_bytes());
        payload.extend_from_slice(&signature.to_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(payload);
        Some(format!("— {} {b64}\n", self.name()))
    }
}

impl fmt::Debug for WitnessSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WitnessSigner({}+{:08x})", self.name(), self.key_id())
    }
}

/// A witness's verifier key, parsed.
#[derive(Clone)]
pub struct WitnessVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
    vkey: String,
}

impl WitnessVerifier {
    fn new(name: &str, key: VerifyingKey) -> Result<Self, KeyError> {
        if !is_key_name_valid(name) {
            return Err(KeyError::InvalidName {
                name: name.to_owned(),
            });
        }
        let mut public = vec![ALG_COSIGNATURE_V1];
        public.extend_from_slice(key.as_bytes());
        let key_id = key_id(name, &public);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&public);
        Ok(Self {
            name: name.to_owned(),
            key_id,
            key,
            vkey: format!("{name}+{key_id:08x}+{b64}"),
        })
    }

    /// Parses `<name>+<hex key id>+<base64(0x04 ‖ 32-byte public key)>`, checking the key id.
    pub fn parse(vkey: &str) -> Result<Self, KeyError> {
        let vkey = vkey.trim();
        let malformed = |why: &str| KeyError::MalformedVerifierKey {
            vkey: vkey.to_owned(),
            why: why.to_owned(),
        };
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id_hex), Some(key_b64)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed("expected <name>+<8 hex digits>+<base64 key>"));
        };
        if id_hex.len() != 8 {
            return Err(malformed("the key id must be 8 hex digits"));
        }
        let id = u32::from_str_radix(id_hex, 16).map_err(|_| malformed("the key id is not hex"))?;
        let public = base64::engine::general_purpose::STANDARD
            .decode(key_b64)
            .map_err(|_| malformed("the key is not base64"))?;
        let Some((&ALG_COSIGNATURE_V1, key)) = public.split_first() else {
            return Err(malformed("not a cosignature/v1 (type 0x04) key"));
        };
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| malformed("the Ed25519 key is not 32 bytes"))?;
        let key =
            VerifyingKey::from_bytes(&key).map_err(|_| malformed("not a valid Ed25519 point"))?;
        let verifier = Self::new(name, key)?;
        if verifier.key_id != id {
            return Err(malformed("the key id does not match the name and key"));
        }
        Ok(verifier)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn verifier_key(&self) -> &str {
        &self.vkey
    }

    /// The timestamp of a cosignature payload (after the key id) if it verifies over
    /// `checkpoint_text`.
    pub(crate) fn verified_timestamp(&self, checkpoint_text: &[u8], sig: &[u8]) -> Option<u64> {
        if sig.len() != SIGNATURE_LEN {
            return None;
        }
        let (ts, sig) = sig.split_at(8);
        let timestamp = u64::from_be_bytes(ts.try_into().ok()?);
        if timestamp > MAX_TIMESTAMP {
            return None;
        }
        let sig = ed25519_dalek::Signature::from_slice(sig).ok()?;
        self.key
            .verify(&signed_message(timestamp, checkpoint_text), &sig)
            .ok()?;
        Some(timestamp)
    }
}

impl fmt::Debug for WitnessVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WitnessVerifier({})", self.vkey)
    }
}

impl signed_note::Verifier for WitnessVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        self.verified_timestamp(msg, sig).is_some()
    }
}

/// Which witnesses a verifier trusts and how many of them must have cosigned (k of n).
#[derive(Debug, Clone)]
pub struct WitnessPolicy {
    witnesses: Vec<WitnessVerifier>,
    quorum: usize,
}

impl WitnessPolicy {
    /// At least `quorum` distinct witnesses among `witnesses` must have cosigned. `None` if the
    /// quorum exceeds the number of witnesses (it could never be met).
    pub fn new(witnesses: Vec<WitnessVerifier>, quorum: usize) -> Option<Self> {
        (quorum <= witnesses.len()).then_some(Self { witnesses, quorum })
    }

    /// No witness is required (`quorum none` in tlog-policy terms).
    pub fn none() -> Self {
        Self {
            witnesses: Vec::new(),
            quorum: 0,
        }
    }

    pub fn witnesses(&self) -> &[WitnessVerifier] {
        &self.witnesses
    }

    pub fn quorum(&self) -> usize {
        self.quorum
    }
}
