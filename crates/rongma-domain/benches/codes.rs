//! Throughput of the code scheme on one core: verifying serials (the hot path of every
//! consumer scan), issuing them, and deriving PINs. Run: `bash bench/codes-bench.sh`.
//!
//! A plain timing loop rather than a benchmark framework: the figures needed are rates
//! over millions of operations, and this keeps the domain crate's dev-dependencies small.

use rongma_domain::codes::{
    CodeKeys, KeyId, Keyring, PinKeyring, SecretKey, Seq, SeqRange, Serial,
};
use std::hint::black_box;
use std::time::Instant;

fn keys() -> CodeKeys {
    let ids = ["1", "2"].map(|i| KeyId::parse(i).expect("key id"));
    let secret = |b: u8| SecretKey::from_bytes(vec![b; 32]).expect("secret");
    let serial = Keyring::new(ids[1], ids.iter().map(|&i| (i, secret(i.value())))).expect("ring");
    let pin =
        PinKeyring::new(ids[1], ids.iter().map(|&i| (i, secret(0x80 | i.value())))).expect("ring");
    CodeKeys::new(serial, pin).expect("keys")
}

struct Clock(Instant, f64);

fn start() -> Clock {
    Clock(Instant::now(), cpu_secs())
}

fn report(what: &str, n: u64, started: Clock) {
    let secs = started.0.elapsed().as_secs_f64();
    let cpu = (cpu_secs() - started.1).max(0.01);
    println!(
        "{what:<40} {n:>9} in {secs:>6.3} s = {:>9.0} /s wall, {:>9.0} /s per CPU-second",
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

fn main() {
    let keys = keys();
    let ring = keys.serial_keys();
    let n: u64 = 1_000_000;
    // Serials of both keys, as typed text, so verification includes parsing.
    let texts: Vec<String> = (0..n)
        .map(|i| {
            let id = KeyId::new((i % 2 + 1) as u8).expect("id");
            ring.issue_with(id, Seq::new(i * 7).expect("seq"))
                .expect("issue")
                .to_string()
        })
        .collect();

    let t = start();
    let mut ok = 0u64;
    for s in &texts {
        ok += u64::from(ring.verify(black_box(s)).is_ok());
    }
    report("verify (parse + MAC), valid serials", n, t);
    assert_eq!(ok, n);

    let forged: Vec<String> = texts
        .iter()
        .take(200_000)
        .map(|s| {
            let p = Serial::parse(s).expect("valid");
            Serial::from_parts(p.key_id(), p.seq(), p.mac_bits() ^ 1).to_string()
        })
        .collect();
    let t = start();
    let mut rejected = 0u64;
    for s in &forged {
        rejected += u64::from(ring.verify(black_box(s)).is_err());
    }
    report("verify, forged serials (MAC fails)", forged.len() as u64, t);
    assert_eq!(rejected, forged.len() as u64);

    let t = start();
    for s in &texts {
        black_box(Serial::parse(black_box(s)).is_ok());
    }
    report("parse only (format + check character)", n, t);

    let t = start();
    let range = SeqRange::new(1_000_000, n).expect("range");
    let count = ring
        .serials(keys.current(), range)
        .expect("key")
        .map(black_box)
        .count();
    report("issue serials of a batch", count as u64, t);

    let t = start();
    let count = keys
        .codes(keys.current(), range)
        .expect("key")
        .map(black_box)
        .count();
    report("issue serial + PIN of a batch", count as u64, t);
}
