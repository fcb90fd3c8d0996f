//! The grading workflow's pages: lab reports, grading applications and their review,
//! certificates, the grading dry run, and the public list of graded products.

pub mod applications;
pub mod certificates;
mod grading;
mod public;
pub mod reports;

use axum::Router;
use rongma_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(reports::routes())
        .merge(applications::routes())
        .merge(certificates::routes())
        .merge(public::routes())
        .merge(grading::routes())
}
