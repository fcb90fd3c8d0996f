//! `/api/v1/public`: the list of graded products, open to everyone (buyers, platforms).

use super::prelude::*;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rongma_app::public::{PublicParams, PublicProduct};
use rongma_store::{PublicBrand, PublicListing};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(public_products))
        .routes(routes!(public_products_csv))
        .routes(routes!(public_product))
        .routes(routes!(public_brands))
}

/// Graded enterprises and their brands with products on the public list, with how many
/// live certificates each has (the values of the list's `enterprise_id` and `brand_id`).
#[utoipa::path(get, path = "/public/brands", tag = "public", security(()),
    responses((status = 200, body = Vec<PublicBrand>)))]
async fn public_brands(State(app): State<App>) -> ApiResult<Json<Vec<PublicBrand>>> {
    Ok(Json(app.public_brands().await?))
}

/// Graded products with a live certificate (suspended ones are listed and marked).
#[utoipa::path(get, path = "/public/products", tag = "public", params(PublicParams), security(()),
    responses((status = 200, body = Page<PublicListing>)))]
async fn public_products(
    State(app): State<App>,
    ApiQuery(p): ApiQuery<PublicParams>,
) -> ApiResult<Json<Page<PublicListing>>> {
    Ok(Json(app.list_public(&p).await?))
}

/// The same list as CSV.
#[utoipa::path(get, path = "/public/products.csv", tag = "public", params(PublicParams), security(()),
    responses((status = 200, content_type = "text/csv")))]
async fn public_products_csv(
    State(app): State<App>,
    ApiQuery(p): ApiQuery<PublicParams>,
) -> ApiResult<Response> {
    let body = app.public_csv(&p).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rongma-graded-products.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// A graded product's certificate, indicator grades, lab, report and state (revoked
/// products stay readable and say so).
#[utoipa::path(get, path = "/public/products/{id}", tag = "public", params(("id" = i64, Path)), security(()),
    responses((status = 200, body = PublicProduct), (status = 404, body = ErrorBody)))]
async fn public_product(State(app): State<App>, Id(id): Id) -> ApiResult<Json<PublicProduct>> {
    Ok(Json(app.public_product(id).await?))
}
