//! [`App::scan`]: the answer to one scan of a tag, and its record. The verdict is the one
//! `codes::status` gives (a test holds the two equal in every state), computed here from
//! the cached batch instead of three database reads.

use super::cache::BatchEntry;
use super::recorder::{Look, PendingScan, RowLookup};
use super::view::{GtinMismatch, ScanCounts, ScanView};
use super::UaFamily;
use crate::codes::status::{
    verdict_of, CertificateFacts, CodeBatchFacts, CodeStatus, CodeVerdict, RevocationFacts,
};
use crate::error::{AppError, AppResult};
use crate::App;
use chrono::NaiveDate;
use rongma_domain::codes::{Serial, SerialError, Verified};
use rongma_store::{CodeState, NewScanEvent};

/// Who scanned, as far as the record goes.
#[derive(Debug, Clone)]
pub struct ScanClient {
    /// [`App::network_fingerprint`] of the client's address.
    pub network: String,
    pub ua: UaFamily,
    /// `page` or `api`.
    pub channel: &'static str,
}

#[derive(Debug)]
pub enum ScanOutcome {
    Genuine(Box<ScanView>),
    /// Malformed, mistyped or forged: see [`SerialError::is_authentication_failure`].
    NotGenuine(SerialError),
}

pub fn verdict_str(v: CodeVerdict) -> &'static str {
    match v {
        CodeVerdict::Valid => "valid",
        CodeVerdict::Revoked => "revoked",
        CodeVerdict::CertificateRevoked => "certificate_revoked",
        CodeVerdict::CertificateSuspended => "certificate_suspended",
        CodeVerdict::CertificateLapsed => "certificate_lapsed",
        CodeVerdict::NotIssued => "not_issued",
    }
}

/// The status of `v` from its cached batch (`None`: no batch holds it), as
/// [`App::code_status_of`] computes it from the database.
pub fn resolve(v: &Verified, entry: Option<&BatchEntry>, today: NaiveDate) -> CodeStatus {
    let mut status = CodeStatus {
        serial: v.serial.to_string(),
        seq: v.seq.get(),
        verdict: CodeVerdict::NotIssued,
        batch: None,
        revocation: None,
        certificate: None,
    };
    let Some(e) = entry.filter(|e| e.batch.key_id == v.key_id) else {
        return status;
    };
    let b = &e.batch;
    let size = rongma_domain::codes::size_of_code(&b.sizes, b.range, v.seq);
    status.batch = Some(CodeBatchFacts {
        batch_id: b.id,
        enterprise_id: b.enterprise_id,
        product_id: b.product_id,
        lot_no: b.lot_no.clone(),
        production_date: b.production_date,
        size: size.map(|s| s.size.clone()),
        fill_weight_g: size.map(|s| s.fill_weight_g),
    });
    status.revocation = match b.revoked_at {
        Some(at) => Some(RevocationFacts {
            scope: "batch",
            reason: b.revoked_reason.clone().unwrap_or_default(),
            revoked_at: at,
        }),
        None => e.revocation_for(v.seq).map(|r| RevocationFacts {
            scope: r.scope.as_str(),
            reason: r.reason.clone(),
            revoked_at: r.revoked_at,
        }),
    };
    status.verdict = verdict_of(status.revocation.is_some(), e.certificate.as_ref(), today);
    status.certificate = e.certificate.as_ref().map(|c| CertificateFacts {
        certificate_id: c.id,
        number: c.number.clone(),
        grade: c.grade,
        state: c.state_on(today),
        valid_until: c.valid_until,
    });
    status
}

/// How long a scan waits for a read of its code's row that no write overlaps.
const CONSISTENT_READ_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

