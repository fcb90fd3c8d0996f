//! `/api/v1/labs`: test labs and their accreditations.

use super::prelude::*;
use super::ReasonBody;
use rongma_domain::registry::{Lab, LabDraft};
use rongma_domain::roles::RegistryKind;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_labs, create_lab))
        .routes(routes!(get_lab, update_lab, archive_lab))
        .routes(routes!(restore_lab))
        .routes(routes!(lab_history))
}

/// List labs.
#[utoipa::path(get, path = "/labs", tag = "registry", params(ListParams),
    responses((status = 200, body = Page<Lab>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_labs(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Lab>>> {
    Ok(Json(app.list_labs(&a, &p).await?))
}

/// Register a lab (regulator).
#[utoipa::path(post, path = "/labs", tag = "registry", request_body = LabDraft,
    responses((status = 201, body = Lab), (status = 409, description = "CMA number already registered", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named", body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_lab(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(d): ApiJson<LabDraft>,
) -> ApiResult<(StatusCode, Json<Lab>)> {
    Ok((StatusCode::CREATED, Json(app.create_lab(&a, d).await?)))
}

/// One lab.
#[utoipa::path(get, path = "/labs/{id}", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Lab), (status = 404, body = ErrorBody)))]
async fn get_lab(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Lab>> {
    Ok(Json(app.get_lab(&a, id).await?))
}

/// Change a lab; fields left out keep their values.
#[utoipa::path(patch, path = "/labs/{id}", tag = "registry", params(("id" = i64, Path)), request_body = LabDraft,
    responses((status = 200, body = Lab), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_lab(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(d): ApiJson<LabDraft>,
) -> ApiResult<Json<Lab>> {
    Ok(Json(app.update_lab(&a, id, d).await?))
}

/// Archive (soft-delete) a lab; it keeps its history.
#[utoipa::path(delete, path = "/labs/{id}", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Lab), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn archive_lab(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Lab>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_lab(&a, id, true, reason).await?))
}

/// Restore an archived lab.
#[utoipa::path(post, path = "/labs/{id}/restore", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Lab), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn restore_lab(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Lab>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_lab(&a, id, false, reason).await?))
}

/// The history of a lab record, oldest first.
#[utoipa::path(get, path = "/labs/{id}/history", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn lab_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.registry_history(&a, RegistryKind::Lab, id).await?))
}
