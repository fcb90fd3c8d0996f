//! `ApiJson<T>`: a JSON body extractor whose errors name the field (its JSON path), in the
//! API's error shape, instead of axum's plain-text rejection.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use rongma_domain::FieldError;
use serde::de::DeserializeOwned;

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
        if !is_json {
            return Err(FieldError::new(
                "body",
                "not_json",
                "send the body as JSON with Content-Type: application/json",
                "请求体应为 JSON（Content-Type: application/json）",
            )
            .into_errors()
            .into());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            FieldError::new(
                "body",
                "unreadable",
                format!("the body could not be read: {e}"),
                "无法读取请求体",
            )
            .into_errors()
        })?;
        parse(&bytes).map(ApiJson)
    }
}

/// Parses JSON, naming the path of the first field that does not fit.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "body".to_owned() } else { path };
        let inner = e.into_inner();
        let (code, zh) = if inner.is_syntax() || inner.is_eof() {
            ("bad_json", "JSON 格式错误")
        } else {
            ("bad_type", "字段类型不正确")
        };
        FieldError::new(field, code, inner.to_string(), zh)
            .into_errors()
            .into()
    })
}

trait IntoErrors {
    fn into_errors(self) -> rongma_domain::FieldErrors;
}

impl IntoErrors for FieldError {
    fn into_errors(self) -> rongma_domain::FieldErrors {
        self.into()
    }
}

/// An optional JSON body: no body at all is `None`; a body must be valid JSON.
impl<S: Send + Sync, T: DeserializeOwned> axum::extract::OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, ApiError> {
        let has_type = req.headers().contains_key(CONTENT_TYPE);
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            FieldError::new(
                "body",
                "unreadable",
                format!("the body could not be read: {e}"),
                "无法读取请求体",
            )
            .into_errors()
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        if !has_type {
            return Err(FieldError::new(
                "body",
                "not_json",
                "send the body as JSON with Content-Type: application/json",
                "请求体应为 JSON",
            )
            .into_errors()
            .into());
        }
        parse(&bytes).map(|v| Some(ApiJson(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rongma_domain::registry::ProductDraft;

    #[test]
    fn wrong_type_names_the_path() {
        let err = parse::<ProductDraft>(br#"{"brand_id": "seven", "style_no": "A"}"#).unwrap_err();
        let rongma_app::AppError::Validation(f) = err.0 else {
            panic!("expected validation")
        };
        assert_eq!(f.0[0].field, "brand_id");
        let err = parse::<ProductDraft>(br#"{"sizes": [{"size": "M", "fill_weight_g": [1]}]}"#)
            .unwrap_err();
        let rongma_app::AppError::Validation(f) = err.0 else {
            panic!("expected validation")
        };
        assert_eq!(f.0[0].field, "sizes[0].fill_weight_g");
    }
}
