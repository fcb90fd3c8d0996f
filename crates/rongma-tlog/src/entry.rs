//! Log entries: the canonical JSON bytes of one decision, and their RFC 6962 leaf hash.
//!
//! Canonical form is RFC 8785 (JCS) restricted to what a decision needs: UTF-8, object members
//! sorted by the UTF-16 code units of their names, no insignificant whitespace, strings escaped
//! as JCS and `serde_json` both do (only `"`, `\` and control characters; lowercase `\u00xx`).
//! Numbers must be integers within ±(2⁵³−1): floats (even `1.0`) and larger integers are
//! refused, because their text is not stable across JSON producers (JCS writes numbers as
//! ECMAScript doubles). Write amounts, measurements and big identifiers as strings.
//!
//! An entry must fit the tile-entries bundle's big-endian uint16 length prefix: at most
//! [`MAX_ENTRY_LEN`] bytes.

use crate::hash::{leaf_hash, Hash};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write as _;

/// The largest entry a bundle's uint16 length prefix can carry.
pub const MAX_ENTRY_LEN: usize = 65_535;

/// The largest integer magnitude written exactly by every JSON producer (2⁵³ − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a value cannot become a log entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("entry field {path} is a non-integer number ({value}); log entries take integers or strings")]
    Float { path: String, value: String },
    #[error("entry field {path} is the integer {value}, beyond ±(2^53-1); write it as a string")]
    IntegerOutOfRange { path: String, value: String },
    #[error("entry is {len} bytes; a log entry may be at most 65535 bytes (uint16 length prefix)")]
    TooLarge { len: usize },
    #[error("entry could not be serialised to JSON: {0}")]
    Serialize(String),
}

/// One log entry: bytes that are at most [`MAX_ENTRY_LEN`] long. Entries built from JSON are
/// canonical; [`Entry::from_bytes`] takes bytes as stored (the verifier re-hashes what it is
/// served and does not judge their form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry(Vec<u8>);

impl Entry {
    /// The canonical JSON entry of a JSON value.
    pub fn from_json(value: &Value) -> Result<Self, EntryError> {
        Self::from_bytes(canonical_json(value)?)
    }

    /// The canonical JSON entry of any serialisable decision record.
    pub fn from_serialize<T: Serialize + ?Sized>(record: &T) -> Result<Self, EntryError> {
        let value =
            serde_json::to_value(record).map_err(|e| EntryError::Serialize(e.to_string()))?;
        Self::from_json(&value)
    }

    /// An entry from bytes already stored (for example read back from the database).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, EntryError> {
        if bytes.len() > MAX_ENTRY_LEN {
            return Err(EntryError::TooLarge { len: bytes.len() });
        }
        Ok(Self(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The RFC 6962 leaf hash, SHA-256(0x00 ‖ entry).
    pub fn leaf_hash(&self) -> Hash {
        leaf_hash(&self.0)
    }
}

impl AsRef<[u8]> for Entry {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The canonical JSON text of `value` (see the module documentation), without the size limit.
pub fn canonical_json(value: &Value) -> Result<Vec<u8>, EntryError> {
    let mut out = String::new();
    let mut path = String::from("$");
    write_value(&mut out, &mut path, value)?;
    Ok(out.into_bytes())
}

fn write_value(out: &mut String, path: &mut String, value: &Value) -> Result<(), EntryError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, path, n)?,
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let len = path.len();
                let _ = write!(path, "[{i}]");
                write_value(out, path, item)?;
                path.truncate(len);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            // JCS orders member names by UTF-16 code units, not by UTF-8 bytes (they differ
            // only for names mixing supplementary-plane and U+E000..U+FFFF characters).
            sorted.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (name, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                let len = path.len();
                path.push('.');
                path.push_str(name);
                write_value(out, path, member)?;
                path.truncate(len);
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_number(out: &mut String, path: &str, n: &serde_json::Number) -> Result<(), EntryError> {
    let magnitude = if let Some(i) = n.as_i64() {
        i.unsigned_abs()
    } else if let Some(u) = n.as_u64() {
        u
    } else {
        return Err(EntryError::Float {
            path: path.to_owned(),
            value: n.to_string(),
        });
    };
    if magnitude > MAX_SAFE_INTEGER {
        return Err(EntryError::IntegerOutOfRange {
            path: path.to_owned(),
            value: n.to_string(),
        });
    }
    let _ = write!(out, "{n}");
    Ok(())
}

fn write_string(out: &mut String, s: &str) {
    // serde_json escapes exactly as JCS requires (short escapes for \b \f \n \r \t, lowercase
    // \u00xx for other control characters, nothing else); serialising a str cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}
