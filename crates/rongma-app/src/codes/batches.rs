//! Reading batches: lists (enterprise users see their own only), one batch with its
//! revocations, and its history. Views carry the first and last serial and the QR size a
//! tag gets, computed from the batch's key and range.

use super::{range_serials, visible_batch, ENTITY};
use crate::error::{AppError, AppResult};
use crate::paging::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use crate::policy::{require, Action};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::codes::BatchSize;
use rongma_domain::roles::Actor;
use rongma_domain::workflow::{Certificate, CertificateState};
use rongma_store::{BatchQuery, CodeBatch, CodeRevocation, Event, Page, Tx};
use serde::{Deserialize, Serialize};

/// One batch as clients see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchView {
    pub id: i64,
    pub enterprise_id: i64,
    pub certificate_id: i64,
    pub certificate_number: String,
    pub product_id: i64,
    /// Key id the serials were issued with (their first symbol).
    pub key_id: String,
    /// First sequence number; the batch holds `quantity` consecutive numbers.
    pub seq_start: u64,
    pub quantity: u64,
    pub first_serial: String,
    pub last_serial: String,
    pub lot_no: String,
    pub production_date: NaiveDate,
    /// Codes by size in serial order (fill weights as declared when issued).
    pub sizes: Vec<BatchSize>,
    /// `short` (`HTTPS://HOST/C/SERIAL`) or `digital_link` (`…/01/GTIN/21/SERIAL`).
    pub url_form: &'static str,
    pub gtin: Option<String>,
    /// The QR content of the first tag.
    pub first_url: String,
    /// QR version and error-correction level of the batch's tags, e.g. `3-M`.
    pub qr: String,
    /// `active` or `revoked` (the whole batch).
    pub state: &'static str,
    pub certificate_version: i64,
    /// The certificate's state today.
    pub certificate_state: Option<CertificateState>,
    /// What a scan of a tag of this batch (not revoked on its own) says today.
    pub tag_verdict: super::status::CodeVerdict,
    /// Codes that a scan shows as revoked.
    pub revoked_codes: u64,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// A revoked range (a single serial has `first_serial == last_serial`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationView {
    pub id: i64,
    /// `range` or `serial`.
    pub scope: &'static str,
    pub first_serial: String,
    pub last_serial: String,
    pub count: u64,
    pub reason: String,
    pub revoked_by: String,
    pub revoked_at: DateTime<Utc>,
}

/// A batch with its revocations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchDetail {
    pub batch: BatchView,
    pub revocations: Vec<RevocationView>,
}

/// `?certificate_id=&product_id=&enterprise_id=&page=&per_page=`
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BatchListParams {
    pub certificate_id: Option<i64>,
    pub product_id: Option<i64>,
    /// Staff only; enterprise users always get their own.
    pub enterprise_id: Option<i64>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Items per page (1–200, default 20).
    pub per_page: Option<i64>,
}

impl App {
    pub(crate) fn batch_view(
        &self,
        b: &CodeBatch,
        cert: Option<&Certificate>,
    ) -> AppResult<BatchView> {
        let today = self.now().date_naive();
        let certificate_number = cert.map(|c| c.number.clone()).unwrap_or_default();
        let keys = self.code_keys();
        let (first_serial, last_serial) = range_serials(keys, b.key_id, b.range)?;
        let first = keys
            .serial_keys()
            .issue_with(b.key_id, b.range.start())
            .map_err(AppError::internal)?;
        let first_url = super::batch_urls(self, b)?.url(&first);
        let qr = rongma_label::qr_info(&first_url)
            .map(|(v, ec)| format!("{v}-{ec}"))
            .unwrap_or_default();
        let whole = b.revoked_at.is_some();
        Ok(BatchView {
            id: b.id,
            enterprise_id: b.enterprise_id,
            certificate_id: b.certificate_id,
            certificate_number,
            product_id: b.product_id,
            key_id: b.key_id.to_string(),
            seq_start: b.range.start().get(),
            quantity: b.range.count(),
            first_serial,
            last_serial,
            lot_no: b.lot_no.clone(),
            production_date: b.production_date,
            sizes: b.sizes.clone(),
            url_form: if b.gtin.is_some() {
                "digital_link"
            } else {
                "short"
            },
            gtin: b.gtin.clone(),
            first_url,
            qr,
            state: if whole { "revoked" } else { "active" },
            certificate_version: cert.map_or(0, |c| c.version),
            certificate_state: cert.map(|c| c.state_on(today)),
            tag_verdict: super::status::verdict_of(whole, cert, today),
            revoked_codes: if whole {
                b.range.count()
            } else {
                u64::try_from(b.revoked_count).unwrap_or(0)
            },
            revoked_at: b.revoked_at,
            revoked_reason: b.revoked_reason.clone(),
            created_by: b.created_by.clone(),
            created_at: b.created_at,
        })
    }

