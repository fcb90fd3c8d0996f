//! Extractors for pages whose failures are error pages in the page's language: a bad
//! query parameter is named (escaped, like everything on a page), an id that is not a
//! number is "not found".

use super::page::PageError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use rongma_app::AppError;
use serde::de::DeserializeOwned;

/// The query string as `T`.
pub struct PageQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for PageQuery<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, PageError> {
        crate::extract::parse_query(parts.uri.query().unwrap_or(""))
            .map(PageQuery)
            .map_err(PageError)
    }
}

/// A record id from the path (`/products/{id}`).
pub struct PageId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PageId {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        Path::<i64>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| PageId(id))
            .map_err(|_| PageError(AppError::NotFound("record")))
    }
}
