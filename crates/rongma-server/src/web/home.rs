//! The home page, logging in and out.

use super::page::{render, PageResult};
use super::view::Layout;
use super::WebForm;
use crate::auth::{clear_session_cookie, session_cookie, WebCtx};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
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
}

async fn home(ctx: WebCtx) -> PageResult {
    let title = ctx.tr().t("nav.home");
    Ok(render(
        &HomePage {
            page: Layout::new(&ctx, title),
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

async fn login_form(ctx: WebCtx, Query(q): Query<HashMap<String, String>>) -> PageResult {
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
    WebForm(f): WebForm,
) -> PageResult {
    let username = f.text("username").unwrap_or_default();
    let next = safe_next(f.get("next"));
    match app.login(&username, f.get("password").unwrap_or("")).await {
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
