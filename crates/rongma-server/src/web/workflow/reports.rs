//! Report pages: a lab's list, the submission form (values typed in, PDF attached), the
//! spreadsheet import with errors by row and column, and a report with its grading under
//! the current profile and its history.

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::names::product_names;
use crate::web::shared::names::{every, pick};
use crate::web::shared::page::{render, DetailPage, FormPage, PageResult};
use crate::web::shared::result::ResultView;
use crate::web::shared::view::*;
use crate::web::shared::{FormData, WebMultipart};
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use rongma_app::paging::ListParams;
use rongma_app::policy::{may, require, Action};
use rongma_app::reports_import::{template, SheetFormat};
use rongma_app::{App, AppError};
use rongma_domain::grading::report_field_names;
use rongma_domain::workflow::{ReportDraft, SampledBy, TestReport};
use serde_json::{Map, Value};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/reports", get(list).post(create))
        .route("/reports/new", get(new_form))
        .route("/reports/import", get(import_form).post(import))
        .route("/reports/template.csv", get(template_csv))
        .route("/reports/template.xlsx", get(template_xlsx))
        .route("/reports/{id}", get(show))
        .route("/reports/{id}/pdf", get(pdf))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::upload::UPLOAD_BODY_LIMIT,
        ))
}

pub fn status_label(tr: Tr, s: rongma_domain::workflow::ReportStatus) -> &'static str {
    tr.t(match s {
        rongma_domain::workflow::ReportStatus::Submitted => "report.status.submitted",
        rongma_domain::workflow::ReportStatus::Superseded => "report.status.superseded",
    })
}

pub fn report_table(
    tr: Tr,
    heading: &str,
    items: &[TestReport],
    products: &HashMap<i64, String>,
) -> ListView {
    ListView {
        heading: heading.into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("report.report_no"),
            tr.t("report.product"),
            tr.t("report.test_date"),
            tr.t("common.status"),
        ],
        rows: items
            .iter()
            .map(|r| {
                vec![
                    Cell::link(
                        tr.t("report.report_no"),
                        &r.report_no,
                        format!("/reports/{}", r.id),
                    ),
                    Cell::new(
                        tr.t("report.product"),
                        products
                            .get(&r.product_id)
                            .cloned()
                            .unwrap_or_else(|| r.product_id.to_string()),
                    ),
                    Cell::new(tr.t("report.test_date"), r.test_date.to_string()),
                    Cell::new(tr.t("common.status"), status_label(tr, r.status))
                        .muted(r.status != rongma_domain::workflow::ReportStatus::Submitted),
                ]
            })
            .collect(),
        pager: None,
    }
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_reports(actor, &p, None).await?;
    let names = product_names(&app, actor, page.items.iter().map(|r| r.product_id)).await?;
    let mut view = report_table(tr, tr.t("report.title"), &page.items, &names);
    if may(actor, Action::SubmitReports) {
        view.new_link = Some(("/reports/new".into(), tr.t("report.new")));
    }
    view.pager = Some(Pager::new(&page, &ctx.path));
    let mut page_view = DetailView::new(tr.t("report.title"));
    if may(actor, Action::SubmitReports) {
        page_view.links = vec![
            ("/reports/new".into(), tr.t("report.new")),
            ("/reports/import".into(), tr.t("report.import")),
            (
                "/reports/template.xlsx".into(),
                tr.t("report.template_xlsx"),
            ),
            ("/reports/template.csv".into(), tr.t("report.template_csv")),
        ];
    }
    view.new_link = None;
    page_view.related.push(view);
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, tr.t("report.title")),
            view: page_view,
        },
        StatusCode::OK,
    ))
}

