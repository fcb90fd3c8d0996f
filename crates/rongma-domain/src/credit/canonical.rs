//! Canonical JSON, the bytes a credit report's signature covers: object keys sorted by
//! their UTF-16 code units, no whitespace, strings escaped minimally (`\"`, `\\`, `\b`,
//! `\f`, `\n`, `\r`, `\t`, other controls as `\u00xx`), everything else as UTF-8.
//!
//! This is RFC 8785 (JCS) restricted to integers: a report holds decimals as strings and
//! never a binary float, so a number with a fraction or exponent is refused rather than
//! given ES6 formatting. Duplicate keys are refused too (RFC 8785 §3.1), so two readers
//! can never see different values in one signed file.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text is not canonicalisable JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not canonical-JSON input: {0}")]
pub struct CanonicalError(pub String);

/// A parsed JSON value that remembers nothing a canonical form ignores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Canon {
    Null,
    Bool(bool),
    Int(i128),
    Str(String),
    Array(Vec<Canon>),
    Object(Vec<(String, Canon)>),
}

impl Canon {
    pub fn parse(bytes: &[u8]) -> Result<Canon, CanonicalError> {
        serde_json::from_slice(bytes).map_err(|e| CanonicalError(e.to_string()))
    }

    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Canon> {
        match self {
            Canon::Object(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        match self {
            Canon::Null => out.extend_from_slice(b"null"),
            Canon::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Canon::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Canon::Str(s) => write_str(s, out),
            Canon::Array(items) => {
                out.push(b'[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    v.write(out);
                }
                out.push(b']');
            }
            Canon::Object(kv) => {
                let mut sorted: Vec<&(String, Canon)> = kv.iter().collect();
                sorted.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
                out.push(b'{');
                for (i, (k, v)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_str(k, out);
                    out.push(b':');
                    v.write(out);
                }
                out.push(b'}');
            }
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out);
        out
    }
}

fn write_str(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// The canonical form of a JSON text.
pub fn canonical_json(json: &[u8]) -> Result<Vec<u8>, CanonicalError> {
    Ok(Canon::parse(json)?.to_bytes())
}

/// The canonical form of a value rongma serialises.
pub(super) fn canonical_of<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let json = serde_json::to_vec(value).map_err(|e| CanonicalError(e.to_string()))?;
    canonical_json(&json)
}

impl<'de> Deserialize<'de> for Canon {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CanonVisitor)
    }
}

struct CanonVisitor;

impl<'de> Visitor<'de> for CanonVisitor {
    type Value = Canon;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value with integer numbers only")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Canon, E> {
        Ok(Canon::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Canon, E> {
        Ok(Canon::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Canon, E> {
        Ok(Canon::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Canon, E> {
        Ok(Canon::Int(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Canon, E> {
        Err(E::custom(format!(
            "the number {v} is not an integer (write decimals as strings)"
        )))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Canon, E> {
        Ok(Canon::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Canon, E> {
        Ok(Canon::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Canon, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Canon::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Canon, A::Error> {
        let mut kv: Vec<(String, Canon)> = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if kv.iter().any(|(seen, _)| *seen == k) {
                return Err(de::Error::custom(format!("duplicate key {k:?}")));
            }
            let v = map.next_value()?;
            kv.push((k, v));
        }
        Ok(Canon::Object(kv))
    }
}
