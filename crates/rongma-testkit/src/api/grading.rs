//! Grading without saving (the evaluate API) and grading profiles, loaded and activated
//! as data by the regulator.

use crate::{Response, TestApp};
use serde_json::Value;

impl TestApp {
    /// Grades report values with the active profile; nothing is stored.
    pub async fn evaluate(&self, values: &Value) -> Response {
        self.post("/api/v1/grading/evaluate", None, values).await
    }

    pub async fn list_profiles(&self) -> Response {
        self.get("/api/v1/profiles", None).await
    }

    /// One profile's file (`source`) and description.
    pub async fn get_profile(&self, id: &str, version: &str) -> Response {
        self.get(&format!("/api/v1/profiles/{id}/{version}"), None)
            .await
    }

    /// Loads a profile from its TOML source and activates it at once.
    pub async fn load_and_activate_profile(&self, token: Option<&str>, toml: &str) -> Response {
        let mut req = self
            .client
            .post(self.url("/api/v1/profiles?activate=true"))
            .header("content-type", "application/toml")
            .body(toml.to_owned());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Response::read(req.send().await.expect("request")).await
    }

    pub async fn activate_profile(&self, token: Option<&str>, id: &str, version: &str) -> Response {
        let path = format!("/api/v1/profiles/{id}/{version}/activate");
        self.send(reqwest::Method::POST, &path, token, None).await
    }
}
