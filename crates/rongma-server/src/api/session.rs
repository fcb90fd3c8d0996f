//! `/api/v1/auth`: log in for a bearer session token, log out, and who am I.

use super::prelude::*;
use rongma_app::AppError;
use serde::Serialize;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginAnswer {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub me: Me,
}

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// `user` or `api_key`.
    pub kind: String,
    pub id: i64,
    pub name: String,
    pub role: rongma_domain::roles::Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
}

impl From<&rongma_app::Actor> for Me {
    fn from(a: &rongma_app::Actor) -> Self {
        Me {
            kind: a.kind.as_str().into(),
            id: a.id,
            name: a.name.clone(),
            role: a.role,
            enterprise_id: a.enterprise_id,
            lab_id: a.lab_id,
        }
    }
}

/// Log in with a username and password; the answer carries a session token.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginBody, security(()),
    responses((status = 200, body = LoginAnswer), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(app): State<App>,
    crate::client::ClientIp(ip): crate::client::ClientIp,
    ApiJson(b): ApiJson<LoginBody>,
) -> ApiResult<Json<LoginAnswer>> {
    let network = app.network_fingerprint(ip);
    let out = app.login(&b.username, &b.password, &network).await?;
    Ok(Json(LoginAnswer {
        token: out.token,
        expires_at: out.expires_at,
        me: Me::from(&out.actor),
    }))
}

/// End the session whose token is in the `Authorization` header.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(State(app): State<App>, headers: axum::http::HeaderMap) -> ApiResult<StatusCode> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(AppError::Unauthenticated)?;
    app.logout(token.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the caller is.
#[utoipa::path(get, path = "/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(ApiActor(a): ApiActor) -> Json<Me> {
    Json(Me::from(&a))
}
