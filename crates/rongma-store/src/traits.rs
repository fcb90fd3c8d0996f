//! The storage interface. The app layer opens a transaction, reads and writes through it
//! (appending history events in the same transaction), and commits; dropping a
//! transaction without committing rolls it back, so nothing is ever half-written.

pub use crate::codes_traits::CodeTx;
use crate::complaints_model::*;
use crate::error::StoreResult;
use crate::model::*;
use crate::scans_traits::{ScanStore, ScanTx};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rongma_domain::registry::*;
use rongma_domain::workflow::{Application, Certificate, CertificateState, TestReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[async_trait]
pub trait Store: ScanStore + Send + Sync + 'static {
    fn backend(&self) -> Backend;
    /// Applies pending migrations of this backend.
    async fn migrate(&self) -> StoreResult<()>;
    /// A write transaction. On SQLite it takes the write lock up front (`BEGIN
    /// IMMEDIATE`), so a read-then-write never fails half-way for lack of the lock.
    async fn begin(&self) -> StoreResult<Box<dyn Tx>>;
    /// A read-only transaction: a consistent snapshot for pages that read several tables.
    async fn read(&self) -> StoreResult<Box<dyn Tx>>;
    /// Whether the database answers (for `/readyz`).
    async fn ping(&self) -> StoreResult<()>;
    async fn close(&self);
}

/// A transaction with every operation of every area.
#[async_trait]
pub trait Tx:
    RegistryTx + AccountTx + EventTx + WorkflowTx + CodeTx + Send + ComplaintTx + ScanTx
{
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

type At = DateTime<Utc>;

#[async_trait]
pub trait RegistryTx: Send {
    async fn insert_enterprise(&mut self, f: &EnterpriseFields, at: At) -> StoreResult<i64>;
    async fn update_enterprise(
        &mut self,
        id: i64,
        f: &EnterpriseFields,
        at: At,
    ) -> StoreResult<bool>;
    async fn get_enterprise(&mut self, id: i64) -> StoreResult<Option<Enterprise>>;
    async fn find_enterprise_by_credit_code(
        &mut self,
        code: &str,
    ) -> StoreResult<Option<Enterprise>>;
    async fn list_enterprises(&mut self, q: &ListQuery) -> StoreResult<Page<Enterprise>>;
    /// Archives (`Some(at)`) or restores (`None`) an enterprise.
    async fn set_enterprise_archived(
        &mut self,
        id: i64,
        at: Option<At>,
        now: At,
    ) -> StoreResult<bool>;

    async fn insert_brand(&mut self, f: &BrandFields, at: At) -> StoreResult<i64>;
    async fn update_brand(&mut self, id: i64, f: &BrandFields, at: At) -> StoreResult<bool>;
    async fn get_brand(&mut self, id: i64) -> StoreResult<Option<Brand>>;
    async fn list_brands(&mut self, q: &ListQuery) -> StoreResult<Page<Brand>>;
    async fn set_brand_archived(&mut self, id: i64, at: Option<At>, now: At) -> StoreResult<bool>;

    /// Inserts a product; its enterprise is the brand's, given by the caller.
    async fn insert_product(
        &mut self,
        enterprise_id: i64,
        f: &ProductFields,
        at: At,
    ) -> StoreResult<i64>;
    async fn update_product(
        &mut self,
        id: i64,
        enterprise_id: i64,
        f: &ProductFields,
        at: At,
    ) -> StoreResult<bool>;
    async fn get_product(&mut self, id: i64) -> StoreResult<Option<Product>>;
    /// A product by its enterprise and style number (archived ones included).
    async fn find_product_by_style(
        &mut self,
        enterprise_id: i64,
        style_no: &str,
    ) -> StoreResult<Option<Product>>;
    async fn list_products(&mut self, q: &ListQuery) -> StoreResult<Page<Product>>;
    async fn set_product_archived(&mut self, id: i64, at: Option<At>, now: At)
        -> StoreResult<bool>;

    async fn insert_lab(&mut self, f: &LabFields, at: At) -> StoreResult<i64>;
    async fn update_lab(&mut self, id: i64, f: &LabFields, at: At) -> StoreResult<bool>;
    async fn get_lab(&mut self, id: i64) -> StoreResult<Option<Lab>>;
    async fn list_labs(&mut self, q: &ListQuery) -> StoreResult<Page<Lab>>;
    async fn set_lab_archived(&mut self, id: i64, at: Option<At>, now: At) -> StoreResult<bool>;
}

#[async_trait]
pub trait AccountTx: Send {
    async fn insert_user(&mut self, u: &NewUser, at: At) -> StoreResult<i64>;
    async fn get_user(&mut self, id: i64) -> StoreResult<Option<User>>;
    async fn get_user_by_username(&mut self, username: &str) -> StoreResult<Option<User>>;
    async fn list_users(&mut self, q: &ListQuery) -> StoreResult<Page<User>>;
    async fn set_user_password(
        &mut self,
        id: i64,
        password_hash: &str,
        at: At,
    ) -> StoreResult<bool>;
    async fn set_user_active(&mut self, id: i64, active: bool, at: At) -> StoreResult<bool>;
    async fn record_login(&mut self, id: i64, at: At) -> StoreResult<()>;

    async fn insert_session(&mut self, s: &Session) -> StoreResult<()>;
    /// The session and its user, if the session exists (expiry is the caller's check).
    async fn get_session(&mut self, token_hash: &str) -> StoreResult<Option<(Session, User)>>;
    async fn touch_session(&mut self, token_hash: &str, seen: At, expires: At) -> StoreResult<()>;
    async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()>;
    async fn delete_user_sessions(&mut self, user_id: i64) -> StoreResult<u64>;
    async fn delete_expired_sessions(&mut self, now: At) -> StoreResult<u64>;

    async fn insert_api_key(&mut self, k: &NewApiKey, at: At) -> StoreResult<i64>;
    async fn get_api_key_by_prefix(&mut self, prefix: &str) -> StoreResult<Option<ApiKey>>;
    async fn list_api_keys(&mut self) -> StoreResult<Vec<ApiKey>>;
    async fn revoke_api_key(&mut self, id: i64, at: At) -> StoreResult<bool>;
    async fn touch_api_key(&mut self, id: i64, at: At) -> StoreResult<()>;
}

#[async_trait]
pub trait EventTx: Send {
    async fn append_event(&mut self, e: &NewEvent) -> StoreResult<i64>;
    /// The history of one record, oldest first.
    async fn list_events(&mut self, entity_type: &str, entity_id: i64) -> StoreResult<Vec<Event>>;
}

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

#[async_trait]
pub trait ComplaintTx: Send {
    async fn insert_complaint(&mut self, c: &NewComplaint, at: At) -> StoreResult<i64>;
    async fn get_complaint(&mut self, id: i64) -> StoreResult<Option<Complaint>>;
    async fn get_complaint_by_ticket(&mut self, ticket_no: &str) -> StoreResult<Option<Complaint>>;
    /// Most urgent first: open ones by acceptance deadline, then the rest, newest first.
    async fn list_complaints(&mut self, q: &ComplaintQuery) -> StoreResult<Page<Complaint>>;
    /// Applies `u` if the complaint is still in `from`; false otherwise.
    async fn update_complaint(
        &mut self,
        id: i64,
        from: rongma_domain::workflow::ComplaintStatus,
        u: &ComplaintUpdate,
        at: At,
    ) -> StoreResult<bool>;
    async fn complaints_by_category(&mut self, since: At) -> StoreResult<Vec<CategoryCount>>;
}
