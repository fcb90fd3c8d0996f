//! `cargo fuzz run report_json --features libfuzzer`: see [`rongma_fuzz::report_json`]. Built without
//! the feature (clippy, `cargo test`), it replays the input files named on its command line.
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rongma_fuzz::report_json(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    rongma_fuzz::replay_files(rongma_fuzz::report_json);
}
