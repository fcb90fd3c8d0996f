//! A synthetic plan document for benchmarks: a county-like mix of credit classes (65 % A,
//! 25 % B, 8 % C, 2 % D) at ratios 3 %, 5 %, 30 % and 100 %, one enterprise in ten with a
//! risk weight of 2–20, two inspectors per enterprise, and one enterprise in 200 with two
//! conflict pairs (last round's inspectors). Deterministic, written straight to bytes.

use std::io::Write;

/// SplitMix64: a fixed, dependency-free stream so every run builds the same plan.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The plan's bytes for `n` enterprises and `inspectors` inspectors.
pub fn plan_bytes(n: usize, inspectors: usize) -> Vec<u8> {
    let mut mix = Mix(n as u64);
    let mut out = Vec::with_capacity(n * 56 + inspectors * 40 + 1024);
    let w = &mut out;
    let _ = write!(
        w,
        r#"{{"algorithm":"rongma-draw-v1","plan_id":"BENCH-{n}","inspectors_per_enterprise":2,"strata":[{{"stratum":"A","ratio":"0.03"}},{{"stratum":"B","ratio":"0.05"}},{{"stratum":"C","ratio":"0.3"}},{{"stratum":"D","ratio":"1"}}],"enterprises":["#
    );
    let mut conflicted = Vec::new();
    for i in 0..n {
        let r = mix.next();
        let stratum = match r % 100 {
            0..=64 => "A",
            65..=89 => "B",
            90..=97 => "C",
            _ => "D",
        };
        // One in ten weighted, one in 200 with conflicts (`match` keeps the MSRV's API).
        let weight = match (r >> 8) % 10 {
            0 => 2 + (r >> 16) % 19,
            _ => 1,
        };
        if let 0 = (r >> 24) % 200 {
            conflicted.push(i);
        }
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            w,
            r#"{sep}{{"id":"9133{i:014}","stratum":"{stratum}","weight":{weight}}}"#
        );
    }
    let _ = write!(w, r#"],"inspectors":["#);
    for i in 0..inspectors {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(w, r#"{sep}{{"id":"3307{i:08}","name":"检查员{i}"}}"#);
    }
    let _ = write!(w, r#"],"conflicts":["#);
    for (k, e) in conflicted.iter().enumerate() {
        for j in 0..2 {
            let sep = if k == 0 && j == 0 { "" } else { "," };
            let x = (mix.next() % inspectors as u64) as usize;
            let _ = write!(
                w,
                r#"{sep}{{"enterprise":"9133{e:014}","inspector":"3307{x:08}"}}"#
            );
        }
    }
    let _ = write!(w, "]}}");
    out
}
