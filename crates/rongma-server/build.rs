//! Turns on the PostgreSQL variants of the backend tests (cfg `rongma_pg`) when a
//! PostgreSQL URL is given or when running under CI, where a missing URL must fail.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(rongma_pg)");
    println!("cargo::rerun-if-env-changed=RONGMA_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let url = std::env::var_os("RONGMA_TEST_POSTGRES_URL").is_some();
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if url || ci {
        println!("cargo::rustc-cfg=rongma_pg");
    }
}
