//! `/api/v1/codes/{serial}` and `/api/v1/scans`: the public scan (what a tag shows, as
//! JSON) and PIN check, and the regulator's suspected copies and statistics.

use super::prelude::*;
use crate::client::ClientIp;
use axum::extract::Path;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use rongma_app::scans::flags::{CodeEvidence, Suspect, SuspectParams};
use rongma_app::scans::stats::ScanStats;
use rongma_app::scans::{PinCheck, PinResult, ScanOutcome, ScanView};
use rongma_app::AppError;
use rongma_domain::codes::SerialError;
use rongma_store::ScanFlag;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(scan_code))
        .routes(routes!(check_pin))
        .routes(routes!(suspects))
        .routes(routes!(code_evidence))
        .routes(routes!(handle_flag))
        .routes(routes!(flag_history))
        .routes(routes!(statistics))
}

/// 400 for text that is not a serial at all, 404 for a serial that fails its check
/// character or MAC (mistyped, altered or forged): either way not a genuine rongma code.
pub fn not_genuine(e: &SerialError) -> Response {
    let malformed = matches!(
        e,
        SerialError::Length { .. } | SerialError::Character { .. }
    );
    let (status, code) = if malformed {
        (StatusCode::BAD_REQUEST, "malformed_serial")
    } else {
        (StatusCode::NOT_FOUND, "not_genuine")
    };
    let body = ErrorBody {
        error: crate::error::ErrorDetail {
            code,
            message: format!("not a genuine rongma code: {e}"),
            message_zh: format!("不是绒码签发的正品标识码：{}", e.message_zh()),
            fields: vec![e.to_field_error("serial")],
            retry_after: None,
        },
    };
    (status, Json(body)).into_response()
}

/// What a scan of this tag shows (no login): the verdict (valid, revoked, suspended,
/// revoked or lapsed certificate, not issued), grade and indicator results, product,
/// enterprise, certificate, lab and report, and how often the code was scanned and
/// verified. Every call is recorded as a scan.
#[utoipa::path(get, path = "/codes/{serial}", tag = "scans", params(("serial" = String, Path, description = "The serial, any case, spaces and hyphens allowed")), security(()),
    responses((status = 200, body = ScanView),
        (status = 400, description = "Not a serial (length or characters)", body = ErrorBody),
        (status = 404, description = "Not genuine: check character or MAC fails", body = ErrorBody),
        (status = 429, description = "Too many scans from this network", body = ErrorBody)))]
async fn scan_code(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(serial): Path<String>,
) -> ApiResult<Response> {
    let client = crate::client::scan_client(&app, ip, &headers, "api");
    Ok(match app.scan(&serial, None, &client).await? {
        ScanOutcome::Genuine(v) => Json(*v).into_response(),
        ScanOutcome::NotGenuine(e) => not_genuine(&e),
    })
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PinBody {
    /// The 8 digits under the scratch-off (spaces and hyphens ignored).
    pub pin: String,
}

/// Check the hidden PIN of a tag (no login). Recorded durably before the answer. A
/// correct PIN checked before says how often and since when (the tag may be a copy).
/// Five wrong PINs in a row lock checks on the tag for an hour (429 with `Retry-After`);
/// a network sending many wrong PINs gets 429 as well.
#[utoipa::path(post, path = "/codes/{serial}/pin", tag = "scans", params(("serial" = String, Path)), request_body = PinBody, security(()),
    responses((status = 200, description = "Checked: `result` is correct or wrong", body = PinCheck),
        (status = 400, body = ErrorBody), (status = 404, description = "Not genuine, or never issued", body = ErrorBody),
        (status = 422, description = "The PIN is not 8 digits", body = ErrorBody),
        (status = 429, description = "Checks on this tag are locked, or this network sent too many wrong PINs", body = ErrorBody)))]
async fn check_pin(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(serial): Path<String>,
    ApiJson(body): ApiJson<PinBody>,
) -> ApiResult<Response> {
    let v = match app.verify_serial(&serial) {
        Ok(v) => v,
        Err(e) => return Ok(not_genuine(&e)),
    };
    let client = crate::client::scan_client(&app, ip, &headers, "api");
    let check = app.check_pin(&v, &body.pin, &client).await?;
    if check.result == PinResult::Locked {
        let secs = check
            .locked_until
            .map_or(60, |t| (t - app.now()).num_seconds().max(1) as u64);
        let mut resp = crate::error::ApiError(AppError::RateLimited {
            retry_after_secs: secs,
        })
        .into_response();
        resp.headers_mut()
            .insert("x-rongma-pin-locked", header::HeaderValue::from_static("1"));
        return Ok(resp);
    }
    Ok(Json(check).into_response())
}

/// Suspected copies, ranked: by serial (default), batch or enterprise (regulator and
/// inspectors).
#[utoipa::path(get, path = "/scans/suspects", tag = "scans", params(SuspectParams),
    responses((status = 200, body = Page<Suspect>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn suspects(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<SuspectParams>,
) -> ApiResult<Json<Page<Suspect>>> {
    Ok(Json(app.suspects(&a, &p).await?))
}

/// The page of a code's evidence.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct EvidenceQuery {
    /// Page of the events (100 a page, newest first).
    page: Option<i64>,
}

/// The evidence about one code: its counts, flags and its scan events, newest first.
#[utoipa::path(get, path = "/scans/codes/{serial}", tag = "scans", params(("serial" = String, Path), EvidenceQuery),
    responses((status = 200, body = CodeEvidence), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn code_evidence(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Path(serial): Path<String>,
    ApiQuery(q): ApiQuery<EvidenceQuery>,
) -> ApiResult<Json<CodeEvidence>> {
    Ok(Json(app.code_evidence(&a, &serial, q.page).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct HandleBody {
    /// What was done about it; recorded in the flag's history.
    pub note: Option<String>,
}

/// Mark a flag handled (regulator), with a note.
#[utoipa::path(post, path = "/scans/flags/{id}/handle", tag = "scans", params(("id" = i64, Path)), request_body = HandleBody,
    responses((status = 200, body = ScanFlag), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already handled", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn handle_flag(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(b): ApiJson<HandleBody>,
) -> ApiResult<Json<ScanFlag>> {
    Ok(Json(app.handle_flag(&a, id, b.note).await?))
}

/// Who handled a flag, when and how.
#[utoipa::path(get, path = "/scans/flags/{id}/history", tag = "scans", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 403, body = ErrorBody)))]
async fn flag_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.flag_history(&a, id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Days back from today, 1–366 (default 30).
    pub days: Option<i64>,
}

/// Scans, PIN checks and flags per day, and complaints by category (regulator, inspectors).
#[utoipa::path(get, path = "/scans/stats", tag = "scans", params(StatsQuery),
    responses((status = 200, body = ScanStats), (status = 403, body = ErrorBody)))]
async fn statistics(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<Json<ScanStats>> {
    Ok(Json(app.scan_statistics(&a, q.days).await?))
}
