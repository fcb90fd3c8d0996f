//! Applying a cascade rule to the certificates a sample touches, inside the caller's
//! transaction: a downgrade issues a new certificate version at the measured grade and
//! moves the lots (the sampled one, or all) onto it, so their tags say the new grade at
//! once; a suspension or revocation moves the live certificates; a revocation of the
//! sampled lot only revokes that batch of codes. Each change is a history event and a log
//! leaf (through the certificate and batch moves it is made of).

use crate::certificates::move_state;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use rongma_domain::grading::{Grade, GradingResult};
use rongma_domain::roles::Actor;
use rongma_domain::supervision::{Action, Rule, Scope};
use rongma_domain::workflow::{
    ApplicationStatus, Certificate, CertificateAction, CertificateState, ReportResult,
};
use rongma_store::{ApplicationDecision, NewApplication, NewCertificate, Sample, Tx};
use std::collections::BTreeMap;

/// What a rule did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub new_certificate_id: Option<i64>,
}

fn live(c: &Certificate) -> bool {
    matches!(
        c.state,
        CertificateState::Active | CertificateState::Suspended
    )
}

/// The certificates a rule acts on: the sampled lot's certificate now, and for all lots
/// also the certificate the sample was taken under, when it is a different live one.
async fn targets(tx: &mut dyn Tx, s: &Sample, scope: Scope) -> AppResult<Vec<Certificate>> {
    let batch = tx
        .get_batch(s.batch_id)
        .await?
        .ok_or(AppError::NotFound("batch"))?;
    let mut out = Vec::new();
    if let Some(c) = tx.get_certificate(batch.certificate_id).await? {
        out.push(c);
    }
    if scope == Scope::AllLots && s.certificate_id != batch.certificate_id {
        if let Some(c) = tx.get_certificate(s.certificate_id).await? {
            out.push(c);
        }
    }
    Ok(out.into_iter().filter(live).collect())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply(
    tx: &mut dyn Tx,
    actor: &Actor,
    s: &Sample,
    rule: Rule,
    measured: Option<(Grade, &GradingResult, i64)>,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<Applied> {
    let mut applied = Applied::default();
    match rule.action {
        Action::Keep => {}
        Action::Downgrade => {
            let Some((grade, result, report_id)) = measured else {
                return Err(AppError::InvalidState(
                    "a downgrade needs a measured grade".into(),
                ));
            };
            let batch = tx
                .get_batch(s.batch_id)
                .await?
                .ok_or(AppError::NotFound("batch"))?;
            let base = tx
                .get_certificate(batch.certificate_id)
                .await?
                .ok_or(AppError::NotFound("certificate"))?;
            let id = downgrade(tx, actor, &base, grade, result, report_id, reason, now).await?;
            let only = (rule.scope == Scope::SampledLot).then_some(s.batch_id);
            tx.move_batches(base.id, id, only).await?;
            if rule.scope == Scope::AllLots && live(&base) {
                move_state(
                    tx,
                    actor,
                    &base,
                    CertificateAction::Supersede,
                    Some(reason.to_owned()),
                    now,
                )
                .await?;
            }
            applied.new_certificate_id = Some(id);
        }
        Action::Suspend => {
            for c in targets(tx, s, rule.scope).await? {
                if c.state == CertificateState::Active {
                    move_state(
                        tx,
                        actor,
                        &c,
                        CertificateAction::Suspend,
                        Some(reason.to_owned()),
                        now,
                    )
                    .await?;
                }
            }
        }
        Action::Revoke if rule.scope == Scope::SampledLot => {
            tx.revoke_batch(s.batch_id, reason, &actor.name, now)
                .await?;
            crate::tlog::append_decision(
                tx,
                "code_batch.revoked",
                &crate::tlog::batch_subject(s.batch_id),
                serde_json::json!({"batch_id": s.batch_id, "reason": reason, "sample": s.sample_no}),
                now,
            )
            .await?;
        }
        Action::Revoke => {
            for c in targets(tx, s, rule.scope).await? {
                move_state(
                    tx,
                    actor,
                    &c,
                    CertificateAction::Revoke,
                    Some(reason.to_owned()),
                    now,
                )
                .await?;
            }
        }
    }
    Ok(applied)
}

/// A new certificate version at the measured grade, resting on the sample's report, valid
/// to the end date of the version it replaces. Its reason is kept as its state reason so
/// scan pages say why the grade changed.
#[allow(clippy::too_many_arguments)]
async fn downgrade(
    tx: &mut dyn Tx,
    actor: &Actor,
    base: &Certificate,
    grade: Grade,
    result: &GradingResult,
    report_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let report = tx
        .get_report(report_id)
        .await?
        .ok_or(AppError::NotFound("report"))?;
    let latest = tx.latest_certificate(base.product_id).await?;
    let version = latest.as_ref().map_or(base.version, |c| c.version) + 1;
    let seq = tx.bump_counter("certificate_no", 1).await?;
    let number = format!("RMC-{}-{seq:06}", now.format("%Y"));
    let indicator_grades: BTreeMap<String, Grade> = result
        .indicators
        .iter()
        .filter_map(|i| i.grade.map(|g| (i.id.as_str().to_owned(), g)))
        .collect();
    // The new version rests on an application of its own (one certificate per
    // application): the sample's report, decided by the spot check.
    let application_id = tx
        .insert_application(
            &NewApplication {
                enterprise_id: base.enterprise_id,
                product_id: base.product_id,
                report_ids: vec![report_id],
                results: vec![ReportResult {
                    report_id,
                    result: serde_json::to_value(result).map_err(AppError::internal)?,
                }],
                profile: base.profile.clone(),
                gradable: true,
                engine_grade: Some(grade),
                note: Some(reason.to_owned()),
                created_by: actor.name.clone(),
            },
            now,
        )
        .await?;
    let new = NewCertificate {
        number: number.clone(),
        product_id: base.product_id,
        enterprise_id: base.enterprise_id,
        application_id,
        version,
        grade,
        indicator_grades,
        profile: base.profile.clone(),
        lab_id: report.lab_id,
        report_id,
        valid_from: now.date_naive(),
        // A downgrade does not extend validity.
        valid_until: base.valid_until,
        supersedes_id: Some(base.id),
    };
    let id = tx.insert_certificate(&new, now).await?;
    tx.decide_application(
        application_id,
        &ApplicationDecision {
            status: ApplicationStatus::Approved,
            decided_grade: Some(grade),
            decision_comment: Some(reason.to_owned()),
            lowering_reason: None,
            decided_by: actor.name.clone(),
            certificate_id: Some(id),
        },
        now,
    )
    .await?;
    tx.set_certificate_state(
        id,
        CertificateState::Active,
        CertificateState::Active,
        Some(reason),
        now,
    )
    .await?;
    let issued = tx
        .get_certificate(id)
        .await?
        .ok_or(AppError::NotFound("certificate"))?;
    let mut facts = crate::tlog::certificate_facts(&issued, issued.state);
    facts["downgraded_from"] = serde_json::json!(base.number);
    facts["reason"] = serde_json::json!(reason);
    crate::tlog::append_decision(
        tx,
        "certificate.downgraded",
        &crate::tlog::certificate_subject(id),
        facts,
        now,
    )
    .await?;
    let ev = crate::audit::EventBuilder {
        actor,
        entity_type: "certificate",
        entity_id: id,
        enterprise_id: Some(base.enterprise_id),
    };
    tx.append_event(&ev.event(
        "downgraded",
        Some(reason.to_owned()),
        serde_json::json!({"number": number, "grade": grade, "from": base.number, "version": version}),
        now,
    ))
    .await?;
    Ok(id)
}
