//! Print files of a batch (or a range of it): CSV for print shops, PDF sheets, ZPL and
//! TSPL for thermal printers, SVG or PNG of single tags. [`App::prepare_export`] authorises the
//! export, resolves the range and records it in the history (who, when, which batch and
//! range, which format, with or without PINs) before any byte is produced; [`Export::write`]
//! then streams it to any writer with flat memory, whatever the size of the batch.
//!
//! PINs leave the system only in exports by the owning enterprise. The regulator may
//! export without PINs (serial and URL lists for audits). Tag files and PIN exports need
//! a batch that is not revoked and a certificate that is active today: nothing prints a
//! grade that no longer stands.

pub use super::export_write::Export;
use super::tags::tag_parts;
use super::{serial_in_batch, visible_batch, ENTITY};
use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::codes::SeqRange;
use rongma_domain::roles::Actor;
use rongma_domain::workflow::CertificateState;
use rongma_domain::{FieldError, FieldErrors};
use rongma_label::{TagLayout, TagTemplate};
use serde::{Deserialize, Serialize};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// `serial,url,pin,size` rows (the PIN column empty without PINs; the size empty for a
    /// batch without a size breakdown).
    Csv,
    /// A4 sheets of tags.
    Pdf,
    /// Thermal-printer labels (Zebra and compatibles).
    Zpl,
    /// Thermal-printer labels for TSC printers (TSPL).
    Tspl,
    /// One tag.
    Svg,
    /// One tag at 300 dpi.
    Png,
    /// The CSV's columns as a spreadsheet whose serial and PIN cells are text (Excel keeps
    /// leading zeros); at most [`XLSX_MAX_ROWS`] codes.
    Xlsx,
}

/// Data rows an XLSX sheet holds (Excel's 1,048,576 rows less the header).
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).ok()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Pdf => "pdf",
            Self::Zpl => "zpl",
            Self::Tspl => "tspl",
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Pdf => "application/pdf",
            Self::Zpl => "application/vnd.zebra-zpl",
            // Commands with a binary bitmap inside: no registered type fits.
            Self::Tspl => "application/octet-stream",
            Self::Svg => "image/svg+xml",
            Self::Png => "image/png",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// Formats that draw tags (and so need tag data and a printable batch).
    fn draws_tags(self) -> bool {
        !matches!(self, Self::Csv | Self::Xlsx)
    }
}

/// What to export. `from`/`to` are serials of the batch (both included; either may be
/// left out for the batch's first or last).
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub format: ExportFormat,
    pub from: Option<String>,
    pub to: Option<String>,
    pub pins: bool,
    /// SVG and PNG hold one tag; the CLI sets this to write one file per tag instead.
    pub per_tag_files: bool,
}
fn one_range(
    app: &App,
    batch: &rongma_store::CodeBatch,
    req: &ExportRequest,
) -> Result<SeqRange, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut end = |f: &str, v: &Option<String>, default| match v.as_deref().map(str::trim) {
        None | Some("") => Some(default),
        Some(s) => errors.collect(serial_in_batch(app, batch, f, s)),
    };
    let from = end("from", &req.from, batch.range.start());
    let to = end("to", &req.to, batch.range.last());
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors);
    };
    let range = SeqRange::inclusive(from, to).map_err(|_| {
        FieldError::new(
            "to",
            "range_reversed",
            "the range ends before it starts: `to` comes before `from` in the batch",
            "范围的结束序列号在起始序列号之前",
        )
    })?;
    if matches!(req.format, ExportFormat::Svg | ExportFormat::Png)
        && !req.per_tag_files
        && range.count() != 1
    {
        return Err(FieldError::new(
            "format",
            "one_tag_only",
            format!("an SVG or PNG export holds one tag, the range holds {}: give from = to, or use pdf, zpl or tspl", range.count()),
            format!("SVG 或 PNG 只能导出一个吊牌，所选范围有 {} 个：请使起止序列号相同，或选择 PDF/ZPL/TSPL", range.count()),
        )
        .into());
    }
    Ok(range)
}

