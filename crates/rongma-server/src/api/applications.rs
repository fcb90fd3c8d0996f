//! `/api/v1/applications`: enterprises apply for a grade; reviewers decide.

use super::prelude::*;
use super::ReasonBody;
use rongma_app::applications::{ApplicationInput, DecisionInput};
use rongma_domain::workflow::Application;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_applications, apply_for_grade))
        .routes(routes!(get_application))
        .routes(routes!(decide_application))
        .routes(routes!(withdraw_application))
        .routes(routes!(application_history))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationFilter {
    /// pending | approved | rejected | withdrawn. `pending` lists oldest first (the reviewers' queue).
    pub status: Option<String>,
    pub enterprise_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Applications the caller may see.
#[utoipa::path(get, path = "/applications", tag = "certificates", params(ApplicationFilter),
    responses((status = 200, body = Page<Application>), (status = 403, body = ErrorBody)))]
async fn list_applications(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<ApplicationFilter>,
) -> ApiResult<Json<Page<Application>>> {
    let oldest_first = f.status.as_deref() == Some("pending");
    let p = ListParams {
        status: f.status,
        enterprise_id: f.enterprise_id,
        page: f.page,
        per_page: f.per_page,
        ..Default::default()
    };
    Ok(Json(app.list_applications(&a, &p, oldest_first).await?))
}

/// Apply for a grade with reports of one of your products (enterprise users).
#[utoipa::path(post, path = "/applications", tag = "certificates", request_body = ApplicationInput,
    responses((status = 201, body = Application), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "A pending application for the product exists", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn apply_for_grade(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(i): ApiJson<ApplicationInput>,
) -> ApiResult<(StatusCode, Json<Application>)> {
    Ok((StatusCode::CREATED, Json(app.apply_for_grade(&a, i).await?)))
}

/// One application with the engine's results.
#[utoipa::path(get, path = "/applications/{id}", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = Application), (status = 404, body = ErrorBody)))]
async fn get_application(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Application>> {
    Ok(Json(app.get_application(&a, id).await?))
}

/// Approve (issuing the certificate) or reject a pending application (reviewers). The grade
/// may only be lowered, with `lowering_reason`.
#[utoipa::path(post, path = "/applications/{id}/decision", tag = "certificates", params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = Application), (status = 403, body = ErrorBody), (status = 409, description = "Already decided, or not gradable", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decide_application(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(d): ApiJson<DecisionInput>,
) -> ApiResult<Json<Application>> {
    Ok(Json(app.decide_application(&a, id, d).await?))
}

/// Withdraw a pending application (its enterprise).
#[utoipa::path(post, path = "/applications/{id}/withdraw", tag = "certificates", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 200, body = Application), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw_application(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<Json<Application>> {
    Ok(Json(
        app.withdraw_application(&a, id, body.and_then(|b| b.0.reason))
            .await?,
    ))
}

/// The history of an application.
#[utoipa::path(get, path = "/applications/{id}/history", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn application_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.application_history(&a, id).await?))
}
