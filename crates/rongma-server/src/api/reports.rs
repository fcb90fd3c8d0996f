//! `/api/v1/reports`: test reports submitted by labs (JSON, multipart with the original
//! PDF, or a whole CSV/XLSX file), read by their lab, the product's enterprise and staff.

use super::prelude::*;
use crate::upload::{next_part, read_file, read_text, UPLOAD_BODY_LIMIT};
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rongma_app::reports::Upload;
use rongma_app::reports_import::{template, ImportOutcome, SheetFormat};
use rongma_app::AppError;
use rongma_domain::workflow::{ReportDraft, TestReport};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_reports, submit_report))
        .routes(routes!(submit_report_with_pdf))
        .routes(routes!(import_reports))
        .routes(routes!(report_template))
        .routes(routes!(get_report))
        .routes(routes!(report_pdf))
        .routes(routes!(report_history))
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    pub product_id: Option<i64>,
    /// submitted | superseded
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Reports the caller may read (a lab its own, an enterprise its products', staff all).
#[utoipa::path(get, path = "/reports", tag = "reports", params(ReportFilter),
    responses((status = 200, body = Page<TestReport>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_reports(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<ReportFilter>,
) -> ApiResult<Json<Page<TestReport>>> {
    let p = ListParams {
        status: f.status,
        page: f.page,
        per_page: f.per_page,
        ..Default::default()
    };
    Ok(Json(app.list_reports(&a, &p, f.product_id).await?))
}

/// Submit a report as JSON (a lab's user or API key). Add the original PDF later is not
/// possible: use the multipart route to send both at once.
#[utoipa::path(post, path = "/reports", tag = "reports", request_body = ReportDraft,
    responses((status = 201, body = TestReport), (status = 403, body = ErrorBody), (status = 409, description = "Report number already used by this lab", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named; includes an accreditation not valid on the test date", body = ErrorBody)))]
async fn submit_report(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiJson(d): ApiJson<ReportDraft>,
) -> ApiResult<(StatusCode, Json<TestReport>)> {
    Ok((
        StatusCode::CREATED,
        Json(app.submit_report(&a, d, None).await?),
    ))
}

/// The multipart form of a report submission.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only its schema is used, to document the body in OpenAPI"
)]
struct ReportUpload {
    /// The report as JSON (the fields of `ReportDraft`).
    report: String,
    /// The original report (PDF).
    #[schema(format = Binary, content_media_type = "application/pdf")]
    pdf: Option<String>,
}

/// Submit a report with its original PDF (`multipart/form-data`: `report` JSON part and `pdf` file part).
#[utoipa::path(post, path = "/reports/with-pdf", tag = "reports", request_body(content = ReportUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = TestReport), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn submit_report_with_pdf(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    mut m: Multipart,
) -> ApiResult<(StatusCode, Json<TestReport>)> {
    let mut draft = None;
    let mut pdf: Option<Upload> = None;
    while let Some(field) = next_part(&mut m).await? {
        match field.name() {
            Some("report") => {
                draft = Some(crate::json::parse::<ReportDraft>(
                    read_text(field).await?.as_bytes(),
                )?)
            }
            Some("pdf") => pdf = Some(read_file(&app, field).await?),
            _ => {}
        }
    }
    let draft = draft.ok_or_else(|| {
        AppError::field(rongma_domain::FieldError::new(
            "report",
            "required",
            "the `report` part is missing",
            "缺少 report 部分",
        ))
    })?;
    Ok((
        StatusCode::CREATED,
        Json(app.submit_report(&a, draft, pdf).await?),
    ))
}

#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only its schema is used, to document the body in OpenAPI"
)]
struct SheetUpload {
    /// A CSV (UTF-8) or XLSX file with the template's columns.
    #[schema(format = Binary)]
    file: String,
}

/// Import a CSV or XLSX file of reports: every row or none; errors name row and column.
#[utoipa::path(post, path = "/reports/import", tag = "reports", request_body(content = SheetUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = ImportOutcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn import_reports(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    mut m: Multipart,
) -> ApiResult<(StatusCode, Json<ImportOutcome>)> {
    let mut file = None;
    while let Some(field) = next_part(&mut m).await? {
        if field.name() == Some("file") {
            file = Some(read_file(&app, field).await?);
        }
    }
    let file = file.ok_or_else(|| {
        AppError::field(rongma_domain::FieldError::new(
            "file",
            "required",
            "the `file` part is missing",
            "缺少文件",
        ))
    })?;
    Ok((
        StatusCode::CREATED,
        Json(app.import_reports(&a, file).await?),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    /// csv (default) or xlsx
    pub format: Option<String>,
}

/// The import template (public: it only names columns).
#[utoipa::path(get, path = "/reports/template", tag = "reports", params(TemplateQuery), security(()),
    responses((status = 200, description = "The template file", content_type = "text/csv")))]
async fn report_template(ApiQuery(q): ApiQuery<TemplateQuery>) -> ApiResult<Response> {
    let (format, ct, name) = match q.format.as_deref() {
        Some("xlsx") => (
            SheetFormat::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "rongma-reports-template.xlsx",
        ),
        _ => (
            SheetFormat::Csv,
            "text/csv; charset=utf-8",
            "rongma-reports-template.csv",
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

/// One report.
#[utoipa::path(get, path = "/reports/{id}", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = TestReport), (status = 404, body = ErrorBody)))]
async fn get_report(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<TestReport>> {
    Ok(Json(app.get_report(&a, id).await?))
}

/// The original PDF of a report.
#[utoipa::path(get, path = "/reports/{id}/pdf", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
async fn report_pdf(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Response> {
    let (att, bytes) = app.report_pdf(&a, id).await?;
    let name: String = att
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The history of a report (submitted, superseded).
#[utoipa::path(get, path = "/reports/{id}/history", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn report_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.report_history(&a, id).await?))
}
