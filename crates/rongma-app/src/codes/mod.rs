//! Code batches (信息码 + 防伪码): issuing a batch for a production lot, listing and reading
//! batches, revoking a batch, a range or single serials, exporting print files, and the
//! status of one serial as a scan will show it.
//!
//! Who may do what (decided in [`crate::policy`]; the `Actor::system` of the CLI counts as
//! the owning enterprise):
//!
//! | action | who |
//! |---|---|
//! | read batches, look up a serial | staff (all batches), enterprise users (their own) |
//! | issue a batch | enterprise users, on their own enterprise's active certificate |
//! | revoke | enterprise users (own batches), the regulator |
//! | export with PINs | enterprise users of the owning enterprise only |
//! | export without PINs | the above and the regulator |
//!
//! A batch of another enterprise is "not found", like one that does not exist. Every
//! change and every export appends a history event (`code_batch`) in its transaction.
//!
//! Layout: [`issue`], [`batches`] (reads and views), [`revoke`], [`status`] (what a scan
//! shows), [`export`] (print files) with [`tags`] (what a tag prints), [`preview`].

pub mod batches;
pub mod export;
mod export_write;
pub mod issue;
pub mod preview;
pub mod revoke;
pub mod status;
pub mod tags;

pub use batches::{BatchDetail, BatchListParams, BatchView, RevocationView};
pub use export::{Export, ExportFormat, ExportRequest};
pub use revoke::{RevokeOutcome, RevokeRequest};
pub use status::{CodeStatus, CodeVerdict};

use crate::error::{AppError, AppResult};
use rongma_domain::codes::{KeyId, Seq, SeqRange, Serial, UrlTemplate};
use rongma_domain::roles::Actor;
use rongma_domain::FieldError;
use rongma_store::{CodeBatch, Tx};

/// The history's name for batches.
pub(crate) const ENTITY: &str = "code_batch";

/// The batch, if it exists and the actor may see it; otherwise "not found".
pub(crate) async fn visible_batch(tx: &mut dyn Tx, actor: &Actor, id: i64) -> AppResult<CodeBatch> {
    match tx.get_batch(id).await? {
        Some(b) if actor.sees_enterprise(b.enterprise_id) => Ok(b),
        _ => Err(AppError::NotFound("code batch")),
    }
}

/// The serial of sequence number `seq` under the batch's key.
pub(crate) fn serial_at(
    keys: &rongma_domain::codes::CodeKeys,
    key: KeyId,
    seq: Seq,
) -> AppResult<Serial> {
    keys.serial_keys()
        .issue_with(key, seq)
        .map_err(AppError::internal)
}

/// First and last serial of a range, as text.
pub(crate) fn range_serials(
    keys: &rongma_domain::codes::CodeKeys,
    key: KeyId,
    range: SeqRange,
) -> AppResult<(String, String)> {
    Ok((
        serial_at(keys, key, range.start())?.to_string(),
        serial_at(keys, key, range.last())?.to_string(),
    ))
}

/// The QR URLs of a batch: short, or GS1 Digital Link when it was issued with a GTIN.
pub(crate) fn batch_urls(app: &crate::App, batch: &CodeBatch) -> AppResult<UrlTemplate> {
    let host = rongma_domain::codes::PublicHost::parse(&app.settings().server.public_host)
        .map_err(AppError::internal)?;
    match &batch.gtin {
        None => Ok(UrlTemplate::short(&host)),
        Some(g) => UrlTemplate::digital_link(&host, g).map_err(AppError::internal),
    }
}

/// A serial typed into `field`, checked for format and authenticity (no database read)
/// and required to belong to `batch`.
pub(crate) fn serial_in_batch(
    app: &crate::App,
    batch: &CodeBatch,
    field: &str,
    text: &str,
) -> Result<Seq, FieldError> {
    let verified = app
        .code_keys()
        .serial_keys()
        .verify(text)
        .map_err(|e| e.to_field_error(field))?;
    if verified.serial.key_id() != batch.key_id || !batch.range.contains(verified.seq) {
        let (first, last) =
            range_serials(app.code_keys(), batch.key_id, batch.range).unwrap_or_default();
        return Err(FieldError::new(
            field,
            "not_in_batch",
            format!(
                "serial {} is not in batch {} (its serials run from {first} to {last})",
                verified.serial, batch.id
            ),
            format!(
                "序列号 {} 不属于批次 {}（该批次序列号为 {first} 至 {last}）",
                verified.serial, batch.id
            ),
        ));
    }
    Ok(verified.seq)
}
