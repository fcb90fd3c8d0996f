//! Samples in the market: an inspector drawn for the enterprise records a sample by
//! scanning its tag (serial → batch → certificate), hands it to a lab, the lab's report
//! is linked to it and graded with the certificate's profile version, and the outcome
//! decides the cascade (`cascade.rs`). The enterprise may object within the configured
//! window and ask for a retest of the reserve sample; the retest's result is final.

use super::cascade::{self, Applied};
use crate::audit::EventBuilder;
use crate::codes::CodeVerdict;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use rongma_domain::grading::{grade, GradingResult, IndicatorId, Report};
use rongma_domain::roles::Actor;
use rongma_domain::supervision::{compare, Action as Step, Certified, Outcome, Rule, Scope};
use rongma_domain::workflow::Certificate;
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{NewSample, Sample, SampleState, SampleUpdate, TaskState, Tx};
use serde_json::json;

/// A sample as the inspector records it.
#[derive(Debug, Clone, Default)]
pub struct SampleDraft {
    /// The tag's serial, or the URL its QR code holds.
    pub code: String,
    pub shop: String,
    pub address: String,
    pub sampled_on: Option<NaiveDate>,
    pub seal_no: String,
}

fn ferr(
    field: &str,
    code: &'static str,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> FieldError {
    FieldError::new(field, code, en.into(), zh.into())
}

/// The serial in a typed code or a scanned URL.
fn serial_text(code: &str) -> String {
    rongma_domain::codes::parse_code_path(code)
        .map(|p| p.serial.to_string())
        .unwrap_or_else(|_| code.trim().to_owned())
}

pub fn sample_subject(no: &str) -> String {
    format!("sample:{no}")
}

