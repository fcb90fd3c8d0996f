//! The API's own description: the OpenAPI document and the browsable Swagger UI, both
//! served from the binary.

use crate::{Response, TestApp};

impl TestApp {
    /// `GET /api/openapi.json`.
    pub async fn openapi_document(&self) -> Response {
        self.get("/api/openapi.json", None).await
    }

    /// A file of the Swagger UI below `/api/docs/` (empty: its page).
    pub async fn api_docs(&self, file: &str) -> Response {
        self.get(&format!("/api/docs/{file}"), None).await
    }
}
