//! Code batches: issuing, reading, exporting and revoking, and the status of one serial.

use crate::{Response, TestApp};
use serde_json::Value;

impl TestApp {
    /// An enterprise issues a batch: `{"certificate_id", "quantity", "lot_no", …}`.
    pub async fn issue_codes(&self, token: Option<&str>, body: &Value) -> Response {
        self.post("/api/v1/code-batches", token, body).await
    }

    pub async fn list_batches(&self, token: Option<&str>) -> Response {
        self.get("/api/v1/code-batches", token).await
    }

    pub async fn get_batch(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/code-batches/{id}"), token).await
    }

    pub async fn batch_history(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/code-batches/{id}/history"), token)
            .await
    }

    /// An export of a batch; `query` such as `format=csv&pins=true&from=…&to=…`.
    pub async fn export_batch(&self, token: Option<&str>, id: i64, query: &str) -> Response {
        self.get(&format!("/api/v1/code-batches/{id}/export?{query}"), token)
            .await
    }

    /// Revokes serials, a range or the whole batch: `{"scope", …, "reason"}`.
    pub async fn revoke_codes(&self, token: Option<&str>, batch: i64, body: &Value) -> Response {
        let path = format!("/api/v1/code-batches/{batch}/revocations");
        self.post(&path, token, body).await
    }

    /// What staff and the owner see of one serial (`GET /api/v1/codes/{serial}/status`).
    pub async fn code_status(&self, token: Option<&str>, serial: &str) -> Response {
        self.get(&format!("/api/v1/codes/{serial}/status"), token)
            .await
    }
}
