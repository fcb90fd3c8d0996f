//! Engine throughput: reports graded per second on one core with the default profile,
//! plus the cost of parsing a CSV row and of serialising a result with explanations
//! (the other two stages of `rongma grade`). Throughput is per report.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rongma_domain::grading::{csv_header, grade, CsvColumns, Profile, Report};

/// Gradable reports at assorted grades, with rounding and borderline cases.
const GRADABLE: [&str; 3] = [
    "goose,80.0,200,80.0,21.0,garment,1000,3.2,0.6,pass,1,205,5,5,5,5,5,5,5,5,5,5,6",
    "duck,70.0,180,71.3,15.95,garment,712.5,4.8,0.85,pass,12.5,181.2,4-5,4,4,4,4,4,4,4,4,3-4,4",
    "duck,65.5,220,63.0,17.3,garment,805,5.0,1.0,pass,9,214.9,4,4,3.5,4,4,4,4,4,4,3,5",
];

/// A report failing most baselines: the slow path, which writes failure messages.
const NOT_GRADABLE: &str =
    "goose,90.0,150,60.2,11.5,garment,450,6.1,1.5,fail,60,120,2,3,3,3,3,3,3,3,3,2,2";

fn parse(rows: &[&str], profile: &Profile) -> Vec<Report> {
    let header = csv_header();
    let cols = CsvColumns::from_header(header.split(',')).expect("header");
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            cols.parse_record(row.split(','), i as u64 + 1, profile)
                .expect("bench row")
        })
        .collect()
}

fn engine(c: &mut Criterion) {
    let profile = Profile::builtin_default();
    let gradable = parse(&GRADABLE, &profile);
    let failing = parse(&[NOT_GRADABLE], &profile);
    let mut g = c.benchmark_group("grading");

    g.throughput(Throughput::Elements(gradable.len() as u64));
    g.bench_function("grade_gradable", |b| {
        b.iter(|| {
            for r in &gradable {
                black_box(grade(&profile, black_box(r)));
            }
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("grade_not_gradable", |b| {
        b.iter(|| black_box(grade(&profile, black_box(&failing[0]))))
    });

    let header = csv_header();
    let cols = CsvColumns::from_header(header.split(',')).expect("header");
    g.throughput(Throughput::Elements(GRADABLE.len() as u64));
    g.bench_function("parse_csv_row", |b| {
        b.iter(|| {
            for (i, row) in GRADABLE.iter().enumerate() {
                let _ = black_box(cols.parse_record(black_box(row).split(','), i as u64, &profile));
            }
        })
    });

    let results: Vec<_> = gradable.iter().map(|r| grade(&profile, r)).collect();
    let mut buf = Vec::with_capacity(64 * 1024);
    g.bench_function("serialise_result_json", |b| {
        b.iter(|| {
            for r in &results {
                buf.clear();
                serde_json::to_writer(&mut buf, black_box(r)).expect("serialise");
            }
            black_box(buf.len())
        })
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
