//! Server-rendered pages. Each page module builds a view model (see [`view`]) from one
//! `rongma_app` call and renders it with an askama template; forms post back with a CSRF
//! token and show errors next to their fields.

mod admin;
mod codes;
mod complaints;
mod home;
pub mod log;
mod registry;
pub mod scans;
pub mod shared;
mod supervision;
mod workflow;

pub use shared::{render, FormData, PageError, PageResult, WebForm, WebMultipart};

use crate::auth::web_context;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use rongma_app::App;

/// All pages, behind the middleware that works out language, viewer and CSRF token.
pub fn routes(app: App) -> Router<App> {
    Router::new()
        .merge(home::routes())
        .merge(registry::routes())
        .merge(admin::routes())
        .merge(workflow::routes())
        .merge(complaints::routes())
        .merge(codes::routes())
        .merge(scans::admin::routes())
        .merge(log::routes())
        .merge(supervision::routes())
        .layer(axum::middleware::from_fn(login_redirect))
        .layer(axum::middleware::from_fn_with_state(app, web_context))
        .route("/assets/app.css", get(stylesheet))
        .route("/assets/app.js", get(script))
        .merge(scans::routes())
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/app.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/app.js"),
    )
        .into_response()
}

/// A page that needs a login sends the visitor to the login page, and back afterwards.
async fn login_redirect(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let is_get = req.method() == axum::http::Method::GET;
    let resp = next.run(req).await;
    if resp.status() == StatusCode::UNAUTHORIZED {
        let back = if is_get { path } else { "/".into() };
        let target: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("next", &back)
            .finish();
        return Redirect::to(&format!("/login?{target}")).into_response();
    }
    resp
}
