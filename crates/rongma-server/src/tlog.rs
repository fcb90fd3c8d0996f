//! The transparency log in the C2SP tlog-tiles layout under `/log/`: the signed checkpoint
//! with the witnesses' cosignatures, hash tiles, entry bundles and the verifier key. Full
//! tiles never change and are cached for a year; partial tiles and the checkpoint change
//! as the log grows and are cached for a few seconds. The page listing decisions is
//! `web::log`; the JSON API `api::log`.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rongma_app::App;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=5";

pub fn routes() -> Router<App> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/key", get(key))
        .route("/log/tile/{*path}", get(tile))
}

fn text(cache: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

fn missing() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, "no-store")],
        "not found\n",
    )
        .into_response()
}

fn failed(e: rongma_app::AppError) -> Response {
    tracing::error!(error = %e, "serving the log failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
}

async fn checkpoint(State(app): State<App>) -> Response {
    match app.log_checkpoint().await {
        Ok(Some((_, note))) => text(SHORT, note),
        Ok(None) => missing(),
        Err(e) => failed(e),
    }
}

async fn key(State(app): State<App>) -> Response {
    let mut k = app.log_verifier_key().into_bytes();
    k.push(b'\n');
    text(SHORT, k)
}

async fn tile(State(app): State<App>, Path(path): Path<String>) -> Response {
    let full = format!("tile/{path}");
    let partial = full.contains(".p/");
    match app.log_tile(&full).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream"),
                (
                    header::CACHE_CONTROL,
                    if partial { SHORT } else { IMMUTABLE },
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => missing(),
        Err(e) => failed(e),
    }
}
