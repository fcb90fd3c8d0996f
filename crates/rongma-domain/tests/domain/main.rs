//! The domain crate's tests, one module per area in one test binary, so the crate's tests
//! link once and share their fixtures: `cargo test -p rongma-domain --test domain codes_`
//! runs one area. No database, no I/O: table-driven cases, published vectors and
//! property tests.

mod calendar_working;
mod calendar_zone;
mod codes_batch;
mod codes_check;
mod codes_keys;
mod codes_pin;
mod codes_serial;
mod codes_support;
mod codes_url;
mod credit_keys;
mod credit_model;
mod credit_policy;
mod credit_props;
mod credit_report;
mod credit_rules;
mod credit_support;
mod credit_verify;
mod grading_baseline;
mod grading_input;
mod grading_profile;
mod grading_props;
mod grading_rounding;
mod grading_snapshot;
mod grading_support;
mod grading_thresholds;
mod platforms_address;
mod platforms_claims;
mod platforms_epcis;
mod platforms_epcis_hash;
mod platforms_webhooks;
mod supervision_drand;
mod supervision_example;
mod supervision_outcome;
mod supervision_plan;
mod supervision_verify;
mod supervision_weights;