impl App {
    /// Answers a scan of `input` (reached through a Digital Link with `link_gtin`, GTIN-14)
    /// and records it. Refused with 429 when the network scans too fast.
    pub async fn scan(
        &self,
        input: &str,
        link_gtin: Option<&str>,
        client: &ScanClient,
    ) -> AppResult<ScanOutcome> {
        let now = self.now();
        let scans = self.scans();
        scans
            .rate
            .hit(&client.network, now)
            .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
        let v = match self.verify_serial(input) {
            Ok(v) => v,
            Err(e) => {
                // A well-formed serial that fails its MAC is evidence of forged tags; typos
                // and junk are not recorded.
                if e.is_authentication_failure() {
                    if let Ok(s) = Serial::parse(input) {
                        scans.record(PendingScan {
                            event: event(now, None, Some(s.to_string()), None, "forged", client),
                            enterprise_id: None,
                        });
                    }
                }
                return Ok(ScanOutcome::NotGenuine(e));
            }
        };
        let entry = scans.cache.batch_for(self.store().as_ref(), v.seq).await?;
        let status = resolve(&v, entry.as_deref(), now.date_naive());
        let seq = rongma_store::seq_to_db(v.seq);
        let batch_id = status.batch.as_ref().map(|b| b.batch_id);
        // Held back before it is queued while the writer is behind, so the queue — what a
        // crash can lose — stops growing.
        scans.keep_up().await;
        let look = scans.record_and_look(
            PendingScan {
                event: event(
                    now,
                    Some(seq),
                    None,
                    batch_id,
                    verdict_str(status.verdict),
                    client,
                ),
                enterprise_id: status.batch.as_ref().map(|b| b.enterprise_id),
            },
            batch_range(entry.as_deref()),
        );
        let counts = self.counts_from(seq, entry.as_deref(), look).await?;
        Ok(ScanOutcome::Genuine(Box::new(view(
            &v,
            status,
            entry.as_ref(),
            link_gtin,
            counts,
            now.date_naive(),
        ))))
    }

    /// What a scan of a verified serial shows, without recording a scan (the page shown
    /// again after a PIN check).
    pub async fn scan_view(&self, v: &Verified, link_gtin: Option<&str>) -> AppResult<ScanView> {
        let now = self.now();
        let entry = self
            .scans()
            .cache
            .batch_for(self.store().as_ref(), v.seq)
            .await?;
        let status = resolve(v, entry.as_deref(), now.date_naive());
        let counts = self
            .scan_counts(rongma_store::seq_to_db(v.seq), entry.as_deref())
            .await?;
        Ok(view(
            v,
            status,
            entry.as_ref(),
            link_gtin,
            counts,
            now.date_naive(),
        ))
    }

    /// The code's counts: its row plus its scans still queued, read consistently (see
    /// `recorder`), or remembered from an earlier consistent read, or — for a code of
    /// `batch` that has no row yet — its queued scans alone. Exact unless writes of the
    /// code keep overlapping its read for [`CONSISTENT_READ_WAIT`].
    pub(crate) async fn scan_counts(
        &self,
        seq: i64,
        batch: Option<&BatchEntry>,
    ) -> AppResult<ScanCounts> {
        let scans = self.scans();
        let look = scans
            .recorder
            .look(seq, batch_range(batch), scans.counts_ttl);
        self.counts_from(seq, batch, look).await
    }

    /// [`Self::scan_counts`] after the recorder's first answer, `look`.
    async fn counts_from(
        &self,
        seq: i64,
        batch: Option<&BatchEntry>,
        look: Look,
    ) -> AppResult<ScanCounts> {
        let scans = self.scans();
        let rec = &scans.recorder;
        let ttl = scans.counts_ttl;
        let (known, mut rows) = match look {
            Look::Fresh(k) => return Ok(self.counts_of(k.row, k.since, k.since_first_at)),
            Look::Absent(u) => {
                return Ok(self.counts_of(CodeState::default(), u.count, u.first_at))
            }
            Look::Read { stale, rows } => (stale, rows),
        };
        if let Some((first, last)) = batch_range(batch) {
            // Twice at most: once to read the batch's set, once to use it.
            for _ in 0..2 {
                match rows {
                    Some(RowLookup::Absent(u)) => {
                        return Ok(self.counts_of(CodeState::default(), u.count, u.first_at))
                    }
                    Some(RowLookup::Unknown(Some(token))) => {
                        let read = self.store().codes_with_state(first, last).await;
                        rec.install_rows(first, last, read.as_deref().ok(), token);
                        read?;
                        rows = Some(rec.row_lookup(seq, first, last, ttl));
                    }
                    Some(RowLookup::Present | RowLookup::Unknown(None)) | None => break,
                }
            }
        }
        // A read is consistent when no write of the code started or ended while it ran:
        // wait for the write carrying the code (if any) to end, read, check, repeat.
        let deadline = tokio::time::Instant::now() + CONSISTENT_READ_WAIT;
        loop {
            rec.settled(seq, deadline).await;
            let before = rec.before(seq);
            let state = self.store().code_state(seq).await?.unwrap_or_default();
            if let Some(u) = rec.remember(seq, before, &state) {
                return Ok(self.counts_of(state, u.count, u.first_at));
            }
            // The code is being written: an expired entry is still exact for this
            // process's scans, so use it rather than wait.
            if let Some(k) = known {
                return Ok(self.counts_of(k.row, k.since, k.since_first_at));
            }
            if tokio::time::Instant::now() >= deadline {
                // Writes of this code never let a read through: the count may be off by
                // the write in progress.
                tracing::warn!(
                    seq,
                    "no consistent read of a code's count; shown approximate"
                );
                let u = rec.unwritten(seq);
                return Ok(self.counts_of(state, u.count, u.first_at));
            }
        }
    }

