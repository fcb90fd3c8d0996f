//! The home page, logging in and out.

use crate::auth::{clear_session_cookie, session_cookie, WebCtx};
use crate::web::shared::names::product_names;
use crate::web::shared::page::{render, PageResult};
use crate::web::shared::view::{Layout, ListView};
use crate::web::shared::PageQuery;
use crate::web::shared::WebForm;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
use rongma_app::paging::ListParams;
use rongma_app::policy::{may, Action};
use rongma_app::{App, AppError};
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Layout,
    /// Work queues for the signed-in role.
    sections: Vec<ListView>,
}

/// What each role has waiting: reviewers (and the regulator) the pending applications,
/// oldest first; enterprises their applications and what expires in the next 60 days;
/// labs their latest reports.
async fn work(app: &App, ctx: &WebCtx) -> rongma_app::AppResult<Vec<ListView>> {
    let Some(actor) = &ctx.actor else {
        return Ok(Vec::new());
    };
    let tr = ctx.tr();
    let today = app.now().date_naive();
    let recent = ListParams {
        per_page: Some(10),
        ..Default::default()
    };
    let mut out = Vec::new();
    // The grading centre and the regulator watch the queue of pending applications.
    if may(actor, Action::DecideApplications) || may(actor, Action::ChangeCertificates) {
        let pending = ListParams {
            status: Some("pending".into()),
            per_page: Some(10),
            ..Default::default()
        };
        let page = app.list_applications(actor, &pending, true).await?;
        let names = product_names(app, actor, page.items.iter().map(|a| a.product_id)).await?;
        let heading = format!("{} ({})", tr.t("application.queue"), page.total);
        let mut v =
            super::workflow::applications::application_table(tr, &heading, &page.items, &names);
        v.new_link = Some(("/applications?status=pending".into(), tr.t("common.all")));
        out.push(v);
    }
    if may(actor, Action::Apply) {
        let soon = app
            .list_certificates(
                actor,
                &ListParams {
                    per_page: Some(20),
                    ..Default::default()
                },
                Some(60),
            )
            .await?;
        let apps = app.list_applications(actor, &recent, false).await?;
        let ids = soon.items.iter().map(|c| c.product_id);
        let names = product_names(
            app,
            actor,
            ids.chain(apps.items.iter().map(|a| a.product_id)),
        )
        .await?;
        out.push(super::workflow::certificates::certificate_table(
            tr,
            tr.t("certificate.expiring"),
            &soon.items,
            &names,
            today,
        ));
        let mut v = super::workflow::applications::application_table(
            tr,
            tr.t("application.title"),
            &apps.items,
            &names,
        );
        v.new_link = Some(("/applications/new".into(), tr.t("application.new")));
        out.push(v);
    }
    if may(actor, Action::SubmitReports) {
        let reports = app.list_reports(actor, &recent, None).await?;
        let names = product_names(app, actor, reports.items.iter().map(|r| r.product_id)).await?;
        let mut v = super::workflow::reports::report_table(
            tr,
            tr.t("report.title"),
            &reports.items,
            &names,
        );
        v.new_link = Some(("/reports/new".into(), tr.t("report.new")));
        out.push(v);
    }
    Ok(out)
}

async fn home(State(app): State<App>, ctx: WebCtx) -> PageResult {
    let title = ctx.tr().t("nav.home");
    let sections = work(&app, &ctx).await?;
    Ok(render(
        &HomePage {
            page: Layout::new(&ctx, title),
            sections,
        },
        StatusCode::OK,
    ))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Layout,
    error: Option<String>,
    next: String,
    username: String,
}

/// Only local paths are followed after login, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".into(),
    }
}

async fn login_form(ctx: WebCtx, PageQuery(q): PageQuery<HashMap<String, String>>) -> PageResult {
    let page = LoginPage {
        page: Layout::new(&ctx, ctx.tr().t("login.title")),
        error: None,
        next: safe_next(q.get("next").map(String::as_str)),
        username: String::new(),
    };
    Ok(render(&page, StatusCode::OK))
}

async fn login(
    State(app): State<App>,
    ctx: WebCtx,
    jar: CookieJar,
    crate::client::ClientIp(ip): crate::client::ClientIp,
    WebForm(f): WebForm,
) -> PageResult {
    let username = f.text("username").unwrap_or_default();
    let next = safe_next(f.get("next"));
    let network = app.network_fingerprint(ip);
    match app
        .login(&username, f.get("password").unwrap_or(""), &network)
        .await
    {
        Ok(out) => Ok((
            jar.add(session_cookie(&app, out.token)),
            Redirect::to(&next),
        )
            .into_response()),
        Err(e @ (AppError::Unauthenticated | AppError::RateLimited { .. })) => {
            let (key, status) = match e {
                AppError::RateLimited { .. } => ("login.throttled", StatusCode::TOO_MANY_REQUESTS),
                _ => ("login.failed", StatusCode::UNAUTHORIZED),
            };
            let page = LoginPage {
                page: Layout::new(&ctx, ctx.tr().t("login.title")),
                error: Some(ctx.tr().t(key).to_owned()),
                next,
                username,
            };
            // Not 401: that status sends the browser to the login page it is already on.
            let status = if status == StatusCode::UNAUTHORIZED {
                StatusCode::OK
            } else {
                status
            };
            Ok(render(&page, status))
        }
        Err(e) => Err(e.into()),
    }
}

async fn logout(State(app): State<App>, jar: CookieJar, WebForm(_): WebForm) -> PageResult {
    if let Some(c) = jar.get(crate::auth::SESSION_COOKIE) {
        app.logout(c.value()).await?;
    }
    Ok((jar.add(clear_session_cookie()), Redirect::to("/")).into_response())
}
