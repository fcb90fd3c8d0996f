//! Turns on the PostgreSQL variants of the backend tests (cfg `rongma_pg = "on"`, else
//! `"off"`, which `backend_test!` requires) when a PostgreSQL URL is given or under CI,
//! where a missing URL must fail (see `rongma_store::backend_test`).
fn main() {
    println!("cargo::rustc-check-cfg=cfg(rongma_pg, values(\"on\", \"off\"))");
    println!("cargo::rerun-if-env-changed=RONGMA_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let pg = if std::env::var_os("RONGMA_TEST_POSTGRES_URL").is_some() || ci {
        "on"
    } else {
        "off"
    };
    println!("cargo::rustc-cfg=rongma_pg=\"{pg}\"");
}
