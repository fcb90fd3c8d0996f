//! `rongma grade`: grade test reports from a file with a grading profile.
//!
//! Input is one JSON object, a JSON array of objects, or a CSV file whose header row
//! names the report fields (`rongma grade --template csv`). CSV is streamed row by row
//! (constant memory); JSON is read whole. Invalid reports are listed on stderr with their
//! row and field, the valid ones are still graded, and the exit status is non-zero when
//! any report was invalid. docs/GRADING.md describes the output.

use anyhow::{bail, Context};
use rongma_domain::grading::{csv_header, grade, CsvColumns, GradingResult, Profile, Report};
use rongma_domain::FieldErrors;
use serde_json::Value;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

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
    let mut style = Style { json: args.json, lang: args.lang, single: false };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let tally = if is_csv(path)? {
        grade_csv(path, &profile, style, &mut out)?
    } else {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let value: Value = serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))?;
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
            _ => bail!("{}: expected a JSON object or an array of objects", path.display()),
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
    let text = std::fs::read_to_string(path).with_context(|| format!("reading profile {}", path.display()))?;
    Profile::from_toml_str(&text).with_context(|| format!("profile {} is not valid", path.display()))
}

/// CSV by extension; otherwise by content (JSON starts with `{` or `[`).
fn is_csv(path: &Path) -> anyhow::Result<bool> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => return Ok(true),
        Some("json") => return Ok(false),
        _ => {}
    }
    let mut head = [0u8; 512];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .with_context(|| format!("reading {}", path.display()))?;
    // Skip whitespace and a UTF-8 byte-order mark.
    let first = head[..n].iter().find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    Ok(!matches!(first, Some(b'{') | Some(b'[')))
}

/// Rows per unit of work handed to a grading thread.
const BATCH: usize = 512;

