//! Consumer complaints: their records and operations ([`ComplaintTx`]). A complaint
//! moves by compare-and-set on its status, like certificates.
//!
//! The SQL is in `sql.rs` (compiled into each backend, see `crate::sql`); how a row
//! becomes a record is in `rows.rs`.

pub(crate) mod rows;

use crate::error::StoreResult;
use crate::shared::{At, Page};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::workflow::{ComplaintCategory, ComplaintStatus};
use serde::Serialize;

/// A complaint as stored (the phone in full: mask it before showing it to anyone).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Complaint {
    pub id: i64,
    pub ticket_no: String,
    #[serde(skip)]
    pub access_hash: String,
    pub serial: String,
    pub genuine: bool,
    pub batch_id: Option<i64>,
    pub product_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub category: ComplaintCategory,
    pub description: String,
    pub photo_key: Option<String>,
    pub photo_type: Option<String>,
    #[serde(skip)]
    pub phone: Option<String>,
    #[serde(skip)]
    pub network: String,
    pub status: ComplaintStatus,
    pub accept_due: NaiveDate,
    pub close_due: NaiveDate,
    pub assigned_to: Option<String>,
    pub decision_note: Option<String>,
    pub enterprise_response: Option<String>,
    pub enterprise_responded_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub ticket_no: String,
    pub access_hash: String,
    pub serial: String,
    pub genuine: bool,
    pub batch_id: Option<i64>,
    pub product_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub category: ComplaintCategory,
    pub description: String,
    pub photo_key: Option<String>,
    pub photo_type: Option<String>,
    pub phone: Option<String>,
    pub network: String,
    pub accept_due: NaiveDate,
    pub close_due: NaiveDate,
}

/// A change to a complaint, applied only if it is still in `from`.
#[derive(Debug, Clone, Default)]
pub struct ComplaintUpdate {
    pub status: Option<ComplaintStatus>,
    pub assigned_to: Option<String>,
    pub decision_note: Option<String>,
    pub enterprise_response: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ComplaintQuery {
    pub enterprise_id: Option<i64>,
    pub status: Option<String>,
    pub category: Option<String>,
    /// Only open complaints past one of their deadlines on this day.
    pub overdue_on: Option<NaiveDate>,
    /// Only complaints assigned to this username.
    pub assigned_to: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Counts for the regulator's statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    pub category: String,
    pub count: i64,
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
        from: ComplaintStatus,
        u: &ComplaintUpdate,
        at: At,
    ) -> StoreResult<bool>;
    async fn complaints_by_category(&mut self, since: At) -> StoreResult<Vec<CategoryCount>>;
}