/// The report form: metadata, then one input per report value.
async fn form(app: &App, ctx: &WebCtx, f: &FormData) -> rongma_app::AppResult<FormView> {
    let tr = ctx.tr();
    let actor = ctx.require()?;
    let products = every!(|p| app.list_products(actor, &p));
    let owners = products.iter().flatten().map(|p| p.enterprise_id);
    let names = crate::web::shared::names::enterprise_names(app, actor, owners).await?;
    let options = products.map(|all| {
        all.iter()
            .map(|p| {
                let owner = names.get(&p.enterprise_id).cloned().unwrap_or_default();
                (
                    p.id.to_string(),
                    format!("{owner} · {} {}", p.style_no, p.name),
                )
            })
            .collect()
    });
    let v = |k: &str| f.get(k).unwrap_or_default().to_owned();
    let sampled = [SampledBy::Enterprise, SampledBy::Inspector]
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                tr.t(if *s == SampledBy::Enterprise {
                    "report.sampled_enterprise"
                } else {
                    "report.sampled_inspector"
                })
                .to_owned(),
            )
        })
        .collect();
    let mut fields = vec![
        Field::text("report_no", tr.t("report.report_no"), v("report_no"), true),
        pick(
            tr,
            "product_id",
            tr.t("report.product"),
            f.get("product_id").unwrap_or(""),
            options,
            true,
        ),
        Field::text("size", tr.t("report.size"), v("size"), false),
        Field::text(
            "sample_description",
            tr.t("report.sample_description"),
            v("sample_description"),
            true,
        ),
        Field::text(
            "sampling_date",
            tr.t("report.sampling_date"),
            v("sampling_date"),
            true,
        )
        .kind(FieldKind::Date),
        Field::text("batch_no", tr.t("report.batch_no"), v("batch_no"), false),
        Field::select(
            "sampled_by",
            tr.t("report.sampled_by"),
            f.get("sampled_by").unwrap_or(""),
            sampled,
            true,
        ),
        Field::text("sampler", tr.t("report.sampler"), v("sampler"), false),
        Field::text("test_date", tr.t("report.test_date"), v("test_date"), true)
            .kind(FieldKind::Date),
        Field::text(
            "supersedes",
            tr.t("report.supersedes"),
            v("supersedes"),
            false,
        )
        .hint(tr.t("report.supersedes_hint")),
    ];
    for name in report_field_names() {
        fields.push(Field::text(
            name,
            crate::i18n::field_label(tr, name),
            v(name),
            true,
        ));
    }
    let mut pdf = Field::text("pdf", tr.t("report.pdf"), "", false);
    pdf.kind = FieldKind::File;
    fields.push(pdf);
    Ok(FormView {
        heading: tr.t("report.new").into(),
        action: "/reports".into(),
        fields,
        submit: tr.t("report.submit"),
        cancel: "/reports".into(),
        summary: vec![],
        has_errors: false,
    })
}

/// Report values from the flat `declared.species` … inputs, nested as the API takes them.
fn values_from(f: &FormData) -> Value {
    let mut root = Map::new();
    for name in report_field_names() {
        let Some(v) = f.get(name).map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        let mut cur = &mut root;
        let parts: Vec<&str> = name.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            cur = cur
                .entry(*p)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("objects all the way down");
        }
        cur.insert(
            parts[parts.len() - 1].to_owned(),
            Value::String(v.to_owned()),
        );
    }
    Value::Object(root)
}

