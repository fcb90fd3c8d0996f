//! Accounts: logging in, users and API keys (the regulator's), and who the caller is.

use crate::{Response, TestApp};
use serde_json::{json, Value};

impl TestApp {
    /// Logs in through the API and returns the bearer token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let body = json!({"username": username, "password": password});
        let r = self.post("/api/v1/auth/login", None, &body).await;
        assert_eq!(r.status, 200, "login of {username} failed");
        r["token"].as_str().expect("token").to_owned()
    }

    pub async fn list_users(&self, token: Option<&str>) -> Response {
        self.get("/api/v1/users", token).await
    }

    pub async fn create_user(&self, token: Option<&str>, body: &Value) -> Response {
        self.post("/api/v1/users", token, body).await
    }

    pub async fn list_api_keys(&self, token: Option<&str>) -> Response {
        self.get("/api/v1/api-keys", token).await
    }

    /// `GET /api/v1/me`: the caller's role and scope.
    pub async fn me(&self, token: Option<&str>) -> Response {
        self.get("/api/v1/me", token).await
    }
}
