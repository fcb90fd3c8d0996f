//! `cargo fuzz run serial`: see [`rongma_fuzz::serial`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rongma_fuzz::serial(data));