/// Streams a CSV file: this thread reads records in batches, worker threads parse, grade
/// and format them, and this thread writes the batches back in file order. At most two
/// batches per worker are in flight, so memory stays flat however long the file.
fn grade_csv(path: &Path, profile: &Profile, style: Style, out: &mut impl Write) -> anyhow::Result<Tally> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let header = rdr.headers().with_context(|| format!("reading the header of {}", path.display()))?;
    let columns = match CsvColumns::from_header(header.iter()) {
        Ok(c) => c,
        Err(errs) => {
            for e in errs.iter() {
                eprintln!("header: {e}");
            }
            bail!("{}: the header row is not a report header (see `rongma grade --template csv`)", path.display());
        }
    };
    // A progress bar only for people watching a large file, never in pipes or logs.
    let progress = (io::stderr().is_terminal() && size > (8 << 20)).then(|| {
        let bar = indicatif::ProgressBar::new(size);
        let style = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} eta {eta}");
        bar.set_style(style.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        bar
    });
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);

    std::thread::scope(|scope| -> anyhow::Result<Tally> {
        let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(u64, u64, Vec<csv::StringRecord>)>(workers);
        let work_rx = std::sync::Arc::new(std::sync::Mutex::new(work_rx));
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
        for _ in 0..workers {
            let (work_rx, done_tx, columns) = (work_rx.clone(), done_tx.clone(), &columns);
            scope.spawn(move || loop {
                let job = work_rx.lock().map_err(|_| ()).and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((seq, first_row, records)) = job else { return };
                let mut done = Done { seq, out: Vec::with_capacity(records.len() * 2048), err: Vec::new(), tally: Tally::default(), records };
                for (i, rec) in done.records.iter().enumerate() {
                    let row = first_row + i as u64;
                    let outcome = columns.parse_record(rec.iter(), row, profile).map(|r| grade(profile, &r));
                    // Writing to a Vec cannot fail.
                    let _ = style.emit(row, outcome, &mut done.out, &mut done.err, &mut done.tally);
                }
                if done_tx.send(done).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);

        let mut writer = InOrder { next: 0, waiting: Vec::new(), tally: Tally::default(), spare: Vec::new() };
        let (mut seq, mut row, mut in_flight) = (0u64, 0u64, 0usize);
        let mut eof = false;
        while !eof {
            let mut batch = writer.spare.pop().unwrap_or_default();
            batch.resize_with(BATCH, csv::StringRecord::new);
            let mut filled = 0;
            while filled < BATCH {
                match rdr.read_record(&mut batch[filled]) {
                    Ok(true) => filled += 1,
                    Ok(false) => {
                        eof = true;
                        break;
                    }
                    // A row that is not UTF-8 or not CSV spoils only itself.
                    Err(e) if !e.is_io_error() => {
                        writer.tally.invalid += 1;
                        eprintln!("row {}: {e}", row + filled as u64 + 1);
                        batch[filled] = csv::StringRecord::new();
                        filled += 1;
                    }
                    Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
            batch.truncate(filled);
            if filled > 0 {
                work_tx.send((seq, row + 1, batch)).map_err(|_| anyhow::anyhow!("a grading thread stopped"))?;
                seq += 1;
                row += filled as u64;
                in_flight += 1;
            }
            while in_flight > 2 * workers || (eof && in_flight > 0) {
                let done = done_rx.recv().map_err(|_| anyhow::anyhow!("a grading thread stopped"))?;
                in_flight -= 1;
                writer.accept(done, out)?;
            }
            if let Some(bar) = &progress {
                bar.set_position(rdr.position().byte());
            }
        }
        drop(work_tx);
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        Ok(writer.tally)
    })
}

/// One graded batch: formatted results, error lines and the records for reuse.
struct Done {
    seq: u64,
    out: Vec<u8>,
    err: Vec<u8>,
    tally: Tally,
    records: Vec<csv::StringRecord>,
}

/// Writes batches in file order, holding back those that finish early.
struct InOrder {
    next: u64,
    waiting: Vec<Done>,
    tally: Tally,
    spare: Vec<Vec<csv::StringRecord>>,
}

impl InOrder {
    fn accept(&mut self, done: Done, out: &mut impl Write) -> anyhow::Result<()> {
        self.waiting.push(done);
        while let Some(i) = self.waiting.iter().position(|d| d.seq == self.next) {
            let d = self.waiting.swap_remove(i);
            out.write_all(&d.out)?;
            io::stderr().write_all(&d.err)?;
            self.tally += d.tally;
            self.next += 1;
            self.spare.push(d.records);
        }
        Ok(())
    }
}

impl Style {
    /// Writes one outcome: the result to `out`, or the errors (with row) to `err`.
    fn emit(&self, row: u64, outcome: Result<GradingResult, FieldErrors>, out: &mut impl Write, err: &mut impl Write, tally: &mut Tally) -> io::Result<()> {
        let errs = match outcome {
            Ok(result) => {
                tally.graded += 1;
                return self.write(row, &result, out);
            }
            Err(errs) => errs,
        };
        tally.invalid += 1;
        for e in errs.iter() {
            let msg = if self.lang == Lang::Zh { &e.message_zh } else { &e.message };
            match (e.row, e.column.as_deref(), self.single) {
                (Some(r), Some(c), _) => writeln!(err, "row {r}, column {c}: {msg} [{}]", e.code)?,
                (_, _, true) => writeln!(err, "{}: {msg} [{}]", field_name(&e.field), e.code)?,
                _ => writeln!(err, "row {row}, {}: {msg} [{}]", field_name(&e.field), e.code)?,
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
            write!(out, "{{\"row\":{row},\"result\":")?;
            serde_json::to_writer(&mut *out, result)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"\n")
    }
}

/// A value or "-" for a table cell.
fn text<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

fn field_name(field: &str) -> &str {
    if field.is_empty() {
        "report"
    } else {
        field
    }
}

/// The readable table: overall grade, one line per indicator and component, limiting
/// indicators, baseline failures and the explanations.
fn human(
    out: &mut impl Write,
    row: u64,
    single: bool,
    r: &GradingResult,
    lang: Lang,
) -> io::Result<()> {
    if !single {
        writeln!(out, "── report {row} ──")?;
    }
    match r.grade {
        Some(g) => writeln!(out, "grade {g} ({})", g.badge())?,
        None => writeln!(out, "not gradable (不予分级)")?,
    }
    let short = r.profile.hash.get(..12).unwrap_or(&r.profile.hash);
    writeln!(
        out,
        "profile {} {} (sha256 {short}…)",
        r.profile.id, r.profile.version
    )?;
    writeln!(
        out,
        "{:<30} {:>8} {:>8} {:>5} {:>8} {:>6}  note",
        "indicator", "value", "rounded", "grade", "next", "gap"
    )?;
    for i in &r.indicators {
        let note = if i.borderline {
            "borderline — retest advised"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<30} {:>8} {:>8} {:>5} {:>8} {:>6}  {note}",
            i.id.as_str(),
            text(i.value),
            text(i.rounded),
            text(i.grade),
            text(i.next_threshold),
            text(i.gap)
        )?;
        for c in &i.components {
            let note = if c.borderline {
                "borderline — retest advised"
            } else {
                ""
            };
            writeln!(
                out,
                "  {:<28} {:>8} {:>8} {:>5} {:>8} {:>6}  {note}",
                c.id.as_str(),
                c.value,
                c.rounded,
                text(c.grade),
                text(c.next_threshold),
                text(c.gap)
            )?;
        }
    }
    let limiting: Vec<&str> = r.limiting.iter().map(|i| i.as_str()).collect();
    writeln!(
        out,
        "limiting: {}",
        if limiting.is_empty() {
            "none".to_owned()
        } else {
            limiting.join(", ")
        }
    )?;
    if r.baseline_failures.is_empty() {
        writeln!(out, "baseline failures: none")?;
    } else {
        writeln!(out, "baseline failures:")?;
        for f in &r.baseline_failures {
            let msg = if lang == Lang::Zh {
                &f.message_zh
            } else {
                &f.message
            };
            writeln!(out, "  {}: {msg}", f.id)?;
        }
    }
    let pick = |e: rongma_domain::grading::Explanation| if lang == Lang::Zh { e.zh } else { e.en };
    for i in &r.indicators {
        writeln!(out, "  · {}", pick(i.explanation()))?;
    }
    writeln!(out, "{}", pick(r.explanation()))?;
    writeln!(out)?;
    Ok(())
}
