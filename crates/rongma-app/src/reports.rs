//! Test reports: labs submit them (JSON, web form, or a CSV/XLSX file imported whole or
//! not at all); a submitted report never changes — a correction is a new report that
//! supersedes it, and both keep the link.

use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::paging::ListParams;
use crate::policy::{may, require, Action};
use crate::App;
use rongma_domain::grading::Profile;
use rongma_domain::registry::{Lab, Product};
use rongma_domain::roles::{Actor, Role};
use rongma_domain::workflow::{Attachment, ReportDraft, ReportFields, ReportStatus, TestReport};
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{NewReport, Page, Tx, WorkflowQuery};

/// An uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The lab an actor submits for: lab users and lab API keys, bound to one lab.
pub(crate) fn submitting_lab(actor: &Actor) -> AppResult<i64> {
    require(actor, Action::SubmitReports)?;
    actor
        .lab_id
        .ok_or_else(|| AppError::forbidden("this account belongs to no lab"))
}

/// A PDF of at most the configured size, or an error naming the field.
pub(crate) fn check_pdf(app: &App, field: &str, u: &Upload) -> Result<(), FieldError> {
    let max = app.settings().max_upload_bytes();
    if u.bytes.len() as u64 > max {
        return Err(FieldError::new(
            field,
            "too_large",
            format!(
                "the file is {} MB; the limit is {} MB",
                u.bytes.len() / (1024 * 1024),
                max / (1024 * 1024)
            ),
            format!("文件过大（上限 {} MB）", max / (1024 * 1024)),
        ));
    }
    if !u.bytes.starts_with(b"%PDF-") {
        return Err(FieldError::new(
            field,
            "not_pdf",
            "the original report must be a PDF file",
            "原始报告须为 PDF 文件",
        ));
    }
    Ok(())
}

