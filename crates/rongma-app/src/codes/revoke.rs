//! Revoking codes: a whole batch (a recall), serials A to B of a batch (a roll of tags lost
//! in transit), or single serials (lost or stolen tags), always with a reason. Revocations
//! are final and never overlap, so a scan finds the one that applies with one index probe.

use super::{serial_in_batch, ENTITY};
use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::codes::{Seq, SeqRange};
use rongma_domain::registry::text::required;
use rongma_domain::roles::Actor;
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{CodeBatch, NewRevocation, RevocationScope, Tx};
use serde::{Deserialize, Serialize};

/// Most single serials in one request (a range covers more).
pub const MAX_SERIALS: usize = 1000;

/// What to revoke. `scope` is `batch`, `range` (with `from` and `to`, both included) or
/// `serials` (with `serials`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    pub scope: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub serials: Option<Vec<String>>,
    /// Why (lost, stolen, recalled …); required, kept in the history and shown by scans.
    pub reason: Option<String>,
}

/// The batch after the revocation and how many codes it newly revoked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeOutcome {
    pub revoked: u64,
    pub detail: super::BatchDetail,
}

fn field(f: &str, code: &str, en: String, zh: String) -> FieldError {
    FieldError::new(f, code, en, zh)
}

/// Refuses a range that overlaps an earlier revocation of the batch.
async fn not_yet_revoked(
    tx: &mut dyn Tx,
    batch: &CodeBatch,
    f: &str,
    range: SeqRange,
) -> AppResult<Result<(), FieldError>> {
    Ok(match tx.overlapping_revocation(batch.id, range).await? {
        None => Ok(()),
        Some(r) => Err(field(
            f,
            "already_revoked",
            format!(
                "already revoked on {} (revocation {}: {})",
                r.revoked_at.date_naive(),
                r.id,
                r.reason
            ),
            format!(
                "已于 {} 撤销（撤销记录 {}：{}）",
                r.revoked_at.date_naive(),
                r.id,
                r.reason
            ),
        )),
    })
}

impl App {
    /// Revokes codes of a batch. Malformed or forged serials, serials outside the batch, a
    /// range whose start is after its end, and codes already revoked are refused, each
    /// naming its field, with nothing written.
    #[tracing::instrument(skip_all, err)]
    pub async fn revoke_codes(
        &self,
        actor: &Actor,
        batch_id: i64,
        req: RevokeRequest,
    ) -> AppResult<RevokeOutcome> {
        require(actor, Action::RevokeCodes)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let batch = match tx.lock_batch(batch_id).await? {
            Some(b) if actor.sees_enterprise(b.enterprise_id) => b,
            _ => return Err(AppError::NotFound("code batch")),
        };
        let mut errors = FieldErrors::new();
        let reason = errors.collect(required("reason", "撤销原因", req.reason.as_deref(), 500));
        if batch.revoked_at.is_some() {
            return Err(AppError::InvalidState(format!(
                "batch {} is already revoked as a whole / 该批次已整批撤销",
                batch.id
            )));
        }
        let mut ranges: Vec<(RevocationScope, SeqRange)> = Vec::new();
        let scope = req.scope.as_deref().map(str::trim).unwrap_or("");
        match scope {
            "batch" => {}
            "range" => {
                let mut end = |f: &str, v: &Option<String>| -> Option<Seq> {
                    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                        None => {
                            errors.push(field(
                                f,
                                "required",
                                format!("{f} is required for a range"),
                                "请填写起止序列号".into(),
                            ));
                            None
                        }
                        Some(s) => errors.collect(serial_in_batch(self, &batch, f, s)),
                    }
                };
                let (from, to) = (end("from", &req.from), end("to", &req.to));
                if let (Some(a), Some(b)) = (from, to) {
                    match SeqRange::inclusive(a, b) {
                        Ok(r) => {
                            if let Some(e) = not_yet_revoked(&mut *tx, &batch, "from", r).await?.err() {
                                errors.push(e);
                            }
                            ranges.push((RevocationScope::Range, r));
                        }
                        Err(_) => errors.push(field(
                            "to",
                            "range_reversed",
                            "the range ends before it starts: `to` comes before `from` in the batch".into(),
                            "范围的结束序列号在起始序列号之前".into(),
                        )),
                    }
                }
            }
            "serials" => {
                let list = req.serials.clone().unwrap_or_default();
                if list.is_empty() || list.len() > MAX_SERIALS {
                    errors.push(field(
                        "serials",
                        "count",
                        format!("give 1 to {MAX_SERIALS} serials, got {}", list.len()),
                        format!("请填写 1 至 {MAX_SERIALS} 个序列号，实际 {} 个", list.len()),
                    ));
                }
                for (i, s) in list.iter().enumerate().take(MAX_SERIALS) {
                    let f = format!("serials[{i}]");
                    let Some(seq) = errors.collect(serial_in_batch(self, &batch, &f, s)) else {
                        continue;
                    };
                    let r = SeqRange::inclusive(seq, seq).map_err(AppError::internal)?;
                    if ranges.iter().any(|(_, x)| x.contains(seq)) {
                        errors.push(field(
                            &f,
                            "duplicate",
                            "serial listed twice".into(),
                            "序列号重复".into(),
                        ));
                        continue;
                    }
                    if let Some(e) = not_yet_revoked(&mut *tx, &batch, &f, r).await?.err() {
                        errors.push(e);
                    }
                    ranges.push((RevocationScope::Serial, r));
                }
            }
            other => errors.push(field(
                "scope",
                "unknown_scope",
                format!("scope must be batch, range or serials, got {other:?}"),
                "撤销范围应为 batch（整批）、range（区间）或 serials（单个序列号）".into(),
            )),
        }
        let reason = match reason {
            Some(r) if errors.is_empty() => r,
            _ => return Err(errors.into()),
        };

