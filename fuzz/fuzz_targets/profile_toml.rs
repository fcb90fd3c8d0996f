//! `cargo fuzz run profile_toml`: see [`rongma_fuzz::profile_toml`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rongma_fuzz::profile_toml(data));
