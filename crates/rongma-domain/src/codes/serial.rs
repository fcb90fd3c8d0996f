//! The serial printed on every tag: `[key id][sequence ×8][MAC ×8][check]`, 18 symbols.
//!
//! The sequence makes it unique, the 40-bit MAC makes it self-authenticating (a guess or a
//! forgery passes with probability 2⁻⁴⁰ and is refused without a database read), the key
//! id says which key to verify it with, and the check character catches typing mistakes
//! before any of that. Layout and vectors: docs/CODES.md.

use super::alphabet::{decode_values, symbol, value_of};
use super::check::check_value;
use super::error::SerialError;
use super::keyring::Keyring;
use super::keys::{KeyError, KeyId, KeySet};
use super::seq::Seq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use subtle::ConstantTimeEq;

/// Domain-separation prefix of serial MAC messages (16 bytes).
pub(crate) const SERIAL_DOMAIN: &[u8; 16] = b"rongma/serial/v1";

/// Mask of the 40 MAC bits.
const MAC_MASK: u64 = (1 << 40) - 1;

/// A well-formed serial in canonical (upper-case) form. Well-formed is not authentic: use
/// [`Keyring::verify`] for that.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serial {
    // The fields below are decoded from `text` once, so ordering and equality follow it.
    text: [u8; Serial::LEN],
    key_id: KeyId,
    seq: Seq,
    mac: u64,
}

/// A serial whose MAC was checked, with what it encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verified {
    pub serial: Serial,
    pub key_id: KeyId,
    pub seq: Seq,
}

impl Serial {
    /// Number of symbols.
    pub const LEN: usize = 18;
    /// Most characters a typed serial may have, separators included, before it is refused
    /// unread (keeps hostile input cheap).
    const MAX_INPUT: usize = 64;

    /// The serial of `seq` under the keyring's current key.
    pub fn issue(keys: &Keyring, seq: Seq) -> Serial {
        let tag = keys.0.tag_current(SERIAL_DOMAIN, seq);
        Self::from_parts(keys.current(), seq, mac40(&tag))
    }

    /// Computes the serial under key `id` of `keys`, `None` when the key is absent.
    #[inline]
    pub(crate) fn issue_under(keys: &KeySet, id: KeyId, seq: Seq) -> Option<Serial> {
        let tag = keys.tag(id, SERIAL_DOMAIN, seq)?;
        Some(Self::from_parts(id, seq, mac40(&tag)))
    }

    /// Assembles a serial from its fields and computes the check character. The MAC is
    /// taken as given (low 40 bits), so the result is well-formed but authentic only if
    /// `mac` is the true one; tests use this to build near-forgeries.
    pub fn from_parts(key_id: KeyId, seq: Seq, mac: u64) -> Serial {
        let mac = mac & MAC_MASK;
        let mut values = [0u8; Self::LEN];
        values[0] = key_id.value();
        split5(seq.get(), &mut values[1..9]);
        split5(mac, &mut values[9..17]);
        let mut data = [0u8; 17];
        data.copy_from_slice(&values[..17]);
        values[17] = check_value(&data);
        Serial {
            text: values.map(symbol),
            key_id,
            seq,
            mac,
        }
    }

    /// Reads a typed or scanned serial: case-insensitive, O/I/L read as 0/1/1, spaces and
    /// hyphens between groups ignored. Checks length, characters and the check character.
    pub fn parse(input: &str) -> Result<Serial, SerialError> {
        let mut values = [0u8; Self::LEN];
        let mut found = 0usize;
        for (i, c) in input.trim().chars().enumerate() {
            if i >= Self::MAX_INPUT {
                found = found.max(Self::LEN + 1);
                break;
            }
            if c == ' ' || c == '-' {
                continue;
            }
            let v = value_of(c).ok_or(SerialError::Character {
                position: i + 1,
                found: c,
            })?;
            if let Some(slot) = values.get_mut(found) {
                *slot = v;
            }
            found += 1;
        }
        if found != Self::LEN {
            return Err(SerialError::Length {
                expected: Self::LEN,
                found,
            });
        }
        let mut data = [0u8; 17];
        data.copy_from_slice(&values[..17]);
        let expected = check_value(&data);
        if expected != values[17] {
            return Err(SerialError::CheckCharacter {
                expected: char::from(symbol(expected)),
                found: char::from(symbol(values[17])),
            });
        }
        Ok(Serial {
            text: values.map(symbol),
            key_id: KeyId::from_value_masked(values[0]),
            seq: Seq::from_bits40(decode_values(&values[1..9])),
            mac: decode_values(&values[9..17]),
        })
    }

    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    pub fn seq(&self) -> Seq {
        self.seq
    }

    /// The 40 MAC bits as written in the serial.
    pub fn mac_bits(&self) -> u64 {
        self.mac
    }

    pub fn as_str(&self) -> &str {
        // Every byte comes from the ASCII alphabet, so this never falls back.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// Three groups of six for printing and reading aloud: `100000 001ABC DEFGHX`.
    pub fn grouped(&self) -> String {
        let s = self.as_str();
        format!("{} {} {}", &s[..6], &s[6..12], &s[12..])
    }
}

/// Splits `value` into `out.len()` five-bit values, most significant first.
#[inline]
fn split5(value: u64, out: &mut [u8]) {
    let n = out.len();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = ((value >> (5 * (n - 1 - i))) & 0x1F) as u8;
    }
}

/// The first 40 bits of an HMAC output, big-endian.
#[inline]
pub(crate) fn mac40(tag: &[u8; 32]) -> u64 {
    u64::from_be_bytes([0, 0, 0, tag[0], tag[1], tag[2], tag[3], tag[4]])
}

impl Keyring {
    /// The serial of `seq` under key `id` (a batch keeps the key it was issued with).
    pub fn issue_with(&self, id: KeyId, seq: Seq) -> Result<Serial, KeyError> {
        Serial::issue_under(&self.0, id, seq).ok_or(KeyError::Unknown { id })
    }

    /// Parses and authenticates a typed or scanned serial. No database is read: a forged
    /// serial fails here. The MAC comparison is constant-time.
    pub fn verify(&self, input: &str) -> Result<Verified, SerialError> {
        self.verify_serial(&Serial::parse(input)?)
    }

    /// Authenticates an already parsed serial.
    pub fn verify_serial(&self, serial: &Serial) -> Result<Verified, SerialError> {
        let (key_id, seq) = (serial.key_id, serial.seq);
        let tag = self
            .0
            .tag(key_id, SERIAL_DOMAIN, seq)
            .ok_or(SerialError::UnknownKey {
                key_id: key_id.symbol(),
            })?;
        if bool::from(mac40(&tag).ct_eq(&serial.mac)) {
            Ok(Verified {
                serial: *serial,
                key_id,
                seq,
            })
        } else {
            Err(SerialError::NotAuthentic)
        }
    }
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Serial({})", self.as_str())
    }
}

impl std::str::FromStr for Serial {
    type Err = SerialError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Serial::parse(s)
    }
}

impl Serialize for Serial {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Serial {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Serial::parse(&text).map_err(serde::de::Error::custom)
    }
}
