//! The JSON API as typed calls on [`TestApp`]: one helper per endpoint the tests use,
//! grouped by area, each answering a [`Response`]. Tokens are `Option<&str>` (`None`
//! calls anonymously), bodies are JSON values the test writes. Only here are methods and
//! paths spelled; [`TestApp::call`] stays for tests whose point is the raw request.

mod accounts;
mod codes;
mod complaints;
mod docs;
mod grading;
mod registry;
mod scans;
mod workflow;

pub use registry::Kind;
pub use scans::Network;

use crate::{Response, TestApp};
use reqwest::Method;
use serde_json::Value;

/// A file part of a multipart upload.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub mime: Option<&'static str>,
}

impl Upload {
    pub fn new(file_name: &str, bytes: impl Into<Vec<u8>>) -> Upload {
        Upload {
            file_name: file_name.to_owned(),
            bytes: bytes.into(),
            mime: None,
        }
    }

    /// The part's declared content type.
    pub fn mime(mut self, mime: &'static str) -> Upload {
        self.mime = Some(mime);
        self
    }

    fn part(self) -> reqwest::multipart::Part {
        let part = reqwest::multipart::Part::bytes(self.bytes).file_name(self.file_name);
        match self.mime {
            Some(m) => part.mime_str(m).expect("a valid content type"),
            None => part,
        }
    }
}

impl TestApp {
    /// Sends any request with an optional bearer token and optional JSON body. For tests
    /// about the raw request (odd methods, paths or bodies); everything else uses the
    /// typed helpers.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        self.send(method, path, token, body.as_ref()).await
    }

    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        Response::read(req.send().await.expect("request")).await
    }

    pub(crate) async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.send(Method::GET, path, token, None).await
    }

    pub(crate) async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send(Method::POST, path, token, Some(body)).await
    }

    /// A multipart post: `text` fields first, then the file parts.
    pub(crate) async fn post_multipart(
        &self,
        path: &str,
        token: Option<&str>,
        text: &[(&str, String)],
        files: Vec<(&str, Upload)>,
    ) -> Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in text {
            form = form.text(name.to_string(), value.clone());
        }
        for (name, file) in files {
            form = form.part(name.to_string(), file.part());
        }
        let mut req = self.client.post(self.url(path)).multipart(form);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Response::read(req.send().await.expect("request")).await
    }
}

/// `path?query`, or `path` when the query is empty.
pub(crate) fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}
