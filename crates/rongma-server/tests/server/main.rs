//! Integration tests of the server: one test binary (linking the server once), one module
//! per area, and `support` shared by them. Run one area with
//! `cargo test -p rongma-server --test server codes_`.

mod support;

mod api_validation;
mod certificate_story;
mod codes_access;
mod codes_export;
mod codes_issue;
mod codes_pages;
mod codes_revoke;
mod complaints;
mod grading_pages;
mod openapi;
mod registry_access;
mod report_intake;
mod scans;
mod scans_browser;
mod scans_concurrency;
mod scans_flags;
mod scans_pins;
mod web_pages;
mod web_workflow;
