//! Turns on the PostgreSQL variants of the backend tests (cfg `rongma_pg = "on"`, else
//! `"off"`, which `backend_test!` requires to be declared) when a PostgreSQL URL is given
//! or when running under CI, where a missing URL must fail; and the browser test (cfg
//! `rongma_browser`) when `RONGMA_TEST_BROWSER` is set or under CI, where a missing
//! browser must fail likewise. Only those variables are read, so the build does not rerun
//! when anything else in the environment changes.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(rongma_pg, values(\"on\", \"off\"))");
    println!("cargo::rustc-check-cfg=cfg(rongma_browser)");
    println!("cargo::rerun-if-env-changed=RONGMA_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=RONGMA_TEST_BROWSER");
    println!("cargo::rerun-if-env-changed=CI");
    let set =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let ci = set("CI");
    let pg = if std::env::var_os("RONGMA_TEST_POSTGRES_URL").is_some() || ci {
        "on"
    } else {
        "off"
    };
    println!("cargo::rustc-cfg=rongma_pg=\"{pg}\"");
    if set("RONGMA_TEST_BROWSER") || ci {
        println!("cargo::rustc-cfg=rongma_browser");
    }
}
