//! The C2SP tlog-witness `add-checkpoint` exchange: the request body, and the witness's decision
//! as a pure function of its persisted state, the log's keys, the request and the clock.
//!
//! Body: `old <size>\n`, up to 63 base64 consistency-proof lines, an empty line, then the signed
//! checkpoint note. The witness answers 200 with cosignature lines, or refuses: 400 malformed
//! request or old size above the checkpoint size, 403 no valid signature by a trusted log key
//! (or a trusted key's signature fails), 404 unknown origin, 409 old size is not the size it last
//! cosigned (body `<size>\n`, `Content-Type: text/x.tlog.size`), 422 a bad proof, a wrong
//! empty-tree root, or a different root at the same size.
//!
//! The caller must read the state, decide and persist [`Cosigned::new_state`] atomically (one
//! transaction, or a compare-and-swap on the old size) and persist *before* answering, or two
//! concurrent requests can roll the witness's view back.

use crate::checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
use crate::cosign::WitnessSigner;
use crate::hash::{parse_hash, Hash, EMPTY_HASH};
use crate::keys::LogVerifier;
use crate::proofs::verify_consistency;
use crate::text::parse_decimal;
use signed_note::Note;

const MAX_PROOF_LINES: usize = 63;

/// What a witness remembers about one log (by origin): the checkpoint it last cosigned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WitnessState {
    pub size: u64,
    pub root: Hash,
}

/// A witness's refusal: the HTTP status to answer with, why, and the response body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {reason}")]
pub struct Refusal {
    pub status: u16,
    pub reason: String,
    pub content_type: &'static str,
    pub body: String,
}

impl Refusal {
    fn new(status: u16, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self {
            status,
            body: format!("{reason}\n"),
            reason,
            content_type: "text/plain; charset=utf-8",
        }
    }

    fn conflict(witness_size: u64, old_size: u64) -> Self {
        Self {
            status: 409,
            reason: format!(
                "old size {old_size} is not the size {witness_size} this witness last cosigned"
            ),
            content_type: "text/x.tlog.size",
            body: format!("{witness_size}\n"),
        }
    }
}

/// A witness's acceptance: the 200 response body and the state to persist before sending it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cosigned {
    /// Cosignature lines (`— <witness> <base64>\n`), the whole response body.
    pub response_body: String,
    pub new_state: WitnessState,
    /// Whether `new_state` differs from the state the witness had (nothing to write if not).
    pub state_changed: bool,
}

/// A parsed `add-checkpoint` request body.
#[derive(Debug, Clone)]
pub struct AddCheckpointRequest {
    old_size: u64,
    proof: Vec<Hash>,
    note: Vec<u8>,
    checkpoint: Checkpoint,
}

impl AddCheckpointRequest {
    /// A request to move a witness from `old_size` to the signed checkpoint `note` (as served
    /// by the log, with its signatures), with the consistency proof between them.
    pub fn new(old_size: u64, proof: Vec<Hash>, note: Vec<u8>) -> Result<Self, Refusal> {
        if proof.len() > MAX_PROOF_LINES {
            return Err(Refusal::new(
                400,
                format!("{} proof lines; at most 63 are allowed", proof.len()),
            ));
        }
        let parsed = Note::from_bytes(&note)
            .map_err(|_| Refusal::new(400, "the checkpoint is not a signed note"))?;
        let checkpoint =
            Checkpoint::parse_text(parsed.text()).map_err(|e| Refusal::new(400, e.to_string()))?;
        Ok(Self {
            old_size,
            proof,
            note,
            checkpoint,
        })
    }

