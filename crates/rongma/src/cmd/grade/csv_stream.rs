//! Streaming a CSV file of reports: this thread reads records in batches, worker threads
//! parse, grade and format them, and this thread writes the batches back in file order.

use super::{Style, Tally};
use anyhow::{bail, Context};
use rongma_domain::grading::{grade, CsvColumns, Profile};
use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Write};
use std::path::Path;

/// Rows per unit of work handed to a grading thread.
const BATCH: usize = 512;

/// Streams a CSV file: this thread reads records in batches, worker threads parse, grade
/// and format them, and this thread writes the batches back in file order. At most two
/// batches per worker are in flight, so memory stays flat however long the file.
pub(super) fn grade_csv(
    path: &Path,
    profile: &Profile,
    style: Style,
    out: &mut impl Write,
) -> anyhow::Result<Tally> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let header = rdr
        .headers()
        .with_context(|| format!("reading the header of {}", path.display()))?;
    let columns = match CsvColumns::from_header(header.iter()) {
        Ok(c) => c,
        Err(errs) => {
            for e in errs.iter() {
                eprintln!("header: {e}");
            }
            bail!(
                "{}: the header row is not a report header (see `rongma grade --template csv`)",
                path.display()
            );
        }
    };
    // A progress bar only for people watching a large file, never in pipes or logs.
    let progress = (io::stderr().is_terminal() && size > (8 << 20)).then(|| {
        let bar = indicatif::ProgressBar::new(size);
        let style = indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {per_sec} eta {eta}",
        );
        bar.set_style(style.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        bar
    });
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);

    std::thread::scope(|scope| -> anyhow::Result<Tally> {
        let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(u64, u64, Buffers)>(workers);
        let work_rx = std::sync::Arc::new(std::sync::Mutex::new(work_rx));
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
        for _ in 0..workers {
            let (work_rx, done_tx, columns) = (work_rx.clone(), done_tx.clone(), &columns);
            scope.spawn(move || loop {
                let job = work_rx
                    .lock()
                    .map_err(|_| ())
                    .and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((seq, first_row, mut buf)) = job else {
                    return;
                };
                let mut tally = Tally::default();
                for (i, rec) in buf.records.iter().enumerate() {
                    // An empty record stands for a row the reader already reported.
                    if rec.is_empty() {
                        continue;
                    }
                    let row = first_row + i as u64;
                    let outcome = columns
                        .parse_record(rec.iter(), row, profile)
                        .map(|r| grade(profile, &r));
                    // Writing to a Vec cannot fail.
                    let _ = style.emit(row, outcome, &mut buf.out, &mut buf.err, &mut tally);
                }
                if done_tx.send(Done { seq, tally, buf }).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);

        let mut writer = InOrder {
            next: 0,
            waiting: Vec::new(),
            tally: Tally::default(),
            spare: Vec::new(),
        };
        let (mut seq, mut row, mut in_flight) = (0u64, 0u64, 0usize);
        let mut eof = false;
        while !eof {
            // Buffers come back from written batches, so a run allocates only a few.
            let mut buf = writer.spare.pop().unwrap_or_default();
            let batch = &mut buf.records;
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
                        batch[filled].clear();
                        filled += 1;
                    }
                    Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
            batch.truncate(filled);
            if filled > 0 {
                work_tx
                    .send((seq, row + 1, buf))
                    .map_err(|_| anyhow::anyhow!("a grading thread stopped"))?;
                seq += 1;
                row += filled as u64;
                in_flight += 1;
            }
            while in_flight > 2 * workers || (eof && in_flight > 0) {
                let done = done_rx
                    .recv()
                    .map_err(|_| anyhow::anyhow!("a grading thread stopped"))?;
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

/// The reusable memory of one batch: its records and the text written for them.
#[derive(Default)]
struct Buffers {
    records: Vec<csv::StringRecord>,
    out: Vec<u8>,
    err: Vec<u8>,
}

/// One graded batch.
struct Done {
    seq: u64,
    tally: Tally,
    buf: Buffers,
}

/// Writes batches in file order, holding back those that finish early.
struct InOrder {
    next: u64,
    waiting: Vec<Done>,
    tally: Tally,
    spare: Vec<Buffers>,
}

impl InOrder {
    fn accept(&mut self, done: Done, out: &mut impl Write) -> anyhow::Result<()> {
        self.waiting.push(done);
        while let Some(i) = self.waiting.iter().position(|d| d.seq == self.next) {
            let mut d = self.waiting.swap_remove(i);
            out.write_all(&d.buf.out)?;
            io::stderr().write_all(&d.buf.err)?;
            self.tally += d.tally;
            self.next += 1;
            d.buf.out.clear();
            d.buf.err.clear();
            self.spare.push(d.buf);
        }
        Ok(())
    }
}
