//! Speed of the log maths: bulk appends (leaves/s), an inclusion proof from stored hashes (µs),
//! and verifying a whole 1,000,000-leaf log from an in-memory tile source (s).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rongma_tlog::{
    inclusion_proof, inclusion_proof_reads, verify_log, Appender, Entry, FetchedHashes, Hash,
    HashReader, LogSigner, MemoryLog,
};
use std::hint::black_box;

const ORIGIN: &str = "rongma.example.cn/log";

/// A decision-shaped entry of about 200 bytes.
fn entry(i: u64) -> Entry {
    Entry::from_json(&serde_json::json!({
        "kind": "certificate.issued",
        "certificate": format!("RM-2026-{i:08}"),
        "grade": "4A",
        "lab": "LAB-0042",
        "profile": "down-jacket-2026-v3",
        "seq": i,
        "at": "2026-07-22T16:23:02Z",
    }))
    .expect("entry")
}

fn signer() -> LogSigner {
    LogSigner::from_seed(ORIGIN, &[7; 32]).expect("key")
}

fn big_log(n: u64) -> MemoryLog {
    let mut log = MemoryLog::new(signer());
    let mut start = 0;
    while start < n {
        let chunk: Vec<Entry> = (start..(start + 100_000).min(n)).map(entry).collect();
        log.append_many(&chunk);
        start += chunk.len() as u64;
    }
    log.publish();
    log
}

fn bulk_append(c: &mut Criterion) {
    const N: u64 = 100_000;
    let entries: Vec<Entry> = (0..N).map(entry).collect();
    let leaves: Vec<Hash> = entries.iter().map(Entry::leaf_hash).collect();
    let mut group = c.benchmark_group("bulk_append");
    group.throughput(Throughput::Elements(N));
    group.bench_function("stored_hashes_of_100k_leaf_hashes", |b| {
        b.iter(|| black_box(Appender::new().append(black_box(&leaves))))
    });
    group.bench_function("leaf_hash_and_stored_hashes_of_100k_entries", |b| {
        b.iter(|| {
            let leaves: Vec<Hash> = entries.iter().map(Entry::leaf_hash).collect();
            black_box(Appender::new().append(&leaves))
        })
    });
    group.finish();
}

fn proofs_and_verification(c: &mut Criterion) {
    const N: u64 = 1_000_000;
    let log = big_log(N);
    let mut group = c.benchmark_group("log_1m");
    let mut i = 0u64;
    group.bench_function("inclusion_proof_from_stored_hashes", |b| {
        b.iter(|| {
            i = (i + 7_919) % N;
            black_box(inclusion_proof(i, N, &log).expect("proof"))
        })
    });
    group.bench_function("inclusion_proof_two_step_reads_fetch_compute", |b| {
        b.iter(|| {
            i = (i + 7_919) % N;
            let reads = inclusion_proof_reads(i, N).expect("reads");
            let hashes = log.read_hashes(&reads).expect("hashes");
            let fetched = FetchedHashes::from_reads(&reads, &hashes).expect("fetched");
            black_box(inclusion_proof(i, N, &fetched).expect("proof"))
        })
    });
    group.sample_size(10);
    group.throughput(Throughput::Elements(N));
    let verifier = signer().verifier().clone();
    group.bench_with_input(BenchmarkId::new("verify_whole_log", N), &log, |b, log| {
        b.iter(|| black_box(verify_log(log, &verifier, None, &mut |_| {}).expect("verifies")))
    });
    group.finish();
}

criterion_group!(benches, bulk_append, proofs_and_verification);
criterion_main!(benches);