/// Checks a validated report against the registry: the product exists, the declared
/// values agree with its label, the lab was accredited on the test date, and a report
/// it corrects is this lab's submitted report of the same product.
pub(crate) async fn check_against_registry(
    tx: &mut dyn Tx,
    lab: &Lab,
    f: &ReportFields,
) -> AppResult<(Product, FieldErrors)> {
    let mut errs = FieldErrors::new();
    let product = match tx.get_product(f.product_id).await? {
        Some(p) if p.archived_at.is_none() => p,
        _ => {
            return Err(AppError::field(FieldError::new(
                "product_id",
                "unknown",
                "no such product",
                "产品不存在",
            )))
        }
    };
    if !lab.accredited_on(f.test_date) {
        let cnas = lab
            .cnas
            .as_ref()
            .map(|c| format!(", CNAS {} {}–{}", c.number, c.valid_from, c.valid_until))
            .unwrap_or_default();
        errs.push(FieldError::new(
            "test_date",
            "lab_not_accredited",
            format!(
                "the lab's accreditation was not valid on the test date {} (CMA {} {}–{}{cnas})",
                f.test_date, lab.cma.number, lab.cma.valid_from, lab.cma.valid_until
            ),
            format!(
                "检测日期 {} 不在本机构资质有效期内（CMA {} {}–{}{cnas}）",
                f.test_date, lab.cma.number, lab.cma.valid_from, lab.cma.valid_until
            ),
        ));
    }
    let declared = f.report.declared();
    if declared.species().as_str() != product.species.as_str() {
        errs.push(FieldError::new(
            "values.declared.species",
            "label_mismatch",
            format!(
                "the product is registered as {}, the report declares {}",
                product.species.as_str(),
                declared.species().as_str()
            ),
            format!(
                "产品登记的羽绒种类为 {}，报告标称为 {}",
                product.species.label_zh(),
                declared.species().as_str()
            ),
        ));
    }
    if declared.down_cluster_pct() != product.declared_down_cluster_pct {
        errs.push(FieldError::new(
            "values.declared.down_cluster_pct",
            "label_mismatch",
            format!(
                "the product's label declares {} %, the report {} %",
                product.declared_down_cluster_pct,
                declared.down_cluster_pct()
            ),
            format!(
                "产品标称绒子含量为 {} %，报告为 {} %",
                product.declared_down_cluster_pct,
                declared.down_cluster_pct()
            ),
        ));
    }
    if let Some(size) = &f.size {
        match product.fill_weight(size) {
            None => errs.push(FieldError::new(
                "size",
                "unknown_size",
                format!(
                    "the product has no size {size} (sizes: {})",
                    product
                        .sizes
                        .iter()
                        .map(|s| s.size.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("产品没有尺码 {size}"),
            )),
            Some(w) if w != declared.fill_weight_g() => errs.push(FieldError::new(
                "values.declared.fill_weight_g",
                "label_mismatch",
                format!(
                    "size {size} is registered with {w} g, the report declares {} g",
                    declared.fill_weight_g()
                ),
                format!(
                    "尺码 {size} 登记的充绒量为 {w} g，报告标称为 {} g",
                    declared.fill_weight_g()
                ),
            )),
            Some(_) => {}
        }
    }
    if let Some(old) = f.supersedes {
        match tx.get_report(old).await? {
            Some(r)
                if r.lab_id == lab.id
                    && r.product_id == f.product_id
                    && r.status == ReportStatus::Submitted => {}
            Some(r) if r.lab_id == lab.id && r.status == ReportStatus::Superseded => {
                errs.push(FieldError::new(
                    "supersedes",
                    "already_superseded",
                    format!(
                        "report {} was already corrected by report {}",
                        r.report_no,
                        r.superseded_by_id.unwrap_or_default()
                    ),
                    format!("报告 {} 已被更正", r.report_no),
                ))
            }
            _ => errs.push(FieldError::new(
                "supersedes",
                "unknown",
                "supersedes must name a submitted report of this lab for the same product",
                "被更正的报告须为本机构对同一产品已提交的报告",
            )),
        }
    }
    Ok((product, errs))
}

/// Inserts a checked report (and marks the one it corrects), with their events.
pub(crate) async fn insert_checked(
    tx: &mut dyn Tx,
    actor: &Actor,
    lab_id: i64,
    product: &Product,
    f: &ReportFields,
    pdf: Option<Attachment>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<i64> {
    let new = NewReport {
        lab_id,
        report_no: f.report_no.clone(),
        product_id: product.id,
        enterprise_id: product.enterprise_id,
        size: f.size.clone(),
        sample_description: f.sample_description.clone(),
        sampling_date: f.sampling_date,
        batch_no: f.batch_no.clone(),
        sampled_by: f.sampled_by,
        sampler: f.sampler.clone(),
        test_date: f.test_date,
        values: serde_json::to_value(&f.report).map_err(AppError::internal)?,
        pdf,
        supersedes_id: f.supersedes,
        submitted_by: actor.name.clone(),
    };
    let id = match tx.insert_report(&new, now).await {
        Err(rongma_store::StoreError::Conflict("test_reports.report_no")) => {
            return Err(AppError::Conflict(
                FieldError::new(
                    "report_no",
                    "duplicate",
                    format!("this lab already submitted report {}", f.report_no),
                    format!("本机构已提交过编号为 {} 的报告", f.report_no),
                )
                .into(),
            ))
        }
        other => other?,
    };
    let ev = EventBuilder {
        actor,
        entity_type: "report",
        entity_id: id,
        enterprise_id: Some(product.enterprise_id),
    };
    tx.append_event(&ev.event(
        "submitted",
        None,
        serde_json::json!({"report_no": f.report_no, "product_id": product.id, "lab_id": lab_id, "supersedes": f.supersedes}),
        now,
    ))
    .await?;
    if let Some(old) = f.supersedes {
        if !tx.supersede_report(old, id).await? {
            return Err(AppError::InvalidState(
                "the corrected report changed meanwhile; try again".into(),
            ));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "report",
            entity_id: old,
            enterprise_id: Some(product.enterprise_id),
        };
        tx.append_event(&ev.event(
            "superseded",
            None,
            serde_json::json!({"by": id, "by_report_no": f.report_no}),
            now,
        ))
        .await?;
    }
    Ok(id)
}

pub(crate) async fn live_lab(tx: &mut dyn Tx, lab_id: i64) -> AppResult<Lab> {
    match tx.get_lab(lab_id).await? {
        Some(l) if l.archived_at.is_none() => Ok(l),
        _ => Err(AppError::forbidden(
            "this lab is not (or no longer) registered",
        )),
    }
}

impl App {
    /// Submits one report (with its original PDF, if any).
    #[tracing::instrument(skip_all, err)]
    pub async fn submit_report(
        &self,
        actor: &Actor,
        draft: ReportDraft,
        pdf: Option<Upload>,
    ) -> AppResult<TestReport> {
        let lab_id = submitting_lab(actor)?;
        let profile = self.current_profile().await?;
        let now = self.now();
        let validated = draft.validate(&profile, now.date_naive());
        let pdf_check = pdf.as_ref().map(|u| check_pdf(self, "pdf", u)).transpose();
        let mut errs = FieldErrors::new();
        let fields = match validated {
            Ok(f) => Some(f),
            Err(e) => {
                errs.extend(e);
                None
            }
        };
        errs.collect(pdf_check);
        let Some(fields) = fields.filter(|_| errs.is_empty()) else {
            return Err(errs.into());
        };
        let attachment = match &pdf {
            Some(u) => Some(Attachment {
                key: self
                    .blobs()
                    .put(&u.bytes)
                    .await
                    .map_err(AppError::internal)?,
                name: u.name.clone(),
                size: u.bytes.len() as i64,
            }),
            None => None,
        };
        let mut tx = self.store().begin().await?;
        let lab = live_lab(&mut *tx, lab_id).await?;
        let (product, errs) = check_against_registry(&mut *tx, &lab, &fields).await?;
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let id =
            insert_checked(&mut *tx, actor, lab_id, &product, &fields, attachment, now).await?;
        let report = tx
            .get_report(id)
            .await?
            .ok_or(AppError::NotFound("report"))?;
        tx.commit().await?;
        tracing::info!(report.id = id, lab.id = lab_id, "report submitted");
        Ok(report)
    }

    pub async fn get_report(&self, actor: &Actor, id: i64) -> AppResult<TestReport> {
        let r = self.store().read().await?.get_report(id).await?;
        r.filter(|r| may(actor, Action::ReadReport(r)))
            .ok_or(AppError::NotFound("report"))
    }

    /// Reports the actor may read: a lab's own, an enterprise's products', or all (staff).
    pub async fn list_reports(
        &self,
        actor: &Actor,
        params: &ListParams,
        product_id: Option<i64>,
    ) -> AppResult<Page<TestReport>> {
        require(actor, Action::ListReports)?;
        let base = params.to_query();
        let mut q = WorkflowQuery {
            product_id,
            status: params.status.clone().filter(|s| !s.is_empty()),
            enterprise_id: params.enterprise_id,
            limit: base.limit,
            offset: base.offset,
            ..WorkflowQuery::default()
        };
        match actor.role {
            Role::Lab => q.lab_id = Some(actor.lab_id.unwrap_or(-1)),
            Role::Enterprise => q.enterprise_id = Some(actor.enterprise_id.unwrap_or(-1)),
            _ => {}
        }
        Ok(self.store().read().await?.list_reports(&q).await?)
    }

    /// The original PDF of a report, for those who may read the report.
    pub async fn report_pdf(&self, actor: &Actor, id: i64) -> AppResult<(Attachment, Vec<u8>)> {
        let r = self.get_report(actor, id).await?;
        let a = r.pdf.ok_or(AppError::NotFound("report PDF"))?;
        let bytes = self
            .blobs()
            .get(&a.key)
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::NotFound("report PDF"))?;
        Ok((a, bytes))
    }

    /// The history of a report, oldest first.
    pub async fn report_history(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<Vec<rongma_store::Event>> {
        self.get_report(actor, id).await?;
        Ok(self.store().read().await?.list_events("report", id).await?)
    }

    /// Grades a stored report with a profile (for showing it with its result).
    pub fn grade_values(
        profile: &Profile,
        values: &serde_json::Value,
    ) -> Result<rongma_domain::grading::GradingResult, FieldErrors> {
        rongma_domain::grading::Report::from_json(values, profile)
            .map(|r| rongma_domain::grading::grade(profile, &r))
    }
}
