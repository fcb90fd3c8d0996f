//! Consumer complaints: filing (no login, optionally with a photo), following with the
//! private key, and the regulator's and enterprise's handling.

use super::{with_query, Upload};
use crate::{Response, TestApp};
use serde_json::{json, Value};

impl TestApp {
    /// A consumer files a complaint (no login): `{"serial", "category", "description", …}`.
    pub async fn file_complaint(&self, body: &Value) -> Response {
        self.post("/api/v1/complaints", None, body).await
    }

    /// A complaint with a photo (multipart `complaint` and `photo`).
    pub async fn file_complaint_with_photo(&self, body: &Value, photo: Upload) -> Response {
        self.post_multipart(
            "/api/v1/complaints/with-photo",
            None,
            &[("complaint", body.to_string())],
            vec![("photo", photo)],
        )
        .await
    }

    /// The consumer follows a ticket with its private key.
    pub async fn track_complaint(&self, ticket: &str, key: &str) -> Response {
        self.get(
            &format!("/api/v1/complaints/track/{ticket}?key={key}"),
            None,
        )
        .await
    }

    /// The consumer's ticket page.
    pub async fn ticket_page(&self, ticket: &str, key: &str) -> Response {
        self.get(&format!("/t/{ticket}?key={key}"), None).await
    }

    /// The complaints a caller may see, with a query such as `overdue=true`.
    pub async fn list_complaints(&self, token: Option<&str>, query: &str) -> Response {
        self.get(&with_query("/api/v1/complaints", query), token)
            .await
    }

    pub async fn get_complaint(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/complaints/{id}"), token).await
    }

    pub async fn complaint_photo(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/complaints/{id}/photo"), token)
            .await
    }

    /// The regulator's decision: `{"action": "accept" | "reject" | "close", "note": …}`.
    pub async fn decide_complaint(&self, token: Option<&str>, id: i64, body: &Value) -> Response {
        self.post(&format!("/api/v1/complaints/{id}/decision"), token, body)
            .await
    }

    /// Assigns the complaint to a staff member by username.
    pub async fn assign_complaint(&self, token: Option<&str>, id: i64, username: &str) -> Response {
        let body = json!({ "username": username });
        self.post(&format!("/api/v1/complaints/{id}/assign"), token, &body)
            .await
    }

    /// The enterprise concerned answers.
    pub async fn answer_complaint(&self, token: Option<&str>, id: i64, response: &str) -> Response {
        let body = json!({ "response": response });
        self.post(&format!("/api/v1/complaints/{id}/response"), token, &body)
            .await
    }

    pub async fn complaint_history(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/complaints/{id}/history"), token)
            .await
    }
}
