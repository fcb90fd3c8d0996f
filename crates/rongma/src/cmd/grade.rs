//! `rongma grade`: grade test reports from a file with a grading profile.
//!
//! Input is one JSON object, a JSON array of objects, or a CSV file whose header row
//! names the report fields (`rongma grade --template csv`). CSV is streamed row by row
//! (constant memory, `grade/csv_stream.rs`); JSON is read whole. Invalid reports are listed on stderr with their
//! row and field, the valid ones are still graded, and the exit status is non-zero when
//! any report was invalid. docs/GRADING.md describes the output.

use anyhow::{bail, Context};
use rongma_domain::grading::{csv_header, grade, GradingResult, Profile, Report};
use rongma_domain::FieldErrors;
use serde_json::Value;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

mod csv_stream;
mod table;

use csv_stream::grade_csv;
use table::{field_name, human};

#[derive(clap::Args)]
pub struct GradeArgs {
    /// Report file: a JSON object, a JSON array or a CSV file with a header row.
    #[arg(required_unless_present = "template")]
    pub file: Option<PathBuf>,
    /// Grading profile (TOML). Without it, the built-in default profile.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Print JSON: the result for a single report, one `{"row":N,"result":…}` line per
    /// report for arrays and CSV.
    #[arg(long)]
    pub json: bool,
    /// Print an empty input template instead of grading (`csv`: the header row).
    #[arg(long, value_enum, value_name = "KIND")]
    pub template: Option<Template>,
    /// Language of the explanations in the human-readable output.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: Lang,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Template {
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Zh,
}

/// How outcomes are written.
#[derive(Clone, Copy)]
struct Style {
    json: bool,
    lang: Lang,
    /// Single object: print the bare result; otherwise each result carries its row.
    single: bool,
}

/// Reports graded and refused so far.
#[derive(Default, Clone, Copy)]
struct Tally {
    graded: u64,
    invalid: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.graded += o.graded;
        self.invalid += o.invalid;
    }
}

pub fn run(args: GradeArgs) -> anyhow::Result<()> {
    if let Some(Template::Csv) = args.template {
        println!("{}", csv_header());
        return Ok(());
    }
    let Some(path) = args.file.as_deref() else {
        bail!("give a report file to grade");
    };
    let profile = load_profile(args.profile.as_deref())?;
    let mut style = Style {
        json: args.json,
        lang: args.lang,
        single: false,
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let tally = if is_csv(path)? {
        grade_csv(path, &profile, style, &mut out)?
    } else {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not valid JSON", path.display()))?;
        let mut err = io::stderr().lock();
        let mut tally = Tally::default();
        match &value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let outcome = Report::from_json(item, &profile).map(|r| grade(&profile, &r));
                    style.emit(i as u64 + 1, outcome, &mut out, &mut err, &mut tally)?;
                }
            }
            Value::Object(_) => {
                style.single = true;
                let outcome = Report::from_json(&value, &profile).map(|r| grade(&profile, &r));
                style.emit(1, outcome, &mut out, &mut err, &mut tally)?;
            }
            _ => bail!(
                "{}: expected a JSON object or an array of objects",
                path.display()
            ),
        }
        tally
    };
    out.flush()?;
    if tally.invalid > 0 {
        bail!(
            "{} of {} reports were invalid (listed above); the other {} were graded",
            tally.invalid,
            tally.invalid + tally.graded,
            tally.graded
        );
    }
    Ok(())
}

/// The profile from a file, or the built-in default.
pub fn load_profile(path: Option<&Path>) -> anyhow::Result<Profile> {
    let Some(path) = path else {
        return Ok(Profile::builtin_default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading profile {}", path.display()))?;
    Profile::from_toml_str(&text)
        .with_context(|| format!("profile {} is not valid", path.display()))
}

/// CSV by extension; otherwise by content (JSON starts with `{` or `[`).
fn is_csv(path: &Path) -> anyhow::Result<bool> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => return Ok(true),
        Some("json") => return Ok(false),
        _ => {}
    }
    let mut head = [0u8; 512];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .with_context(|| format!("reading {}", path.display()))?;
    // Skip whitespace and a UTF-8 byte-order mark.
    let first = head[..n]
        .iter()
        .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    Ok(!matches!(first, Some(b'{') | Some(b'[')))
}

impl Style {
    /// Writes one outcome: the result to `out`, or the errors (with row) to `err`.
    fn emit(
        &self,
        row: u64,
        outcome: Result<GradingResult, FieldErrors>,
        out: &mut impl Write,
        err: &mut impl Write,
        tally: &mut Tally,
    ) -> io::Result<()> {
        let errs = match outcome {
            Ok(result) => {
                tally.graded += 1;
                return self.write(row, &result, out);
            }
            Err(errs) => errs,
        };
        tally.invalid += 1;
        for e in errs.iter() {
            let msg = if self.lang == Lang::Zh {
                &e.message_zh
            } else {
                &e.message
            };
            match (e.row, e.column.as_deref(), self.single) {
                (Some(r), Some(c), _) => writeln!(err, "row {r}, column {c}: {msg} [{}]", e.code)?,
                (_, _, true) => writeln!(err, "{}: {msg} [{}]", field_name(&e.field), e.code)?,
                _ => writeln!(
                    err,
                    "row {row}, {}: {msg} [{}]",
                    field_name(&e.field),
                    e.code
                )?,
            }
        }
        Ok(())
    }

    fn write(&self, row: u64, result: &GradingResult, out: &mut impl Write) -> io::Result<()> {
        if !self.json {
            return human(out, row, self.single, result, self.lang);
        }
        if self.single {
            serde_json::to_writer_pretty(&mut *out, result)?;
        } else {
            // The direct writer produces serde_json's bytes at a fraction of the cost.
            let mut line = Vec::with_capacity(6144);
            write!(line, "{{\"row\":{row},\"result\":")?;
            result.write_json(&mut line);
            line.push(b'}');
            out.write_all(&line)?;
        }
        out.write_all(b"\n")
    }
}
