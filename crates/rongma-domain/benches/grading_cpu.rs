//! Grading stages timed in CPU time of this thread (from /proc/thread-self/schedstat),
//! so the per-core rate holds even on a machine busy with other work. Plain program:
//! `cargo bench -p rongma-domain --bench grading_cpu`. Linux only; elsewhere it says so.

use rongma_domain::grading::{csv_header, grade, CsvColumns, Profile};
use std::hint::black_box;

const ROWS: [&str; 3] = [
    "goose,80.0,200,80.0,21.0,garment,1000,3.2,0.6,pass,1,205,5,5,5,5,5,5,5,5,5,5,6",
    "duck,70.0,180,71.3,15.95,garment,712.5,4.8,0.85,pass,12.5,181.2,4-5,4,4,4,4,4,4,4,4,3-4,4",
    "duck,65.5,220,63.0,17.3,garment,805,5.0,1.0,pass,9,214.9,4,4,3.5,4,4,4,4,4,4,3,5",
];
const ROUNDS: usize = 200_000;

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Runs `f` over every sample `ROUNDS` times; prints CPU ns per item and items per CPU-second.
fn time(label: &str, items: usize, mut f: impl FnMut()) {
    f(); // warm up
    let (Some(t0), w0) = (cpu_ns(), std::time::Instant::now()) else {
        println!("{label}: no /proc/thread-self/schedstat here");
        return;
    };
    for _ in 0..ROUNDS {
        f();
    }
    let (cpu, wall) = (cpu_ns().unwrap_or(t0) - t0, w0.elapsed().as_nanos() as f64);
    let n = (ROUNDS * items) as f64;
    let per = cpu as f64 / n;
    println!(
        "{label:<28} {per:>7.0} ns/item CPU  {:>9.0} /CPU-s  {:>9.0} /s wall",
        1e9 / per,
        1e9 * n / wall
    );
}

fn main() {
    let profile = Profile::builtin_default();
    let header = csv_header();
    let cols = CsvColumns::from_header(header.split(',')).expect("header");
    let reports: Vec<_> = ROWS
        .iter()
        .map(|r| cols.parse_record(r.split(','), 1, &profile).expect("row"))
        .collect();
    let results: Vec<_> = reports.iter().map(|r| grade(&profile, r)).collect();
    let mut buf = Vec::with_capacity(1 << 16);

    time("grade (engine)", ROWS.len(), || {
        for r in &reports {
            black_box(grade(&profile, black_box(r)));
        }
    });
    time("parse CSV row", ROWS.len(), || {
        for r in ROWS {
            let _ = black_box(cols.parse_record(black_box(r).split(','), 1, &profile));
        }
    });
    time("write result JSON (direct)", ROWS.len(), || {
        for r in &results {
            buf.clear();
            r.write_json(&mut buf);
        }
    });
    time("write result JSON (serde)", ROWS.len(), || {
        for r in &results {
            buf.clear();
            serde_json::to_writer(&mut buf, black_box(r)).expect("serialise");
        }
    });
}
