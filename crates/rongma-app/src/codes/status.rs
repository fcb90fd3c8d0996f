//! The status of one serial: what a scan shows. The serial is verified first (format,
//! check character, MAC) without touching the database, so forgeries cost nothing; then
//! one indexed probe finds its batch, one its revocation, one its certificate.
//!
//! [`App::code_status`] takes no actor: the public scan page calls it and
//! decides what to show. Staff and owners look serials up through [`App::lookup_code`].

use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::codes::{SerialError, Verified};
use rongma_domain::roles::Actor;
use rongma_domain::workflow::{Certificate, CertificateState};
use serde::Serialize;

/// The verdict a scan shows, most serious first when several apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeVerdict {
    /// Issued, not revoked, and its certificate stands today: active, or superseded by a
    /// regrade but within its own validity (the tag keeps the version it was issued under).
    Valid,
    /// The serial, a range holding it, or its whole batch was revoked (`revocation` says
    /// which and why).
    Revoked,
    /// Its certificate was revoked: the grade on the tag no longer stands.
    CertificateRevoked,
    /// Its certificate is suspended: the grade is on hold.
    CertificateSuspended,
    /// Its certificate expired: the tag was genuine when issued, but no longer states a
    /// current grade.
    CertificateLapsed,
    /// Authentic (the MAC verifies) but in no batch: an anomaly to investigate (a leaked
    /// key, or a database restored from an old backup).
    NotIssued,
}

/// The verdict of a tag issued under `cert` (its batch's certificate), `revoked` or not.
/// A tag keeps the certificate version it was issued under: a regrade (a newer version
/// superseding it) leaves the tag valid until that version's own end date; only a
/// revocation or suspension of the tag's version, or its expiry, changes what it says
/// (docs/CODES.md, "Regrades and tags already issued").
pub fn verdict_of(revoked: bool, cert: Option<&Certificate>, today: NaiveDate) -> CodeVerdict {
    if revoked {
        return CodeVerdict::Revoked;
    }
    match cert.map(|c| (c.state_on(today), c.valid_until)) {
        Some((CertificateState::Active, _)) => CodeVerdict::Valid,
        Some((CertificateState::Superseded, until)) if today <= until => CodeVerdict::Valid,
        Some((CertificateState::Revoked, _)) => CodeVerdict::CertificateRevoked,
        Some((CertificateState::Suspended, _)) => CodeVerdict::CertificateSuspended,
        Some((CertificateState::Expired | CertificateState::Superseded, _)) | None => {
            CodeVerdict::CertificateLapsed
        }
    }
}

/// The batch facts a scan page may show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeBatchFacts {
    pub batch_id: i64,
    pub enterprise_id: i64,
    pub product_id: i64,
    pub lot_no: String,
    pub production_date: NaiveDate,
    /// The size of this code when the batch has a size breakdown.
    pub size: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub fill_weight_g: Option<rust_decimal::Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationFacts {
    /// `batch`, `range` or `serial`.
    pub scope: &'static str,
    pub reason: String,
    pub revoked_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateFacts {
    pub certificate_id: i64,
    pub number: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4A"))]
    pub grade: rongma_domain::grading::Grade,
    /// The state today (a live certificate past its end date counts as expired).
    pub state: CertificateState,
    pub valid_until: NaiveDate,
}

/// Everything known about one serial.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeStatus {
    /// The serial, normalised (upper case, no spaces).
    pub serial: String,
    pub seq: u64,
    pub verdict: CodeVerdict,
    /// `None` only when the verdict is `not_issued`.
    pub batch: Option<CodeBatchFacts>,
    pub revocation: Option<RevocationFacts>,
    pub certificate: Option<CertificateFacts>,
}

impl App {
    /// Checks a typed or scanned serial without any database read: format, check
    /// character and MAC. Scan pages word [`SerialError`]s for people.
    pub fn verify_serial(&self, input: &str) -> Result<Verified, SerialError> {
        self.code_keys().serial_keys().verify(input)
    }

    /// The status of a serial (see [`Self::code_status_of`]); a malformed or forged serial
    /// is a validation error on the field `serial` naming what is wrong.
    pub async fn code_status(&self, input: &str) -> AppResult<CodeStatus> {
        let v = self
            .verify_serial(input)
            .map_err(|e| AppError::field(e.to_field_error("serial")))?;
        self.code_status_of(&v).await
    }

    /// The status of a verified serial: batch, revocation and certificate state today.
    pub async fn code_status_of(&self, v: &Verified) -> AppResult<CodeStatus> {
        let today = self.now().date_naive();
        let mut tx = self.store().read().await?;
        let mut status = CodeStatus {
            serial: v.serial.to_string(),
            seq: v.seq.get(),
            verdict: CodeVerdict::NotIssued,
            batch: None,
            revocation: None,
            certificate: None,
        };
        let Some(b) = tx
            .batch_for_seq(v.seq)
            .await?
            .filter(|b| b.key_id == v.key_id)
        else {
            return Ok(status);
        };
        let size = rongma_domain::codes::size_of_code(&b.sizes, b.range, v.seq);
        status.batch = Some(CodeBatchFacts {
            batch_id: b.id,
            enterprise_id: b.enterprise_id,
            product_id: b.product_id,
            lot_no: b.lot_no.clone(),
            production_date: b.production_date,
            size: size.map(|s| s.size.clone()),
            fill_weight_g: size.map(|s| s.fill_weight_g),
        });
        status.revocation = match (&b.revoked_at, &b.revoked_reason) {
            (Some(at), reason) => Some(RevocationFacts {
                scope: "batch",
                reason: reason.clone().unwrap_or_default(),
                revoked_at: *at,
            }),
            _ => tx
                .revocation_for_seq(b.id, v.seq)
                .await?
                .map(|r| RevocationFacts {
                    scope: r.scope.as_str(),
                    reason: r.reason,
                    revoked_at: r.revoked_at,
                }),
        };
        let cert = tx.get_certificate(b.certificate_id).await?;
        status.verdict = verdict_of(status.revocation.is_some(), cert.as_ref(), today);
        status.certificate = cert.map(|c| CertificateFacts {
            certificate_id: c.id,
            state: c.state_on(today),
            number: c.number,
            grade: c.grade,
            valid_until: c.valid_until,
        });
        Ok(status)
    }

    /// [`Self::code_status`] for staff and the owning enterprise; a serial of another
    /// enterprise's batch is "not found" for an enterprise user.
    pub async fn lookup_code(&self, actor: &Actor, input: &str) -> AppResult<CodeStatus> {
        require(actor, Action::ReadCodes)?;
        let s = self.code_status(input).await?;
        match &s.batch {
            Some(b) if !actor.sees_enterprise(b.enterprise_id) => Err(AppError::NotFound("code")),
            None if !actor.role.is_staff() => Err(AppError::NotFound("code")),
            _ => Ok(s),
        }
    }
}
