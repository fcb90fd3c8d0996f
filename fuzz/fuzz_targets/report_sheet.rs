//! `cargo fuzz run report_sheet`: see [`rongma_fuzz::report_sheet`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rongma_fuzz::report_sheet(data));
