//! Rendering and page errors: templates become HTML responses; an error becomes a page in
//! both languages with the right status (a missing login becomes 401, which the
//! middleware turns into a redirect to the login page).

use crate::error::{describe, log_internal};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rongma_app::AppError;

pub type PageResult = Result<Response, PageError>;

pub fn render(t: &impl Template, status: StatusCode) -> Response {
    // Room for a typical page up front: askama's own estimate counts only the template's
    // literal text, and the string's growth copied the page several times over.
    let mut html = String::with_capacity(8 * 1024);
    match t.render_into(&mut html) {
        Ok(()) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    /// A not-found page offers the serial box: a mistyped link may be a tag's.
    serial_box: bool,
    zh: String,
    en: String,
}

#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

impl PageError {
    pub fn csrf() -> Self {
        PageError(AppError::Forbidden("csrf".into()))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        if matches!(self.0, AppError::Unauthenticated) {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        let (status, _, en, zh) = describe(&self.0);
        let (zh, en) = match &self.0 {
            AppError::Forbidden(m) if m == "csrf" => (
                "表单已过期或来源不明，请返回刷新后重试。".to_owned(),
                "The form expired or did not come from this site; go back, reload and try again."
                    .to_owned(),
            ),
            AppError::NotFound(_) => (
                "页面或记录不存在。".to_owned(),
                "The page or record does not exist.".to_owned(),
            ),
            AppError::Forbidden(_) => (format!("您无权进行此操作。{zh}"), en),
            _ => (zh, en),
        };
        render(
            &ErrorPage {
                status: status.as_u16(),
                serial_box: status == axum::http::StatusCode::NOT_FOUND,
                zh,
                en,
            },
            status,
        )
    }
}

use super::view::{DetailView, FormView, Layout, ListView};
use crate::auth::WebCtx;

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub page: Layout,
    pub view: ListView,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub page: Layout,
    pub view: FormView,
}

#[derive(Template)]
#[template(path = "detail.html")]
pub struct DetailPage {
    pub page: Layout,
    pub view: DetailView,
}

/// A form page with its layout.
pub fn form_page(ctx: &WebCtx, view: FormView, status: StatusCode) -> axum::response::Response {
    render(
        &FormPage {
            page: Layout::new(ctx, view.heading.clone()),
            view,
        },
        status,
    )
}

/// Re-shows a form with the errors of a failed save; other errors become error pages.
pub fn form_failed(ctx: &WebCtx, view: FormView, e: AppError) -> PageResult {
    match e {
        AppError::Validation(errs) => Ok(form_page(
            ctx,
            view.with_errors(&errs, ctx.lang),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        AppError::Conflict(errs) => Ok(form_page(
            ctx,
            view.with_errors(&errs, ctx.lang),
            StatusCode::CONFLICT,
        )),
        other => Err(other.into()),
    }
}
