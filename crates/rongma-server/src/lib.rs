//! HTTP for rongma: the JSON API (with its OpenAPI document) and the server-rendered
//! pages. Both call the same `rongma_app` use cases; nothing here decides who may do what.
//!
//! Layout:
//! - [`api`]: `/api/v1/…` JSON routes, one module per resource; [`openapi`] assembles
//!   the document served at `/api/openapi.json` and browsed at `/api/docs`.
//! - [`web`]: pages (Simplified Chinese by default, `?lang=en` for English), askama
//!   templates under `templates/`, CSS under `assets/`.
//! - [`upload`], [`export_stream`], [`client`]: what both surfaces share — reading
//!   uploads, streaming exports, the client's address and scan identity.
//! - [`auth`]: who is calling (bearer token, API key, session cookie) and CSRF.
//! - [`error`], [`json`], [`extract`]: errors and extractors in the API's error shape.
//! - [`i18n`]: the page texts in both languages.
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod client;
pub mod error;
pub mod export_stream;
pub mod extract;
pub mod headers;
pub mod i18n;
pub mod json;
pub mod openapi;
pub mod tlog;
pub mod upload;
pub mod web;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use rongma_app::App;
use std::time::Duration;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = api_router().split_for_parts();
    doc
}

fn api_router() -> OpenApiRouter<App> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi()).nest("/api/v1", api::routes())
}

/// The whole service.
pub fn router(app: App) -> Router {
    let (api, doc) = api_router().split_for_parts();
    let body_limit = app.settings().server.max_body_bytes;
    let https = app.settings().security.secure_cookies;
    Router::new()
        .merge(api)
        .merge(utoipa_swagger_ui::SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(tlog::routes())
        .merge(web::routes(app.clone()))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        // Pages and JSON compressed when the client asks (images, already compressed, and
        // tiny bodies are left alone); the fastest level, since most pages are small.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .layer(axum::middleware::map_response(
            move |mut res: axum::response::Response| async move {
                headers::add(&mut res, https);
                res
            },
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(app)
}

/// The span of a request: method and path only — query strings can carry secrets (the
/// key of a complaint ticket), so they never reach the logs.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
}

/// An unknown URL: the API's error body under `/api/`, the product's own 404 page
/// elsewhere.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    let e = rongma_app::AppError::NotFound("page");
    if uri.path().starts_with("/api/") {
        error::ApiError(e).into_response()
    } else {
        web::PageError(e).into_response()
    }
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers.
async fn readyz(State(app): State<App>) -> impl IntoResponse {
    match app.store().ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(
                serde_json::json!({"status": "ready", "database": app.store().backend().as_str()}),
            ),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
        }
    }
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
