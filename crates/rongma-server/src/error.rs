//! One error type for the JSON API. Every error body has the same shape:
//! `{"error": {"code", "message", "message_zh", "fields": [...]}}`; validation errors list
//! each bad field. A 500 is logged with its cause chain and never shows the cause.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rongma_app::AppError;
use rongma_domain::{FieldError, FieldErrors};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<FieldErrors> for ApiError {
    fn from(e: FieldErrors) -> Self {
        ApiError(AppError::Validation(e))
    }
}

/// The error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `validation`, `conflict`, `not_found`, `forbidden`, `unauthenticated`,
    /// `invalid_state`, `rate_limited` or `internal`.
    pub code: &'static str,
    pub message: String,
    pub message_zh: String,
    /// The fields at fault (validation and conflict errors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<FieldErrorSchema>)]
    pub fields: Vec<FieldError>,
    /// Seconds to wait before retrying (rate limits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// One bad field.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only its schema is used, to document the body in OpenAPI"
)]
pub struct FieldErrorSchema {
    /// Field name as sent, e.g. `credit_code` or `sizes[1].fill_weight_g`.
    field: String,
    /// Stable code, e.g. `uscc_check_character`.
    code: String,
    message: String,
    message_zh: String,
    /// Data row of an uploaded file (1 = first row after the header).
    row: Option<u64>,
    /// Column of an uploaded file.
    column: Option<String>,
}

/// Status, code and messages for an app error.
pub fn describe(e: &AppError) -> (StatusCode, &'static str, String, String) {
    match e {
        AppError::Validation(f) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            format!("{} field(s) are invalid: {f}", f.len()),
            format!("{} 个字段有误", f.len()),
        ),
        AppError::Conflict(f) => (
            StatusCode::CONFLICT,
            "conflict",
            f.to_string(),
            "数据重复".into(),
        ),
        AppError::NotFound(what) => (
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
            "记录不存在".into(),
        ),
        AppError::Forbidden(m) => (
            StatusCode::FORBIDDEN,
            "forbidden",
            m.clone(),
            "无权进行此操作".into(),
        ),
        AppError::Unauthenticated => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "log in or send a valid API key".into(),
            "请先登录或提供有效的 API 密钥".into(),
        ),
        AppError::InvalidState(m) => (StatusCode::CONFLICT, "invalid_state", m.clone(), m.clone()),
        AppError::RateLimited { retry_after_secs } => (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many attempts, retry in {retry_after_secs} s"),
            format!("尝试次数过多，请 {retry_after_secs} 秒后再试"),
        ),
        AppError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; it has been logged".into(),
            "服务器内部错误，已记录".into(),
        ),
    }
}

/// Logs internal errors with their whole cause chain.
pub fn log_internal(e: &AppError) {
    if let AppError::Internal(cause) = e {
        let mut chain = cause.to_string();
        let mut src = cause.source();
        while let Some(s) = src {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            src = s.source();
        }
        tracing::error!(error = %chain, "internal error");
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let (status, code, message, message_zh) = describe(&self.0);
        let retry_after = match &self.0 {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let fields = match self.0 {
            AppError::Validation(f) | AppError::Conflict(f) => f.0,
            _ => Vec::new(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                message_zh,
                fields,
                retry_after,
            },
        };
        let mut resp = (status, Json(body)).into_response();
        if let Some(s) = retry_after {
            if let Ok(v) = s.to_string().parse() {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
