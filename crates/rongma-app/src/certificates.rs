//! Grade certificates: issued when an application is approved, then suspended, reinstated
//! or revoked by the regulator, and expired by the clock. Every move is checked against
//! the state machine in `rongma_domain::workflow` and recorded with who, when and why.
//! Regrading a product issues a new certificate version; the old one is superseded, never
//! overwritten.

use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{may, require, Action};
use crate::App;
use chrono::{DateTime, Months, NaiveDate, Utc};
use rongma_domain::grading::{Grade, GradingResult};
use rongma_domain::roles::Actor;
use rongma_domain::workflow::{Application, Certificate, CertificateAction, CertificateState};
use rongma_domain::FieldError;
use rongma_store::{NewCertificate, Page, Tx, WorkflowQuery};
use std::collections::BTreeMap;

/// The last day of validity: the day before `from`, `months` later (so 12 months from
/// 1 March end on the last day of February, and from 31 January one month ends 28 February).
pub fn valid_until(from: NaiveDate, months: u32) -> NaiveDate {
    from.pred_opt()
        .and_then(|d| d.checked_add_months(Months::new(months)))
        .unwrap_or(from)
}

/// Issues the certificate for an approved application, inside the caller's transaction.
pub(crate) async fn issue_certificate(
    app: &App,
    tx: &mut dyn Tx,
    actor: &Actor,
    a: &Application,
    grade: Grade,
    lowering_reason: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let results: Vec<(i64, GradingResult)> = a
        .results
        .iter()
        .filter_map(|r| r.grading().map(|g| (r.report_id, g)))
        .collect();
    // Each indicator's grade is its lowest over the samples; the certificate rests on the
    // weakest sample's report.
    let mut indicator_grades: BTreeMap<String, Grade> = BTreeMap::new();
    for (_, r) in &results {
        for i in &r.indicators {
            if let Some(g) = i.grade {
                let e = indicator_grades
                    .entry(i.id.as_str().to_owned())
                    .or_insert(g);
                *e = (*e).min(g);
            }
        }
    }
    let weakest = results
        .iter()
        .min_by_key(|(_, r)| r.grade)
        .map(|(id, _)| *id)
        .or(a.report_ids.first().copied());
    let report_id =
        weakest.ok_or_else(|| AppError::InvalidState("the application has no report".into()))?;
    let report = tx
        .get_report(report_id)
        .await?
        .ok_or(AppError::NotFound("report"))?;
    let previous = tx.latest_certificate(a.product_id).await?;
    let version = previous.as_ref().map_or(1, |c| c.version + 1);
    let today = now.date_naive();
    let seq = tx.bump_counter("certificate_no", 1).await?;
    let number = format!("RMC-{}-{seq:06}", today.format("%Y"));
    let new = NewCertificate {
        number: number.clone(),
        product_id: a.product_id,
        enterprise_id: a.enterprise_id,
        application_id: a.id,
        version,
        grade,
        indicator_grades,
        profile: a.profile.clone(),
        lab_id: report.lab_id,
        report_id,
        valid_from: today,
        valid_until: valid_until(today, app.settings().certificates.validity_months),
        supersedes_id: previous.as_ref().map(|c| c.id),
    };
    let id = tx.insert_certificate(&new, now).await?;
    // Only an active predecessor is superseded: its tags stay valid under it (the tag keeps
    // its version). A suspended one stays suspended, so its tags keep saying so.
    if let Some(prev) = previous.filter(|p| p.state == CertificateState::Active) {
        move_state(
            tx,
            actor,
            &prev,
            CertificateAction::Supersede,
            Some(format!(
                "已由新版证书 {number} 取代 / superseded by {number}"
            )),
            now,
        )
        .await?;
    }
    let ev = EventBuilder {
        actor,
        entity_type: "certificate",
        entity_id: id,
        enterprise_id: Some(a.enterprise_id),
    };
    tx.append_event(&ev.event(
        "issued",
        None,
        serde_json::json!({"number": number, "grade": grade, "application_id": a.id, "version": version, "valid_until": new.valid_until}),
        now,
    ))
    .await?;
    let issued = tx
        .get_certificate(id)
        .await?
        .ok_or(AppError::NotFound("certificate"))?;
    let mut facts = crate::tlog::certificate_facts(&issued, issued.state);
    facts["report_ids"] = serde_json::json!(a.report_ids);
    facts["engine_grade"] = serde_json::json!(a.engine_grade);
    let lowered = a.engine_grade.is_some_and(|e| grade < e);
    if lowered {
        facts["reason"] = serde_json::json!(lowering_reason);
    }
    let kind = if lowered {
        "certificate.lowered"
    } else {
        "certificate.issued"
    };
    crate::tlog::append_decision(tx, kind, &crate::tlog::certificate_subject(id), facts, now)
        .await?;
    tracing::info!(certificate.id = id, %number, %grade, "certificate issued");
    Ok(id)
}

