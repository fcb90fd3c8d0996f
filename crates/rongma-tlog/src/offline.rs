//! Offline proofs (C2SP tlog-proof v1): an entry's index, its inclusion proof and the
//! (cosigned) checkpoint in one text file that verifies with no network, given the log's key
//! and a witness policy.
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64 extra data>        (optional; rongma puts the entry itself here)
//! index <leaf index>
//! <base64 hash>                    (the inclusion proof, leaf's sibling first)
//!
//! <signed checkpoint note>
//! ```
//!
//! The extra data is not authenticated by anything but the proof itself: when it is used as the
//! entry, the inclusion proof is what binds it to the signed root.

use crate::checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
use crate::cosign::{Cosignature, WitnessPolicy};
use crate::hash::{leaf_hash, parse_hash, Hash};
use crate::keys::LogVerifier;
use crate::proofs::{verify_inclusion, ProofError};
use crate::text::parse_decimal;
use base64::Engine as _;

const HEADER: &str = "c2sp.org/tlog-proof@v1";
const MAX_PROOF_LINES: usize = 63;

/// Why an offline proof is malformed or does not verify.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OfflineProofError {
    #[error("the proof file is malformed: {0}")]
    Malformed(String),
    #[error("the proof's checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    #[error("the proof's inclusion proof: {0}")]
    Inclusion(#[from] ProofError),
    #[error("the proof carries no extra data to use as the entry")]
    NoEntry,
}

/// An offline proof, parsed or about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct OfflineProof {
    pub index: u64,
    pub proof: Vec<Hash>,
    pub extra: Option<Vec<u8>>,
    /// The signed checkpoint note, verbatim (with any cosignatures).
    pub checkpoint_note: Vec<u8>,
}

/// What a verified offline proof establishes.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedOfflineProof {
    pub index: u64,
    pub leaf_hash: Hash,
    pub checkpoint: Checkpoint,
    /// The policy's witnesses that cosigned the checkpoint.
    pub cosignatures: Vec<Cosignature>,
}

impl OfflineProof {
    /// The proof file's text.
    pub fn to_text(&self) -> Vec<u8> {
        let mut out = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!(
                "extra {}\n",
                base64::engine::general_purpose::STANDARD.encode(extra)
            ));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.proof {
            out.push_str(&format!("{h}\n"));
        }
        out.push('\n');
        let mut out = out.into_bytes();
        out.extend_from_slice(&self.checkpoint_note);
        out
    }

    /// Parses a proof file.
    pub fn parse(text: &[u8]) -> Result<Self, OfflineProofError> {
        let bad = |why: &str| OfflineProofError::Malformed(why.to_owned());
        let text = std::str::from_utf8(text).map_err(|_| bad("not UTF-8"))?;
        let (head, note) = text
            .split_once("\n\n")
            .ok_or_else(|| bad("no empty line before the checkpoint"))?;
        let mut lines = head.split('\n').peekable();
        if lines.next() != Some(HEADER) {
            return Err(bad("the first line is not c2sp.org/tlog-proof@v1"));
        }
        let extra = match lines.peek().and_then(|l| l.strip_prefix("extra ")) {
            Some(b64) => {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .map_err(|_| bad("the extra line is not base64"))?;
                lines.next();
                Some(data)
            }
            None => None,
        };
        let index = lines
            .next()
            .and_then(|l| l.strip_prefix("index "))
            .and_then(parse_decimal)
            .ok_or_else(|| bad("missing `index <n>` line in canonical decimal"))?;
        let proof = lines
            .map(|l| {
                parse_hash(l).ok_or_else(|| {
                    OfflineProofError::Malformed(format!("proof line {l:?} is not a base64 hash"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if proof.len() > MAX_PROOF_LINES {
            return Err(bad("more than 63 proof lines"));
        }
        Ok(Self {
            index,
            proof,
            extra,
            checkpoint_note: note.as_bytes().to_vec(),
        })
    }

    /// Verifies that the leaf with hash `leaf` is at `index` in the checkpointed tree, that the
    /// log signed the checkpoint and that the policy's quorum of witnesses cosigned it.
    pub fn verify(
        &self,
        leaf: Hash,
        log: &LogVerifier,
        policy: &WitnessPolicy,
    ) -> Result<VerifiedOfflineProof, OfflineProofError> {
        let signed = SignedCheckpoint::open(&self.checkpoint_note, log)?;
        let cosignatures = signed.check_policy(policy)?;
        let checkpoint = signed.checkpoint().clone();
        verify_inclusion(
            self.index,
            checkpoint.size(),
            leaf,
            &self.proof,
            checkpoint.root(),
        )?;
        Ok(VerifiedOfflineProof {
            index: self.index,
            leaf_hash: leaf,
            checkpoint,
            cosignatures,
        })
    }

    /// [`Self::verify`] for the entry `entry` (its RFC 6962 leaf hash).
    pub fn verify_entry(
        &self,
        entry: &[u8],
        log: &LogVerifier,
        policy: &WitnessPolicy,
    ) -> Result<VerifiedOfflineProof, OfflineProofError> {
        self.verify(leaf_hash(entry), log, policy)
    }

    /// [`Self::verify_entry`] taking the entry from the proof's extra data.
    pub fn verify_embedded_entry(
        &self,
        log: &LogVerifier,
        policy: &WitnessPolicy,
    ) -> Result<VerifiedOfflineProof, OfflineProofError> {
        let entry = self.extra.as_deref().ok_or(OfflineProofError::NoEntry)?;
        self.verify_entry(entry, log, policy)
    }
}
