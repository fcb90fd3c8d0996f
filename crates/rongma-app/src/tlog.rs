//! The transparency log of decisions (docs/ARCHITECTURE.md, "The transparency log").
//!
//! Every decision appends one leaf in its own transaction ([`append_decision`]): canonical
//! JSON (`rongma_tlog::Entry`) of the kind, the time, the subject, the facts that matter
//! and the leaf hash of the subject's previous leaf, never personal data. A background
//! task signs a checkpoint every few seconds while the tree grew ([`App::sign_checkpoint`]),
//! only after recomputing the new part of the tree from the stored entries and checking it
//! extends the last signed checkpoint, so the log never signs two inconsistent
//! checkpoints and refuses to sign over tampered rows. Tiles, proofs and the public list
//! are read here for the server.

use crate::error::{AppError, AppResult};
use crate::App;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rongma_domain::workflow::{Certificate, CertificateState};
use rongma_store::{LogEntry, StoredCheckpoint, StoredCosignature, Tx};
use rongma_tlog::{
    Appender, Checkpoint, FetchedHashes, Hash, LogSigner, SignedCheckpoint, TilePath, EMPTY_HASH,
};
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;

/// Version of the leaf format, the `v` member of every leaf.
pub const LEAF_VERSION: u32 = 1;

/// The subject key of a certificate's leaves.
pub fn certificate_subject(id: i64) -> String {
    format!("certificate:{id}")
}

/// The subject key of a code batch's leaves.
pub fn batch_subject(id: i64) -> String {
    format!("code_batch:{id}")
}

/// The subject key of a grading profile's leaves.
pub fn profile_subject(id: &str) -> String {
    format!("grading_profile:{id}")
}

fn b64(h: &Hash) -> String {
    base64::engine::general_purpose::STANDARD.encode(h.0)
}

/// Appends the leaf of one decision inside the caller's transaction; returns its index.
/// `facts` must hold no personal data. The leaf links the subject's previous leaf by index
/// and leaf hash, so a subject's history is a hash chain inside the tree.
pub(crate) async fn append_decision(
    tx: &mut dyn Tx,
    kind: &str,
    subject: &str,
    facts: Value,
    at: DateTime<Utc>,
) -> AppResult<u64> {
    let started = std::time::Instant::now();
    let r = append_decision_inner(tx, kind, subject, facts, at).await;
    append_stats::record(started.elapsed());
    r
}

/// Time spent appending decisions' leaves (inside their transactions) since start: the
/// append-overhead measurement divides it by the decisions' own time
/// (`tests/server/log_overhead.rs`). Two relaxed atomic adds per decision.
pub mod append_stats {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    static COUNT: AtomicU64 = AtomicU64::new(0);
    static NANOS: AtomicU64 = AtomicU64::new(0);

    pub(crate) fn record(d: Duration) {
        COUNT.fetch_add(1, Ordering::Relaxed);
        NANOS.fetch_add(d.as_nanos() as u64, Ordering::Relaxed);
    }

    /// Appends so far and their total time.
    pub fn snapshot() -> (u64, Duration) {
        (
            COUNT.load(Ordering::Relaxed),
            Duration::from_nanos(NANOS.load(Ordering::Relaxed)),
        )
    }
}

async fn append_decision_inner(
    tx: &mut dyn Tx,
    kind: &str,
    subject: &str,
    facts: Value,
    at: DateTime<Utc>,
) -> AppResult<u64> {
    let time = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let build = |prev: Option<(u64, &[u8])>| {
        let previous = prev.map(|(index, bytes)| {
            json!({"index": index, "leaf_hash": b64(&rongma_tlog::leaf_hash(bytes))})
        });
        let leaf = json!({
            "v": LEAF_VERSION,
            "kind": kind,
            "time": time,
            "subject": subject,
            "facts": facts,
            "previous": previous,
        });
        rongma_tlog::Entry::from_json(&leaf)
            .map(|e| e.into_bytes())
            .map_err(|e| rongma_store::StoreError::Constraint(e.to_string()))
    };
    Ok(tx.append_subject_entry(kind, subject, &build, at).await?)
}

/// What a certificate leaf says: everything its grade rests on and its state.
pub(crate) fn certificate_facts(c: &Certificate, state: CertificateState) -> Value {
    json!({
        "certificate_id": c.id,
        "number": c.number,
        "version": c.version,
        "product_id": c.product_id,
        "enterprise_id": c.enterprise_id,
        "application_id": c.application_id,
        "grade": c.grade,
        "indicator_grades": c.indicator_grades,
        "profile": {"id": c.profile.id, "version": c.profile.version, "hash": c.profile.hash},
        "lab_id": c.lab_id,
        "report_id": c.report_id,
        "valid_from": c.valid_from,
        "valid_until": c.valid_until,
        "state": state,
        "supersedes_id": c.supersedes_id,
    })
}

