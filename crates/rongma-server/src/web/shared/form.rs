//! Posted forms: the fields as text, after checking the CSRF token bound to this browser.

use super::page::PageError;
use crate::auth::{CsrfBinding, CSRF_FIELD};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use rongma_app::App;

/// The fields of a submitted form, in order.
#[derive(Debug, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The field's value; `Some("")` when sent empty, `None` when not sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// A numeric id; empty or not a number is absent.
    pub fn id(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|v| v.trim().parse().ok())
    }

    /// Every value of a repeated field (a multiple select).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn reason(&self) -> Option<String> {
        self.text("reason").filter(|r| !r.trim().is_empty())
    }
}

/// A form whose CSRF token is valid.
pub struct WebForm(pub FormData);

impl FromRequest<App> for WebForm {
    type Rejection = PageError;

    async fn from_request(req: Request, app: &App) -> Result<Self, PageError> {
        let binding = req.extensions().get::<CsrfBinding>().cloned();
        let bytes = Bytes::from_request(req, app)
            .await
            .map_err(|_| PageError::csrf())?;
        let form = FormData::parse(&bytes);
        let ok = match (binding, form.get(CSRF_FIELD)) {
            (Some(CsrfBinding(b)), Some(token)) => app.verify_csrf(&b, token),
            _ => false,
        };
        if !ok {
            tracing::warn!("form refused: CSRF token missing or wrong");
            return Err(PageError::csrf());
        }
        Ok(WebForm(form))
    }
}

/// A `multipart/form-data` form (with files) whose CSRF token is valid.
pub struct WebMultipart {
    pub fields: FormData,
    pub files: Vec<(String, rongma_app::reports::Upload)>,
}

impl WebMultipart {
    /// The uploaded file of a field, if one was chosen.
    pub fn file(&self, name: &str) -> Option<&rongma_app::reports::Upload> {
        self.files
            .iter()
            .find(|(n, u)| n == name && !u.bytes.is_empty())
            .map(|(_, u)| u)
    }
}

impl FromRequest<App> for WebMultipart {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, app: &App) -> Result<Self, axum::response::Response> {
        use axum::response::IntoResponse;
        let binding = req.extensions().get::<CsrfBinding>().cloned();
        let mut m = axum::extract::Multipart::from_request(req, app)
            .await
            .map_err(|_| PageError::csrf().into_response())?;
        let mut fields = Vec::new();
        let mut files = Vec::new();
        while let Some(field) = crate::upload::next_part(&mut m)
            .await
            .map_err(IntoResponse::into_response)?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                let upload = crate::upload::read_file(app, field)
                    .await
                    .map_err(IntoResponse::into_response)?;
                files.push((name, upload));
            } else {
                fields.push((
                    name,
                    crate::upload::read_text(field)
                        .await
                        .map_err(IntoResponse::into_response)?,
                ));
            }
        }
        let fields = FormData(fields);
        let ok = match (binding, fields.get(CSRF_FIELD)) {
            (Some(CsrfBinding(b)), Some(token)) => app.verify_csrf(&b, token),
            _ => false,
        };
        if !ok {
            tracing::warn!("upload refused: CSRF token missing or wrong");
            return Err(PageError::csrf().into_response());
        }
        Ok(WebMultipart { fields, files })
    }
}
