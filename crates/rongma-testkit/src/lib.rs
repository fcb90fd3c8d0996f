//! Test support: [`TestApp`] runs the whole service on port 0 over a fresh database
//! (SQLite, or a PostgreSQL schema of its own), and [`Fixtures`] fills it with two
//! enterprises, their brands and products, a lab, and one login or key per role;
//! [`certificates`] writes certificates straight through the store.
#![forbid(unsafe_code)]

pub mod certificates;
mod fixtures;

pub use fixtures::{Fixtures, Who};
pub use rongma_store::testing::TestDb;

use rongma_app::config::Settings;
use rongma_app::secrets::Secrets;
use rongma_app::{App, Clock};
use std::net::SocketAddr;

pub struct TestApp {
    pub app: App,
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    /// A client without cookies, for API calls with bearer tokens.
    pub client: reqwest::Client,
    pub db: TestDb,
    /// Data directory (blobs, secrets) of this app, removed with it.
    pub data_dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// Starts the service over `db` with default settings and fresh secrets.
    pub async fn spawn(db: TestDb) -> TestApp {
        Self::spawn_with(db, Settings::default(), Clock::System).await
    }

    pub async fn spawn_with(db: TestDb, mut settings: Settings, clock: Clock) -> TestApp {
        let data_dir = tempfile::tempdir().expect("data directory");
        settings.storage.data_dir = data_dir.path().to_path_buf();
        let app = App::new(db.store.clone(), settings, Secrets::generate(), clock);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let served = app.clone();
        let server = tokio::spawn(async move {
            let _ = rongma_server::serve(served, listener, std::future::pending()).await;
        });
        TestApp {
            app,
            addr,
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            db,
            data_dir,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Logs in through the API and returns the bearer token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .expect("login request");
        assert_eq!(r.status(), 200, "login of {username} failed");
        let v: serde_json::Value = r.json().await.expect("login answer");
        v["token"].as_str().expect("token").to_owned()
    }

    /// Sends a request with an optional bearer token and optional JSON body; returns the
    /// status and the JSON answer (`Null` when the body is empty or not JSON).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Extracts the value of `name="_csrf" value="…"` from a page.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("page has a CSRF field");
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}
