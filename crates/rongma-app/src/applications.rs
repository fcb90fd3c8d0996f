//! Grading applications: an enterprise applies with one or more of its product's reports;
//! the engine grades each with the current profile (the application's grade is the lowest,
//! the weakest sample); a reviewer approves — possibly lowering the grade with a written
//! reason, never raising it — or rejects. Approval issues the certificate in the same
//! transaction.

use crate::audit::EventBuilder;
use crate::certificates::issue_certificate;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{may, require, Action};
use crate::App;
use rongma_domain::grading::{grade, Grade, Report};
use rongma_domain::roles::Actor;
use rongma_domain::workflow::{
    decide_grade, Application, ApplicationStatus, Decision, ProfileRef, ReportResult, ReportStatus,
};
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{ApplicationDecision, NewApplication, Page, WorkflowQuery};
use serde::Deserialize;

/// Most reports one application may rest on.
pub const MAX_REPORTS: usize = 10;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationInput {
    pub product_id: Option<i64>,
    /// Ids of submitted reports of this product (1–10).
    #[serde(default)]
    pub report_ids: Vec<i64>,
    /// A note to the reviewer.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    pub decision: Decision,
    /// A grade lower than the engine's (approval only); needs `lowering_reason`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "3A"))]
    pub grade: Option<String>,
    pub lowering_reason: Option<String>,
    /// The reviewer's comment (required to reject).
    pub comment: Option<String>,
}

