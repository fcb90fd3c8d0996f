//! `cargo fuzz run report_json`: see [`rongma_fuzz::report_json`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rongma_fuzz::report_json(data));
