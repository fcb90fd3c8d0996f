//! C2SP checkpoints: the note text `<origin>\n<size>\n<base64 root>\n[extension lines]`, signed
//! by the log as a C2SP signed note and optionally cosigned by witnesses.
//!
//! Text parsing is `tlog_tiles::Checkpoint`'s and note parsing, signing and verification are
//! `signed_note`'s. Opening a note ignores signatures by keys other than the log's, as the spec
//! demands, but keeps them so cosignatures can be checked against witness keys and served on.
//! The log's key name must equal the checkpoint origin (rongma's convention, recommended by
//! tlog-checkpoint).

use crate::hash::Hash;
use crate::keys::{LogSigner, LogVerifier};
use signed_note::{is_key_name_valid, Note, NoteError, Signature, VerifierList};

/// Why a checkpoint or its signatures are not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint is not a well-formed signed note")]
    MalformedNote,
    #[error("the checkpoint note text is not <origin>, <size>, <base64 root hash> and non-empty extension lines")]
    MalformedText,
    #[error(
        "checkpoint origin {origin:?} is not a valid key name (empty, or contains a space or '+')"
    )]
    InvalidOrigin { origin: String },
    #[error("checkpoint origin {origin:?} is not the log key's name {key_name:?}")]
    OriginMismatch { origin: String, key_name: String },
    #[error("the checkpoint carries no signature by the log key {key}")]
    NotSignedByLog { key: String },
    #[error("the signature by {key} on the checkpoint does not verify")]
    BadSignature { key: String },
    #[error("signing the checkpoint failed: {0}")]
    Signing(String),
    #[error("cosignature line {line:?} is malformed")]
    MalformedCosignature { line: String },
    #[error("cosignature by {witness} is not from a known witness key")]
    UnknownWitness { witness: String },
    #[error("cosignature by witness {witness} does not verify over this checkpoint")]
    BadCosignature { witness: String },
    #[error("{have} trusted witnesses cosigned the checkpoint; the policy requires {need}")]
    QuorumNotMet { have: usize, need: usize },
}

/// A checkpoint's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    origin: String,
    size: u64,
    root: Hash,
    extension: String,
}

impl Checkpoint {
    /// The checkpoint of tree `size` with root hash `root` for log `origin`.
    pub fn new(origin: &str, size: u64, root: Hash) -> Result<Self, CheckpointError> {
        if !is_key_name_valid(origin) {
            return Err(CheckpointError::InvalidOrigin {
                origin: origin.to_owned(),
            });
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
            extension: String::new(),
        })
    }

    /// Parses a checkpoint note text (the note without its signatures).
    pub fn parse_text(text: &[u8]) -> Result<Self, CheckpointError> {
        let parsed =
            tlog_tiles::Checkpoint::from_bytes(text).map_err(|_| CheckpointError::MalformedText)?;
        Ok(Self {
            origin: parsed.origin().to_owned(),
            size: parsed.size(),
            root: *parsed.hash(),
            extension: parsed.extension().to_owned(),
        })
    }

    /// The note text, ending in a newline.
    pub fn to_text(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.origin, self.size, self.root, self.extension
        )
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn root(&self) -> Hash {
        self.root
    }

    /// Extension lines (each ending in a newline), empty for rongma's own checkpoints.
    pub fn extension(&self) -> &str {
        &self.extension
    }

    /// Signs the checkpoint with the log key, whose name must be the origin.
    pub fn sign(&self, signer: &LogSigner) -> Result<SignedCheckpoint, CheckpointError> {
        if signer.name() != self.origin {
            return Err(CheckpointError::OriginMismatch {
                origin: self.origin.clone(),
                key_name: signer.name().to_owned(),
            });
        }
        let text = self.to_text().into_bytes();
        let mut note = Note::new(&text, &[]).map_err(|_| CheckpointError::MalformedText)?;
        note.add_sigs(&[signer])
            .map_err(|e| CheckpointError::Signing(e.to_string()))?;
        let reopened =
            Note::from_bytes(&note.to_bytes()).map_err(|_| CheckpointError::MalformedNote)?;
        SignedCheckpoint::from_note(reopened, signer.verifier())
    }
}

/// A checkpoint whose log signature has been verified, with any other signature lines it carries.
#[derive(Debug, Clone)]
pub struct SignedCheckpoint {
    checkpoint: Checkpoint,
    pub(crate) text: Vec<u8>,
    pub(crate) log_signatures: Vec<Signature>,
    pub(crate) others: Vec<Signature>,
}

impl SignedCheckpoint {
    /// Parses a signed checkpoint note and verifies the log's signature on it.
    pub fn open(note: &[u8], log: &LogVerifier) -> Result<Self, CheckpointError> {
        let note = Note::from_bytes(note).map_err(|_| CheckpointError::MalformedNote)?;
        Self::from_note(note, log)
    }

    fn from_note(note: Note, log: &LogVerifier) -> Result<Self, CheckpointError> {
        let key = format!("{}+{:08x}", log.name(), log.key_id());
        let known = VerifierList::new(vec![Box::new(log.clone())]);
        let (log_signatures, others) = note.verify(&known).map_err(|e| match e {
            NoteError::UnverifiedNote => CheckpointError::NotSignedByLog { key: key.clone() },
            NoteError::MalformedNote => CheckpointError::MalformedNote,
            _ => CheckpointError::BadSignature { key: key.clone() },
        })?;
        let checkpoint = Checkpoint::parse_text(note.text())?;
        if checkpoint.origin != log.name() {
            return Err(CheckpointError::OriginMismatch {
                origin: checkpoint.origin,
                key_name: log.name().to_owned(),
            });
        }
        Ok(Self {
            checkpoint,
            text: note.text().to_vec(),
            log_signatures,
            others,
        })
    }

    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// The note text that was signed (what witnesses cosign).
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// The whole signed note: the log's signatures, then every other signature line.
    pub fn to_bytes(&self) -> Vec<u8> {
        // The signed-note layout: text, a blank line, one line per signature.
        let mut out = self.text.clone();
        out.push(b'\n');
        for sig in self.log_signatures.iter().chain(&self.others) {
            out.extend_from_slice(&sig.to_bytes());
        }
        out
    }

    /// Signature lines by keys other than the log's, unverified: `(key name, key id)`.
    pub fn other_signatures(&self) -> Vec<(String, u32)> {
        self.others
            .iter()
            .map(|s| (s.name().to_owned(), s.id()))
            .collect()
    }
}
