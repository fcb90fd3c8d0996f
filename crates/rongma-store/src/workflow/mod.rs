//! The grading workflow: grading profiles, named counters, test reports, applications,
//! certificates and the public list ([`WorkflowTx`]), with their unique keys. Moves of
//! state are compare-and-set (`UPDATE … WHERE status = $from`), so two concurrent moves
//! cannot both win.
//!
//! The records are in `model.rs`, the SQL in `sql.rs` (compiled into each backend, see
//! `crate::sql`); how a row becomes a record is in `rows.rs`.

mod model;
pub(crate) mod rows;

pub use model::*;

use crate::error::{unique, StoreResult, UniqueKey};
use crate::shared::{At, Page};
use async_trait::async_trait;
use rongma_domain::workflow::{Application, Certificate, CertificateState, TestReport};

/// The workflow's unique constraints.
pub(crate) const UNIQUE_KEYS: &[UniqueKey] = &[
    unique(
        "uq_test_reports_lab_report_no",
        "test_reports.lab_id, test_reports.report_no",
        "test_reports.report_no",
    ),
    unique(
        "uq_certificates_number",
        "certificates.number",
        "certificates.number",
    ),
    unique(
        "uq_certificates_product_version",
        "certificates.product_id, certificates.version",
        "certificates.version",
    ),
    unique(
        "uq_certificates_application",
        "certificates.application_id",
        "certificates.application_id",
    ),
    unique(
        "pk_grading_profiles",
        "grading_profiles.profile_id, grading_profiles.version",
        "grading_profiles.version",
    ),
];

#[async_trait]
pub trait WorkflowTx: Send {
    async fn insert_profile(&mut self, p: &ProfileRecord) -> StoreResult<()>;
    async fn list_profiles(&mut self) -> StoreResult<Vec<ProfileRecord>>;
    async fn get_profile(
        &mut self,
        profile_id: &str,
        version: &str,
    ) -> StoreResult<Option<ProfileRecord>>;
    /// Makes one version the active one of its profile id (and no other).
    async fn activate_profile(&mut self, profile_id: &str, version: &str) -> StoreResult<bool>;

    /// Adds `n` to a named counter (created at 0) and returns the new value.
    async fn bump_counter(&mut self, name: &str, n: i64) -> StoreResult<i64>;

    async fn insert_report(&mut self, r: &NewReport, at: At) -> StoreResult<i64>;
    async fn get_report(&mut self, id: i64) -> StoreResult<Option<TestReport>>;
    async fn list_reports(&mut self, q: &WorkflowQuery) -> StoreResult<Page<TestReport>>;
    /// Marks a submitted report as superseded by `by`; false if it was not `submitted`.
    async fn supersede_report(&mut self, id: i64, by: i64) -> StoreResult<bool>;

    async fn insert_application(&mut self, a: &NewApplication, at: At) -> StoreResult<i64>;
    async fn get_application(&mut self, id: i64) -> StoreResult<Option<Application>>;
    async fn list_applications(&mut self, q: &WorkflowQuery) -> StoreResult<Page<Application>>;
    /// Records a decision on a pending application; false if it was no longer pending.
    async fn decide_application(
        &mut self,
        id: i64,
        d: &ApplicationDecision,
        at: At,
    ) -> StoreResult<bool>;

    async fn insert_certificate(&mut self, c: &NewCertificate, at: At) -> StoreResult<i64>;
    async fn get_certificate(&mut self, id: i64) -> StoreResult<Option<Certificate>>;
    async fn get_certificate_by_number(&mut self, number: &str)
        -> StoreResult<Option<Certificate>>;
    async fn list_certificates(&mut self, q: &WorkflowQuery) -> StoreResult<Page<Certificate>>;
    /// The newest certificate version of a product, whatever its state.
    async fn latest_certificate(&mut self, product_id: i64) -> StoreResult<Option<Certificate>>;
    /// Moves a certificate from `from` to `to`; false if it was no longer in `from`.
    async fn set_certificate_state(
        &mut self,
        id: i64,
        from: CertificateState,
        to: CertificateState,
        reason: Option<&str>,
        at: At,
    ) -> StoreResult<bool>;
    /// Live certificates whose end date is before `today`.
    async fn certificates_due_for_expiry(
        &mut self,
        today: chrono::NaiveDate,
    ) -> StoreResult<Vec<Certificate>>;

    async fn list_public(&mut self, q: &PublicQuery) -> StoreResult<Page<PublicListing>>;
    /// Brands (with their enterprise) that have products on the public list on `today`,
    /// by enterprise then brand name.
    async fn public_brands(&mut self, today: chrono::NaiveDate) -> StoreResult<Vec<PublicBrand>>;
}
