//! The JSON API under `/api/v1`, one module per resource, each with its own router.
//! Handlers are thin: extract, call one `rongma_app` use case, wrap the answer.
//! docs/API.md describes the URL shape, envelopes, errors and paging.

mod accounts;
mod applications;
mod brands;
mod certificates;
mod codes;
mod complaints;
mod enterprises;
mod grading;
mod labs;
mod log;
mod products;
mod public;
mod reports;
mod scans;
mod session;

use rongma_app::App;
use utoipa_axum::router::OpenApiRouter;

/// Everything under `/api/v1`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .merge(session::routes())
        .merge(enterprises::routes())
        .merge(brands::routes())
        .merge(products::routes())
        .merge(labs::routes())
        .merge(accounts::routes())
        .merge(grading::routes())
        .merge(reports::routes())
        .merge(applications::routes())
        .merge(certificates::routes())
        .merge(public::routes())
        .merge(complaints::routes())
        .merge(codes::routes())
        .merge(scans::routes())
        .merge(log::routes())
}

/// Imports shared by the resource modules.
mod prelude {
    pub use crate::auth::ApiActor;
    pub use crate::error::{ApiResult, ErrorBody};
    pub use crate::extract::{ApiQuery, Id};
    pub use crate::json::ApiJson;
    pub use axum::extract::State;
    pub use axum::http::StatusCode;
    pub use axum::Json;
    pub use rongma_app::paging::ListParams;
    pub use rongma_app::{App, Event, Page};
    pub use serde::Deserialize;
    pub use utoipa::ToSchema;
    pub use utoipa_axum::{router::OpenApiRouter, routes};
}

/// Body of archive (soft-delete) and restore requests.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ReasonBody {
    /// Why; recorded in the history.
    pub reason: Option<String>,
}
