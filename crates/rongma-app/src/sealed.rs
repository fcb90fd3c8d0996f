//! Personal data sealed at rest: a consumer's phone number is stored encrypted with
//! XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`) under the secrets file's
//! `phone_key`, bound to its complaint's ticket number, so a copy of the database alone
//! reveals no number and a sealed value moved to another complaint does not open. Stored
//! as `v1:` + base64 of the 24-byte random nonce and the ciphertext.

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

const PREFIX: &str = "v1:";

/// The sealing key.
#[derive(Clone)]
pub struct Sealer(XChaCha20Poly1305);

impl Sealer {
    /// From the 32-byte key in hex (checked when the secrets are loaded).
    pub fn new(hex_key: &str) -> Option<Self> {
        let key = hex::decode(hex_key).ok()?;
        XChaCha20Poly1305::new_from_slice(&key).ok().map(Self)
    }

    /// Seals `text` for the record `context` (a ticket number).
    pub fn seal(&self, text: &str, context: &str) -> String {
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .0
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: text.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("encryption of a short text cannot fail");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// Opens a value sealed for `context`. A value without the prefix is a number stored
    /// before sealing existed and is returned as it is; `None` if it does not open.
    pub fn open(&self, stored: &str, context: &str) -> Option<String> {
        let Some(b64) = stored.strip_prefix(PREFIX) else {
            return Some(stored.to_owned());
        };
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(24);
        let plain = self
            .0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> Sealer {
        Sealer::new(&"ab".repeat(32)).unwrap()
    }

    #[test]
    fn sealed_numbers_open_only_for_their_ticket_and_key() {
        let s = sealer();
        let sealed = s.seal("13800138000", "TS20261203000001");
        assert!(sealed.starts_with("v1:") && !sealed.contains("138001"));
        assert_ne!(
            sealed,
            s.seal("13800138000", "TS20261203000001"),
            "random nonce"
        );
        assert_eq!(
            s.open(&sealed, "TS20261203000001").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            s.open(&sealed, "TS20261203000002"),
            None,
            "moved to another ticket"
        );
        let other = Sealer::new(&"cd".repeat(32)).unwrap();
        assert_eq!(other.open(&sealed, "TS20261203000001"), None, "another key");
        let mut tampered = sealed.clone();
        let last = tampered.pop();
        tampered.push(if last == Some('A') { 'B' } else { 'A' });
        assert_eq!(s.open(&tampered, "TS20261203000001"), None);
        assert_eq!(
            s.open("13900001111", "x").as_deref(),
            Some("13900001111"),
            "legacy"
        );
    }
}
