//! `/api/v1/enterprises`: the registry of enterprises.

use super::prelude::*;
use super::ReasonBody;
use rongma_domain::registry::{Enterprise, EnterpriseDraft};
use rongma_domain::roles::RegistryKind;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_enterprises, create_enterprise))
        .routes(routes!(
            get_enterprise,
            update_enterprise,
            archive_enterprise
        ))
        .routes(routes!(restore_enterprise))
        .routes(routes!(enterprise_history))
}

/// List enterprises (enterprise users see only their own).
#[utoipa::path(get, path = "/enterprises", tag = "registry", params(ListParams),
    responses((status = 200, body = Page<Enterprise>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_enterprises(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Enterprise>>> {
    Ok(Json(app.list_enterprises(&a, &p).await?))
}

/// Register an enterprise (regulator).
#[utoipa::path(post, path = "/enterprises", tag = "registry", request_body = EnterpriseDraft,
    responses((status = 201, body = Enterprise), (status = 409, description = "Credit code already registered", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named", body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_enterprise(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(d): ApiJson<EnterpriseDraft>,
) -> ApiResult<(StatusCode, Json<Enterprise>)> {
    Ok((
        StatusCode::CREATED,
        Json(app.create_enterprise(&a, d).await?),
    ))
}

/// One enterprise.
#[utoipa::path(get, path = "/enterprises/{id}", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Enterprise), (status = 404, body = ErrorBody)))]
async fn get_enterprise(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Enterprise>> {
    Ok(Json(app.get_enterprise(&a, id).await?))
}

/// Change an enterprise; fields left out keep their values.
#[utoipa::path(patch, path = "/enterprises/{id}", tag = "registry", params(("id" = i64, Path)), request_body = EnterpriseDraft,
    responses((status = 200, body = Enterprise), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_enterprise(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(d): ApiJson<EnterpriseDraft>,
) -> ApiResult<Json<Enterprise>> {
    Ok(Json(app.update_enterprise(&a, id, d).await?))
}

/// Archive (soft-delete) an enterprise; it keeps its history.
#[utoipa::path(delete, path = "/enterprises/{id}", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Enterprise), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn archive_enterprise(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Enterprise>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_enterprise(&a, id, true, reason).await?))
}

/// Restore an archived enterprise.
#[utoipa::path(post, path = "/enterprises/{id}/restore", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Enterprise), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn restore_enterprise(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Enterprise>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_enterprise(&a, id, false, reason).await?))
}

/// The history of an enterprise record, oldest first.
#[utoipa::path(get, path = "/enterprises/{id}/history", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn enterprise_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(
        app.registry_history(&a, RegistryKind::Enterprise, id)
            .await?,
    ))
}