/// A leaf as the JSON API and the pages show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeafView {
    pub index: u64,
    pub kind: String,
    pub subject: String,
    pub time: DateTime<Utc>,
    /// The entry's canonical JSON, parsed.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub entry: Value,
    /// RFC 6962 leaf hash, base64.
    pub leaf_hash: String,
}

impl LeafView {
    fn from_entry(e: &LogEntry) -> Self {
        Self {
            index: e.index,
            kind: e.kind.clone(),
            subject: e.subject.clone(),
            time: e.created_at,
            entry: serde_json::from_slice(&e.entry).unwrap_or(Value::Null),
            leaf_hash: b64(&rongma_tlog::leaf_hash(&e.entry)),
        }
    }
}

/// An entry with its inclusion proof in the latest signed checkpoint.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryProof {
    pub leaf: LeafView,
    /// The tree size of the checkpoint the proof leads to.
    pub tree_size: u64,
    /// Its root hash, base64.
    pub root_hash: String,
    /// The audit path, base64 hashes, lowest first.
    pub proof: Vec<String>,
    /// The signed checkpoint note (with cosignatures).
    pub checkpoint: String,
}

/// A consistency proof between two tree sizes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    pub old_root: String,
    pub new_root: String,
    pub proof: Vec<String>,
}

/// Why the log refused to sign.
#[derive(Debug, thiserror::Error)]
pub enum SignRefused {
    #[error("the log holds {size} entries but a checkpoint for {signed} was already signed")]
    Shrunk { size: u64, signed: u64 },
    #[error("the stored hashes of the first {size} entries no longer give the signed root")]
    OldRootChanged { size: u64 },
    #[error("log entry {index} is missing")]
    MissingEntry { index: u64 },
    #[error("stored hash {stored_index} (written with entry {index}) does not match the entries")]
    HashMismatch { index: u64, stored_index: u64 },
}

