//! Turns on the PostgreSQL variants of the backend tests (cfg `rongma_pg = "on"`, else
//! `"off"`) when a PostgreSQL URL is given or when running under CI, where a missing URL
//! must fail; and
//! the browser test (cfg `rongma_browser`) when chromedriver is installed or under CI,
//! where a missing browser must fail likewise.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(rongma_pg, values(\"on\", \"off\"))");
    println!("cargo::rustc-check-cfg=cfg(rongma_browser)");
    println!("cargo::rerun-if-env-changed=RONGMA_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    let url = std::env::var_os("RONGMA_TEST_POSTGRES_URL").is_some();
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let pg = if url || ci { "on" } else { "off" };
    println!("cargo::rustc-cfg=rongma_pg=\"{pg}\"");
    let driver = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|p| p.join("chromedriver").is_file())
    });
    if driver || ci {
        println!("cargo::rustc-cfg=rongma_browser");
    }
}
