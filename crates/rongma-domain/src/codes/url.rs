//! QR contents: all-upper-case URLs on the public host, and reading them back.
//!
//! Upper case lets the QR use alphanumeric mode (5.5 bits a character instead of 8), which
//! keeps the symbol at version 3–4 on a small tag. Two forms:
//! - short: `HTTPS://{HOST}/C/{SERIAL}`;
//! - GS1 Digital Link: `HTTPS://{HOST}/01/{GTIN-14}/21/{SERIAL}` for products with a GTIN.
//!
//! Scan pages route both, case-insensitively, through [`parse_code_path`].

use super::error::SerialError;
use super::serial::Serial;
use crate::ids::{normalise_gtin, GtinError};
use std::fmt;
use thiserror::Error;

/// The public host that QR URLs point at, upper-cased, e.g. `RONGMA.EXAMPLE.CN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublicHost(String);

impl PublicHost {
    /// A host name (letters, digits, `-`, `.`) with an optional `:port`; no scheme or path.
    pub fn parse(input: &str) -> Result<Self, LinkError> {
        let text = input.trim();
        if text.contains("://") || text.contains('/') {
            return Err(LinkError::Host {
                reason: "give the host name only, without https:// or a path",
            });
        }
        let (name, port) = match text.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (text, None),
        };
        let name_ok = !name.is_empty()
            && name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !name_ok {
            return Err(LinkError::Host {
                reason: "a host name is dot-separated labels of letters, digits and hyphens",
            });
        }
        if let Some(p) = port {
            if p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit()) {
                return Err(LinkError::Host {
                    reason: "a port is 1 to 5 digits",
                });
            }
        }
        Ok(Self(text.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything of a batch's URLs but the serial, prepared once per batch so that each URL
/// of an export costs one small string copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlTemplate {
    prefix: String,
}

impl UrlTemplate {
    /// `HTTPS://{HOST}/C/`
    pub fn short(host: &PublicHost) -> Self {
        Self {
            prefix: format!("HTTPS://{host}/C/"),
        }
    }

    /// `HTTPS://{HOST}/01/{GTIN-14}/21/`; the GTIN may be given in any of its lengths.
    pub fn digital_link(host: &PublicHost, gtin: &str) -> Result<Self, GtinError> {
        let gtin14 = normalise_gtin(gtin)?;
        Ok(Self {
            prefix: format!("HTTPS://{host}/01/{gtin14}/21/"),
        })
    }

    pub fn url(&self, serial: &Serial) -> String {
        let mut out = String::with_capacity(self.prefix.len() + Serial::LEN);
        self.write_url(serial, &mut out);
        out
    }

    /// Appends the URL of `serial` to `out` (no allocation when `out` has room).
    #[inline]
    pub fn write_url(&self, serial: &Serial, out: &mut String) {
        out.push_str(&self.prefix);
        out.push_str(serial.as_str());
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

/// What a scanned or pasted code URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodePath {
    /// Well-formed but not yet authenticated: verify it with the keyring.
    pub serial: Serial,
    /// GTIN-14 from a Digital Link URL.
    pub gtin: Option<String>,
}

/// Reads `/C/{serial}` or `/01/{gtin}/21/{serial}` in any case, as a path or a whole URL
/// (scheme and host are ignored), with an optional trailing slash, query or fragment.
pub fn parse_code_path(input: &str) -> Result<CodePath, LinkError> {
    let mut path = input.trim();
    if let Some(i) = path.find("://") {
        let after = &path[i + 3..];
        path = after.find('/').map_or("", |j| &after[j..]);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        [c, serial] if c.eq_ignore_ascii_case("c") => Ok(CodePath {
            serial: Serial::parse(serial)?,
            gtin: None,
        }),
        ["01", gtin, "21", serial] => Ok(CodePath {
            serial: Serial::parse(serial)?,
            gtin: Some(normalise_gtin(gtin)?),
        }),
        _ => Err(LinkError::NotACodePath),
    }
}

/// Why a host or a code URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("public host: {reason}")]
    Host { reason: &'static str },
    #[error("not a code URL: expected /C/{{serial}} or /01/{{GTIN}}/21/{{serial}}")]
    NotACodePath,
    #[error(transparent)]
    Serial(#[from] SerialError),
    #[error(transparent)]
    Gtin(#[from] GtinError),
}
