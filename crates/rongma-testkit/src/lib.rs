//! Test support: [`TestApp`] runs the whole service on port 0 over a fresh database
//! (SQLite, or a PostgreSQL schema of its own) and calls its API through one typed helper
//! per endpoint ([`api`]: `t.create_product(token, &body)`, `t.issue_codes(…)`,
//! `t.from_network(ip).scan(serial)` …), each answering a [`Response`]; [`Browser`]
//! uses the pages. [`Fixtures`] fills the database with two enterprises, their brands and
//! products, a lab, and one login or key per role; [`certificates`] writes certificates
//! straight through the store; [`Holder`] and [`data_dir`] prepare a data directory for
//! the binary (CLI tests, bench scripts); [`reports`] holds report values that grade 4A.
#![forbid(unsafe_code)]

pub mod api;
pub mod certificates;
pub mod data_dir;
mod fixtures;
mod holder;
mod pages;
pub mod reports;
mod response;

pub use api::{Kind, Network, Upload};
pub use fixtures::{brand_draft, enterprise_draft, lab_draft, product, Fixtures, Who, PASSWORD};
pub use holder::Holder;
pub use pages::{csrf_from, Browser};
pub use response::Response;
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
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}