    /// Parses a request body (any malformation is a 400 refusal).
    pub fn parse(body: &[u8]) -> Result<Self, Refusal> {
        let text =
            std::str::from_utf8(body).map_err(|_| Refusal::new(400, "the body is not UTF-8"))?;
        let (head, note) = text
            .split_once("\n\n")
            .ok_or_else(|| Refusal::new(400, "no empty line before the checkpoint"))?;
        let mut lines = head.split('\n');
        let old = lines
            .next()
            .and_then(|l| l.strip_prefix("old "))
            .and_then(parse_decimal)
            .ok_or_else(|| {
                Refusal::new(
                    400,
                    "the first line must be `old <size>` in canonical decimal",
                )
            })?;
        let proof = lines
            .map(|l| {
                parse_hash(l).ok_or_else(|| {
                    Refusal::new(400, format!("proof line {l:?} is not a base64 hash"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(old, proof, note.as_bytes().to_vec())
    }

    /// The request body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("old {}\n", self.old_size);
        for h in &self.proof {
            out.push_str(&format!("{h}\n"));
        }
        out.push('\n');
        let mut out = out.into_bytes();
        out.extend_from_slice(&self.note);
        out
    }

    /// The origin the (not yet verified) checkpoint claims: use it to look up the log's keys
    /// and the witness's state.
    pub fn origin(&self) -> &str {
        self.checkpoint.origin()
    }

    pub fn old_size(&self) -> u64 {
        self.old_size
    }

    pub fn proof(&self) -> &[Hash] {
        &self.proof
    }

    pub fn checkpoint_note(&self) -> &[u8] {
        &self.note
    }

    /// The witness's decision. `log_keys` are the keys it trusts for [`Self::origin`] (none:
    /// unknown origin, 404); `state` is what it last cosigned for that origin; `now` is the
    /// current Unix time in seconds.
    pub fn decide(
        &self,
        log_keys: &[LogVerifier],
        state: Option<&WitnessState>,
        witness: &WitnessSigner,
        now: u64,
    ) -> Result<Cosigned, Refusal> {
        if log_keys.is_empty() {
            return Err(Refusal::new(
                404,
                format!("unknown log origin {:?}", self.origin()),
            ));
        }
        let signed = self.open(log_keys)?;
        let (size, root) = (signed.checkpoint().size(), signed.checkpoint().root());
        if self.old_size > size {
            return Err(Refusal::new(
                400,
                format!(
                    "old size {} is above the checkpoint size {size}",
                    self.old_size
                ),
            ));
        }
        let known = state.copied().unwrap_or(WitnessState {
            size: 0,
            root: EMPTY_HASH,
        });
        if self.old_size != known.size {
            return Err(Refusal::conflict(known.size, self.old_size));
        }
        if size == 0 && root != EMPTY_HASH {
            return Err(Refusal::new(
                422,
                "a checkpoint of size 0 must have the empty tree's root",
            ));
        }
        if self.old_size == 0 {
            if !self.proof.is_empty() {
                return Err(Refusal::new(
                    422,
                    "a consistency proof from size 0 must be empty",
                ));
            }
        } else if self.old_size == size && root != known.root {
            return Err(Refusal::new(422, format!("the checkpoint's root differs from the root this witness cosigned at size {size}")));
        } else {
            verify_consistency(known.size, known.root, size, root, &self.proof)
                .map_err(|e| Refusal::new(422, e.to_string()))?;
        }
        let response_body = witness
            .cosign(signed.text(), now)
            .ok_or_else(|| Refusal::new(500, "the witness clock reads zero or beyond 2^63-1"))?;
        let new_state = WitnessState { size, root };
        Ok(Cosigned {
            response_body,
            state_changed: new_state != known,
            new_state,
        })
    }

    fn open(&self, log_keys: &[LogVerifier]) -> Result<SignedCheckpoint, Refusal> {
        for key in log_keys {
            match SignedCheckpoint::open(&self.note, key) {
                Ok(signed) => return Ok(signed),
                Err(
                    CheckpointError::NotSignedByLog { .. } | CheckpointError::OriginMismatch { .. },
                ) => continue,
                Err(e @ CheckpointError::BadSignature { .. }) => {
                    return Err(Refusal::new(403, e.to_string()))
                }
                Err(e) => return Err(Refusal::new(400, e.to_string())),
            }
        }
        Err(Refusal::new(
            403,
            format!(
                "no valid signature by a trusted key for origin {:?}",
                self.origin()
            ),
        ))
    }
}

/// The size in a witness's 409 response (`<size>\n`), so the log can retry from it.
pub fn parse_conflict_size(body: &str) -> Option<u64> {
    body.strip_suffix('\n').and_then(parse_decimal)
}
