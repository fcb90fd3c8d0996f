//! The verifier's remembered checkpoint: the state file `rongma log verify` keeps between runs,
//! so that a log which rewrites history after a verification is caught on the next.
//!
//! The file is the signed checkpoint note exactly as the log served it. Keeping the signature
//! matters: two signed checkpoints that are not consistent are proof the log misbehaved.

use crate::checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
use crate::hash::Hash;
use crate::keys::LogVerifier;
use signed_note::Note;

/// Why a state file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("the remembered checkpoint file is not a signed checkpoint note: {0}")]
    Malformed(#[from] CheckpointError),
}

/// A checkpoint verified earlier.
#[derive(Debug, Clone, PartialEq)]
pub struct RememberedCheckpoint {
    checkpoint: Checkpoint,
    note: Vec<u8>,
}

impl RememberedCheckpoint {
    /// Remember a checkpoint that was just verified.
    pub fn from_signed(signed: &SignedCheckpoint) -> Self {
        Self {
            checkpoint: signed.checkpoint().clone(),
            note: signed.to_bytes(),
        }
    }

    /// Reads a state file. Its signature is not checked here (it is the user's own file, written
    /// after a verification); use [`Self::open`] to check it too.
    pub fn parse(file: &[u8]) -> Result<Self, StateError> {
        let note = Note::from_bytes(file).map_err(|_| CheckpointError::MalformedNote)?;
        let checkpoint = Checkpoint::parse_text(note.text())?;
        Ok(Self {
            checkpoint,
            note: file.to_vec(),
        })
    }

    /// Reads a state file and verifies the log's signature on it.
    pub fn open(file: &[u8], log: &LogVerifier) -> Result<Self, StateError> {
        let signed = SignedCheckpoint::open(file, log)?;
        Ok(Self {
            checkpoint: signed.checkpoint().clone(),
            note: file.to_vec(),
        })
    }

    /// The state file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.note.clone()
    }

    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    pub fn origin(&self) -> &str {
        self.checkpoint.origin()
    }

    pub fn size(&self) -> u64 {
        self.checkpoint.size()
    }

    pub fn root(&self) -> Hash {
        self.checkpoint.root()
    }
}