async fn new_form(State(app): State<App>, ctx: WebCtx) -> PageResult {
    require(ctx.require()?, Action::SubmitReports)?;
    let view = form(&app, &ctx, &FormData::default()).await?;
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn create(State(app): State<App>, ctx: WebCtx, m: WebMultipart) -> PageResult {
    let actor = ctx.require()?;
    let f = &m.fields;
    let draft = ReportDraft {
        report_no: f.text("report_no"),
        product_id: f.id("product_id"),
        size: f.text("size"),
        sample_description: f.text("sample_description"),
        sampling_date: f.text("sampling_date"),
        batch_no: f.text("batch_no"),
        sampled_by: f.text("sampled_by"),
        sampler: f.text("sampler"),
        test_date: f.text("test_date"),
        values: Some(values_from(f)),
        supersedes: f.id("supersedes"),
    };
    match app
        .submit_report(actor, draft, m.file("pdf").cloned())
        .await
    {
        Ok(r) => Ok(Redirect::to(&format!("/reports/{}", r.id)).into_response()),
        Err(e) => {
            // Value errors are named `values.measured.…`; the inputs are `measured.…`.
            let e = match e {
                AppError::Validation(errs) => AppError::Validation(rongma_domain::FieldErrors(
                    errs.0
                        .into_iter()
                        .map(|mut e| {
                            e.field = e.field.trim_start_matches("values.").to_owned();
                            e
                        })
                        .collect(),
                )),
                other => other,
            };
            crate::web::shared::form_failed(&ctx, form(&app, &ctx, f).await?, e)
        }
    }
}

async fn import_form(ctx: WebCtx) -> PageResult {
    let tr = ctx.tr();
    require(ctx.require()?, Action::SubmitReports)?;
    let mut file =
        Field::text("file", tr.t("report.import_file"), "", true).hint(tr.t("report.import_hint"));
    file.kind = FieldKind::File;
    let view = FormView {
        heading: tr.t("report.import").into(),
        action: "/reports/import".into(),
        fields: vec![file],
        submit: tr.t("report.import_submit"),
        cancel: "/reports".into(),
        summary: vec![],
        has_errors: false,
    };
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn import(State(app): State<App>, ctx: WebCtx, m: WebMultipart) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let Some(file) = m.file("file").cloned() else {
        return Err(AppError::field(rongma_domain::FieldError::new(
            "file",
            "required",
            "choose a file",
            "请选择文件",
        ))
        .into());
    };
    match app.import_reports(actor, file).await {
        Ok(out) => {
            let mut view = DetailView::new(tr.t("report.import"));
            view.notice = Some(format!("{} {}", tr.t("report.imported"), out.imported));
            view.links.push(("/reports".into(), tr.t("report.title")));
            Ok(render(
                &DetailPage {
                    page: Layout::new(&ctx, tr.t("report.import")),
                    view,
                },
                StatusCode::CREATED,
            ))
        }
        Err(AppError::Validation(errs) | AppError::Conflict(errs)) => {
            // Every problem in one table: row, column, message.
            let mut view = DetailView::new(tr.t("report.import_failed"));
            view.notice = Some(tr.t("report.import_nothing_written").into());
            view.links
                .push(("/reports/import".into(), tr.t("report.import")));
            view.related.push(ListView {
                heading: format!("{} ({})", tr.t("report.import_errors"), errs.len()),
                new_link: None,
                search: String::new(),
                filters: vec![],
                include_archived: false,
                show_archived_toggle: false,
                columns: vec![
                    tr.t("report.row"),
                    tr.t("report.column"),
                    tr.t("report.problem"),
                ],
                rows: errs
                    .iter()
                    .map(|e| {
                        vec![
                            Cell::new(
                                tr.t("report.row"),
                                e.row.map(|r| r.to_string()).unwrap_or_default(),
                            ),
                            Cell::new(
                                tr.t("report.column"),
                                e.column.clone().unwrap_or_else(|| e.field.clone()),
                            ),
                            Cell::new(tr.t("report.problem"), e.message_in(ctx.lang.code())),
                        ]
                    })
                    .collect(),
                pager: None,
            });
            Ok(render(
                &DetailPage {
                    page: Layout::new(&ctx, tr.t("report.import_failed")),
                    view,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

fn download(format: SheetFormat) -> PageResult {
    let (ct, name) = match format {
        SheetFormat::Csv => ("text/csv; charset=utf-8", "rongma-reports-template.csv"),
        SheetFormat::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "rongma-reports-template.xlsx",
        ),
    };
    let body = template(format)?;
    Ok((
        [
            (header::CONTENT_TYPE, ct.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn template_csv() -> PageResult {
    download(SheetFormat::Csv)
}

async fn template_xlsx() -> PageResult {
    download(SheetFormat::Xlsx)
}

async fn pdf(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let (_, bytes) = app.report_pdf(ctx.require()?, id).await?;
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let r = app.get_report(actor, id).await?;
    let history = app.report_history(actor, id).await?;
    let names = product_names(&app, actor, [r.product_id]).await?;
    let lab = app
        .get_lab(actor, r.lab_id)
        .await
        .map(|l| l.name)
        .unwrap_or_default();
    let mut view = DetailView::new(format!("{} {}", tr.t("report.report_no"), r.report_no));
    view.badge = Some(status_label(tr, r.status).into());
    view.rows = vec![
        (tr.t("report.lab"), lab),
        (
            tr.t("report.product"),
            names.get(&r.product_id).cloned().unwrap_or_default(),
        ),
        (tr.t("report.size"), r.size.clone().unwrap_or_default()),
        (
            tr.t("report.sample_description"),
            r.sample_description.clone(),
        ),
        (tr.t("report.sampling_date"), r.sampling_date.to_string()),
        (
            tr.t("report.batch_no"),
            r.batch_no.clone().unwrap_or_default(),
        ),
        (
            tr.t("report.sampled_by"),
            tr.t(if r.sampled_by == SampledBy::Enterprise {
                "report.sampled_enterprise"
            } else {
                "report.sampled_inspector"
            })
            .into(),
        ),
        (
            tr.t("report.sampler"),
            r.sampler.clone().unwrap_or_default(),
        ),
        (tr.t("report.test_date"), r.test_date.to_string()),
        (
            tr.t("report.submitted_by"),
            format!("{} · {}", r.submitted_by, local_time(r.created_at)),
        ),
    ];
    if let Some(p) = &r.pdf {
        view.links
            .push((format!("/reports/{id}/pdf"), tr.t("report.pdf")));
        view.rows.push((
            tr.t("report.pdf"),
            format!("{} ({} KB)", p.name, p.size / 1024 + 1),
        ));
    }
    if let Some(s) = r.supersedes_id {
        view.links
            .push((format!("/reports/{s}"), tr.t("report.corrects")));
    }
    if let Some(s) = r.superseded_by_id {
        view.links
            .push((format!("/reports/{s}"), tr.t("report.corrected_by")));
    }
    let profile = app.current_profile().await?;
    if let Ok(result) = App::grade_values(&profile, &r.values) {
        view.results
            .push(ResultView::new(tr.t("report.preview"), &result, ctx.lang));
    }
    view.timeline = history
        .iter()
        .rev()
        .map(|ev| TimelineEntry::from_event(ev, tr))
        .collect();
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, r.report_no.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
