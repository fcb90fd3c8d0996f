//! Decides whether the PostgreSQL variants of the backend tests run: cfg
//! `rongma_pg = "on"` when a PostgreSQL URL is given or when running under CI (where a
//! missing URL must fail), `rongma_pg = "off"` otherwise. `backend_test!` refuses to
//! compile in a crate whose build script decides neither.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(rongma_pg, values(\"on\", \"off\"))");
    println!("cargo::rerun-if-env-changed=RONGMA_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let url = std::env::var_os("RONGMA_TEST_POSTGRES_URL").is_some();
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let pg = if url || ci { "on" } else { "off" };
    println!("cargo::rustc-cfg=rongma_pg=\"{pg}\"");
}
