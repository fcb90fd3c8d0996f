//! The one rongma binary: `serve`, `migrate`, `grade`, `profile`, `admin`, `codes`,
//! `default-config`.
#![forbid(unsafe_code)]

mod boot;
mod cmd;
mod logging;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the scan path allocates on every request
/// from both worker threads, where glibc's allocator took a large share of the server's
/// time (the figures are in docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "rongma",
    version,
    about = "rongma (绒码): down garment quality grading and dual-code traceability"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (JSON API and pages).
    Serve(cmd::serve::ServeArgs),
    /// Apply pending database migrations.
    Migrate(cmd::migrate::MigrateArgs),
    /// Grade test reports (JSON object, JSON array or CSV) with a grading profile.
    Grade(cmd::grade::GradeArgs),
    /// Work with grading profile files.
    Profile(cmd::profile::ProfileArgs),
    /// Accounts and API keys.
    Admin(cmd::admin::AdminArgs),
    /// Code batches: issue, export print files, revoke, look up a serial, rotate keys.
    Codes(cmd::codes::CodesArgs),
    /// The transparency log: verify a served log, write and check offline proofs.
    Log(cmd::log::LogArgs),
    /// Spot-check draws: re-compute a published draw from its documents.
    Lottery(cmd::lottery::LotteryArgs),
    /// Run a witness of transparency logs (C2SP tlog-witness `add-checkpoint`).
    Witness(cmd::witness::WitnessArgs),
    /// Print a commented example configuration file.
    DefaultConfig,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Grade(args) => cmd::grade::run(args),
        Command::Profile(args) => cmd::profile::check_profile(args),
        Command::Lottery(args) => cmd::lottery::run(args),
        Command::DefaultConfig => {
            print!("{}", rongma_app::config::example_config());
            Ok(())
        }
        Command::Serve(args) => runtime()?.block_on(async {
            boot::init_logging();
            cmd::serve::run(args).await
        }),
        Command::Migrate(args) => runtime()?.block_on(async {
            boot::init_logging();
            cmd::migrate::run(args).await
        }),
        Command::Admin(args) => runtime()?.block_on(async {
            boot::init_logging();
            cmd::admin::run(args).await
        }),
        Command::Log(args) => runtime()?.block_on(async {
            boot::init_logging();
            cmd::log::run(args).await
        }),
        Command::Witness(args) => runtime()?.block_on(async {
            boot::init_logging();
            cmd::witness::run(args).await
        }),
        Command::Codes(args) => runtime()?.block_on(async {
            boot::init_logging();
            cmd::codes::run(args).await
        }),
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}
