//! A tiny in-memory log (feature `testing`) that appends entries, keeps stored hashes, signs
//! checkpoints and serves tiles through the same functions the server uses; for the tests and
//! benches of this crate and of the crates that wire the real log. It can also be made to
//! misbehave (tampered entries and hashes, replaced or deleted resources).

use crate::append::{append, append_reads, Appender};
use crate::bundle::encode_bundle;
use crate::checkpoint::{Checkpoint, SignedCheckpoint};
use crate::entry::Entry;
use crate::hash::{leaf_hash, Hash};
use crate::keys::LogSigner;
use crate::offline::OfflineProof;
use crate::proofs::{consistency_proof, inclusion_proof, tree_hash, TreeError};
use crate::reader::{FetchedHashes, SliceReader};
use crate::tile::TilePath;
use crate::tiles::tile_data;
use crate::verify::{FetchError, TileSource};
use std::collections::HashMap;
use tlog_tiles::HashReader;

/// An in-memory log. Its published checkpoint decides which tiles it serves.
#[derive(Debug, Clone)]
pub struct MemoryLog {
    signer: LogSigner,
    entries: Vec<Vec<u8>>,
    stored: Vec<Hash>,
    published: Option<SignedCheckpoint>,
    overrides: HashMap<String, Option<Vec<u8>>>,
}

impl MemoryLog {
    /// An empty log signing with `signer` (whose name is the origin).
    pub fn new(signer: LogSigner) -> Self {
        Self {
            signer,
            entries: Vec::new(),
            stored: Vec::new(),
            published: None,
            overrides: HashMap::new(),
        }
    }

    pub fn signer(&self) -> &LogSigner {
        &self.signer
    }

    pub fn size(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Appends one entry the way the server does for a single decision (two-step: read the
    /// right edge, compute, write); returns its index.
    pub fn append(&mut self, entry: &Entry) -> u64 {
        let n = self.size();
        let reads: FetchedHashes = append_reads(n)
            .into_iter()
            .map(|i| (i, self.stored[i as usize]))
            .collect();
        match append(n, entry.leaf_hash(), &reads) {
            Ok(new) => {
                debug_assert_eq!(new.first_index, self.stored.len() as u64);
                self.stored.extend(new.hashes);
            }
            Err(e) => unreachable!("the in-memory log holds every stored hash: {e}"),
        }
        self.entries.push(entry.as_bytes().to_vec());
        n
    }

    /// Appends many entries with the bulk appender.
    pub fn append_many(&mut self, entries: &[Entry]) {
        let mut appender = match Appender::resume(self.size(), &SliceReader(&self.stored)) {
            Ok(a) => a,
            Err(e) => unreachable!("the in-memory log holds every stored hash: {e}"),
        };
        let leaves: Vec<Hash> = entries.iter().map(Entry::leaf_hash).collect();
        self.stored.extend(appender.append(&leaves).hashes);
        self.entries
            .extend(entries.iter().map(|e| e.as_bytes().to_vec()));
    }

    /// The root hash of the tree at its current size.
    pub fn root(&self) -> Hash {
        tree_hash(self.size(), self).unwrap_or_default()
    }

    /// Signs and publishes a checkpoint for the current size.
    pub fn publish(&mut self) -> &SignedCheckpoint {
        let checkpoint = Checkpoint::new(self.signer.name(), self.size(), self.root());
        let signed = checkpoint.and_then(|c| c.sign(&self.signer));
        match signed {
            Ok(signed) => self.published.insert(signed),
            Err(e) => unreachable!("a LogSigner's name is a valid origin: {e}"),
        }
    }

    /// The published checkpoint, with any cosignatures attached to it.
    pub fn checkpoint(&self) -> Option<&SignedCheckpoint> {
        self.published.as_ref()
    }

    /// The published checkpoint, to attach cosignatures to.
    pub fn checkpoint_mut(&mut self) -> Option<&mut SignedCheckpoint> {
        self.published.as_mut()
    }

    pub fn entry(&self, index: u64) -> Option<&[u8]> {
        self.entries
            .get(usize::try_from(index).ok()?)
            .map(Vec::as_slice)
    }

    pub fn stored_hashes(&self) -> &[Hash] {
        &self.stored
    }

    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
        inclusion_proof(index, size, self)
    }

    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, TreeError> {
        consistency_proof(old, new, self)
    }

    /// The offline proof of entry `index` against the published checkpoint (with the entry as
    /// extra data). `None` if nothing is published or the entry is beyond it.
    pub fn offline_proof(&self, index: u64) -> Option<OfflineProof> {
        let published = self.published.as_ref()?;
        let proof = self
            .inclusion_proof(index, published.checkpoint().size())
            .ok()?;
        Some(OfflineProof {
            index,
            proof,
            extra: Some(self.entry(index)?.to_vec()),
            checkpoint_note: published.to_bytes(),
        })
    }

    /// What the log serves at `path` (relative to its prefix), or `None` for 404.
    pub fn serve(&self, path: &str) -> Option<Vec<u8>> {
        if let Some(forced) = self.overrides.get(path) {
            return forced.clone();
        }
        let published = self.published.as_ref()?;
        if path == "checkpoint" {
            return Some(published.to_bytes());
        }
        let size = published.checkpoint().size();
        let tile: TilePath = path.parse().ok()?;
        if tile.is_entries() {
            let range = tile.covered_leaves().filter(|_| tile.fits(size))?;
            let entries = &self.entries[range.start as usize..range.end as usize];
            return encode_bundle(entries).ok();
        }
        tile_data(&tile, size, self).ok()
    }

    /// Serves `bytes` at `path` from now on (`None`: answer 404).
    pub fn override_resource(&mut self, path: &str, bytes: Option<Vec<u8>>) {
        self.overrides.insert(path.to_owned(), bytes);
    }

    /// Replaces the stored bytes of entry `index` without touching any hash.
    pub fn tamper_entry(&mut self, index: u64, bytes: Vec<u8>) {
        if let Some(e) = self.entries.get_mut(index as usize) {
            *e = bytes;
        }
    }

    /// Replaces one stored hash.
    pub fn tamper_stored_hash(&mut self, stored_index: u64, hash: Hash) {
        if let Some(h) = self.stored.get_mut(stored_index as usize) {
            *h = hash;
        }
    }

    /// The leaf hash entry `index` had when appended.
    pub fn leaf_hash(&self, index: u64) -> Option<Hash> {
        self.entry(index).map(leaf_hash)
    }
}

impl HashReader for MemoryLog {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        SliceReader(&self.stored).read_hashes(indexes)
    }
}

impl TileSource for MemoryLog {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, FetchError> {
        Ok(self.serve(path))
    }
}
