//! Listing the signature lines of a signed note without verifying any, e.g. for a CLI to show
//! which witnesses a checkpoint claims, or to read a cosignature's timestamp.

use crate::checkpoint::CheckpointError;
use signed_note::{Note, Signature};

/// One signature line of a note, unverified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The signature bytes after the key id.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The timestamp a cosignature/v1 line carries (its payload is 8 timestamp bytes and a
    /// 64-byte Ed25519 signature); `None` for other signature sizes. Unverified.
    pub fn cosignature_timestamp(&self) -> Option<u64> {
        if self.signature.len() != 72 {
            return None;
        }
        let ts: [u8; 8] = self.signature[..8].try_into().ok()?;
        Some(u64::from_be_bytes(ts))
    }
}

/// The signature lines of a well-formed signed note, in order, none verified.
pub fn note_signatures(note: &[u8]) -> Result<Vec<NoteSignature>, CheckpointError> {
    // Parsing the whole note first applies the signed-note syntax rules to every line.
    Note::from_bytes(note).map_err(|_| CheckpointError::MalformedNote)?;
    let text = std::str::from_utf8(note).map_err(|_| CheckpointError::MalformedNote)?;
    let (_, lines) = text
        .rsplit_once("\n\n")
        .ok_or(CheckpointError::MalformedNote)?;
    lines
        .lines()
        .map(|line| {
            let sig = Signature::from_bytes(line.as_bytes())
                .map_err(|_| CheckpointError::MalformedNote)?;
            Ok(NoteSignature {
                name: sig.name().to_owned(),
                key_id: sig.id(),
                signature: sig.signature().to_vec(),
            })
        })
        .collect()
}
