//! Extractors for the API whose failures use the API's error shape (the pages' own, with
//! error pages, are `web::shared::extract`): query strings
//! ([`ApiQuery`]) name the bad parameter, and record ids ([`Id`]) that are not numbers are
//! simply not found.

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use rongma_app::AppError;
use rongma_domain::FieldError;
use serde::de::DeserializeOwned;

pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parse_query(parts.uri.query().unwrap_or(""))
            .map(ApiQuery)
            .map_err(ApiError)
    }
}

/// A query string as `T`; a bad parameter is a validation error naming it (the API
/// answers 422 in its error shape, the pages show an error page).
pub fn parse_query<T: DeserializeOwned>(q: &str) -> Result<T, AppError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(q));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        AppError::field(FieldError::new(
            field,
            "bad_parameter",
            e.into_inner().to_string(),
            "查询参数不正确",
        ))
    })
}

fn form_urlencoded_parse(q: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(q.as_bytes())
}

/// A numeric record id from the path (the last `{id}` segment).
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError(AppError::NotFound("record")))?;
        params
            .iter()
            .rev()
            .find(|(k, _)| k == "id")
            .and_then(|(_, v)| v.parse().ok())
            .map(Id)
            .ok_or(ApiError(AppError::NotFound("record")))
    }
}