impl App {
    /// Authorises and records an export; see the module documentation for the rules.
    #[tracing::instrument(skip_all, err)]
    pub async fn prepare_export(
        &self,
        actor: &Actor,
        batch_id: i64,
        req: ExportRequest,
    ) -> AppResult<Export> {
        require(actor, Action::ExportCodes { pins: req.pins })?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let batch = visible_batch(&mut *tx, actor, batch_id).await?;
        let range = one_range(self, &batch, &req)?;
        if req.format == ExportFormat::Xlsx && range.count() > XLSX_MAX_ROWS {
            return Err(AppError::field(FieldError::new(
                "to",
                "too_many_rows",
                format!("an XLSX sheet holds at most {XLSX_MAX_ROWS} codes; export a smaller range or use CSV"),
                format!("XLSX 表格最多容纳 {XLSX_MAX_ROWS} 个标识码，请缩小范围或改用 CSV"),
            )));
        }
        let cert = tx
            .get_certificate(batch.certificate_id)
            .await?
            .ok_or(AppError::NotFound("certificate"))?;
        if req.pins || req.format.draws_tags() {
            if batch.revoked_at.is_some() {
                return Err(AppError::InvalidState(format!(
                    "batch {} is revoked: its tags cannot be printed / 该批次已撤销，不能打印吊牌",
                    batch.id
                )));
            }
            let state = cert.state_on(now.date_naive());
            if state != CertificateState::Active {
                return Err(AppError::InvalidState(format!(
                    "certificate {} is {}: its tags cannot be printed / 证书 {} 当前不是有效状态，不能打印吊牌",
                    cert.number,
                    state.as_str(),
                    cert.number
                )));
            }
        }
        let layout = TagLayout {
            width_mm: self.settings().codes.tag_width_mm,
            height_mm: self.settings().codes.tag_height_mm,
            ..TagLayout::default()
        };
        let parts = if req.format.draws_tags() {
            let product = tx
                .get_product(batch.product_id)
                .await?
                .ok_or(AppError::NotFound("product"))?;
            let brand = tx
                .get_brand(product.brand_id)
                .await?
                .ok_or(AppError::NotFound("brand"))?;
            let mut parts = Vec::new();
            let adjustment = tx
                .get_application(cert.application_id)
                .await?
                .and_then(|a| a.adjustment());
            for p in tag_parts(&batch, &product, &brand, &cert, adjustment.as_ref())? {
                if let Some(r) = intersect(p.range, range) {
                    let t = TagTemplate::new(&p.data, &layout).map_err(AppError::internal)?;
                    parts.push((r, Some(t)));
                }
            }
            parts
        } else {
            vec![(range, None)]
        };
        let (first, last) = super::range_serials(self.code_keys(), batch.key_id, range)?;
        let data = serde_json::json!({
            "format": req.format.as_str(),
            "pins": req.pins,
            "first_serial": first,
            "last_serial": last,
            "count": range.count(),
        });
        let ev = EventBuilder {
            actor,
            entity_type: ENTITY,
            entity_id: batch.id,
            enterprise_id: Some(batch.enterprise_id),
        };
        tx.append_event(&ev.event("exported", None, data, now))
            .await?;
        tx.commit().await?;
        tracing::info!(
            batch.id = batch.id,
            format = req.format.as_str(),
            pins = req.pins,
            count = range.count(),
            "export authorised"
        );
        // Each code's size, for the CSV's size column.
        let sizes = if batch.sizes.is_empty() {
            vec![(range, String::new())]
        } else {
            rongma_domain::codes::size_ranges(&batch.sizes, batch.range)
                .map_err(AppError::internal)?
                .into_iter()
                .filter_map(|(r, s)| intersect(r, range).map(|r| (r, s.size.clone())))
                .collect()
        };
        Ok(Export {
            sizes,
            keys: self.code_keys().clone(),
            key_id: batch.key_id,
            batch_id: batch.id,
            range,
            urls: super::batch_urls(self, &batch)?,
            parts,
            pins: req.pins,
            format: req.format,
            layout,
        })
    }
}

fn intersect(a: SeqRange, b: SeqRange) -> Option<SeqRange> {
    let start = a.start().get().max(b.start().get());
    let end = a.end().min(b.end());
    (start < end)
        .then(|| SeqRange::new(start, end - start).ok())
        .flatten()
}
