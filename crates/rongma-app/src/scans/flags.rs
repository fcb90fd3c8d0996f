//! The regulator's view of suspected copies: serials, batches and enterprises ranked by
//! their flags (most flagged codes first, then most rules, networks, evidence, recency),
//! the evidence of one code (its state, flags and latest events), and marking a flag as
//! handled (a history event of entity `scan_flag`).
//!
//! Regulators and inspectors read; only the regulator marks flags handled.

use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::roles::Actor;
use rongma_domain::FieldError;
use rongma_store::{CodeState, Page, ScanEvent, ScanFlag, SuspectGroup, SuspectQuery, SuspectRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SuspectParams {
    /// serial (default) | batch | enterprise
    pub by: Option<String>,
    /// open (default) | handled
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One ranked suspect with a label people can read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suspect {
    #[serde(flatten)]
    pub row: SuspectRow,
    /// The serial, `batch <id> · <lot>` or the enterprise's name.
    pub label: String,
    /// Where the evidence is: the serial (codes), the batch id, the enterprise id.
    pub serial: Option<String>,
    pub batch_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// The flags of a code (empty for batches and enterprises).
    pub flags: Vec<ScanFlag>,
}

/// Events of a code's evidence per page.
const EVENTS_PER_PAGE: i64 = 100;

/// Everything known about one code's scans.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeEvidence {
    pub serial: String,
    pub seq: i64,
    pub state: CodeState,
    pub flags: Vec<ScanFlag>,
    /// A page of its events, newest first (`page`, 100 a page).
    pub events: Page<ScanEvent>,
}

impl App {
    pub async fn suspects(&self, actor: &Actor, p: &SuspectParams) -> AppResult<Page<Suspect>> {
        require(actor, Action::SuperviseScans)?;
        let group = match p
            .by
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("serial")
        {
            "serial" => SuspectGroup::Serial,
            "batch" => SuspectGroup::Batch,
            "enterprise" => SuspectGroup::Enterprise,
            other => {
                return Err(AppError::field(FieldError::new(
                    "by",
                    "unknown_value",
                    format!("by must be serial, batch or enterprise, got {other:?}"),
                    "分组方式应为 serial、batch 或 enterprise",
                )))
            }
        };
        let status = match p
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("open")
        {
            s @ ("open" | "handled") => s.to_owned(),
            other => {
                return Err(AppError::field(FieldError::new(
                    "status",
                    "unknown_value",
                    format!("status must be open or handled, got {other:?}"),
                    "状态应为 open 或 handled",
                )))
            }
        };
        let per_page = p.per_page.unwrap_or(20).clamp(1, 200);
        let page = p.page.unwrap_or(1).max(1);
        let q = SuspectQuery {
            group,
            status,
            limit: per_page,
            offset: (page - 1).saturating_mul(per_page),
        };
        let mut tx = self.store().read().await?;
        let rows = tx.suspects(&q).await?;
        let seqs: Vec<i64> = match group {
            SuspectGroup::Serial => rows.items.iter().map(|r| r.key).collect(),
            _ => Vec::new(),
        };
        let flags = tx.flags_of(&seqs).await?;
        let mut out = Vec::with_capacity(rows.items.len());
        for r in &rows.items {
            let s = match group {
                SuspectGroup::Serial => {
                    let mine: Vec<ScanFlag> =
                        flags.iter().filter(|f| f.seq == r.key).cloned().collect();
                    let batch = match mine.first() {
                        Some(f) => tx.get_batch(f.batch_id).await?,
                        None => None,
                    };
                    let serial = batch.as_ref().and_then(|b| self.serial_of(b, r.key));
                    Suspect {
                        label: serial.clone().unwrap_or_else(|| format!("seq {}", r.key)),
                        serial,
                        batch_id: batch.as_ref().map(|b| b.id),
                        enterprise_id: batch.as_ref().map(|b| b.enterprise_id),
                        flags: mine,
                        row: r.clone(),
                    }
                }
                SuspectGroup::Batch => {
                    let b = tx.get_batch(r.key).await?;
                    Suspect {
                        label: b.as_ref().map_or_else(
                            || format!("batch {}", r.key),
                            |b| format!("batch {} · {}", b.id, b.lot_no),
                        ),
                        serial: None,
                        batch_id: Some(r.key),
                        enterprise_id: b.map(|b| b.enterprise_id),
                        flags: vec![],
                        row: r.clone(),
                    }
                }
                SuspectGroup::Enterprise => {
                    let e = tx.get_enterprise(r.key).await?;
                    Suspect {
                        label: e.map_or_else(|| format!("enterprise {}", r.key), |e| e.name),
                        serial: None,
                        batch_id: None,
                        enterprise_id: Some(r.key),
                        flags: vec![],
                        row: r.clone(),
                    }
                }
            };
            out.push(s);
        }
        Ok(Page {
            items: out,
            total: rows.total,
            limit: rows.limit,
            offset: rows.offset,
        })
    }

    /// The serial of a flagged code, from its batch (for links back to its evidence).
    pub async fn flag_serial(&self, actor: &Actor, flag: &ScanFlag) -> AppResult<Option<String>> {
        require(actor, Action::SuperviseScans)?;
        let batch = self.store().read().await?.get_batch(flag.batch_id).await?;
        Ok(batch.and_then(|b| self.serial_of(&b, flag.seq)))
    }

    fn serial_of(&self, b: &rongma_store::CodeBatch, seq: i64) -> Option<String> {
        let seq = rongma_domain::codes::Seq::new(u64::try_from(seq).ok()?).ok()?;
        crate::codes::serial_at(self.code_keys(), b.key_id, seq)
            .ok()
            .map(|s| s.to_string())
    }

    /// The scans, PIN checks and flags of one code (looked up by its serial).
    pub async fn code_evidence(
        &self,
        actor: &Actor,
        serial: &str,
        page: Option<i64>,
    ) -> AppResult<CodeEvidence> {
        require(actor, Action::SuperviseScans)?;
        let v = self
            .verify_serial(serial)
            .map_err(|e| AppError::field(e.to_field_error("serial")))?;
        let seq = rongma_store::seq_to_db(v.seq);
        let mut tx = self.store().read().await?;
        Ok(CodeEvidence {
            serial: v.serial.to_string(),
            seq,
            state: tx.get_code_state(seq).await?.unwrap_or_default(),
            flags: tx.flags_of(&[seq]).await?,
            events: tx
                .scan_events_page(
                    seq,
                    EVENTS_PER_PAGE,
                    (page.unwrap_or(1).max(1) - 1) * EVENTS_PER_PAGE,
                )
                .await?,
        })
    }

    /// Marks an open flag handled, with a note; appended to the history.
    #[tracing::instrument(skip_all, err)]
    pub async fn handle_flag(
        &self,
        actor: &Actor,
        id: i64,
        note: Option<String>,
    ) -> AppResult<ScanFlag> {
        require(actor, Action::HandleFlags)?;
        let note = note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                AppError::field(FieldError::new(
                    "note",
                    "required",
                    "say what was done about it",
                    "请填写处理情况",
                ))
            })?;
        if note.chars().count() > 2000 {
            return Err(AppError::field(FieldError::new(
                "note",
                "too_long",
                "the note is longer than 2000 characters",
                "处理情况不能超过 2000 字",
            )));
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let flag = tx.get_flag(id).await?.ok_or(AppError::NotFound("flag"))?;
        if !tx.handle_flag(id, &actor.name, &note, now).await? {
            return Err(AppError::InvalidState(
                "this flag is already handled".into(),
            ));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "scan_flag",
            entity_id: id,
            enterprise_id: Some(flag.enterprise_id),
        };
        tx.append_event(&ev.event(
            "handled",
            Some(note),
            serde_json::json!({"seq": flag.seq, "kind": flag.kind, "batch_id": flag.batch_id}),
            now,
        ))
        .await?;
        let flag = tx.get_flag(id).await?.ok_or(AppError::NotFound("flag"))?;
        tx.commit().await?;
        tracing::info!(flag.id = id, "copied-code flag handled");
        Ok(flag)
    }

    pub async fn flag_history(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<Vec<rongma_store::Event>> {
        require(actor, Action::SuperviseScans)?;
        Ok(self
            .store()
            .read()
            .await?
            .list_events("scan_flag", id)
            .await?)
    }
}