/// The log's signing key and name.
pub(crate) fn signer(origin: &str, seed_hex: &str) -> Result<LogSigner, String> {
    let seed: [u8; 32] = hex::decode(seed_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("log_key must be 32 bytes written in hex")?;
    LogSigner::from_seed(origin, &seed).map_err(|e| format!("transparency.origin: {e}"))
}

async fn fetch(tx: &mut dyn Tx, indexes: &[u64]) -> AppResult<FetchedHashes> {
    let hashes = tx.log_hashes(indexes).await?;
    FetchedHashes::from_reads(indexes, &hashes)
        .ok_or_else(|| AppError::Internal("stored hashes read back short".into()))
}

fn refused(e: SignRefused) -> AppError {
    AppError::Internal(Box::new(e))
}

impl App {
    /// The log's signer (key name = origin).
    pub fn log_signer(&self) -> &LogSigner {
        &self.inner.log_signer
    }

    /// The verifier key (`<name>+<hex id>+<base64 key>`), served at `/log/key`.
    pub fn log_verifier_key(&self) -> String {
        self.log_signer().verifier_key().to_owned()
    }

    /// Signs a checkpoint for the log's current size if it grew since the last one (or
    /// none was signed yet); returns it, or `None` when there was nothing new. The new
    /// part of the tree is recomputed from the stored entries on top of the right edge
    /// of the last signed tree (whose root must still come out), and every stored hash
    /// it covers must equal the recomputed one: a tampered entry or hash refuses.
    pub async fn sign_checkpoint(&self) -> AppResult<Option<StoredCheckpoint>> {
        let mut tx = self.store().begin().await?;
        // No append between reading the size and signing it.
        let size = tx.lock_log().await?;
        let last = tx.latest_checkpoint().await?;
        let (old, old_root) = last.as_ref().map_or((0, EMPTY_HASH), |c| (c.size, c.root));
        if last.is_some() && old == size {
            return Ok(None);
        }
        if old > size {
            return Err(refused(SignRefused::Shrunk { size, signed: old }));
        }
        let edge = fetch(&mut *tx, &Appender::reads(old)).await?;
        let mut appender = Appender::resume(old, &edge).map_err(AppError::internal)?;
        if appender.root() != old_root {
            return Err(refused(SignRefused::OldRootChanged { size: old }));
        }
        const CHUNK: u64 = 8_192;
        let mut start = old;
        while start < size {
            let end = (start + CHUNK).min(size);
            let entries = tx.log_entries(start, end).await?;
            let mut leaves = Vec::with_capacity(entries.len());
            for (i, e) in (start..end).zip(entries.iter().map(Some).chain(std::iter::repeat(None)))
            {
                match e {
                    Some(e) if e.index == i => leaves.push(rongma_tlog::leaf_hash(&e.entry)),
                    _ => return Err(refused(SignRefused::MissingEntry { index: i })),
                }
            }
            let new = appender.append(&leaves);
            let last_index = new.first_index + new.hashes.len() as u64;
            let stored = tx.log_hash_range(new.first_index, last_index).await?;
            for (k, (want, got)) in new
                .hashes
                .iter()
                .zip(stored.iter().map(Some).chain(std::iter::repeat(None)))
                .enumerate()
            {
                if Some(want) != got {
                    let stored_index = new.first_index + k as u64;
                    return Err(refused(SignRefused::HashMismatch {
                        index: leaf_of(rongma_tlog::split_stored_hash_index(stored_index)),
                        stored_index,
                    }));
                }
            }
            start = end;
        }
        let root = appender.root();
        let signed = Checkpoint::new(self.log_signer().name(), size, root)
            .and_then(|c| c.sign(self.log_signer()))
            .map_err(AppError::internal)?;
        let stored = StoredCheckpoint {
            size,
            root,
            note: String::from_utf8_lossy(&signed.to_bytes()).into_owned(),
            signed_at: self.now(),
        };
        tx.insert_checkpoint(&stored).await?;
        tx.commit().await?;
        tracing::debug!(size, "signed log checkpoint");
        Ok(Some(stored))
    }

    /// Signs checkpoints every `every` until the task is dropped (errors are logged).
    pub fn spawn_checkpointer(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = app.sign_checkpoint().await {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "signing a log checkpoint refused or failed");
                }
            }
        })
    }

    /// The latest signed checkpoint with the witnesses' cosignature lines appended, as
    /// served at `/log/checkpoint`.
    pub async fn log_checkpoint(&self) -> AppResult<Option<(StoredCheckpoint, Vec<u8>)>> {
        let mut tx = self.store().read().await?;
        let Some(c) = tx.latest_checkpoint().await? else {
            return Ok(None);
        };
        let mut note = c.note.clone().into_bytes();
        for cos in tx.cosignatures(c.size).await? {
            note.extend_from_slice(cos.line.trim_end().as_bytes());
            note.push(b'\n');
        }
        Ok(Some((c, note)))
    }

    /// A tile (`tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`) of the latest signed
    /// tree; `None` if it is not (yet) part of it.
    pub async fn log_tile(&self, path: &str) -> AppResult<Option<Vec<u8>>> {
        let Ok(tile) = path.parse::<TilePath>() else {
            return Ok(None);
        };
        let mut tx = self.store().read().await?;
        let Some(c) = tx.latest_checkpoint().await? else {
            return Ok(None);
        };
        if !tile.fits(c.size) {
            return Ok(None);
        }
        if tile.is_entries() {
            let Some(range) = tile.covered_leaves() else {
                return Ok(None);
            };
            let entries = tx.log_entries(range.start, range.end).await?;
            let bytes: Vec<Vec<u8>> = entries.into_iter().map(|e| e.entry).collect();
            return Ok(rongma_tlog::encode_bundle(&bytes).ok());
        }
        let reads = rongma_tlog::tile_reads(&tile, c.size).map_err(AppError::internal)?;
        let hashes = tx.log_hashes(&reads).await?;
        let mut data = Vec::with_capacity(hashes.len() * 32);
        for h in hashes {
            data.extend_from_slice(&h.0);
        }
        Ok(Some(data))
    }

    /// Entry `index` with its inclusion proof in the latest signed checkpoint.
    pub async fn log_entry_proof(&self, index: u64) -> AppResult<EntryProof> {
        let (c, note) = self
            .log_checkpoint()
            .await?
            .ok_or(AppError::NotFound("log entry"))?;
        if index >= c.size {
            return Err(AppError::NotFound("log entry"));
        }
        let mut tx = self.store().read().await?;
        let e = tx
            .log_entry(index)
            .await?
            .ok_or(AppError::NotFound("log entry"))?;
        let reads =
            rongma_tlog::inclusion_proof_reads(index, c.size).map_err(AppError::internal)?;
        let got = fetch(&mut *tx, &reads).await?;
        let proof =
            rongma_tlog::inclusion_proof(index, c.size, &got).map_err(AppError::internal)?;
        Ok(EntryProof {
            leaf: LeafView::from_entry(&e),
            tree_size: c.size,
            root_hash: b64(&c.root),
            proof: proof.iter().map(b64).collect(),
            checkpoint: String::from_utf8_lossy(&note).into_owned(),
        })
    }

    /// The consistency proof from signed size `old` to signed size `new` (both must be
    /// sizes the log signed; `new` defaults to the latest).
    pub async fn log_consistency(&self, old: u64, new: Option<u64>) -> AppResult<ConsistencyProof> {
        let mut tx = self.store().read().await?;
        let latest = tx
            .latest_checkpoint()
            .await?
            .ok_or(AppError::NotFound("checkpoint"))?;
        let new_cp = match new {
            Some(n) if n != latest.size => tx
                .checkpoint_at(n)
                .await?
                .ok_or(AppError::NotFound("checkpoint"))?,
            _ => latest,
        };
        let old_cp = tx
            .checkpoint_at(old)
            .await?
            .ok_or(AppError::NotFound("checkpoint"))?;
        if old > new_cp.size {
            return Err(AppError::field(rongma_domain::FieldError::new(
                "old",
                "out_of_range",
                format!("old size {old} is beyond new size {}", new_cp.size),
                format!("旧树大小 {old} 大于新树大小 {}", new_cp.size),
            )));
        }
        let proof = if old == 0 || old == new_cp.size {
            Vec::new()
        } else {
            let reads = rongma_tlog::consistency_proof_reads(old, new_cp.size)
                .map_err(AppError::internal)?;
            let got = fetch(&mut *tx, &reads).await?;
            rongma_tlog::consistency_proof(old, new_cp.size, &got).map_err(AppError::internal)?
        };
        Ok(ConsistencyProof {
            old_size: old,
            new_size: new_cp.size,
            old_root: b64(&old_cp.root),
            new_root: b64(&new_cp.root),
            proof: proof.iter().map(b64).collect(),
        })
    }

    /// The latest leaves, newest first, for the public log page.
    pub async fn recent_log_entries(
        &self,
        limit: i64,
        offset: i64,
    ) -> AppResult<(Vec<LeafView>, u64)> {
        let mut tx = self.store().read().await?;
        let size = tx.log_size().await?;
        let rows = tx
            .recent_log_entries(limit.clamp(1, 200), offset.max(0))
            .await?;
        Ok((rows.iter().map(LeafView::from_entry).collect(), size))
    }

    /// The latest leaf about `subject` (e.g. [`certificate_subject`]), if any.
    pub async fn latest_leaf(&self, subject: &str) -> AppResult<Option<LeafView>> {
        let mut tx = self.store().read().await?;
        Ok(tx
            .latest_log_entry_for(subject)
            .await?
            .as_ref()
            .map(LeafView::from_entry))
    }

    /// The offline proof (C2SP tlog-proof) of a certificate's latest leaf against the
    /// latest signed checkpoint, with the entry as extra data. `subject` is a certificate
    /// number (`RMC-…`) or a subject key (`certificate:12`).
    pub async fn offline_proof(&self, subject: &str) -> AppResult<Vec<u8>> {
        let key = if subject.contains(':') {
            subject.to_owned()
        } else {
            let mut tx = self.store().read().await?;
            let c = tx
                .get_certificate_by_number(subject)
                .await?
                .ok_or(AppError::NotFound("certificate"))?;
            certificate_subject(c.id)
        };
        let leaf = self
            .latest_leaf(&key)
            .await?
            .ok_or(AppError::NotFound("log entry"))?;
        let p = self.log_entry_proof(leaf.index).await?;
        let mut tx = self.store().read().await?;
        let e = tx
            .log_entry(leaf.index)
            .await?
            .ok_or(AppError::NotFound("log entry"))?;
        let proof = p
            .proof
            .iter()
            .map(|h| {
                rongma_tlog::parse_hash(h).ok_or_else(|| AppError::Internal("bad hash".into()))
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(rongma_tlog::OfflineProof {
            index: leaf.index,
            proof,
            extra: Some(e.entry),
            checkpoint_note: p.checkpoint.into_bytes(),
        }
        .to_text())
    }

    /// Stores a witness's cosignature of the checkpoint of `size`, if it verifies under
    /// one of the configured witness keys.
    pub async fn accept_cosignature(&self, size: u64, line: &str) -> AppResult<bool> {
        let mut tx = self.store().begin().await?;
        let Some(c) = tx.checkpoint_at(size).await? else {
            return Err(AppError::NotFound("checkpoint"));
        };
        for w in &self.inner.witnesses {
            let mut note = c.note.clone().into_bytes();
            note.extend_from_slice(line.trim_end().as_bytes());
            note.push(b'\n');
            let Ok(with) = SignedCheckpoint::open(&note, self.log_signer().verifier()) else {
                continue;
            };
            if with
                .verify_cosignatures(std::slice::from_ref(w))
                .is_ok_and(|v| !v.is_empty())
            {
                tx.put_cosignature(&StoredCosignature {
                    size,
                    witness: format!("{}+{:08x}", w.name(), w.key_id()),
                    line: line.trim_end().to_owned(),
                    received_at: self.now(),
                })
                .await?;
                tx.commit().await?;
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The leaf whose append wrote stored hash `stored_index` (level `level` hashes are
/// written with the last leaf of their subtree).
fn leaf_of((level, n): (u8, u64)) -> u64 {
    ((n + 1) << level) - 1
}
