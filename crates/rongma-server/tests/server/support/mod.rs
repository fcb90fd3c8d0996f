//! What the server's test modules share, declared once for the one test binary: the code
//! tests' world (fixtures plus a certificate per enterprise), the scan tests' settings and
//! tag helpers, the workflow's API steps, and page checks. Fixtures, report values and
//! certificates that other binaries need too live in `rongma-testkit`.

pub mod codes;
pub mod pages;
pub mod scans;
pub mod workflow;
