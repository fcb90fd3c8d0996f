//! How a `complaints` row reads back into a [`Complaint`] (on either backend).

use crate::complaints::Complaint;
use crate::error::{corrupt, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};

pub(crate) const COMPLAINT_COLS: &str = "id, ticket_no, access_hash, serial, genuine, batch_id, product_id, enterprise_id, category, \
     description, photo_key, photo_type, phone, network, status, accept_due, close_due, assigned_to, decision_note, \
     enterprise_response, enterprise_responded_at, outcome, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ComplaintRow {
    id: i64,
    ticket_no: String,
    access_hash: String,
    serial: String,
    genuine: bool,
    batch_id: Option<i64>,
    product_id: Option<i64>,
    enterprise_id: Option<i64>,
    category: String,
    description: String,
    photo_key: Option<String>,
    photo_type: Option<String>,
    phone: Option<String>,
    network: String,
    status: String,
    accept_due: NaiveDate,
    close_due: NaiveDate,
    assigned_to: Option<String>,
    decision_note: Option<String>,
    enterprise_response: Option<String>,
    enterprise_responded_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ComplaintRow {
    pub(crate) fn into_complaint(self) -> StoreResult<Complaint> {
        use rongma_domain::workflow::{ComplaintCategory, ComplaintStatus};
        Ok(Complaint {
            id: self.id,
            ticket_no: self.ticket_no,
            access_hash: self.access_hash,
            serial: self.serial,
            genuine: self.genuine,
            batch_id: self.batch_id,
            product_id: self.product_id,
            enterprise_id: self.enterprise_id,
            category: ComplaintCategory::parse(&self.category)
                .ok_or_else(|| corrupt("complaints.category", &self.category))?,
            description: self.description,
            photo_key: self.photo_key,
            photo_type: self.photo_type,
            phone: self.phone,
            network: self.network,
            status: ComplaintStatus::parse(&self.status)
                .ok_or_else(|| corrupt("complaints.status", &self.status))?,
            accept_due: self.accept_due,
            close_due: self.close_due,
            assigned_to: self.assigned_to,
            decision_note: self.decision_note,
            enterprise_response: self.enterprise_response,
            enterprise_responded_at: self.enterprise_responded_at,
            outcome: self.outcome,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
