//! Key ids, secret keys and the keyed MAC state shared by the serial and PIN keyrings.
//!
//! A key id is one serial symbol, so it can travel inside the serial (32 ids; an id can be
//! reused once no live tag carries it). Each keyring keeps, per id, an HMAC-SHA256 whose
//! inner and outer pads are already absorbed: a MAC then costs a clone and two SHA-256
//! blocks instead of four, which keeps cheap the MAC check every scan makes before
//! anything else.

use super::alphabet::{symbol, value_of};
use super::seq::Seq;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use thiserror::Error;

type HmacSha256 = Hmac<Sha256>;

/// Shortest secret accepted: 128 bits (32 random bytes are recommended and generated).
pub const MIN_SECRET_BYTES: usize = 16;

/// Which of the 32 keys signed a serial; printed as the serial's first symbol.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(u8);

impl KeyId {
    /// From the symbol's value (0..32).
    pub fn new(value: u8) -> Result<Self, KeyError> {
        if value < 32 {
            Ok(Self(value))
        } else {
            Err(KeyError::InvalidId {
                id: value.to_string(),
            })
        }
    }

    /// From its one-symbol text, e.g. `"1"` or `"a"` (case-insensitive).
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let mut chars = text.trim().chars();
        match (chars.next().and_then(value_of), chars.next()) {
            (Some(v), None) => Ok(Self(v)),
            _ => Err(KeyError::InvalidId {
                id: text.to_owned(),
            }),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// From a decoded symbol value, which is always below 32.
    pub(crate) fn from_value_masked(value: u8) -> Self {
        Self(value & 0x1F)
    }

    pub fn symbol(self) -> char {
        char::from(symbol(self.0))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.symbol())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.symbol())
    }
}

/// Secret bytes of one key. `Debug` never shows them.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, KeyError> {
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(KeyError::TooShort { bytes: bytes.len() });
        }
        Ok(Self(bytes))
    }

    /// From hexadecimal text (either case, surrounding spaces ignored).
    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let bytes = hex::decode(text.trim()).map_err(|_| KeyError::NotHex)?;
        Self::from_bytes(bytes)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Keyed HMAC states by id plus the id new codes use. Shared by both keyring kinds.
#[derive(Clone)]
pub(crate) struct KeySet {
    macs: [Option<HmacSha256>; 32],
    current: KeyId,
    // A copy of the current key's state, so issuing with it needs no lookup that could fail.
    current_mac: HmacSha256,
}

impl KeySet {
    pub(crate) fn new(
        current: KeyId,
        keys: impl IntoIterator<Item = (KeyId, SecretKey)>,
    ) -> Result<Self, KeyError> {
        let mut macs: [Option<HmacSha256>; 32] = std::array::from_fn(|_| None);
        for (id, secret) in keys {
            let slot = &mut macs[usize::from(id.0)];
            if slot.is_some() {
                return Err(KeyError::Duplicate { id });
            }
            // HMAC accepts keys of any length, so this cannot fail.
            let mac = HmacSha256::new_from_slice(&secret.0).map_err(|_| KeyError::NotHex)?;
            *slot = Some(mac);
        }
        let current_mac = macs[usize::from(current.0)]
            .clone()
            .ok_or(KeyError::Unknown { id: current })?;
        Ok(Self {
            macs,
            current,
            current_mac,
        })
    }

    pub(crate) fn current(&self) -> KeyId {
        self.current
    }

    pub(crate) fn contains(&self, id: KeyId) -> bool {
        self.macs[usize::from(id.0)].is_some()
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = KeyId> + '_ {
        (0u8..32).map(KeyId).filter(|&id| self.contains(id))
    }

    /// HMAC-SHA256 under key `id` of `domain ‖ id ‖ seq` (seq as 8 bytes big-endian). The
    /// domain string keeps serial MACs and PINs apart even if a secret were reused.
    #[inline]
    pub(crate) fn tag(&self, id: KeyId, domain: &[u8; 16], seq: Seq) -> Option<[u8; 32]> {
        let keyed = self.macs[usize::from(id.0)].as_ref()?;
        Some(run_mac(keyed, id, domain, seq))
    }

    /// [`Self::tag`] under the current key.
    #[inline]
    pub(crate) fn tag_current(&self, domain: &[u8; 16], seq: Seq) -> [u8; 32] {
        run_mac(&self.current_mac, self.current, domain, seq)
    }
}

#[inline]
fn run_mac(keyed: &HmacSha256, id: KeyId, domain: &[u8; 16], seq: Seq) -> [u8; 32] {
    let mut mac = keyed.clone();
    let mut message = [0u8; 25];
    message[..16].copy_from_slice(domain);
    message[16] = id.0;
    message[17..].copy_from_slice(&seq.get().to_be_bytes());
    mac.update(&message);
    mac.finalize().into_bytes().into()
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet")
            .field("current", &self.current)
            .field("ids", &self.ids().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Why key material was refused, or a key was missing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("key id {id:?} is not one serial symbol (0-9, A-Z without I, L, O, U)")]
    InvalidId { id: String },
    #[error("a key secret must be hexadecimal")]
    NotHex,
    #[error("a key secret needs at least {MIN_SECRET_BYTES} bytes, got {bytes}")]
    TooShort { bytes: usize },
    #[error("key {id} is given twice")]
    Duplicate { id: KeyId },
    #[error("key {id} is not in the keyring")]
    Unknown { id: KeyId },
    #[error("key {id} is in the serial keyring or the PIN keyring but not both")]
    Unpaired { id: KeyId },
    #[error("the serial and PIN keyrings have different current keys ({serial} and {pin})")]
    CurrentMismatch { serial: KeyId, pin: KeyId },
    #[error("key {id:?} of the {ring} keyring: {source}")]
    Entry {
        ring: &'static str,
        id: String,
        #[source]
        source: Box<KeyError>,
    },
}
