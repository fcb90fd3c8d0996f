//! Export throughput: a 1,000,000-code CSV to a file (time and memory), PDF sheets and PNG,
//! SVG, ZPL and TSPL tags per second. Run: `bash bench/codes-bench.sh`.
//!
//! A plain timing loop: the figures needed are whole-export rates, measured on real files.

use rongma_domain::codes::{
    CodeKeys, KeyId, Keyring, PinKeyring, PublicHost, SecretKey, SeqRange, UrlTemplate,
};
use rongma_label::{
    write_batch_csv, IndicatorGrade, PdfSheetWriter, SheetLayout, TagCodes, TagData, TagLayout,
    TagTemplate, TsplOptions, TsplWriter, ZplOptions, ZplWriter,
};
use std::fs::File;
use std::time::Instant;

fn keys() -> CodeKeys {
    let id = KeyId::parse("1").expect("id");
    let secret = |b: u8| SecretKey::from_bytes(vec![b; 32]).expect("secret");
    let serial = Keyring::new(id, [(id, secret(1))]).expect("ring");
    let pin = PinKeyring::new(id, [(id, secret(2))]).expect("ring");
    CodeKeys::new(serial, pin).expect("keys")
}

fn product() -> TagData {
    let ind = |n: &str, g: &str| IndicatorGrade::new(n, g);
    TagData {
        brand: "雪域绒品".into(),
        style_number: "XY-2025-018".into(),
        style_name: "轻暖连帽短款羽绒服".into(),
        grade: "4A".into(),
        indicators: vec![
            ind("绒子含量", "4A"),
            ind("蓬松度", "5A"),
            ind("浊度", "4A"),
            ind("钻绒值", "4A"),
            ind("色牢度", "5A"),
        ],
        down_species: "白鹅绒".into(),
        down_content: "90%".into(),
        fill_weight: "158 g".into(),
        size: "L".into(),
        certificate_no: "PH-RF-2025-000123".into(),
        grade_note: String::new(),
    }
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

struct Clock(Instant, f64);

fn start() -> Clock {
    Clock(Instant::now(), cpu_secs())
}

fn rate(what: &str, n: u64, started: Clock, extra: &str) {
    let secs = started.0.elapsed().as_secs_f64();
    let cpu = (cpu_secs() - started.1).max(0.01);
    println!(
        "{what:<34} {n:>8} in {secs:>6.3} s = {:>8.0} /s wall, {:>8.0} /s per CPU-s  {extra}",
        n as f64 / secs,
        n as f64 / cpu
    );
}

/// CPU time this process has used, in seconds (Linux, 10 ms ticks): on a shared machine a
/// rate per CPU-second is the one-core figure, while wall time also counts waiting.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after = stat.rsplit(')').next().unwrap_or_default();
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let keys = keys();
    let host = PublicHost::parse("rongma.example.cn")?;
    let urls = UrlTemplate::short(&host);

    // 1. The print-shop CSV of a 1,000,000-code batch, written to a file.
    let before = peak_rss_mib();
    let path = dir.path().join("batch.csv");
    let t = start();
    let range = SeqRange::new(5_000_000, 1_000_000)?;
    let (file, rows) = write_batch_csv(
        File::create(&path)?,
        &keys,
        keys.current(),
        range,
        &urls,
        true,
    )?;
    file.sync_all()?;
    let size = std::fs::metadata(&path)?.len();
    let grew = peak_rss_mib() - before;
    rate(
        "CSV serial,url,pin to file",
        rows,
        t,
        &format!("{:.1} MB, peak RSS +{grew:.1} MiB", size as f64 / 1e6),
    );

    let layout = TagLayout::default();
    let template = TagTemplate::new(&product(), &layout)?;
    let codes: Vec<TagCodes> = keys
        .codes(keys.current(), SeqRange::new(1, 20_000)?)?
        .map(|c| TagCodes {
            url: urls.url(&c.serial),
            serial: c.serial,
            pin: Some(c.pin),
        })
        .collect();

    // QR symbols alone: the largest part of every tag format's cost.
    let t = start();
    for c in &codes {
        std::hint::black_box(rongma_label::QrMatrix::encode(
            &c.url,
            rongma_label::EcLevel::M,
        )?);
    }
    rate(
        "QR symbols (alphanumeric, level M)",
        codes.len() as u64,
        t,
        "",
    );

    // 2. PDF sheets (9 tags per A4 page, crop marks), streamed to a file.
    let path = dir.path().join("tags.pdf");
    let t = start();
    let mut pdf = PdfSheetWriter::new(File::create(&path)?, &layout, &SheetLayout::default())?;
    for c in &codes {
        pdf.push(&template, c)?;
    }
    pdf.finish()?.sync_all()?;
    let size = std::fs::metadata(&path)?.len();
    rate(
        "PDF tags to file",
        codes.len() as u64,
        t,
        &format!("{:.1} MB", size as f64 / 1e6),
    );

    // 3. ZPL labels to a file.
    let path = dir.path().join("tags.zpl");
    let t = start();
    let mut zpl = ZplWriter::new(File::create(&path)?, ZplOptions::default());
    for c in &codes {
        zpl.push(&template, c)?;
    }
    zpl.finish()?.sync_all()?;
    rate("ZPL labels to file", codes.len() as u64, t, "");

    // 3b. TSPL labels to a file (TSC printers).
    let path = dir.path().join("tags.tspl");
    let t = start();
    let mut tspl = TsplWriter::new(File::create(&path)?, TsplOptions::default());
    for c in &codes {
        tspl.push(&template, c)?;
    }
    tspl.finish()?.sync_all()?;
    rate("TSPL labels to file", codes.len() as u64, t, "");

    // 4. SVG and PNG (300 dpi) of single tags, in memory.
    let t = start();
    let mut bytes = 0;
    for c in codes.iter().take(2_000) {
        bytes += template.svg(c)?.len();
    }
    rate(
        "SVG tags",
        2_000,
        t,
        &format!("{} bytes each", bytes / 2_000),
    );
    let t = start();
    let mut bytes = 0;
    for c in codes.iter().take(100) {
        bytes += template.png(c, 300.0)?.len();
    }
    rate(
        "PNG tags at 300 dpi",
        100,
        t,
        &format!("{} bytes each", bytes / 100),
    );
    Ok(())
}
