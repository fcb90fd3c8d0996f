//! `rongma grade`: grade reports from a file (placeholder until the grading engine lands).

#[derive(clap::Args)]
pub struct GradeArgs {
    /// Report file: a JSON object, a JSON array or a CSV file.
    pub file: Option<std::path::PathBuf>,
}

pub fn run(_args: GradeArgs) -> anyhow::Result<()> {
    anyhow::bail!("grading is not available yet")
}
