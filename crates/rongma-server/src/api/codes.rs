//! `/api/v1/code-batches` and `/api/v1/codes`: issuing code batches, reading them,
//! revoking codes and streaming print files. The public scan of one serial is in
//! `api/scans.rs`; `/codes/{serial}/status` is the staff and owner lookup, which is not
//! counted as a scan.

use super::prelude::*;
use crate::export_stream::stream_export;
use axum::extract::Path;
use axum::response::Response;
use rongma_app::codes::{
    BatchDetail, BatchListParams, BatchView, CodeStatus, ExportFormat, ExportRequest,
    RevokeOutcome, RevokeRequest,
};
use rongma_app::AppError;
use rongma_domain::codes::BatchDraft;
use rongma_domain::FieldError;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_batches, issue_batch))
        .routes(routes!(get_batch))
        .routes(routes!(batch_history))
        .routes(routes!(export_batch))
        .routes(routes!(revoke_codes))
        .routes(routes!(code_status))
}

/// The status of one serial (verdict, batch, revocation, certificate) for staff and the
/// owning enterprise. Unlike the public scan it is not recorded as a scan, so checking a
/// tag in the warehouse does not move its scan counts.
#[utoipa::path(get, path = "/codes/{serial}/status", tag = "codes",
    params(("serial" = String, Path, description = "The serial, any case, spaces and hyphens allowed")),
    responses((status = 200, body = CodeStatus),
        (status = 404, description = "Not issued, or another enterprise's", body = ErrorBody),
        (status = 422, description = "Not a genuine serial (`serial`)", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn code_status(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Path(serial): Path<String>,
) -> ApiResult<Json<CodeStatus>> {
    Ok(Json(app.lookup_code(&a, &serial).await?))
}

/// Code batches the caller may see, newest first (an enterprise its own, staff all).
#[utoipa::path(get, path = "/code-batches", tag = "codes", params(BatchListParams),
    responses((status = 200, body = Page<BatchView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_batches(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<BatchListParams>,
) -> ApiResult<Json<Page<BatchView>>> {
    Ok(Json(app.list_batches(&a, &p).await?))
}

/// Issue a batch of codes for a production lot on an active certificate of the caller's
/// enterprise. The batch is stored as one row (key id and sequence range) whatever its size.
#[utoipa::path(post, path = "/code-batches", tag = "codes", request_body = BatchDraft,
    responses((status = 201, body = BatchDetail),
        (status = 404, description = "No such certificate, or another enterprise's", body = ErrorBody),
        (status = 422, description = "Bad fields, a cap exceeded or an inactive certificate, each named", body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn issue_batch(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(d): ApiJson<BatchDraft>,
) -> ApiResult<(StatusCode, Json<BatchDetail>)> {
    Ok((StatusCode::CREATED, Json(app.issue_batch(&a, d).await?)))
}

/// One batch with its revocations.
#[utoipa::path(get, path = "/code-batches/{id}", tag = "codes", params(("id" = i64, Path)),
    responses((status = 200, body = BatchDetail), (status = 404, body = ErrorBody)))]
async fn get_batch(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<BatchDetail>> {
    Ok(Json(app.get_batch(&a, id).await?))
}

/// Every change and export of a batch (who, when, which range, which format), oldest first.
#[utoipa::path(get, path = "/code-batches/{id}/history", tag = "codes", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn batch_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.batch_history(&a, id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// csv | xlsx | pdf | zpl | tspl | svg | png (svg and png hold one tag: from = to)
    pub format: Option<String>,
    /// First serial (default: the batch's first).
    pub from: Option<String>,
    /// Last serial, included (default: the batch's last).
    pub to: Option<String>,
    /// Include PINs (default false); only the owning enterprise may.
    pub pins: Option<bool>,
}

/// Stream a print file of the batch or of serials `from`..=`to`. Recorded in the batch's
/// history before the first byte; memory stays flat whatever the size.
#[utoipa::path(get, path = "/code-batches/{id}/export", tag = "codes", params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "The file, streamed", content_type = "text/csv"),
        (status = 403, description = "PINs asked for by someone other than the owning enterprise", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Revoked batch or inactive certificate (tag files and PIN exports)", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn export_batch(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let format = q
        .format
        .as_deref()
        .and_then(ExportFormat::parse)
        .ok_or_else(|| {
            AppError::field(FieldError::new(
                "format",
                "unknown_format",
                format!(
                    "format must be csv, xlsx, pdf, zpl, tspl, svg or png, got {:?}",
                    q.format.as_deref().unwrap_or("")
                ),
                "格式应为 csv、xlsx、pdf、zpl、tspl、svg 或 png",
            ))
        })?;
    let req = ExportRequest {
        format,
        from: q.from,
        to: q.to,
        pins: q.pins.unwrap_or(false),
        per_tag_files: false,
    };
    let export = app.prepare_export(&a, id, req).await?;
    Ok(stream_export(export))
}

/// Revoke the whole batch, serials `from`..=`to`, or single `serials` (lost or stolen
/// tags), with a reason. Final: a scan shows the codes as revoked from now on.
#[utoipa::path(post, path = "/code-batches/{id}/revocations", tag = "codes", params(("id" = i64, Path)), request_body = RevokeRequest,
    responses((status = 200, body = RevokeOutcome), (status = 404, body = ErrorBody),
        (status = 409, description = "The batch is already revoked", body = ErrorBody),
        (status = 422, description = "Malformed, forged or foreign serials, a reversed range, codes already revoked", body = ErrorBody)))]
async fn revoke_codes(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(r): ApiJson<RevokeRequest>,
) -> ApiResult<Json<RevokeOutcome>> {
    Ok(Json(app.revoke_codes(&a, id, r).await?))
}
