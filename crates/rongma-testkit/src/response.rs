//! What every helper of the kit answers: the status, the headers and the body of one
//! response, read whole, with the body as JSON when it is JSON (`Null` otherwise), so a
//! test asserts on `r.status` and `r["field"]` without caring how the request was made.

use reqwest::header::HeaderMap;
use serde_json::Value;
use std::ops::Index;

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    /// The body as sent (CSV, PDF, PNG, HTML …).
    pub bytes: Vec<u8>,
    /// The body as JSON; `Null` when it is empty or not JSON.
    pub body: Value,
}

impl Response {
    /// Reads a response whole.
    pub async fn read(r: reqwest::Response) -> Response {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let bytes = r.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Response {
            status,
            headers,
            bytes,
            body,
        }
    }

    /// The JSON body.
    pub fn json(&self) -> &Value {
        &self.body
    }

    /// The body as text (pages, CSV).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// Status and JSON body, for tests that assert on both at once.
    pub fn parts(self) -> (u16, Value) {
        (self.status, self.body)
    }

    /// Panics unless the status is `want` (naming the body); the JSON body otherwise.
    #[track_caller]
    pub fn assert_status(self, want: u16) -> Value {
        assert_eq!(self.status, want, "{}", self.describe());
        self.body
    }

    /// A header's value as text (`None` when absent or not text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` of a redirect.
    #[track_caller]
    pub fn location(&self) -> String {
        self.header("location")
            .unwrap_or_else(|| panic!("no Location header: {}", self.describe()))
            .to_owned()
    }

    /// The first field error's (field, code), empty strings where there is none.
    pub fn field_error(&self) -> (String, String) {
        let f = &self.body["error"]["fields"][0];
        (
            f["field"].as_str().unwrap_or("").to_owned(),
            f["code"].as_str().unwrap_or("").to_owned(),
        )
    }

    /// The `field` of every field error, in order.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["error"]["fields"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| f["field"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn describe(&self) -> String {
        if self.body.is_null() {
            self.text()
        } else {
            self.body.to_string()
        }
    }
}

/// `r["id"]` reads the JSON body.
impl Index<&str> for Response {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        &self.body[key]
    }
}

impl std::fmt::Display for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.describe())
    }
}