impl App {
    /// Applies for a grade (enterprise users, for their own products and reports).
    #[tracing::instrument(skip_all, err)]
    pub async fn apply_for_grade(
        &self,
        actor: &Actor,
        input: ApplicationInput,
    ) -> AppResult<Application> {
        require(actor, Action::Apply)?;
        let Some(own) = actor.enterprise_id else {
            return Err(AppError::forbidden("this account belongs to no enterprise"));
        };
        let mut errs = FieldErrors::new();
        let Some(product_id) = input.product_id else {
            return Err(AppError::field(FieldError::new(
                "product_id",
                "required",
                "product_id is required",
                "产品不能为空",
            )));
        };
        if input.report_ids.is_empty() || input.report_ids.len() > MAX_REPORTS {
            errs.push(FieldError::new(
                "report_ids",
                "count",
                format!("give 1 to {MAX_REPORTS} report ids"),
                format!("须提供 1 至 {MAX_REPORTS} 份报告"),
            ));
        }
        let note = errs.collect(rongma_domain::registry::text::optional(
            "note",
            "说明",
            input.note.as_deref(),
            1000,
        ));
        let profile = self.current_profile().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let product = match tx.get_product(product_id).await? {
            Some(p) if p.enterprise_id == own && p.archived_at.is_none() => p,
            _ => return Err(AppError::NotFound("product")),
        };
        let mut results = Vec::new();
        let mut seen = Vec::new();
        for (i, id) in input.report_ids.iter().enumerate() {
            let field = format!("report_ids[{i}]");
            if seen.contains(id) {
                errs.push(FieldError::new(
                    field,
                    "duplicate",
                    "the same report is listed twice",
                    "报告重复",
                ));
                continue;
            }
            seen.push(*id);
            let report = match tx.get_report(*id).await? {
                Some(r) if r.enterprise_id == own => r,
                _ => {
                    errs.push(FieldError::new(
                        field,
                        "unknown",
                        format!("no report {id} of your enterprise"),
                        format!("没有编号为 {id} 的本企业报告"),
                    ));
                    continue;
                }
            };
            if report.product_id != product.id {
                errs.push(FieldError::new(
                    field,
                    "other_product",
                    format!("report {} is of another product", report.report_no),
                    format!("报告 {} 属于其他产品", report.report_no),
                ));
                continue;
            }
            if report.status == ReportStatus::Superseded {
                errs.push(FieldError::new(
                    field,
                    "superseded",
                    format!(
                        "report {} was corrected by a later report; apply with that one",
                        report.report_no
                    ),
                    format!("报告 {} 已被更正，请使用更正后的报告", report.report_no),
                ));
                continue;
            }
            match Report::from_json(&report.values, &profile) {
                Ok(r) => {
                    let result = grade(&profile, &r);
                    results.push(ReportResult {
                        report_id: report.id,
                        result: serde_json::to_value(&result).map_err(AppError::internal)?,
                    });
                }
                Err(e) => errs.push(FieldError::new(
                    field,
                    "not_gradable_with_profile",
                    format!(
                        "report {} cannot be read with profile {} {}: {e}",
                        report.report_no,
                        profile.id(),
                        profile.version()
                    ),
                    format!(
                        "报告 {} 不符合当前分级方案 {} {} 的要求",
                        report.report_no,
                        profile.id(),
                        profile.version()
                    ),
                )),
            }
        }
        let Some(note) = note.filter(|_| errs.is_empty()) else {
            return Err(errs.into());
        };
        let pending = tx
            .list_applications(&WorkflowQuery {
                product_id: Some(product.id),
                status: Some("pending".into()),
                limit: 1,
                ..Default::default()
            })
            .await?;
        if pending.total > 0 {
            return Err(AppError::InvalidState(format!(
                "product {} already has a pending application",
                product.style_no
            )));
        }
        let graded: Vec<Option<Grade>> = results
            .iter()
            .map(|r| r.grading().and_then(|g| g.grade))
            .collect();
        let gradable = graded.iter().all(Option::is_some);
        let engine_grade = if gradable {
            graded.iter().flatten().min().copied()
        } else {
            None
        };
        let new = NewApplication {
            enterprise_id: own,
            product_id: product.id,
            report_ids: seen,
            results,
            profile: ProfileRef {
                id: profile.id().into(),
                version: profile.version().into(),
                hash: profile.hash().into(),
            },
            gradable,
            engine_grade,
            note,
            created_by: actor.name.clone(),
        };
        let id = tx.insert_application(&new, now).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "application",
            entity_id: id,
            enterprise_id: Some(own),
        };
        tx.append_event(&ev.event(
            "submitted",
            None,
            serde_json::json!({"product_id": product.id, "report_ids": new.report_ids, "engine_grade": engine_grade, "gradable": gradable, "profile": new.profile}),
            now,
        ))
        .await?;
        let a = tx
            .get_application(id)
            .await?
            .ok_or(AppError::NotFound("application"))?;
        tx.commit().await?;
        tracing::info!(
            application.id = id,
            ?engine_grade,
            "grading application submitted"
        );
        Ok(a)
    }

    pub async fn get_application(&self, actor: &Actor, id: i64) -> AppResult<Application> {
        let a = self.store().read().await?.get_application(id).await?;
        a.filter(|a| may(actor, Action::ReadApplication(a)))
            .ok_or(AppError::NotFound("application"))
    }

    /// Applications the actor may see. Reviewers' queue: `status=pending`, oldest first.
    pub async fn list_applications(
        &self,
        actor: &Actor,
        params: &ListParams,
        oldest_first: bool,
    ) -> AppResult<Page<Application>> {
        let base = params.to_query();
        let mut q = WorkflowQuery {
            status: params.status.clone().filter(|s| !s.is_empty()),
            enterprise_id: params.enterprise_id,
            oldest_first,
            limit: base.limit,
            offset: base.offset,
            ..WorkflowQuery::default()
        };
        require(actor, Action::ListApplications)?;
        if let Some(own) = actor.enterprise_scope().id() {
            q.enterprise_id = Some(own);
        }
        Ok(self.store().read().await?.list_applications(&q).await?)
    }

    /// A reviewer's decision. Approving issues the certificate; deciding twice is refused.
    #[tracing::instrument(skip_all, err)]
    pub async fn decide_application(
        &self,
        actor: &Actor,
        id: i64,
        input: DecisionInput,
    ) -> AppResult<Application> {
        require(actor, Action::DecideApplications)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let a = tx
            .get_application(id)
            .await?
            .ok_or(AppError::NotFound("application"))?;
        if a.status != ApplicationStatus::Pending {
            return Err(AppError::InvalidState(format!(
                "application {id} was already {}",
                a.status.as_str()
            )));
        }
        let comment = input.comment.clone().filter(|c| !c.trim().is_empty());
        let (status, decided_grade, certificate_id) = match input.decision {
            Decision::Reject => {
                if comment.is_none() {
                    return Err(AppError::field(FieldError::new(
                        "comment",
                        "required",
                        "a rejection needs a comment",
                        "驳回须填写意见",
                    )));
                }
                (ApplicationStatus::Rejected, None, None)
            }
            Decision::Approve => {
                let Some(engine) = a.engine_grade.filter(|_| a.gradable) else {
                    return Err(AppError::InvalidState(
                        "the reports are not gradable (不予分级); reject the application".into(),
                    ));
                };
                let requested = match input
                    .grade
                    .as_deref()
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                {
                    None => None,
                    Some(g) => Some(g.parse::<Grade>().map_err(|_| {
                        AppError::field(FieldError::new(
                            "grade",
                            "unknown_value",
                            format!("grade must be 1A–5A, got \"{g}\""),
                            format!("等级应为 1A–5A，实际为“{g}”"),
                        ))
                    })?),
                };
                let grade = decide_grade(engine, requested, input.lowering_reason.as_deref())
                    .map_err(AppError::field)?;
                let cert = issue_certificate(
                    self,
                    &mut *tx,
                    actor,
                    &a,
                    grade,
                    input.lowering_reason.as_deref(),
                    now,
                )
                .await?;
                (ApplicationStatus::Approved, Some(grade), Some(cert))
            }
        };
        let decision = ApplicationDecision {
            status,
            decided_grade,
            decision_comment: comment.clone(),
            lowering_reason: input
                .lowering_reason
                .clone()
                .filter(|r| !r.trim().is_empty() && decided_grade < a.engine_grade),
            decided_by: actor.name.clone(),
            certificate_id,
        };
        if !tx.decide_application(id, &decision, now).await? {
            return Err(AppError::InvalidState(format!(
                "application {id} was decided meanwhile"
            )));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "application",
            entity_id: id,
            enterprise_id: Some(a.enterprise_id),
        };
        tx.append_event(&ev.event(
            status.as_str(),
            comment,
            serde_json::json!({"engine_grade": a.engine_grade, "grade": decided_grade, "lowering_reason": decision.lowering_reason, "certificate_id": certificate_id}),
            now,
        ))
        .await?;
        let a = tx
            .get_application(id)
            .await?
            .ok_or(AppError::NotFound("application"))?;
        tx.commit().await?;
        // An approval may supersede the product's previous certificate.
        self.invalidate_scan_cache();
        tracing::info!(
            application.id = id,
            status = status.as_str(),
            "application decided"
        );
        Ok(a)
    }

    /// The enterprise withdraws its pending application.
    pub async fn withdraw_application(
        &self,
        actor: &Actor,
        id: i64,
        reason: Option<String>,
    ) -> AppResult<Application> {
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let a = tx
            .get_application(id)
            .await?
            .filter(|a| Action::WithdrawApplication(a).rule(actor).is_ok())
            .ok_or(AppError::NotFound("application"))?;
        if a.status != ApplicationStatus::Pending {
            return Err(AppError::InvalidState(format!(
                "application {id} was already {}",
                a.status.as_str()
            )));
        }
        let d = ApplicationDecision {
            status: ApplicationStatus::Withdrawn,
            decided_grade: None,
            decision_comment: reason.clone(),
            lowering_reason: None,
            decided_by: actor.name.clone(),
            certificate_id: None,
        };
        if !tx.decide_application(id, &d, now).await? {
            return Err(AppError::InvalidState(format!(
                "application {id} was decided meanwhile"
            )));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "application",
            entity_id: id,
            enterprise_id: Some(a.enterprise_id),
        };
        tx.append_event(&ev.event("withdrawn", reason, serde_json::json!({}), now))
            .await?;
        let a = tx
            .get_application(id)
            .await?
            .ok_or(AppError::NotFound("application"))?;
        tx.commit().await?;
        Ok(a)
    }

    pub async fn application_history(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<Vec<rongma_store::Event>> {
        self.get_application(actor, id).await?;
        Ok(self
            .store()
            .read()
            .await?
            .list_events("application", id)
            .await?)
    }
}
