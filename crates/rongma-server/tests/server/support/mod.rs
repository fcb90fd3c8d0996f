//! What the server's test modules share, declared once for the one test binary: the code
//! tests' world (fixtures plus a certificate per enterprise), the scan tests' settings and
//! tag helpers, and the workflow's API steps. Fixtures, report values and certificates
//! that other binaries need too live in `rongma-testkit`.

pub mod codes;
pub mod scans;
pub mod workflow;
