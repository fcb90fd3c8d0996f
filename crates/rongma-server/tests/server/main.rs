//! Integration tests of the server: one test binary (linking the server once), one module
//! per area, and `support` shared by them. Run one area with
//! `cargo test -p rongma-server --test server codes_`.

mod support;

mod accounts_guard;
mod api_validation;
mod certificate_story;
mod client_addresses;
mod codes_access;
mod codes_export;
mod codes_issue;
mod codes_pages;
mod codes_revoke;
mod complaints;
mod complaints_at_rest;
mod complaints_follow;
mod demo_seed;
mod grades_everywhere;
mod grading_pages;
mod log_decisions;
mod log_overhead;
mod log_serving;
mod login_limits;
mod no_policy_in_server;
mod no_silent_caps;
mod openapi;
mod plain_words;
mod product_scope;
mod registry_access;
mod regrade_tags;
mod report_intake;
mod scan_page_flow;
mod scans;
mod scans_browser;
mod scans_concurrency;
mod scans_flags;
mod scans_pins;
mod security_headers;
mod stats_chart;
mod supervision_story;
mod web_pages;
mod web_workflow;
