//! `/api/v1/log`: the transparency log's entries with their inclusion proofs, consistency
//! proofs between signed sizes, recent decisions and offline proofs. Open to everyone: the
//! log is public (its leaves hold no personal data). The C2SP tiles are under `/log/`.

use super::prelude::*;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rongma_app::tlog::{ConsistencyProof, EntryProof, LeafView};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(recent_entries))
        .routes(routes!(entry))
        .routes(routes!(consistency))
        .routes(routes!(offline_proof))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecentParams {
    /// 1–200, default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct RecentEntries {
    /// The number of entries in the log (signed or not yet).
    pub size: u64,
    /// Newest first.
    pub items: Vec<LeafView>,
}

/// The latest decisions on the log, newest first.
#[utoipa::path(get, path = "/log/entries", tag = "log", params(RecentParams), security(()),
    responses((status = 200, body = RecentEntries)))]
async fn recent_entries(
    State(app): State<App>,
    ApiQuery(p): ApiQuery<RecentParams>,
) -> ApiResult<Json<RecentEntries>> {
    let (items, size) = app
        .recent_log_entries(p.limit.unwrap_or(50), p.offset.unwrap_or(0))
        .await?;
    Ok(Json(RecentEntries { size, items }))
}

/// One entry with its inclusion proof in the latest signed checkpoint (404 until a
/// checkpoint covers it, within a few seconds of the decision).
#[utoipa::path(get, path = "/log/entries/{index}", tag = "log", params(("index" = u64, Path)), security(()),
    responses((status = 200, body = EntryProof), (status = 404, body = ErrorBody)))]
async fn entry(
    State(app): State<App>,
    axum::extract::Path(index): axum::extract::Path<u64>,
) -> ApiResult<Json<EntryProof>> {
    Ok(Json(app.log_entry_proof(index).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyParams {
    /// A size the log signed.
    pub old: u64,
    /// A later size the log signed; the latest if absent.
    pub new: Option<u64>,
}

/// The consistency proof between two signed tree sizes (RFC 9162 §2.1.4).
#[utoipa::path(get, path = "/log/consistency", tag = "log", params(ConsistencyParams), security(()),
    responses((status = 200, body = ConsistencyProof), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn consistency(
    State(app): State<App>,
    ApiQuery(p): ApiQuery<ConsistencyParams>,
) -> ApiResult<Json<ConsistencyProof>> {
    Ok(Json(app.log_consistency(p.old, p.new).await?))
}

/// The offline proof (C2SP tlog-proof) of a subject's latest decision: a certificate
/// number (`RMC-…`) or a subject key (`certificate:12`, `code_batch:3`).
#[utoipa::path(get, path = "/log/proofs/{subject}", tag = "log", params(("subject" = String, Path)), security(()),
    responses((status = 200, content_type = "text/plain"), (status = 404, body = ErrorBody)))]
async fn offline_proof(
    State(app): State<App>,
    axum::extract::Path(subject): axum::extract::Path<String>,
) -> ApiResult<Response> {
    let body = app.offline_proof(&subject).await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response())
}
