//! The app layer's errors: what went wrong in terms a client can act on. The HTTP layer
//! maps each kind to one status code; internal causes are logged, never shown.

use rongma_domain::{FieldError, FieldErrors};
use rongma_store::StoreError;
use thiserror::Error;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, Error)]
pub enum AppError {
    /// Bad input: every field that is wrong (422).
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// A unique value is taken (409), naming the field.
    #[error("conflict: {0}")]
    Conflict(FieldErrors),
    /// No such record, or one the actor may not see (404): the two are not told apart.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The actor's role may not do this at all (403).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// No valid session or API key (401).
    #[error("authentication required")]
    Unauthenticated,
    /// The record is not in a state that allows this (409), e.g. approving twice.
    #[error("{0}")]
    InvalidState(String),
    /// Too many attempts; try again after this many seconds (429).
    #[error("too many attempts, retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// Anything else (500). Logged with its cause chain; the client sees a generic message.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    pub fn field(e: FieldError) -> Self {
        AppError::Validation(e.into())
    }

    pub fn forbidden(msg: impl Into<String>) -> Self {
        AppError::Forbidden(msg.into())
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }

    /// An internal error from a message (settings checked at start that fail later).
    pub fn internal_msg(msg: impl std::fmt::Display) -> Self {
        AppError::Internal(msg.to_string().into())
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Validation(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(key) => AppError::Conflict(conflict_error(key).into()),
            other => AppError::internal(other),
        }
    }
}

/// The message for a duplicate value, by the store's key (`table.column`).
fn conflict_error(key: &'static str) -> FieldError {
    let (field, en, zh) = match key {
        "enterprises.credit_code" => (
            "credit_code",
            "an enterprise with this credit code is already registered",
            "该统一社会信用代码的企业已登记",
        ),
        "brands.name" => (
            "name",
            "this enterprise already has a brand with this name",
            "该企业已有同名品牌",
        ),
        "products.style_no" => (
            "style_no",
            "this enterprise already has a product with this style number",
            "该企业已有相同款号的产品",
        ),
        "products.gtin" => (
            "gtin",
            "another product already has this GTIN",
            "该 GTIN 已被其他产品使用",
        ),
        "labs.cma_no" => (
            "cma_no",
            "a lab with this CMA number is already registered",
            "该 CMA 证书编号的检测机构已登记",
        ),
        "users.username" => ("username", "this username is taken", "该用户名已被使用"),
        other => (
            other.rsplit('.').next().unwrap_or(other),
            "this value is already taken",
            "该值已被使用",
        ),
    };
    FieldError::new(field, "duplicate", en, zh)
}