    pub(crate) fn revocation_view(
        &self,
        b: &CodeBatch,
        r: &CodeRevocation,
    ) -> AppResult<RevocationView> {
        let (first_serial, last_serial) = range_serials(self.code_keys(), b.key_id, r.range)?;
        Ok(RevocationView {
            id: r.id,
            scope: r.scope.as_str(),
            first_serial,
            last_serial,
            count: r.range.count(),
            reason: r.reason.clone(),
            revoked_by: r.revoked_by.clone(),
            revoked_at: r.revoked_at,
        })
    }

    pub(crate) async fn batch_detail(
        &self,
        tx: &mut dyn Tx,
        b: CodeBatch,
    ) -> AppResult<BatchDetail> {
        let cert = tx.get_certificate(b.certificate_id).await?;
        let revocations = tx
            .list_revocations(b.id)
            .await?
            .iter()
            .map(|r| self.revocation_view(&b, r))
            .collect::<AppResult<_>>()?;
        Ok(BatchDetail {
            batch: self.batch_view(&b, cert.as_ref())?,
            revocations,
        })
    }

    pub async fn get_batch(&self, actor: &Actor, id: i64) -> AppResult<BatchDetail> {
        require(actor, Action::ReadCodes)?;
        let mut tx = self.store().read().await?;
        let b = visible_batch(&mut *tx, actor, id).await?;
        self.batch_detail(&mut *tx, b).await
    }

    /// Newest first; enterprise users only ever see their own enterprise's batches.
    pub async fn list_batches(
        &self,
        actor: &Actor,
        p: &BatchListParams,
    ) -> AppResult<Page<BatchView>> {
        require(actor, Action::ReadCodes)?;
        let per_page = p
            .per_page
            .unwrap_or(DEFAULT_PER_PAGE)
            .clamp(1, MAX_PER_PAGE);
        let q = BatchQuery {
            enterprise_id: actor.enterprise_scope().id().or(p.enterprise_id),
            certificate_id: p.certificate_id,
            product_id: p.product_id,
            limit: per_page,
            offset: (p.page.unwrap_or(1).max(1) - 1).saturating_mul(per_page),
        };
        let mut tx = self.store().read().await?;
        let page = tx.list_batches(&q).await?;
        let mut certs = std::collections::HashMap::new();
        let mut items = Vec::with_capacity(page.items.len());
        for b in &page.items {
            if let std::collections::hash_map::Entry::Vacant(e) = certs.entry(b.certificate_id) {
                e.insert(tx.get_certificate(b.certificate_id).await?);
            }
            let c = certs.get(&b.certificate_id).and_then(Option::as_ref);
            items.push(self.batch_view(b, c)?);
        }
        Ok(Page {
            items,
            total: page.total,
            limit: page.limit,
            offset: page.offset,
        })
    }

    /// Every change and export of a batch, oldest first.
    pub async fn batch_history(&self, actor: &Actor, id: i64) -> AppResult<Vec<Event>> {
        require(actor, Action::ReadCodes)?;
        let mut tx = self.store().read().await?;
        visible_batch(&mut *tx, actor, id).await?;
        Ok(tx.list_events(ENTITY, id).await?)
    }
}
