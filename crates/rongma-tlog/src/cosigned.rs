//! Witness cosignatures on a log's checkpoint: finding and verifying them (with a k-of-n
//! policy), and attaching the lines a witness answered before the checkpoint is served.

use crate::checkpoint::{CheckpointError, SignedCheckpoint};
use crate::cosign::{Cosignature, WitnessPolicy, WitnessVerifier};
use signed_note::Signature;

impl SignedCheckpoint {
    /// The cosignatures on this checkpoint by the given witnesses, each verified. Lines by other
    /// keys are ignored; a line by a given witness that does not verify is an error (the spec
    /// says to reject such a note).
    pub fn verify_cosignatures(
        &self,
        witnesses: &[WitnessVerifier],
    ) -> Result<Vec<Cosignature>, CheckpointError> {
        let mut found: Vec<Cosignature> = Vec::new();
        for sig in &self.others {
            let Some(w) = witnesses
                .iter()
                .find(|w| w.name() == sig.name() && w.key_id() == sig.id())
            else {
                continue;
            };
            let timestamp = w
                .verified_timestamp(&self.text, sig.signature())
                .ok_or_else(|| CheckpointError::BadCosignature {
                    witness: w.name().to_owned(),
                })?;
            if !found
                .iter()
                .any(|c| c.witness == w.name() && c.key_id == w.key_id())
            {
                found.push(Cosignature {
                    witness: w.name().to_owned(),
                    key_id: w.key_id(),
                    timestamp,
                });
            }
        }
        Ok(found)
    }

    /// Verifies the cosignatures of the policy's witnesses and checks the quorum.
    pub fn check_policy(
        &self,
        policy: &WitnessPolicy,
    ) -> Result<Vec<Cosignature>, CheckpointError> {
        let found = self.verify_cosignatures(policy.witnesses())?;
        if found.len() < policy.quorum() {
            return Err(CheckpointError::QuorumNotMet {
                have: found.len(),
                need: policy.quorum(),
            });
        }
        Ok(found)
    }

    /// Attaches cosignature lines (as a witness's `add-checkpoint` answered them, or as stored)
    /// after checking each against `witnesses`; a line by the same key replaces an older one.
    /// Returns how many lines were attached.
    pub fn add_cosignatures(
        &mut self,
        lines: &str,
        witnesses: &[WitnessVerifier],
    ) -> Result<usize, CheckpointError> {
        let mut added = Vec::new();
        for line in lines.lines().filter(|l| !l.is_empty()) {
            let sig = Signature::from_bytes(line.as_bytes()).map_err(|_| {
                CheckpointError::MalformedCosignature {
                    line: line.to_owned(),
                }
            })?;
            let Some(w) = witnesses
                .iter()
                .find(|w| w.name() == sig.name() && w.key_id() == sig.id())
            else {
                return Err(CheckpointError::UnknownWitness {
                    witness: format!("{}+{:08x}", sig.name(), sig.id()),
                });
            };
            if w.verified_timestamp(&self.text, sig.signature()).is_none() {
                return Err(CheckpointError::BadCosignature {
                    witness: w.name().to_owned(),
                });
            }
            added.push(sig);
        }
        for sig in &added {
            self.others
                .retain(|o| !(o.name() == sig.name() && o.id() == sig.id()));
        }
        let count = added.len();
        self.others.extend(added);
        Ok(count)
    }
}
