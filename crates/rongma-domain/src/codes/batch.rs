//! Enumerating the codes of a batch without storing them: serials (and PINs) are computed
//! from the batch's key id and sequence range, one at a time, for streaming exports.

use super::keyring::{CodeKeys, Keyring};
use super::keys::{KeyError, KeyId};
use super::pin::Pin;
use super::seq::{Seq, SeqRange};
use super::serial::Serial;
use std::ops::Range;

/// Serials of a sequence range under one key, in sequence order.
#[derive(Debug, Clone)]
pub struct Serials<'a> {
    keys: &'a Keyring,
    id: KeyId,
    seqs: Range<u64>,
}

impl Keyring {
    /// The serials of `range` under key `id`: a batch keeps its key, so an old batch
    /// re-exported after a rotation prints the same serials.
    pub fn serials(&self, id: KeyId, range: SeqRange) -> Result<Serials<'_>, KeyError> {
        if !self.contains(id) {
            return Err(KeyError::Unknown { id });
        }
        Ok(Serials {
            keys: self,
            id,
            seqs: range.as_range(),
        })
    }
}

impl Iterator for Serials<'_> {
    type Item = Serial;

    #[inline]
    fn next(&mut self) -> Option<Serial> {
        let seq = Seq::new(self.seqs.next()?).ok()?;
        Serial::issue_under(&self.keys.0, self.id, seq)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.seqs.size_hint()
    }
}

impl ExactSizeIterator for Serials<'_> {}

/// One printed tag's codes: the serial (QR and text) and the PIN under the scratch-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedCode {
    pub serial: Serial,
    pub pin: Pin,
}

/// Serials with their PINs, for print files.
#[derive(Debug, Clone)]
pub struct Codes<'a> {
    serials: Serials<'a>,
    keys: &'a CodeKeys,
}

impl CodeKeys {
    /// The serials and PINs of `range` under key `id`.
    pub fn codes(&self, id: KeyId, range: SeqRange) -> Result<Codes<'_>, KeyError> {
        // CodeKeys pairs the keyrings, but an export must never end early without saying
        // why, so the PIN key is checked here too rather than trusted in `next`.
        if !self.pin_keys().contains(id) {
            return Err(KeyError::Unknown { id });
        }
        Ok(Codes {
            serials: self.serial_keys().serials(id, range)?,
            keys: self,
        })
    }
}

impl Iterator for Codes<'_> {
    type Item = IssuedCode;

    #[inline]
    fn next(&mut self) -> Option<IssuedCode> {
        let serial = self.serials.next()?;
        // The PIN key was checked to exist when the iterator was made.
        let pin = self
            .keys
            .pin_keys()
            .pin(serial.key_id(), serial.seq())
            .ok()?;
        Some(IssuedCode { serial, pin })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.serials.size_hint()
    }
}

impl ExactSizeIterator for Codes<'_> {}
