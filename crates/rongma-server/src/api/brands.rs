//! `/api/v1/brands`: brands, each owned by one enterprise.

use super::prelude::*;
use super::ReasonBody;
use rongma_domain::registry::{Brand, BrandDraft};
use rongma_domain::roles::RegistryKind;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_brands, create_brand))
        .routes(routes!(get_brand, update_brand, archive_brand))
        .routes(routes!(restore_brand))
        .routes(routes!(brand_history))
}

/// List brands (enterprise users see only their own).
#[utoipa::path(get, path = "/brands", tag = "registry", params(ListParams),
    responses((status = 200, body = Page<Brand>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_brands(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Brand>>> {
    Ok(Json(app.list_brands(&a, &p).await?))
}

/// Register a brand (regulator, or an enterprise user for their own enterprise).
#[utoipa::path(post, path = "/brands", tag = "registry", request_body = BrandDraft,
    responses((status = 201, body = Brand), (status = 409, description = "The enterprise already has a brand of this name", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named", body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_brand(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(d): ApiJson<BrandDraft>,
) -> ApiResult<(StatusCode, Json<Brand>)> {
    Ok((StatusCode::CREATED, Json(app.create_brand(&a, d).await?)))
}

/// One brand.
#[utoipa::path(get, path = "/brands/{id}", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Brand), (status = 404, body = ErrorBody)))]
async fn get_brand(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Brand>> {
    Ok(Json(app.get_brand(&a, id).await?))
}

/// Change a brand; fields left out keep their values.
#[utoipa::path(patch, path = "/brands/{id}", tag = "registry", params(("id" = i64, Path)), request_body = BrandDraft,
    responses((status = 200, body = Brand), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_brand(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(d): ApiJson<BrandDraft>,
) -> ApiResult<Json<Brand>> {
    Ok(Json(app.update_brand(&a, id, d).await?))
}

/// Archive (soft-delete) a brand; it keeps its history.
#[utoipa::path(delete, path = "/brands/{id}", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Brand), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn archive_brand(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Brand>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_brand(&a, id, true, reason).await?))
}

/// Restore an archived brand.
#[utoipa::path(post, path = "/brands/{id}/restore", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Brand), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn restore_brand(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Brand>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_brand(&a, id, false, reason).await?))
}

/// The history of a brand record, oldest first.
#[utoipa::path(get, path = "/brands/{id}/history", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn brand_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(
        app.registry_history(&a, RegistryKind::Brand, id).await?,
    ))
}
