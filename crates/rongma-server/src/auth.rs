//! Who is calling. The API takes `Authorization: Bearer <token>` (a session token from
//! `POST /api/v1/auth/login` or an API key `rk_…`) or the web session cookie; a request
//! that changes something with only the cookie must also carry `X-CSRF-Token`. Web pages
//! get a [`WebCtx`] (language, actor, CSRF token) from the [`web_context`] middleware.

use crate::error::ApiError;
use crate::i18n::{Lang, Tr};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use rongma_app::{Actor, App, AppError};

pub const SESSION_COOKIE: &str = "rongma_session";
pub const ANON_COOKIE: &str = "rongma_anon";
pub const LANG_COOKIE: &str = "rongma_lang";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "_csrf";

fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The authenticated caller of an API route; 401 if there is none.
pub struct ApiActor(pub Actor);

impl FromRequestParts<App> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        if let Some(token) = bearer(parts) {
            return app
                .actor_for_bearer(token)
                .await?
                .map(ApiActor)
                .ok_or(ApiError(AppError::Unauthenticated));
        }
        let Some(token) = cookie(parts, SESSION_COOKIE) else {
            return Err(ApiError(AppError::Unauthenticated));
        };
        let actor = app
            .actor_for_session(token)
            .await?
            .ok_or(ApiError(AppError::Unauthenticated))?;
        if !is_safe(&parts.method) {
            let presented = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !app.verify_csrf(token, presented) {
                return Err(ApiError(AppError::forbidden(
                    "a request authenticated by the session cookie must carry the X-CSRF-Token header",
                )));
            }
        }
        Ok(ApiActor(actor))
    }
}

/// What every web page needs to know about its viewer.
#[derive(Clone)]
pub struct WebCtx {
    pub actor: Option<Actor>,
    pub lang: Lang,
    /// The token forms carry in `_csrf`.
    pub csrf: String,
    /// The path and query of this request (for the language switch and login redirects).
    pub path: String,
}

impl WebCtx {
    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }

    /// The signed-in actor, or a redirect to the login page.
    pub fn require(&self) -> Result<&Actor, AppError> {
        self.actor.as_ref().ok_or(AppError::Unauthenticated)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for WebCtx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        parts.extensions.get::<WebCtx>().cloned().ok_or_else(|| {
            tracing::error!("web page without the web_context middleware");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        })
    }
}

fn new_cookie(
    name: &'static str,
    value: String,
    app: &App,
    max_age_days: Option<i64>,
) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_path("/");
    c.set_secure(app.settings().security.secure_cookies);
    if let Some(d) = max_age_days {
        c.set_max_age(cookie_duration(d));
    }
    c
}

fn cookie_duration(days: i64) -> cookie::time::Duration {
    cookie::time::Duration::days(days)
}

/// The session cookie set after login.
pub fn session_cookie(app: &App, token: String) -> Cookie<'static> {
    let mut c = new_cookie(SESSION_COOKIE, token, app, None);
    // Strict: a session is never sent along with a request started on another site.
    c.set_same_site(SameSite::Strict);
    c
}

pub fn clear_session_cookie() -> Cookie<'static> {
    let mut c = Cookie::new(SESSION_COOKIE, "");
    c.set_path("/");
    c.set_max_age(cookie_duration(0));
    c
}

/// Works out language, viewer and CSRF token for web pages, and sets the cookies that
/// remember the language and bind anonymous forms.
pub async fn web_context(
    State(app): State<App>,
    jar: CookieJar,
    mut req: Request,
    next: Next,
) -> Response {
    let query_lang = req.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    });
    let lang = query_lang
        .or_else(|| jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
        .unwrap_or(Lang::Zh);
    let mut jar_out = CookieJar::new();
    if query_lang.is_some() {
        jar_out = jar_out.add(new_cookie(LANG_COOKIE, lang.code().into(), &app, Some(365)));
    }
    let session = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty());
    let actor = match &session {
        Some(token) => match app.actor_for_session(token).await {
            Ok(a) => a,
            Err(e) => {
                crate::error::log_internal(&e);
                None
            }
        },
        None => None,
    };
    let binding = match (&actor, &session) {
        (Some(_), Some(token)) => token.clone(),
        _ => match jar.get(ANON_COOKIE) {
            Some(c) if c.value().len() >= 20 => c.value().to_owned(),
            _ => {
                let t = rongma_app::auth::random_token(24);
                jar_out = jar_out.add(new_cookie(ANON_COOKIE, t.clone(), &app, None));
                t
            }
        },
    };
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let ctx = WebCtx {
        actor,
        lang,
        csrf: app.csrf_token(&binding),
        path,
    };
    req.extensions_mut().insert(ctx);
    // Requests that change things must carry the token bound to this browser.
    if !is_safe(req.method()) {
        req.extensions_mut().insert(CsrfBinding(binding));
    }
    let resp = next.run(req).await;
    (jar_out, resp).into_response()
}

/// The token a form's `_csrf` must be derived from (set on unsafe requests).
#[derive(Clone)]
pub struct CsrfBinding(pub String);
