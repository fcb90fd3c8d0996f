//! `/api/v1/grading` and `/api/v1/profiles`: a dry run of the engine, and the grading
//! profiles (public: they are the published rules).

use super::prelude::*;
use axum::body::Bytes;
use rongma_app::profiles::ProfileInfo;
use rongma_app::AppError;
use rongma_domain::grading::{grade, Report};
use serde::Serialize;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(evaluate))
        .routes(routes!(list_profiles, load_profile))
        .routes(routes!(get_profile))
        .routes(routes!(activate_profile))
}

/// Grade report values without storing anything, with the current profile (or `?profile=id&version=`).
#[utoipa::path(post, path = "/grading/evaluate", tag = "grading", params(EvaluateQuery), security(()),
    request_body(content = Object, description = "Report values: {\"declared\": {…}, \"measured\": {…}}"),
    responses((status = 200, description = "The grading result (see docs/GRADING.md)", body = Object), (status = 422, body = ErrorBody)))]
async fn evaluate(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<EvaluateQuery>,
    ApiJson(v): ApiJson<serde_json::Value>,
) -> ApiResult<Json<serde_json::Value>> {
    let profile = match (q.profile, q.version) {
        (Some(p), Some(v)) => app.profile_version(&p, &v).await?,
        _ => app.current_profile().await?,
    };
    let report = Report::from_json(&v, &profile).map_err(AppError::Validation)?;
    let result = grade(&profile, &report);
    Ok(Json(
        serde_json::to_value(&result).map_err(AppError::internal)?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluateQuery {
    pub profile: Option<String>,
    pub version: Option<String>,
}

/// Every loaded grading profile version.
#[utoipa::path(get, path = "/profiles", tag = "grading", security(()), responses((status = 200, body = Vec<ProfileInfo>)))]
async fn list_profiles(State(app): State<App>) -> ApiResult<Json<Vec<ProfileInfo>>> {
    Ok(Json(app.list_profiles().await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileFile {
    #[serde(flatten)]
    pub info: ProfileInfo,
    /// The profile file (TOML) as loaded.
    pub source: String,
}

/// One profile version with its file.
#[utoipa::path(get, path = "/profiles/{id}/{version}", tag = "grading", security(()), params(("id" = String, Path), ("version" = String, Path)),
    responses((status = 200, body = ProfileFile), (status = 404, body = ErrorBody)))]
async fn get_profile(
    State(app): State<App>,
    axum::extract::Path((id, version)): axum::extract::Path<(String, String)>,
) -> ApiResult<Json<ProfileFile>> {
    let (info, source) = app.get_profile(&id, &version).await?;
    Ok(Json(ProfileFile { info, source }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoadQuery {
    /// Make the loaded version the active one at once.
    pub activate: Option<bool>,
}

/// Load a profile file (TOML as the request body; regulator). Problems are listed by place.
#[utoipa::path(post, path = "/profiles", tag = "grading", params(LoadQuery), request_body(content = String, content_type = "application/toml"),
    responses((status = 201, body = ProfileInfo), (status = 403, body = ErrorBody), (status = 409, description = "That id and version is already loaded", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn load_profile(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(q): ApiQuery<LoadQuery>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ProfileInfo>)> {
    let text = std::str::from_utf8(&body).map_err(|_| {
        AppError::field(rongma_domain::FieldError::new(
            "profile",
            "not_utf8",
            "the profile must be UTF-8 text",
            "分级方案须为 UTF-8 文本",
        ))
    })?;
    Ok((
        StatusCode::CREATED,
        Json(
            app.load_profile(&a, text, q.activate.unwrap_or(false))
                .await?,
        ),
    ))
}

/// Make a loaded version the active one (regulator).
#[utoipa::path(post, path = "/profiles/{id}/{version}/activate", tag = "grading", params(("id" = String, Path), ("version" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate_profile(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    axum::extract::Path((id, version)): axum::extract::Path<(String, String)>,
) -> ApiResult<StatusCode> {
    app.activate_profile(&a, &id, &version).await?;
    Ok(StatusCode::NO_CONTENT)
}