        let revoked = if scope == "batch" {
            tx.revoke_batch(batch.id, &reason, &actor.name, now).await?;
            batch.range.count() - u64::try_from(batch.revoked_count).unwrap_or(0)
        } else {
            let mut n = 0;
            for (scope, range) in &ranges {
                let r = NewRevocation {
                    batch_id: batch.id,
                    scope: *scope,
                    range: *range,
                    reason: reason.clone(),
                    revoked_by: actor.name.clone(),
                };
                tx.insert_revocation(&r, now).await?;
                n += range.count();
            }
            n
        };
        let (first, last) = match (ranges.first(), ranges.last()) {
            (Some(a), Some(b)) => (a.1.start(), b.1.last()),
            _ => (batch.range.start(), batch.range.last()),
        };
        let serials = ranges
            .iter()
            .map(|(_, r)| super::range_serials(self.code_keys(), batch.key_id, *r))
            .collect::<AppResult<Vec<_>>>()?;
        let data = serde_json::json!({
            "scope": scope,
            "count": revoked,
            "ranges": serials.iter().map(|(a, b)| [a, b]).collect::<Vec<_>>(),
            "first_seq": first.get(),
            "last_seq": last.get(),
        });
        let mut facts = data.clone();
        facts["batch_id"] = serde_json::json!(batch.id);
        facts["certificate_id"] = serde_json::json!(batch.certificate_id);
        facts["enterprise_id"] = serde_json::json!(batch.enterprise_id);
        facts["reason"] = serde_json::json!(reason);
        crate::tlog::append_decision(
            &mut *tx,
            &format!("code_batch.revoked.{scope}"),
            &crate::tlog::batch_subject(batch.id),
            facts,
            now,
        )
        .await?;
        let ev = EventBuilder {
            actor,
            entity_type: ENTITY,
            entity_id: batch.id,
            enterprise_id: Some(batch.enterprise_id),
        };
        tx.append_event(&ev.event("revoked", Some(reason), data, now))
            .await?;
        let after = tx
            .get_batch(batch.id)
            .await?
            .ok_or(AppError::NotFound("code batch"))?;
        let detail = self.batch_detail(&mut *tx, after).await?;
        tx.commit().await?;
        // Scans show the new state at once (other instances within the cache TTL).
        self.invalidate_scan_cache();
        tracing::info!(batch.id = batch.id, scope, count = revoked, "revoked codes");
        Ok(RevokeOutcome { revoked, detail })
    }
}
