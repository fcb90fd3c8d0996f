//! Draws a synthetic plan of N enterprises (default 5,000,000) from its bytes and prints
//! the time of each step, for measuring peak memory with `/usr/bin/time -v`:
//! `cargo run --release -p rongma-domain --example draw_large -- 5000000 200`.

use rongma_domain::supervision::{Beacon, PlanBytes};
use std::time::Instant;

#[path = "../benches/support/plan_gen.rs"]
mod plan_gen;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let n = args.next().and_then(Result::ok).unwrap_or(5_000_000);
    let inspectors = args.next().and_then(Result::ok).unwrap_or(200);
    let t = Instant::now();
    let bytes = plan_gen::plan_bytes(n, inspectors);
    println!(
        "plan: {n} enterprises, {inspectors} inspectors, {} MB, built in {:.2?}",
        bytes.len() / 1_000_000,
        t.elapsed()
    );
    let t = Instant::now();
    let plan = match PlanBytes::parse(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("plan refused: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "read and checked in {:.2?} (hash {})",
        t.elapsed(),
        plan.hash()
    );
    let t = Instant::now();
    match plan.draw(&Beacon::from_bytes([7; 32])) {
        Ok(r) => {
            let quotas: Vec<String> = r
                .strata
                .iter()
                .map(|q| format!("{} {}/{}", q.stratum, q.quota, q.members))
                .collect();
            println!(
                "drawn in {:.2?}: {} enterprises ({}), cap {}",
                t.elapsed(),
                r.enterprises.len(),
                quotas.join(", "),
                r.cap
            );
        }
        Err(e) => {
            eprintln!("draw failed: {e}");
            std::process::exit(1);
        }
    }
}
