//! The per-batch part of a scan, in memory: the batch, its revocations, its certificate
//! and the public facts (product, brand, enterprise, lab, report, grading result). A scan
//! of a cached batch reads only its code's row from the database.
//!
//! Freshness: a change made through this process (certificate state, batch or revocation)
//! clears the cache at once ([`BatchCache::invalidate`]); a change made through another
//! instance shows within `scans.cache_ttl_secs`, after which an entry is read again.
//! Expiry by date needs neither: the state is computed from `valid_until` at each scan.

use super::view::{CertificateVersion, ScanCertificate, ScanEnterprise, ScanProduct, ScanReport};
use crate::error::AppResult;
use rongma_domain::codes::Seq;
use rongma_domain::grading::GradingResult;
use rongma_domain::workflow::{Certificate, CertificateState};
use rongma_store::{CodeBatch, CodeRevocation, Store};
use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Batches cached at most; past this the cache starts over (a county has far fewer live
/// batches than this, and each entry is a few kilobytes).
const MAX_ENTRIES: usize = 20_000;

/// Values derived from one entry that are kept at most (a handful of languages, states
/// and sizes are all a batch needs).
const MAX_MEMO: usize = 256;

/// One batch and everything a scan of it shows.
pub struct BatchEntry {
    pub batch: CodeBatch,
    /// Sorted by first sequence number; never overlapping.
    pub revocations: Vec<CodeRevocation>,
    pub certificate: Option<Certificate>,
    pub certificate_view: Option<Arc<ScanCertificate>>,
    pub product: Option<Arc<ScanProduct>>,
    pub enterprise: Option<Arc<ScanEnterprise>>,
    pub report: Option<Arc<ScanReport>>,
    pub result: Option<Arc<GradingResult>>,
    loaded: Instant,
    /// What the layers above derive from this entry (the scan page's fixed parts, say),
    /// by type and key; it goes when the entry is reloaded or invalidated.
    /// Read by every scan of the batch, written a handful of times: a read-write lock, so
    /// scans on different threads do not queue for it.
    memo: RwLock<HashMap<(TypeId, u64), Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for BatchEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchEntry")
            .field("batch", &self.batch.id)
            .field("revocations", &self.revocations.len())
            .field("certificate", &self.certificate.as_ref().map(|c| c.id))
            .finish_non_exhaustive()
    }
}

impl BatchEntry {
    /// The value `make` derives from this entry for `key`, made once per entry: a
    /// derivation must depend only on the entry and the key.
    pub fn memo<T: Any + Send + Sync>(&self, key: u64, make: impl FnOnce() -> T) -> Arc<T> {
        let id = (TypeId::of::<T>(), key);
        let found = self
            .memo
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .cloned();
        if let Some(Ok(v)) = found.map(|v| v.downcast::<T>()) {
            return v;
        }
        let v = Arc::new(make());
        let mut m = self.memo.write().unwrap_or_else(|p| p.into_inner());
        if m.len() < MAX_MEMO {
            m.insert(id, v.clone());
        }
        v
    }

    /// The revocation covering `seq`, by binary search.
    pub fn revocation_for(&self, seq: Seq) -> Option<&CodeRevocation> {
        let i = self.revocations.partition_point(|r| r.range.start() <= seq);
        i.checked_sub(1)
            .and_then(|i| self.revocations.get(i))
            .filter(|r| r.range.contains(seq))
    }
}

pub struct BatchCache {
    ttl: Duration,
    by_start: RwLock<BTreeMap<u64, Arc<BatchEntry>>>,
    /// Bumped by every invalidation; a load that started before one is not kept.
    generation: AtomicU64,
}

