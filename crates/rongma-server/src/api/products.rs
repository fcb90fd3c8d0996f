//! `/api/v1/products`: products (styles), each filed under a brand.

use super::prelude::*;
use super::ReasonBody;
use rongma_domain::registry::{Product, ProductDraft};
use rongma_domain::roles::RegistryKind;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product, archive_product))
        .routes(routes!(restore_product))
        .routes(routes!(product_history))
}

/// A product with what the current grading profile says about its declared values:
/// `scope_warnings` lists each scope rule they fall outside of (empty: it can be graded).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProductView {
    #[serde(flatten)]
    pub product: Product,
    pub scope_warnings: Vec<rongma_app::registry::ScopeWarning>,
}

async fn view(app: &App, product: Product) -> ApiResult<ProductView> {
    let scope_warnings = app.product_scope(&product).await?;
    Ok(ProductView {
        product,
        scope_warnings,
    })
}

/// List products (enterprise users see only their own); `status` filters by species.
#[utoipa::path(get, path = "/products", tag = "registry", params(ListParams),
    responses((status = 200, body = Page<Product>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_products(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Product>>> {
    Ok(Json(app.list_products(&a, &p).await?))
}

/// Register a product (regulator, or an enterprise user under their own brand).
#[utoipa::path(post, path = "/products", tag = "registry", request_body = ProductDraft,
    responses((status = 201, body = ProductView), (status = 409, description = "Style number or GTIN already used", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named", body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_product(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(d): ApiJson<ProductDraft>,
) -> ApiResult<(StatusCode, Json<ProductView>)> {
    let p = app.create_product(&a, d).await?;
    Ok((StatusCode::CREATED, Json(view(&app, p).await?)))
}

/// One product.
#[utoipa::path(get, path = "/products/{id}", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = ErrorBody)))]
async fn get_product(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<ProductView>> {
    let p = app.get_product(&a, id).await?;
    Ok(Json(view(&app, p).await?))
}

/// Change a product; fields left out keep their values.
#[utoipa::path(patch, path = "/products/{id}", tag = "registry", params(("id" = i64, Path)), request_body = ProductDraft,
    responses((status = 200, body = ProductView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_product(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(d): ApiJson<ProductDraft>,
) -> ApiResult<Json<ProductView>> {
    let p = app.update_product(&a, id, d).await?;
    Ok(Json(view(&app, p).await?))
}

/// Archive (soft-delete) a product; it keeps its history.
#[utoipa::path(delete, path = "/products/{id}", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Product), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn archive_product(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Product>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_product(&a, id, true, reason).await?))
}

/// Restore an archived product.
#[utoipa::path(post, path = "/products/{id}/restore", tag = "registry", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Product), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn restore_product(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Product>> {
    let reason = body.and_then(|b| b.0.reason);
    Ok(Json(app.archive_product(&a, id, false, reason).await?))
}

/// The history of a product record, oldest first.
#[utoipa::path(get, path = "/products/{id}/history", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn product_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(
        app.registry_history(&a, RegistryKind::Product, id).await?,
    ))
}
