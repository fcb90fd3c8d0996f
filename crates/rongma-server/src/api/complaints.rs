//! `/api/v1/complaints`: consumers file and follow complaints (no login); the regulator
//! handles them; the enterprise concerned answers.

use super::prelude::*;
use crate::client::ClientIp;
use crate::upload::{next_part, read_file, read_text, UPLOAD_BODY_LIMIT};
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rongma_app::complaints::{
    ComplaintFilter, ComplaintInput, ComplaintView, FiledComplaint, TicketView,
};
use rongma_app::reports::Upload;
use rongma_app::AppError;
use rongma_domain::workflow::ComplaintAction;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_complaints, file_complaint))
        .routes(routes!(file_complaint_with_photo))
        .routes(routes!(track_complaint))
        .routes(routes!(get_complaint))
        .routes(routes!(complaint_history))
        .routes(routes!(complaint_photo))
        .routes(routes!(decide_complaint))
        .routes(routes!(assign_complaint))
        .routes(routes!(respond_to_complaint))
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT))
}

/// File a complaint about a scanned jacket (no login). The answer holds the ticket number
/// and the private key to follow it.
#[utoipa::path(post, path = "/complaints", tag = "complaints", request_body = ComplaintInput, security(()),
    responses((status = 201, body = FiledComplaint), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn file_complaint(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    ApiJson(i): ApiJson<ComplaintInput>,
) -> ApiResult<(StatusCode, Json<FiledComplaint>)> {
    let network = app.network_fingerprint(ip);
    Ok((
        StatusCode::CREATED,
        Json(app.file_complaint(i, None, &network).await?),
    ))
}

#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only its schema is used, to document the body in OpenAPI"
)]
struct ComplaintUpload {
    /// The complaint as JSON (the fields of `ComplaintInput`).
    complaint: String,
    /// A JPEG, PNG or WebP photo.
    #[schema(format = Binary)]
    photo: Option<String>,
}

/// File a complaint with a photo (`multipart/form-data`: `complaint` JSON part, `photo` file).
#[utoipa::path(post, path = "/complaints/with-photo", tag = "complaints", request_body(content = ComplaintUpload, content_type = "multipart/form-data"), security(()),
    responses((status = 201, body = FiledComplaint), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn file_complaint_with_photo(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    mut m: Multipart,
) -> ApiResult<(StatusCode, Json<FiledComplaint>)> {
    let mut input = None;
    let mut photo: Option<Upload> = None;
    while let Some(field) = next_part(&mut m).await? {
        match field.name() {
            Some("complaint") => {
                input = Some(crate::json::parse::<ComplaintInput>(
                    read_text(field).await?.as_bytes(),
                )?)
            }
            Some("photo") => {
                photo = Some(read_file(&app, field).await?).filter(|u| !u.bytes.is_empty())
            }
            _ => {}
        }
    }
    let input = input.ok_or_else(|| {
        AppError::field(rongma_domain::FieldError::new(
            "complaint",
            "required",
            "the `complaint` part is missing",
            "缺少投诉内容",
        ))
    })?;
    let network = app.network_fingerprint(ip);
    Ok((
        StatusCode::CREATED,
        Json(app.file_complaint(input, photo, &network).await?),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrackQuery {
    /// The key given when the complaint was filed.
    pub key: String,
}

/// Follow a ticket with its key (no login).
#[utoipa::path(get, path = "/complaints/track/{ticket}", tag = "complaints", params(("ticket" = String, Path), TrackQuery), security(()),
    responses((status = 200, body = TicketView), (status = 404, body = ErrorBody)))]
async fn track_complaint(
    State(app): State<App>,
    axum::extract::Path(ticket): axum::extract::Path<String>,
    ApiQuery(q): ApiQuery<TrackQuery>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(app.follow_complaint(&ticket, &q.key).await?))
}

/// The complaint queue (regulator and inspectors: all; an enterprise: its products').
#[utoipa::path(get, path = "/complaints", tag = "complaints", params(ComplaintFilter),
    responses((status = 200, body = Page<ComplaintView>), (status = 403, body = ErrorBody)))]
async fn list_complaints(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<ComplaintFilter>,
) -> ApiResult<Json<Page<ComplaintView>>> {
    Ok(Json(app.list_complaints(&a, &f).await?))
}

/// One complaint (phone masked).
#[utoipa::path(get, path = "/complaints/{id}", tag = "complaints", params(("id" = i64, Path)),
    responses((status = 200, body = ComplaintView), (status = 404, body = ErrorBody)))]
async fn get_complaint(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<ComplaintView>> {
    Ok(Json(app.get_complaint(&a, id).await?))
}

/// Every step of a complaint.
#[utoipa::path(get, path = "/complaints/{id}/history", tag = "complaints", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn complaint_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.complaint_history(&a, id).await?))
}

/// The photo attached to a complaint.
#[utoipa::path(get, path = "/complaints/{id}/photo", tag = "complaints", params(("id" = i64, Path)),
    responses((status = 200, description = "The photo as the consumer sent it (JPEG, PNG or WebP)",
        content(("image/jpeg"), ("image/png"), ("image/webp"))), (status = 404, body = ErrorBody)))]
async fn complaint_photo(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Response> {
    let (content_type, bytes) = app.complaint_photo(&a, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, no-store".into()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ComplaintDecision {
    /// accept | reject (not accepted) | close
    pub action: String,
    /// Why not accepted, or the outcome when closing.
    pub note: Option<String>,
}

/// Accept, refuse or close a complaint (regulator).
#[utoipa::path(post, path = "/complaints/{id}/decision", tag = "complaints", params(("id" = i64, Path)), request_body = ComplaintDecision,
    responses((status = 200, body = ComplaintView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decide_complaint(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(d): ApiJson<ComplaintDecision>,
) -> ApiResult<Json<ComplaintView>> {
    let action = match d.action.as_str() {
        "accept" => ComplaintAction::Accept,
        "reject" => ComplaintAction::Reject,
        "close" => ComplaintAction::Close,
        other => {
            return Err(AppError::field(rongma_domain::FieldError::new(
                "action",
                "unknown_value",
                format!("action must be accept, reject or close, got \"{other}\""),
                "操作应为 accept、reject 或 close",
            ))
            .into())
        }
    };
    Ok(Json(app.decide_complaint(&a, id, action, d.note).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Assignment {
    /// Username of an active regulator or inspector.
    pub username: String,
}

/// Assign an open complaint (regulator).
#[utoipa::path(post, path = "/complaints/{id}/assign", tag = "complaints", params(("id" = i64, Path)), request_body = Assignment,
    responses((status = 200, body = ComplaintView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn assign_complaint(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(b): ApiJson<Assignment>,
) -> ApiResult<Json<ComplaintView>> {
    Ok(Json(app.assign_complaint(&a, id, &b.username).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EnterpriseAnswer {
    pub response: String,
}

/// The enterprise's answer to a complaint about its product.
#[utoipa::path(post, path = "/complaints/{id}/response", tag = "complaints", params(("id" = i64, Path)), request_body = EnterpriseAnswer,
    responses((status = 200, body = ComplaintView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn respond_to_complaint(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(b): ApiJson<EnterpriseAnswer>,
) -> ApiResult<Json<ComplaintView>> {
    Ok(Json(app.respond_to_complaint(&a, id, &b.response).await?))
}