impl BatchCache {
    /// How long an entry is trusted.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            by_start: RwLock::new(BTreeMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// Forgets everything (a certificate, batch or revocation changed).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.by_start
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// The batch holding `seq`, from memory when fresh, else from the database; `None`
    /// when no batch holds it (authentic but never issued).
    pub async fn batch_for(
        &self,
        store: &dyn Store,
        seq: Seq,
    ) -> AppResult<Option<Arc<BatchEntry>>> {
        let known = {
            let map = self.by_start.read().unwrap_or_else(|p| p.into_inner());
            map.range(..=seq.get())
                .next_back()
                .map(|(_, e)| e.clone())
                .filter(|e| e.batch.range.contains(seq))
        };
        if let Some(e) = &known {
            if e.loaded.elapsed() < self.ttl {
                return Ok(known);
            }
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let Some(entry) = load(store, seq, known.map(|e| e.batch.id)).await? else {
            return Ok(None);
        };
        let entry = Arc::new(entry);
        let mut map = self.by_start.write().unwrap_or_else(|p| p.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(entry.batch.range.start().get(), entry.clone());
        }
        Ok(Some(entry))
    }
}

/// Reads a batch and its public facts in one read transaction (about ten indexed reads,
/// once per batch per TTL).
async fn load(store: &dyn Store, seq: Seq, batch_id: Option<i64>) -> AppResult<Option<BatchEntry>> {
    let mut tx = store.read().await?;
    let batch = match batch_id {
        Some(id) => tx.get_batch(id).await?,
        None => tx.batch_for_seq(seq).await?,
    };
    let Some(batch) = batch.filter(|b| b.range.contains(seq)) else {
        return Ok(None);
    };
    let mut revocations = tx.list_revocations(batch.id).await?;
    revocations.sort_by_key(|r| r.range.start());
    let certificate = tx.get_certificate(batch.certificate_id).await?;
    let product = tx.get_product(batch.product_id).await?;
    let brand = match &product {
        Some(p) => tx.get_brand(p.brand_id).await?,
        None => None,
    };
    let enterprise = tx.get_enterprise(batch.enterprise_id).await?;
    let (mut report, mut result, mut adjustment, mut newer) = (None, None, None, None);
    if let Some(c) = &certificate {
        let lab = tx.get_lab(c.lab_id).await?;
        let r = tx.get_report(c.report_id).await?;
        if let (Some(lab), Some(r)) = (lab, r) {
            report = Some(ScanReport {
                lab: lab.name,
                report_no: r.report_no,
                test_date: r.test_date,
            });
        }
        if c.state == CertificateState::Superseded {
            newer = tx
                .latest_certificate(c.product_id)
                .await?
                .filter(|n| n.version > c.version)
                .map(|n| CertificateVersion {
                    certificate_id: n.id,
                    number: n.number,
                    version: n.version,
                    grade: n.grade,
                    state: n.state,
                });
        }
        let application = tx.get_application(c.application_id).await?;
        adjustment = application.as_ref().and_then(|a| a.adjustment());
        result = application
            .and_then(|a| a.results.into_iter().find(|r| r.report_id == c.report_id))
            .and_then(|r| r.grading())
            .map(Arc::new);
    }
    let log_index = match &certificate {
        Some(c) => tx
            .latest_log_entry_for(&crate::tlog::certificate_subject(c.id))
            .await?
            .map(|e| e.index),
        None => None,
    };
    drop(tx);
    let certificate_view = certificate.as_ref().map(|c| ScanCertificate {
        log_index,
        certificate_id: c.id,
        number: c.number.clone(),
        version: c.version,
        grade: c.grade,
        indicator_grades: c.indicator_grades.clone(),
        // Replaced by the state on the day of each scan.
        state: c.state,
        state_reason: c.state_reason.clone(),
        adjustment: adjustment.clone(),
        superseded_by: newer.clone(),
        valid_from: c.valid_from,
        valid_until: c.valid_until,
    });
    let product = product.map(|p| ScanProduct {
        product_id: p.id,
        brand: brand.map(|b| b.name).unwrap_or_default(),
        style_no: p.style_no,
        name: p.name,
        species: p.species,
        colour: p.colour,
        declared_down_cluster_pct: p.declared_down_cluster_pct,
        sizes: p.sizes,
        gtin: p.gtin.map(|g| g.to_string()),
    });
    let enterprise = enterprise.map(|e| ScanEnterprise {
        enterprise_id: e.id,
        name: e.name,
        credit_code: e.credit_code.to_string(),
    });
    Ok(Some(BatchEntry {
        batch,
        revocations,
        certificate,
        certificate_view: certificate_view.map(Arc::new),
        product: product.map(Arc::new),
        enterprise: enterprise.map(Arc::new),
        report: report.map(Arc::new),
        result,
        loaded: Instant::now(),
        memo: RwLock::default(),
    }))
}
