//! Classes of a province-sized registry: 77,173 enterprises, each with a year of record
//! (a realistic mix: most have a few events, a few have many). The product's target for
//! the whole monthly run, database included, is ≤ 10 s; this measures the pure part.
//! Run: `cargo bench -p rongma-domain --bench credit -- --quick`.
//!
//! Times are CPU time of the benchmarking thread (Linux /proc/thread-self/schedstat,
//! wall time elsewhere), so the figures hold on a machine busy with other builds.

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use rongma_domain::credit::{
    CertificateHeld, CreditModel, EnterpriseRecord, RecordItem, RecordKind as K, TagBatch,
};
use rongma_domain::grading::Grade;
use std::hint::black_box;
use std::time::{Duration as Elapsed, Instant};

const ENTERPRISES: usize = 77_173;

/// A small deterministic generator (SplitMix64), so every run scores the same registry.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Kinds weighted the way a year of events falls: answered complaints and conforming
/// checks are common, failures rare, revocations rarer.
const KINDS: [(K, u64); 11] = [
    (K::ComplaintAnsweredOnTime, 400),
    (K::SpotCheckConform, 250),
    (K::ComplaintUpheld, 120),
    (K::ComplaintAnsweredLate, 60),
    (K::SpotCheckLowerGrade, 50),
    (K::ComplaintUnanswered, 30),
    (K::SpotCheckBaselineFailure, 30),
    (K::CopiedCodeFlag, 25),
    (K::CertificateSuspended, 20),
    (K::ComplaintUpheldCounterfeit, 10),
    (K::CertificateRevoked, 5),
];

fn kind(rng: &mut Rng) -> K {
    let total: u64 = KINDS.iter().map(|k| k.1).sum();
    let mut pick = rng.below(total);
    for (k, w) in KINDS {
        if pick < w {
            return k;
        }
        pick -= w;
    }
    K::SpotCheckConform
}

fn registry(as_of: DateTime<Utc>) -> Vec<EnterpriseRecord> {
    let mut rng = Rng(2026);
    (0..ENTERPRISES)
        .map(|e| {
            let mut r = EnterpriseRecord::new(as_of, as_of - Duration::days(rng.below(730) as i64));
            let events = match rng.below(100) {
                0..70 => rng.below(3),
                70..95 => 3 + rng.below(6),
                _ => 9 + rng.below(22),
            };
            for i in 0..events {
                let at = as_of - Duration::days(rng.below(365) as i64);
                let mut it = RecordItem::new(kind(&mut rng), format!("e{e}-{i}"), at)
                    .logged(rng.next() >> 20);
                if rng.below(20) == 0 {
                    it = it.repaired(at + Duration::days(200), None);
                }
                r.items.push(it);
            }
            for b in 0..1 + rng.below(6) {
                let issued_at = as_of - Duration::days(rng.below(365) as i64);
                r.tags_issued.push(TagBatch {
                    id: format!("b{e}-{b}"),
                    issued_at,
                    count: 500 + rng.below(50_000),
                    log_index: None,
                });
            }
            for c in 0..1 + rng.below(4) {
                let grade = Grade::from_index(rng.below(5) as usize).unwrap_or(Grade::G3A);
                r.certificates.push(CertificateHeld {
                    id: format!("c{e}-{c}"),
                    grade,
                    issued_at: as_of - Duration::days(60),
                    log_index: None,
                });
            }
            r
        })
        .collect()
}

/// Nanoseconds this thread has run on a CPU, if the kernel says.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Runs `f` `iters` times and returns the CPU time it took (wall time without schedstat).
fn cpu_time(iters: u64, mut f: impl FnMut()) -> Elapsed {
    let (c0, w0) = (cpu_ns(), Instant::now());
    for _ in 0..iters {
        f();
    }
    match (c0, cpu_ns()) {
        (Some(a), Some(b)) => Elapsed::from_nanos(b.saturating_sub(a)),
        _ => w0.elapsed(),
    }
}

fn bench(c: &mut Criterion) {
    let model = CreditModel::builtin_default();
    let as_of = DateTime::parse_from_rfc3339("2026-03-01T00:00:00+08:00")
        .expect("time")
        .with_timezone(&Utc);
    let records = registry(as_of);
    let items: usize = records.iter().map(|r| r.items.len()).sum();
    let mut classes = [0usize; 4];
    for r in &records {
        classes[model.score(r).class as usize] += 1;
    }
    println!("{ENTERPRISES} enterprises, {items} record items; classes D/C/B/A = {classes:?}");

    let mut g = c.benchmark_group("credit_77173_enterprises");
    g.sample_size(10);
    g.bench_function("score (total + class)", |b| {
        b.iter_custom(|n| {
            cpu_time(n, || {
                black_box(
                    records
                        .iter()
                        .map(|r| model.score(black_box(r)).class as usize)
                        .sum::<usize>(),
                );
            })
        })
    });
    g.bench_function("assess (explained, with evidence)", |b| {
        b.iter_custom(|n| {
            cpu_time(n, || {
                black_box(
                    records
                        .iter()
                        .map(|r| model.assess(black_box(r)).contributions.len())
                        .sum::<usize>(),
                );
            })
        })
    });
    g.bench_function("white_list", |b| {
        b.iter_custom(|n| {
            cpu_time(n, || {
                black_box(
                    records
                        .iter()
                        .filter(|r| model.white_list(black_box(r)).listed)
                        .count(),
                );
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
