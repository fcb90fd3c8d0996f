//! The one rongma binary: `serve`, `migrate`, `grade`, `codes`, `admin`, `default-config`.
#![forbid(unsafe_code)]

mod cmd;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "rongma", version, about = "rongma (绒码): down garment quality grading and dual-code traceability")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade test reports (JSON object, JSON array or CSV) with a grading profile.
    Grade(cmd::grade::GradeArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Grade(args) => cmd::grade::run(args),
    }
}
