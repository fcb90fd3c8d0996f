//! The app over the data directory of the binary (`rongma migrate` run in `dir` first):
//! its SQLite database and secrets, for set-ups that prepare what the binary then uses
//! (the CLI tests, the bench scripts).

use rongma_app::config::Settings;
use rongma_app::secrets::Secrets;
use rongma_app::{App, Clock};
use std::path::Path;

/// Opens `dir/data/rongma.db` with the secrets of `dir/data/secrets.toml`.
pub async fn app_in(dir: &Path) -> App {
    let url = format!("sqlite://{}", dir.join("data/rongma.db").display());
    let store = rongma_store::connect(&url, &Default::default())
        .await
        .expect("open the database");
    let secrets = Secrets::load_or_create(&dir.join("data/secrets.toml")).expect("secrets");
    let mut settings = Settings::default();
    settings.storage.data_dir = dir.join("data");
    App::new(store, settings, secrets, Clock::System)
}
