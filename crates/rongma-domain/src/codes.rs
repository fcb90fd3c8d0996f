//! Codes on hang tags: the self-authenticating serial (信息码), the hidden PIN (防伪码) and
//! the QR URLs that carry the serial. Pure functions of key material and sequence numbers:
//! nothing here is stored, so a batch of N codes needs only its key id and sequence range.
//!
//! Layout:
//! - [`alphabet`](self) and the check character: 32 symbols, a GF(32) weighted check.
//! - [`Seq`], [`SeqRange`]: the global counter batches take ranges from.
//! - [`KeyId`], [`SecretKey`], [`Keyring`], [`PinKeyring`], [`CodeKeys`], [`KeyringConfig`]:
//!   key material with ids, for rotation.
//! - [`Serial`], [`Verified`]: issue, parse (format only), verify (MAC, constant time).
//! - [`Pin`]: derive and verify PINs.
//! - [`Serials`], [`Codes`]: enumerate a batch for exports.
//! - [`PublicHost`], [`UrlTemplate`], [`parse_code_path`]: QR URLs; their GTINs are read by
//!   [`crate::ids::Gtin`] ([`normalise_gtin`], [`GtinError`] are re-exported here).
//! - [`BatchDraft`] → [`BatchFields`]: a batch request checked against its product.
//! - [`size_of_code`], [`size_ranges`]: which size each code of a batch is.
//!
//! docs/CODES.md explains the format, the keys and their rotation, with test vectors.

mod alphabet;
mod batch;
mod check;
mod error;
mod issue;
mod keyring;
mod keys;
mod pin;
mod seq;
mod serial;
mod sizes;
mod url;

pub use batch::{Codes, IssuedCode, Serials};
pub use error::SerialError;
pub use issue::{BatchDraft, BatchFields, BatchSize, BatchSizeDraft, MAX_LOT_CHARS};
pub use keyring::{CodeKeys, Keyring, KeyringConfig, PinKeyring};
pub use keys::{KeyError, KeyId, SecretKey, MIN_SECRET_BYTES};
pub use pin::{Pin, PinError};
pub use seq::{Seq, SeqError, SeqRange};
pub use serial::{Serial, Verified};
pub use sizes::{size_of_code, size_ranges};
pub use url::{parse_code_path, CodePath, LinkError, PublicHost, UrlTemplate};

// GTINs are parsed by `ids::Gtin` (one parser for the registry and the codes); URLs carry
// their 14-digit form.
pub use crate::ids::{normalise_gtin, GtinError};
