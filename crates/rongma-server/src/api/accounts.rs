//! `/api/v1/users` and `/api/v1/api-keys`: accounts, managed by the regulator.

use super::prelude::*;
use super::ReasonBody;
use rongma_app::accounts::{ApiKeyInput, ApiKeyView, CreatedApiKey, UserInput, UserView};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(set_user_active))
        .routes(routes!(list_api_keys, create_api_key))
        .routes(routes!(revoke_api_key))
}

/// List user accounts (regulator).
#[utoipa::path(get, path = "/users", tag = "accounts", params(ListParams),
    responses((status = 200, body = Page<UserView>), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<UserView>>> {
    Ok(Json(app.list_users(&a, &p).await?))
}

/// Create a user account (regulator). Enterprise users need `enterprise_id`, lab users `lab_id`.
#[utoipa::path(post, path = "/users", tag = "accounts", request_body = UserInput,
    responses((status = 201, body = UserView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(u): ApiJson<UserInput>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    Ok((StatusCode::CREATED, Json(app.create_user(&a, u).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActiveBody {
    pub active: bool,
    pub reason: Option<String>,
}

/// Enable or disable a user; disabling ends their sessions.
#[utoipa::path(put, path = "/users/{id}/active", tag = "accounts", params(("id" = i64, Path)), request_body = ActiveBody,
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_user_active(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(b): ApiJson<ActiveBody>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(app.set_user_active(&a, id, b.active, b.reason).await?))
}

/// List API keys (regulator); secrets are never shown again.
#[utoipa::path(get, path = "/api-keys", tag = "accounts", responses((status = 200, body = Vec<ApiKeyView>), (status = 403, body = ErrorBody)))]
async fn list_api_keys(
    State(app): State<App>,
    ApiActor(a): ApiActor,
) -> ApiResult<Json<Vec<ApiKeyView>>> {
    Ok(Json(app.list_api_keys(&a).await?))
}

/// Create an API key for a platform or a lab (regulator). The secret is in this answer only.
#[utoipa::path(post, path = "/api-keys", tag = "accounts", request_body = ApiKeyInput,
    responses((status = 201, body = CreatedApiKey), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_api_key(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(k): ApiJson<ApiKeyInput>,
) -> ApiResult<(StatusCode, Json<CreatedApiKey>)> {
    Ok((StatusCode::CREATED, Json(app.create_api_key(&a, k).await?)))
}

/// Revoke an API key (regulator).
#[utoipa::path(post, path = "/api-keys/{id}/revoke", tag = "accounts", params(("id" = i64, Path)), request_body(content = Option<ReasonBody>),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_api_key(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    body: Option<ApiJson<ReasonBody>>,
) -> ApiResult<StatusCode> {
    app.revoke_api_key(&a, id, body.and_then(|b| b.0.reason))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
