//! `rongma profile check FILE`: validate a grading profile before loading it, and show
//! the identity (id, version, content hash) results graded with it will carry.

use anyhow::{bail, Context};
use rongma_domain::grading::{Profile, ProfileError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(clap::Subcommand)]
pub enum ProfileCommand {
    /// Validate a profile file; print its id, version and content hash.
    Check {
        /// The profile (TOML).
        file: PathBuf,
    },
}

pub fn check_profile(args: ProfileArgs) -> anyhow::Result<()> {
    let ProfileCommand::Check { file } = args.command;
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    match Profile::from_toml_str(&text) {
        Ok(p) => {
            println!("ok: {} {}", p.id(), p.version());
            println!("sha256: {}", p.hash());
            let methods: Vec<&str> = p.fill_power_methods().iter().map(|m| m.as_str()).collect();
            println!(
                "{} indicators, {} baseline requirements, fill-power methods: {}",
                p.indicators().len(),
                p.baselines().len(),
                methods.join(", ")
            );
            Ok(())
        }
        Err(ProfileError::Invalid(issues)) => {
            for issue in &issues {
                eprintln!("{issue}");
            }
            bail!(
                "{} is not a valid profile ({} problem(s) listed above)",
                file.display(),
                issues.len()
            )
        }
        Err(e) => bail!("{}: {e}", file.display()),
    }
}