    fn counts_of(
        &self,
        state: rongma_store::CodeState,
        queued: i64,
        queued_first_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> ScanCounts {
        let first_at = match (state.first_scan_at, queued_first_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        ScanCounts {
            count: state.scan_count + queued,
            first_at,
            pin_verified: state.pin_ok_count,
            first_pin_verified_at: state.first_pin_ok_at,
            pin_locked_until: state.locked_until.filter(|t| *t > self.now()),
        }
    }
}

/// The first and last code of a cached batch, as the database numbers them.
fn batch_range(batch: Option<&BatchEntry>) -> Option<(i64, i64)> {
    batch.map(|e| {
        (
            rongma_store::seq_to_db(e.batch.range.start()),
            rongma_store::seq_to_db(e.batch.range.last()),
        )
    })
}

pub(crate) fn event(
    at: chrono::DateTime<chrono::Utc>,
    seq: Option<i64>,
    serial: Option<String>,
    batch_id: Option<i64>,
    outcome: &'static str,
    client: &ScanClient,
) -> NewScanEvent {
    NewScanEvent {
        at,
        seq,
        serial,
        batch_id,
        kind: if outcome_is_pin(outcome) {
            "pin"
        } else {
            "scan"
        },
        outcome,
        network: client.network.clone(),
        ua_family: client.ua.as_str(),
        channel: client.channel,
    }
}

fn outcome_is_pin(o: &str) -> bool {
    matches!(o, "correct" | "wrong" | "locked")
}

pub(crate) fn view(
    v: &Verified,
    status: CodeStatus,
    entry: Option<&std::sync::Arc<BatchEntry>>,
    link_gtin: Option<&str>,
    scans: ScanCounts,
    today: NaiveDate,
) -> ScanView {
    let mut certificate = entry.and_then(|e| e.certificate_view.clone());
    if let (Some(c), Some(e)) = (&mut certificate, entry.and_then(|e| e.certificate.as_ref())) {
        let state = e.state_on(today);
        // Copied only on the rare scan whose day changed the state since the load.
        if c.state != state {
            std::sync::Arc::make_mut(c).state = state;
        }
    }
    let product = entry.and_then(|e| e.product.clone());
    let gtin_mismatch = match (link_gtin, entry) {
        (Some(link), Some(e)) => {
            let expected = e
                .batch
                .gtin
                .clone()
                .or_else(|| product.as_ref().and_then(|p| p.gtin.clone()));
            (expected.as_deref() != Some(link)).then(|| GtinMismatch {
                link_gtin: link.to_owned(),
                expected_gtin: expected,
            })
        }
        _ => None,
    };
    ScanView {
        serial: status.serial,
        serial_grouped: v.serial.grouped(),
        seq: status.seq,
        verdict: status.verdict,
        batch: status.batch,
        revocation: status.revocation,
        certificate,
        product,
        enterprise: entry.and_then(|e| e.enterprise.clone()),
        report: entry.and_then(|e| e.report.clone()),
        result: entry.and_then(|e| e.result.clone()),
        scans,
        gtin_mismatch,
        entry: entry.cloned(),
    }
}
