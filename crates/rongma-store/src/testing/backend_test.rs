//! [`backend_test!`](crate::backend_test): one test on both backends, which no crate can
//! skip on PostgreSQL in silence under CI.

/// Whether this run is under CI (`CI` set, and not to `false` or `0`), where the
/// PostgreSQL tests must run: the same test as the build scripts that set `rongma_pg`.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Fails the test when running under CI in a crate compiled without its PostgreSQL
/// tests: however that crate's build script decided, CI never skips them in silence.
/// `backend_test!` calls it from every SQLite variant.
pub fn check_postgres_not_skipped(postgres_compiled_in: bool) {
    assert!(
        postgres_compiled_in || !under_ci(),
        "CI is set but this crate's PostgreSQL tests were compiled as ignored: its build script \
         must print `cargo::rustc-cfg=rongma_pg=\"on\"` under CI"
    );
}

/// Defines a test that runs on SQLite and on PostgreSQL; the PostgreSQL variant is listed
/// as ignored with the reason when the crate is built without PostgreSQL tests.
///
/// Whether they are built is the calling crate's build script's decision, as cfg
/// `rongma_pg = "on"` (when `RONGMA_TEST_POSTGRES_URL` or `CI` is set) or `"off"`:
///
/// ```ignore
/// // build.rs
/// println!("cargo::rustc-check-cfg=cfg(rongma_pg, values(\"on\", \"off\"))");
/// println!("cargo::rerun-if-env-changed=RONGMA_TEST_POSTGRES_URL");
/// println!("cargo::rerun-if-env-changed=CI");
/// let on = std::env::var_os("RONGMA_TEST_POSTGRES_URL").is_some()
///     || std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
/// println!("cargo::rustc-cfg=rongma_pg=\"{}\"", if on { "on" } else { "off" });
/// ```
///
/// A crate whose build script sets neither value does not compile, and a crate built
/// with `"off"` fails its SQLite variants under CI ([`testing::check_postgres_not_skipped`]),
/// so PostgreSQL is never skipped in silence.
///
/// ```ignore
/// backend_test!(creates_things, |db: TestDb| async move { ... });
/// ```
///
/// [`testing::check_postgres_not_skipped`]: crate::testing::check_postgres_not_skipped
#[macro_export]
macro_rules! backend_test {
    ($name:ident, $body:expr) => {
        #[cfg(not(any(rongma_pg = "on", rongma_pg = "off")))]
        compile_error!(
            "backend_test! needs the crate's build script to set cfg rongma_pg = \"on\" or \"off\" \
             (see rongma_store::backend_test)"
        );

        mod $name {
            #[allow(
                unused_imports,
                reason = "the test body names the caller's items; some bodies name none"
            )]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::testing::check_postgres_not_skipped(cfg!(rongma_pg = "on"));
                let db = $crate::testing::TestDb::sqlite().await;
                ($body)(db).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(
                rongma_pg = "off",
                ignore = "needs PostgreSQL: set RONGMA_TEST_POSTGRES_URL"
            )]
            async fn postgres() {
                let db = $crate::testing::TestDb::postgres().await;
                ($body)(db).await;
            }
        }
    };
}
