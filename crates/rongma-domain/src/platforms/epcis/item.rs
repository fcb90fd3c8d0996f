//! Item identifiers for `epcList`: a code's Digital Link URI in lower case (the QR's
//! upper-case form is for the symbol, not for data exchange), or its short code URL.

use crate::codes::{normalise_gtin, GtinError, PublicHost, Serial};
use std::fmt;
use thiserror::Error;

/// An absolute http(s) URI naming one item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ItemUri(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ItemUriError {
    #[error("an item id is an absolute https:// or http:// URI, got {found:?}")]
    NotHttp { found: String },
    #[error("an item id has no spaces or control characters")]
    Character,
    #[error(transparent)]
    Gtin(#[from] GtinError),
}

fn host_text(host: &PublicHost) -> String {
    host.as_str().to_ascii_lowercase()
}

impl ItemUri {
    /// `https://{host}/01/{GTIN-14}/21/{serial}`; the GTIN may be given in any length.
    pub fn digital_link(
        host: &PublicHost,
        gtin: &str,
        serial: &Serial,
    ) -> Result<Self, ItemUriError> {
        let gtin = normalise_gtin(gtin)?;
        Ok(Self(format!(
            "https://{}/01/{gtin}/21/{}",
            host_text(host),
            serial.as_str()
        )))
    }

    /// `https://{host}/C/{serial}` for a product without a GTIN (the path of the printed code).
    pub fn short(host: &PublicHost, serial: &Serial) -> Self {
        Self(format!("https://{}/C/{}", host_text(host), serial.as_str()))
    }

    /// Any other item URI (an EPC URN is not accepted: EPCIS 2.0 JSON names items by
    /// Web URIs).
    pub fn parse(text: &str) -> Result<Self, ItemUriError> {
        let t = text.trim();
        let rest = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"))
            .filter(|r| !r.is_empty() && !r.starts_with('/'))
            .ok_or_else(|| ItemUriError::NotHttp {
                found: t.to_owned(),
            })?;
        if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ItemUriError::Character);
        }
        Ok(Self(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
