//! The consumer's side of a tag (scan as JSON and as a page, PIN check, Digital Link)
//! and the regulator's (suspects, flags, statistics). A [`Network`] sends its requests
//! from a chosen client address (`X-Forwarded-For`, which the scan tests trust) with a
//! phone's user agent; the same calls on [`TestApp`] send neither header.

use super::with_query;
use crate::{Response, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// The user agent of the phone the consumer scans with (WeChat on iOS).
pub const PHONE: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.40";

/// Requests from one client network, as a phone sends them.
pub struct Network<'a> {
    t: &'a TestApp,
    ip: Option<String>,
}

impl TestApp {
    /// Calls from client address `ip`, with a phone's user agent.
    pub fn from_network(&self, ip: &str) -> Network<'_> {
        Network {
            t: self,
            ip: Some(ip.to_owned()),
        }
    }

    fn direct(&self) -> Network<'_> {
        Network { t: self, ip: None }
    }

    /// `GET /api/v1/codes/{serial}` without client headers.
    pub async fn scan(&self, serial: &str) -> Response {
        self.direct().scan(serial).await
    }

    /// `POST /api/v1/codes/{serial}/pin` without client headers.
    pub async fn check_pin(&self, serial: &str, pin: &str) -> Response {
        self.direct().check_pin(serial, pin).await
    }

    /// The scan page `GET /c/{serial}` without client headers.
    pub async fn scan_page(&self, serial: &str) -> Response {
        self.direct().scan_page(serial).await
    }

    /// The ranked suspects; `query` such as `by=batch` (empty: by serial).
    pub async fn suspects(&self, token: Option<&str>, query: &str) -> Response {
        self.get(&with_query("/api/v1/scans/suspects", query), token)
            .await
    }

    /// One code's scan state, events and flags.
    pub async fn code_scans(&self, token: Option<&str>, serial: &str) -> Response {
        self.get(&format!("/api/v1/scans/codes/{serial}"), token)
            .await
    }

    /// The regulator handles a flag: `{"note": …}`.
    pub async fn handle_flag(&self, token: Option<&str>, flag: i64, body: &Value) -> Response {
        self.post(&format!("/api/v1/scans/flags/{flag}/handle"), token, body)
            .await
    }

    pub async fn flag_history(&self, token: Option<&str>, flag: i64) -> Response {
        self.get(&format!("/api/v1/scans/flags/{flag}/history"), token)
            .await
    }

    /// Scan statistics of the last `days` days.
    pub async fn scan_stats(&self, token: Option<&str>, days: u32) -> Response {
        self.get(&format!("/api/v1/scans/stats?days={days}"), token)
            .await
    }

    /// A static asset served from the binary, `path` below `/assets/`.
    pub async fn asset(&self, path: &str) -> Response {
        self.get(&format!("/assets/{path}"), None).await
    }
}

impl Network<'_> {
    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let req = self.t.client.request(method, self.t.url(path));
        match &self.ip {
            Some(ip) => req
                .header("X-Forwarded-For", ip)
                .header("User-Agent", PHONE),
            None => req,
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Response {
        Response::read(req.send().await.expect("request")).await
    }

    /// Any `GET` from this network, for odd paths.
    pub async fn get(&self, path: &str) -> Response {
        self.send(self.request(Method::GET, path)).await
    }

    /// The scan as JSON.
    pub async fn scan(&self, serial: &str) -> Response {
        self.get(&format!("/api/v1/codes/{serial}")).await
    }

    /// The PIN check as JSON.
    pub async fn check_pin(&self, serial: &str, pin: &str) -> Response {
        let path = format!("/api/v1/codes/{serial}/pin");
        self.send(
            self.request(Method::POST, &path)
                .json(&json!({ "pin": pin })),
        )
        .await
    }

    /// The scan page.
    pub async fn scan_page(&self, serial: &str) -> Response {
        self.get(&format!("/c/{serial}")).await
    }

    /// The scan page in a chosen language (`en`, `zh`).
    pub async fn scan_page_in(&self, serial: &str, lang: &str) -> Response {
        self.get(&format!("/c/{serial}?lang={lang}")).await
    }

    /// The scan page through a GS1 Digital Link URL.
    pub async fn digital_link(&self, gtin: &str, serial: &str) -> Response {
        self.get(&format!("/01/{gtin}/21/{serial}")).await
    }

    /// The PIN form on the scan page.
    pub async fn pin_form(&self, serial: &str, pin: &str) -> Response {
        let path = format!("/c/{serial}/pin");
        self.send(self.request(Method::POST, &path).form(&[("pin", pin)]))
            .await
    }
}