/// Applies `action` to `c` (compare-and-set on its state) and records the event.
pub(crate) async fn move_state(
    tx: &mut dyn Tx,
    actor: &Actor,
    c: &Certificate,
    action: CertificateAction,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<CertificateState> {
    let to = c
        .state
        .apply(action)
        .map_err(|e| AppError::InvalidState(e.to_string()))?;
    if !tx
        .set_certificate_state(c.id, c.state, to, reason.as_deref(), now)
        .await?
    {
        return Err(AppError::InvalidState(format!(
            "certificate {} changed meanwhile; reload and try again",
            c.number
        )));
    }
    let ev = EventBuilder {
        actor,
        entity_type: "certificate",
        entity_id: c.id,
        enterprise_id: Some(c.enterprise_id),
    };
    let mut facts = crate::tlog::certificate_facts(c, to);
    facts["from"] = serde_json::json!(c.state);
    facts["reason"] = serde_json::json!(reason);
    crate::tlog::append_decision(
        tx,
        &format!("certificate.{}", action.as_str()),
        &crate::tlog::certificate_subject(c.id),
        facts,
        now,
    )
    .await?;
    tx.append_event(&ev.event(
        action.as_str(),
        reason,
        serde_json::json!({"from": c.state, "to": to}),
        now,
    ))
    .await?;
    Ok(to)
}

impl App {
    /// How many tags were issued under certificate `id` (for the people about to decide
    /// something that changes what they say).
    pub async fn tags_on_certificate(&self, actor: &Actor, id: i64) -> AppResult<i64> {
        let c = self.get_certificate(actor, id).await?;
        Ok(self
            .store()
            .read()
            .await?
            .codes_on_certificate(c.id)
            .await?)
    }

    /// The product's newest certificate the actor may see, if it is live (active or
    /// suspended), with the number of tags issued under it: what an approval of a new
    /// version would supersede. Those tags stay valid under their version.
    pub async fn regrade_impact(
        &self,
        actor: &Actor,
        product_id: i64,
    ) -> AppResult<Option<(Certificate, i64)>> {
        let latest = self
            .store()
            .read()
            .await?
            .latest_certificate(product_id)
            .await?
            .filter(|c| may(actor, Action::ReadCertificate(c)))
            .filter(|c| {
                matches!(
                    c.state,
                    CertificateState::Active | CertificateState::Suspended
                )
            });
        match latest {
            Some(c) => {
                let n = self.tags_on_certificate(actor, c.id).await?;
                Ok(Some((c, n)))
            }
            None => Ok(None),
        }
    }

    pub async fn get_certificate(&self, actor: &Actor, id: i64) -> AppResult<Certificate> {
        let c = self.store().read().await?.get_certificate(id).await?;
        c.filter(|c| may(actor, Action::ReadCertificate(c)))
            .ok_or(AppError::NotFound("certificate"))
    }

    /// Certificates the actor may see; `status` filters by state, `expiring_within_days`
    /// keeps those ending in that many days (soonest first).
    pub async fn list_certificates(
        &self,
        actor: &Actor,
        params: &ListParams,
        expiring_within_days: Option<i64>,
    ) -> AppResult<Page<Certificate>> {
        require(actor, Action::ListCertificates)?;
        let base = params.to_query();
        let today = self.now().date_naive();
        let mut q = WorkflowQuery {
            status: params.status.clone().filter(|s| !s.is_empty()),
            enterprise_id: params.enterprise_id,
            valid_until_before: expiring_within_days.map(|d| today + chrono::Duration::days(d)),
            limit: base.limit,
            offset: base.offset,
            ..WorkflowQuery::default()
        };
        if expiring_within_days.is_some() && q.status.is_none() {
            q.status = Some("active".into());
        }
        if let Some(own) = actor.enterprise_scope().id() {
            q.enterprise_id = Some(own);
        }
        Ok(self.store().read().await?.list_certificates(&q).await?)
    }

    /// Suspends, reinstates or revokes a certificate (regulator), with a reason.
    #[tracing::instrument(skip_all, err)]
    pub async fn change_certificate_state(
        &self,
        actor: &Actor,
        id: i64,
        action: CertificateAction,
        reason: Option<String>,
    ) -> AppResult<Certificate> {
        require(actor, Action::ChangeCertificates)?;
        if matches!(
            action,
            CertificateAction::Expire | CertificateAction::Supersede
        ) {
            return Err(AppError::forbidden(
                "certificates expire on their end date and are superseded by regrading",
            ));
        }
        let reason = reason.filter(|r| !r.trim().is_empty());
        if reason.is_none() {
            return Err(AppError::field(FieldError::new(
                "reason",
                "required",
                "give the reason for this change",
                "请填写原因",
            )));
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let c = tx
            .get_certificate(id)
            .await?
            .ok_or(AppError::NotFound("certificate"))?;
        // A certificate past its end date is expired even if the job has not run yet.
        if c.state_on(now.date_naive()) == CertificateState::Expired
            && c.state != CertificateState::Expired
        {
            return Err(AppError::InvalidState(format!(
                "certificate {} expired on {}",
                c.number, c.valid_until
            )));
        }
        move_state(&mut *tx, actor, &c, action, reason, now).await?;
        let c = tx
            .get_certificate(id)
            .await?
            .ok_or(AppError::NotFound("certificate"))?;
        tx.commit().await?;
        // Scans show the new state at once (other instances within the cache TTL).
        self.invalidate_scan_cache();
        tracing::info!(
            certificate.id = id,
            state = c.state.as_str(),
            "certificate state changed"
        );
        Ok(c)
    }

    /// Records the expiry of every live certificate past its end date. Runs at start and
    /// then periodically; reads never depend on it having run (see `state_on`).
    pub async fn expire_certificates(&self) -> AppResult<usize> {
        let now = self.now();
        let system = Actor::system("expiry");
        let mut tx = self.store().begin().await?;
        let due = tx.certificates_due_for_expiry(now.date_naive()).await?;
        for c in &due {
            move_state(
                &mut *tx,
                &system,
                c,
                CertificateAction::Expire,
                Some(format!("validity ended {}", c.valid_until)),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        if !due.is_empty() {
            self.invalidate_scan_cache();
            tracing::info!(count = due.len(), "certificates expired");
        }
        Ok(due.len())
    }

    pub async fn certificate_history(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<Vec<rongma_store::Event>> {
        self.get_certificate(actor, id).await?;
        Ok(self
            .store()
            .read()
            .await?
            .list_events("certificate", id)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_ends_the_day_before_the_anniversary() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(valid_until(d("2026-03-01"), 12), d("2027-02-28"));
        assert_eq!(valid_until(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(valid_until(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(valid_until(d("2026-12-01"), 12), d("2027-11-30"));
    }
}
