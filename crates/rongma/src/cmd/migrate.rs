//! `rongma migrate`: apply pending database migrations and exit.

use crate::boot::{self, Common};

#[derive(clap::Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub common: Common,
}

pub async fn run(args: MigrateArgs) -> anyhow::Result<()> {
    let settings = boot::settings(&args.common)?;
    let backend = boot::backend_name(settings.database.url.expose());
    let app = boot::app(settings).await?;
    app.store().close().await;
    println!("{backend} database is up to date");
    Ok(())
}
