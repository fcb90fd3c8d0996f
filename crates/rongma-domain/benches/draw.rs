//! The spot-check draw on synthetic county plans (see `support/plan_gen.rs`):
//! 77,173 enterprises (target ≤ 1 s) and 5,000,000 (target ≤ 30 s, bounded memory), each
//! read, checked and drawn from the plan's bytes with [`draw`] as a verifier would, plus
//! the in-memory path (`Plan::parse` then `Plan::draw`) at the smaller size.
//!
//! Run: `cargo bench -p rongma-domain --bench draw` (the 5 M case takes a few minutes:
//! criterion's minimum is ten runs). Peak memory: `examples/draw_large.rs`.

use criterion::{criterion_group, criterion_main, Criterion};
use rongma_domain::supervision::{draw, Beacon, Plan};
use std::hint::black_box;
use std::time::Duration;

#[path = "support/plan_gen.rs"]
mod plan_gen;

const INSPECTORS: usize = 200;

fn county(c: &mut Criterion) {
    let bytes = plan_gen::plan_bytes(77_173, INSPECTORS);
    let beacon = Beacon::from_bytes([7; 32]);
    let mut g = c.benchmark_group("draw_77k");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("draw_bytes", |b| {
        b.iter(|| black_box(draw(black_box(&bytes), &beacon)))
    });
    g.bench_function("parse_then_draw", |b| {
        b.iter(|| black_box(Plan::parse(black_box(&bytes)).map(|p| p.draw(&beacon))))
    });
    g.finish();
}

fn province(c: &mut Criterion) {
    let bytes = plan_gen::plan_bytes(5_000_000, INSPECTORS);
    let beacon = Beacon::from_bytes([7; 32]);
    let mut g = c.benchmark_group("draw_5m");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("draw_bytes", |b| {
        b.iter(|| black_box(draw(black_box(&bytes), &beacon)))
    });
    g.finish();
}

criterion_group!(benches, county, province);
criterion_main!(benches);