impl App {
    /// Records a sample of a drawn task by an inspector assigned to its enterprise.
    #[tracing::instrument(skip_all, err)]
    pub async fn record_sample(
        &self,
        actor: &Actor,
        task_id: i64,
        d: SampleDraft,
        photos: Vec<Vec<u8>>,
    ) -> AppResult<Sample> {
        require(actor, Action::RecordSample)?;
        let me = self
            .inspector_of(actor)
            .await?
            .ok_or_else(|| AppError::forbidden("your account is not in the inspector directory"))?;
        let mut errs = FieldErrors::new();
        for (field, v, en, zh) in [
            ("shop", &d.shop, "the shop", "门店名称"),
            ("address", &d.address, "the address", "门店地址"),
            ("seal_no", &d.seal_no, "the seal number", "封样编号"),
        ] {
            if v.trim().is_empty() {
                errs.push(ferr(
                    field,
                    "required",
                    format!("{en} is required"),
                    format!("请填写{zh}"),
                ));
            }
        }
        let today = self.today();
        let sampled_on = d.sampled_on.unwrap_or(today);
        if sampled_on > today {
            errs.push(ferr(
                "sampled_on",
                "future",
                "the sampling date is in the future",
                "抽样日期不能晚于今天",
            ));
        }
        let status = match self.code_status(&serial_text(&d.code)).await {
            Ok(s) => Some(s),
            Err(AppError::Validation(e)) => {
                for mut f in e.0 {
                    f.field = "code".into();
                    errs.push(f);
                }
                None
            }
            Err(e) => return Err(e),
        };
        if let Some(s) = &status {
            match s.verdict {
                CodeVerdict::Valid | CodeVerdict::CertificateSuspended => {}
                CodeVerdict::NotIssued => errs.push(ferr(
                    "code",
                    "not_issued",
                    "this code was never issued: report it as a counterfeit",
                    "该码从未发放：请按假冒处理",
                )),
                CodeVerdict::Revoked | CodeVerdict::CertificateRevoked => errs.push(ferr(
                    "code",
                    "revoked",
                    "this code or its certificate is revoked: there is no grade to check",
                    "该码或其证书已撤销，无等级可抽检",
                )),
                CodeVerdict::CertificateLapsed => errs.push(ferr(
                    "code",
                    "lapsed",
                    "this tag's certificate has lapsed",
                    "该吊牌的证书已失效",
                )),
            }
        }
        let mut keys = Vec::new();
        for (i, p) in photos.into_iter().enumerate() {
            match tokio::task::spawn_blocking(move || crate::photo::clean(&p)).await {
                Ok(Ok((bytes, _))) => {
                    keys.push(self.blobs().put(&bytes).await.map_err(AppError::internal)?)
                }
                _ => errs.push(ferr(
                    &format!("photos[{i}]"),
                    "not_image",
                    "not a JPEG, PNG or WebP photo",
                    "不是 JPEG、PNG 或 WebP 照片",
                )),
            }
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let status = status.expect("checked above");
        let batch = status.batch.as_ref().ok_or(AppError::NotFound("batch"))?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let task = tx
            .get_task(task_id)
            .await?
            .ok_or(AppError::NotFound("spot task"))?;
        if task.state != TaskState::Drawn {
            return Err(AppError::InvalidState(format!(
                "task {} is not drawn (or is closed)",
                task.code
            )));
        }
        let assigned = tx
            .list_assignments(task.id)
            .await?
            .into_iter()
            .find(|a| a.enterprise_id == batch.enterprise_id);
        match assigned {
            Some(a) if a.inspector_ids.contains(&me.id) => {}
            Some(_) => {
                return Err(AppError::forbidden(format!(
                    "you are not drawn to check this enterprise in task {}",
                    task.code
                )))
            }
            None => {
                return Err(AppError::forbidden(format!(
                    "this tag's enterprise was not drawn in task {}",
                    task.code
                )))
            }
        }
        let batch_row = tx
            .get_batch(batch.batch_id)
            .await?
            .ok_or(AppError::NotFound("batch"))?;
        let seq = tx.bump_counter("sample_no", 1).await?;
        let no = format!("SP-{}-{seq:05}", now.format("%Y"));
        let new = NewSample {
            sample_no: no.clone(),
            task_id: Some(task.id),
            complaint_id: None,
            retest_of: None,
            enterprise_id: batch.enterprise_id,
            serial: status.serial.clone(),
            batch_id: batch.batch_id,
            certificate_id: batch_row.certificate_id,
            shop: d.shop.trim().to_owned(),
            address: d.address.trim().to_owned(),
            sampled_on,
            seal_no: d.seal_no.trim().to_owned(),
            photo_keys: keys,
            recorded_by: actor.name.clone(),
            state: SampleState::Sampled,
            lab_id: None,
        };
        let s = insert(&mut *tx, actor, &new, &task.code, now).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Hands a sample to a lab (the regulator or the inspector who took it).
    pub async fn hand_to_lab(
        &self,
        actor: &Actor,
        sample_id: i64,
        lab_id: i64,
    ) -> AppResult<Sample> {
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let s = tx
            .get_sample(sample_id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        if !(crate::policy::may(actor, Action::ManageSupervision)
            || (crate::policy::may(actor, Action::RecordSample) && s.recorded_by == actor.name))
        {
            require(actor, Action::ManageSupervision)?;
        }
        match tx.get_lab(lab_id).await? {
            Some(l) if l.archived_at.is_none() => {}
            _ => {
                return Err(AppError::field(ferr(
                    "lab_id",
                    "unknown",
                    "no such lab",
                    "没有该检测机构",
                )))
            }
        }
        let u = SampleUpdate {
            state: Some(SampleState::AtLab),
            lab_id: Some(lab_id),
            ..SampleUpdate::default()
        };
        if !tx
            .update_sample(s.id, SampleState::Sampled, &u, now)
            .await?
        {
            return Err(AppError::InvalidState(format!(
                "sample {} was handed over already",
                s.sample_no
            )));
        }
        step(
            &mut *tx,
            actor,
            &s,
            "handed_to_lab",
            json!({"lab_id": lab_id}),
            now,
        )
        .await?;
        let s = tx
            .get_sample(s.id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        tx.commit().await?;
        Ok(s)
    }

    /// Links the lab's report to the sample, grades it with the certificate's profile
    /// version, compares, and applies the cascade. A retest's result is final.
    #[tracing::instrument(skip_all, err)]
    pub async fn attach_sample_report(
        &self,
        actor: &Actor,
        sample_id: i64,
        report_id: i64,
    ) -> AppResult<Sample> {
        let now = self.now();
        let policy = self
            .settings()
            .supervision
            .cascade_policy()
            .map_err(AppError::internal_msg)?;
        let s = self
            .store()
            .read()
            .await?
            .get_sample(sample_id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        require(actor, Action::ReportSample { lab_id: s.lab_id })?;
        let mut tx = self.store().begin().await?;
        let report = tx
            .get_report(report_id)
            .await?
            .ok_or(AppError::NotFound("report"))?;
        let cert = tx
            .get_certificate(s.certificate_id)
            .await?
            .ok_or(AppError::NotFound("certificate"))?;
        if report.product_id != cert.product_id || Some(report.lab_id) != s.lab_id {
            return Err(AppError::field(ferr(
                "report_id",
                "not_this_sample",
                "the report must be of the sampled product, by the lab the sample was handed to",
                "报告须为被抽样产品、由接收样品的检测机构出具",
            )));
        }
        let profile = self
            .profile_version(&cert.profile.id, &cert.profile.version)
            .await?;
        let input = Report::from_json(&report.values, &profile).map_err(|e| {
            AppError::field(ferr(
                "report_id",
                "not_gradable_with_profile",
                format!("the report cannot be read with the certificate's profile: {e}"),
                format!("该报告无法按证书的评级方案读取：{e}"),
            ))
        })?;
        let result = grade(&profile, &input);
        let certified = certified_of(&cert);
        let outcome = compare(&certified, &result);
        let decision = policy.decide(&outcome);
        let outcome_json = outcome_json(&outcome, &result);
        let reason = format!(
            "抽检 {}：{} / spot check {}: {}",
            s.sample_no, decision.zh, s.sample_no, decision.en
        );
        let measured = result.grade.map(|g| (g, &result, report_id));
        let (applied, state, due) = if let Some(original_id) = s.retest_of {
            // A retest: its result is final for the original sample.
            let original = tx
                .get_sample(original_id)
                .await?
                .ok_or(AppError::NotFound("sample"))?;
            let applied = match &outcome {
                Outcome::Conform { .. } => {
                    clear(&mut *tx, actor, &original, &reason, now).await?;
                    Applied::default()
                }
                Outcome::FailsBaseline { .. } => {
                    cascade::apply(
                        &mut *tx,
                        actor,
                        &original,
                        policy.fails_baseline_final,
                        None,
                        &reason,
                        now,
                    )
                    .await?
                }
                Outcome::LowerGrade { .. } => Applied::default(),
            };
            let u = SampleUpdate {
                state: Some(SampleState::Final),
                ..SampleUpdate::default()
            };
            if !tx
                .update_sample(original.id, SampleState::Objected, &u, now)
                .await?
            {
                return Err(AppError::InvalidState(format!(
                    "sample {} is not awaiting a retest",
                    original.sample_no
                )));
            }
            step(
                &mut *tx,
                actor,
                &original,
                "final",
                json!({"retest": s.sample_no, "outcome": outcome_json["kind"]}),
                now,
            )
            .await?;
            (applied, SampleState::Final, None)
        } else {
            let rule = Rule {
                action: decision.action,
                scope: decision.scope,
            };
            let applied = cascade::apply(&mut *tx, actor, &s, rule, measured, &reason, now).await?;
            let (state, due) = if decision.action == Step::Keep {
                (SampleState::Final, None)
            } else {
                (
                    SampleState::Decided,
                    Some(self.today() + chrono::Days::new(u64::from(policy.objection_days))),
                )
            };
            (applied, state, due)
        };
        let u = SampleUpdate {
            state: Some(state),
            report_id: Some(report_id),
            outcome: Some(outcome_json.clone()),
            decision: Some(
                json!({"action": decision.action, "scope": decision.scope, "new_grade": decision.new_grade, "en": decision.en, "zh": decision.zh, "then": decision.then.map(|(d, r)| json!({"days": d, "action": r.action, "scope": r.scope}))}),
            ),
            objection_due: due,
            new_certificate_id: applied.new_certificate_id,
            ..SampleUpdate::default()
        };
        if !tx.update_sample(s.id, SampleState::AtLab, &u, now).await? {
            return Err(AppError::InvalidState(format!(
                "sample {} is not awaiting a report",
                s.sample_no
            )));
        }
        step(&mut *tx, actor, &s, "graded", json!({"report_id": report_id, "outcome": outcome_json, "action": decision.action, "scope": decision.scope}), now).await?;
        let s = tx
            .get_sample(s.id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        tx.commit().await?;
        self.invalidate_scan_cache();
        Ok(s)
    }

    /// The enterprise objects to a decided sample within its window and asks for a retest
    /// of the reserve sample.
    pub async fn object_to_sample(
        &self,
        actor: &Actor,
        sample_id: i64,
        text: &str,
    ) -> AppResult<Sample> {
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let s = tx
            .get_sample(sample_id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        if !actor.sees_enterprise(s.enterprise_id) {
            return Err(AppError::NotFound("sample"));
        }
        require(
            actor,
            Action::ObjectSample {
                enterprise_id: s.enterprise_id,
            },
        )?;
        if text.trim().is_empty() {
            return Err(AppError::field(ferr(
                "objection",
                "required",
                "say why you object",
                "请填写异议理由",
            )));
        }
        if s.objection_due.is_some_and(|d| self.today() > d) {
            return Err(AppError::InvalidState(format!(
                "the objection window of sample {} closed",
                s.sample_no
            )));
        }
        let u = SampleUpdate {
            state: Some(SampleState::Objected),
            objection: Some(text.trim().to_owned()),
            ..SampleUpdate::default()
        };
        if !tx
            .update_sample(s.id, SampleState::Decided, &u, now)
            .await?
        {
            return Err(AppError::InvalidState(format!(
                "sample {} is not open to objection",
                s.sample_no
            )));
        }
        step(&mut *tx, actor, &s, "objected", json!({}), now).await?;
        let s = tx
            .get_sample(s.id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        tx.commit().await?;
        Ok(s)
    }

    /// Orders the retest of an objected sample's reserve at a lab (the regulator).
    pub async fn order_retest(
        &self,
        actor: &Actor,
        sample_id: i64,
        lab_id: i64,
    ) -> AppResult<Sample> {
        require(actor, Action::ManageSupervision)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let s = tx
            .get_sample(sample_id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        if s.state != SampleState::Objected {
            return Err(AppError::InvalidState(format!(
                "sample {} has no objection to retest",
                s.sample_no
            )));
        }
        match tx.get_lab(lab_id).await? {
            Some(l) if l.archived_at.is_none() => {}
            _ => {
                return Err(AppError::field(ferr(
                    "lab_id",
                    "unknown",
                    "no such lab",
                    "没有该检测机构",
                )))
            }
        }
        let seq = tx.bump_counter("sample_no", 1).await?;
        let new = NewSample {
            sample_no: format!("SP-{}-{seq:05}", now.format("%Y")),
            task_id: s.task_id,
            complaint_id: s.complaint_id,
            retest_of: Some(s.id),
            enterprise_id: s.enterprise_id,
            serial: s.serial.clone(),
            batch_id: s.batch_id,
            certificate_id: s.certificate_id,
            shop: s.shop.clone(),
            address: s.address.clone(),
            sampled_on: s.sampled_on,
            seal_no: format!("{} (备样 / reserve)", s.seal_no),
            photo_keys: Vec::new(),
            recorded_by: actor.name.clone(),
            state: SampleState::AtLab,
            lab_id: Some(lab_id),
        };
        let label = s.sample_no.clone();
        let r = insert(&mut *tx, actor, &new, &label, now).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// Makes decided samples final once their objection window closed: a baseline
    /// failure's follow-up rule applies (revocation by default). Runs periodically.
    pub async fn finalize_samples(&self) -> AppResult<usize> {
        let policy = self
            .settings()
            .supervision
            .cascade_policy()
            .map_err(AppError::internal_msg)?;
        let system = Actor::system("supervision");
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let due = tx.samples_past_objection(self.today()).await?;
        for s in &due {
            let then = s
                .decision
                .as_ref()
                .and_then(|d| d.get("then"))
                .filter(|t| !t.is_null())
                .is_some();
            if then {
                let reason = format!(
                    "抽检 {} 异议期满：{} / spot check {}: objection window passed",
                    s.sample_no, "维持结论", s.sample_no
                );
                cascade::apply(
                    &mut *tx,
                    &system,
                    s,
                    policy.fails_baseline_final,
                    None,
                    &reason,
                    now,
                )
                .await?;
            }
            let u = SampleUpdate {
                state: Some(SampleState::Final),
                ..SampleUpdate::default()
            };
            if tx
                .update_sample(s.id, SampleState::Decided, &u, now)
                .await?
            {
                step(
                    &mut *tx,
                    &system,
                    s,
                    "final",
                    json!({"objection_window_passed": true}),
                    now,
                )
                .await?;
            }
        }
        tx.commit().await?;
        if !due.is_empty() {
            self.invalidate_scan_cache();
        }
        Ok(due.len())
    }

    /// A sample with what the actor may see (staff; the enterprise its own).
    pub async fn get_sample(&self, actor: &Actor, id: i64) -> AppResult<Sample> {
        let s = self
            .store()
            .read()
            .await?
            .get_sample(id)
            .await?
            .ok_or(AppError::NotFound("sample"))?;
        let lab_ok = actor.lab_id.is_some() && actor.lab_id == s.lab_id;
        if actor.role.is_staff() || lab_ok || (actor.enterprise_id == Some(s.enterprise_id)) {
            Ok(s)
        } else {
            Err(AppError::NotFound("sample"))
        }
    }

    /// The samples of a task (staff).
    pub async fn task_samples(&self, actor: &Actor, task_id: i64) -> AppResult<Vec<Sample>> {
        require(actor, Action::ReadSupervision)?;
        let q = rongma_store::SampleQuery {
            task_id: Some(task_id),
            limit: 1000,
            ..Default::default()
        };
        Ok(self.store().read().await?.list_samples(&q).await?.items)
    }

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// A retest cleared the sample: lots moved onto a downgraded version go back to the
/// certificate they were sampled under, the downgraded version is revoked, and a
/// certificate suspended by the sample is reinstated.
async fn clear(
    tx: &mut dyn Tx,
    actor: &Actor,
    original: &Sample,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use rongma_domain::workflow::{CertificateAction, CertificateState};
    if let Some(new_id) = original.new_certificate_id {
        tx.move_batches(new_id, original.certificate_id, None)
            .await?;
        if let Some(c) = tx.get_certificate(new_id).await? {
            crate::certificates::move_state(
                tx,
                actor,
                &c,
                CertificateAction::Revoke,
                Some(reason.to_owned()),
                now,
            )
            .await?;
        }
        if let Some(base) = tx.get_certificate(original.certificate_id).await? {
            if base.state == CertificateState::Superseded {
                tx.set_certificate_state(
                    base.id,
                    CertificateState::Superseded,
                    CertificateState::Active,
                    Some(reason),
                    now,
                )
                .await?;
            }
        }
    } else if let Some(base) = tx.get_certificate(original.certificate_id).await? {
        if base.state == CertificateState::Suspended {
            crate::certificates::move_state(
                tx,
                actor,
                &base,
                CertificateAction::Reinstate,
                Some(reason.to_owned()),
                now,
            )
            .await?;
        }
    }
    let _ = Scope::AllLots;
    Ok(())
}

fn certified_of(c: &Certificate) -> Certified {
    Certified {
        grade: c.grade,
        indicators: c
            .indicator_grades
            .iter()
            .filter_map(|(k, g)| IndicatorId::parse(k).map(|i| (i, *g)))
            .collect(),
    }
}

fn outcome_json(o: &Outcome, r: &GradingResult) -> serde_json::Value {
    let shortfalls = |v: &[rongma_domain::supervision::Shortfall]| -> Vec<serde_json::Value> {
        v.iter().map(|s| json!({"indicator": s.indicator.as_str(), "certified": s.certified, "measured": s.measured})).collect()
    };
    match o {
        Outcome::Conform { measured, drifted } => {
            json!({"kind": "conform", "measured": measured, "drifted": shortfalls(drifted)})
        }
        Outcome::LowerGrade {
            certified,
            measured,
            indicators,
        } => {
            json!({"kind": "lower_grade", "certified": certified, "measured": measured, "indicators": shortfalls(indicators)})
        }
        Outcome::FailsBaseline { failures } => {
            json!({"kind": "fails_baseline", "failures": failures.len(), "grade": r.grade})
        }
    }
}

async fn insert(
    tx: &mut dyn Tx,
    actor: &Actor,
    new: &NewSample,
    context: &str,
    now: DateTime<Utc>,
) -> AppResult<Sample> {
    let id = tx.insert_sample(new, now).await?;
    let s = tx
        .get_sample(id)
        .await?
        .ok_or(AppError::NotFound("sample"))?;
    step(tx, actor, &s, if s.retest_of.is_some() { "retest_ordered" } else { "recorded" }, json!({"context": context, "serial": s.serial, "batch_id": s.batch_id, "certificate_id": s.certificate_id}), now).await?;
    Ok(s)
}

/// One step of a sample: a history event and a log leaf (no personal data).
async fn step(
    tx: &mut dyn Tx,
    actor: &Actor,
    s: &Sample,
    action: &'static str,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let ev = EventBuilder {
        actor,
        entity_type: "sample",
        entity_id: s.id,
        enterprise_id: Some(s.enterprise_id),
    };
    tx.append_event(&ev.event(action, None, data.clone(), now))
        .await?;
    let mut facts = json!({"sample": s.sample_no, "certificate_id": s.certificate_id, "batch_id": s.batch_id, "task_id": s.task_id});
    facts["step"] = json!(action);
    facts["data"] = data;
    crate::tlog::append_decision(
        tx,
        &format!("sample.{action}"),
        &sample_subject(&s.sample_no),
        facts,
        now,
    )
    .await?;
    Ok(())
}
