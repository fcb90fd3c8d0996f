//! The consumer's scan page, for a phone: `GET /c/{serial}` (and `/C/…`, as QR codes
//! print it), the GS1 Digital Link `GET /01/{gtin}/21/{serial}`, and the PIN form
//! `POST /c/{serial}/pin`. These routes sit outside the session middleware: a consumer has
//! no login, so the page needs no session lookup, no CSRF token (a PIN check carries no
//! authority) and — for a forged serial — no database read at all. Language: `?lang=en`,
//! else the `rongma_lang` cookie, else Chinese. The regulator's pages on scans (suspects,
//! flags, statistics) are in [`admin`]; the page's view model in [`view`].

pub(super) mod admin;
mod view;

use crate::auth::LANG_COOKIE;
use crate::client::scan_client;
use crate::client::ClientIp;
use crate::error::describe;
use crate::i18n::{Lang, Tr};
use crate::web::shared::page::render;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use rongma_app::scans::ScanOutcome;
use rongma_app::{App, AppError};
use rongma_domain::codes::normalise_gtin;
use std::collections::HashMap;
use view::{genuine_view, not_genuine_view, ScanPage};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/c", get(lookup))
        .route("/c/{serial}", get(scan_short))
        .route("/C/{serial}", get(scan_short))
        .route("/c/{serial}/pin", post(pin).get(pin_result))
        .route("/01/{gtin}/21/{serial}", get(scan_link))
        .route("/assets/vendor/uplot.iife.min.js", get(uplot_js))
        .route("/assets/vendor/uplot.min.css", get(uplot_css))
}

/// The page language and the link to the other one.
pub(super) fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let from_query = query.and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    });
    from_query
        .or_else(|| {
            headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|c| c.trim().split_once('='))
                .find(|(k, _)| *k == LANG_COOKIE)
                .and_then(|(_, v)| Lang::parse(v))
        })
        .unwrap_or(Lang::Zh)
}

/// The serial box (home page, not-found pages): `GET /c?serial=…` redirects to the scan
/// page of the serial as typed, without spaces or hyphens; an empty box goes home.
async fn lookup(RawQuery(q): RawQuery) -> Response {
    let mut serial = String::new();
    let mut lang = None;
    for (k, v) in form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes()) {
        match &*k {
            "serial" => serial = v.into_owned(),
            "lang" => lang = Lang::parse(&v),
            _ => {}
        }
    }
    let clean: String = serial
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .take(64)
        .flat_map(char::to_uppercase)
        .collect();
    let suffix = match lang {
        Some(Lang::En) => "?lang=en",
        _ => "",
    };
    let location = if clean.is_empty() {
        format!("/{suffix}")
    } else {
        let path: String = form_urlencoded::byte_serialize(clean.as_bytes()).collect();
        format!("/c/{path}{suffix}")
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

async fn scan_short(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(serial): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    scan(app, ip, headers, &serial, None, q.as_deref()).await
}

async fn scan_link(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path((gtin, serial)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let lang = lang_of(q.as_deref(), &headers);
    match normalise_gtin(&gtin) {
        Ok(g) => scan(app, ip, headers, &serial, Some(g), q.as_deref()).await,
        Err(e) => {
            let tr = Tr(lang);
            let mut page = ScanPage::new(tr, "/", &serial);
            page.not_genuine = Some(not_genuine_view(
                tr,
                lang.pick(&e.message_zh(), &e.to_string()),
                true,
                &serial,
            ));
            render(&page, StatusCode::BAD_REQUEST)
        }
    }
}

async fn scan(
    app: App,
    ip: std::net::IpAddr,
    headers: HeaderMap,
    serial: &str,
    gtin: Option<String>,
    q: Option<&str>,
) -> Response {
    let lang = lang_of(q, &headers);
    let tr = Tr(lang);
    let client = scan_client(&app, ip, &headers, "page");
    let mut page = ScanPage::new(tr, &format!("/c/{serial}"), serial);
    match app.scan(serial, gtin.as_deref(), &client).await {
        Ok(ScanOutcome::Genuine(v)) => {
            page.genuine = Some(genuine_view(tr, &v, &app));
            with_lang_cookie(
                render(&page, StatusCode::OK),
                q.is_some_and(|q| q.contains("lang=")),
                lang,
            )
        }
        Ok(ScanOutcome::NotGenuine(e)) => {
            let malformed = matches!(
                e,
                rongma_domain::codes::SerialError::Length { .. }
                    | rongma_domain::codes::SerialError::Character { .. }
            );
            let detail = lang.pick(&e.message_zh(), &e.to_string()).to_owned();
            page.not_genuine = Some(not_genuine_view(tr, &detail, malformed, serial));
            let status = if malformed {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::NOT_FOUND
            };
            render(&page, status)
        }
        Err(e) => error_page(page, tr, e),
    }
}

/// A page for errors the scan itself cannot show (429, 500), in the page language.
fn error_page(mut page: ScanPage, tr: Tr, e: AppError) -> Response {
    crate::error::log_internal(&e);
    let (status, _, en, zh) = describe(&e);
    let text = match &e {
        AppError::RateLimited { .. } => tr.t("scan.too_many").to_owned(),
        _ => tr.0.pick(&zh, &en).to_owned(),
    };
    page.error = Some(text);
    let mut resp = render(&page, status);
    if let AppError::RateLimited { retry_after_secs } = e {
        if let Ok(v) = retry_after_secs.to_string().parse() {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    resp
}

fn with_lang_cookie(mut resp: Response, set: bool, lang: Lang) -> Response {
    if set {
        if let Ok(v) = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        )
        .parse()
        {
            resp.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    resp
}

/// The PIN form's post: checks the PIN, then redirects (303) to the result page
/// `GET /c/{serial}/pin?r=<receipt>#pin-result`, so the answer is at the top of the screen
/// and reloading shows it again instead of posting again. A PIN that is not 8 digits is
/// answered here (422) with the form.
async fn pin(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(serial): Path<String>,
    RawQuery(q): RawQuery,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(q.as_deref(), &headers);
    let tr = Tr(lang);
    let mut page = ScanPage::new(tr, &format!("/c/{serial}"), &serial);
    let v = match app.verify_serial(&serial) {
        Ok(v) => v,
        Err(e) => {
            let detail = lang.pick(&e.message_zh(), &e.to_string()).to_owned();
            page.not_genuine = Some(not_genuine_view(tr, &detail, false, &serial));
            return render(&page, StatusCode::NOT_FOUND);
        }
    };
    let client = scan_client(&app, ip, &headers, "page");
    let typed = form.get("pin").map(String::as_str).unwrap_or("");
    let message = match app.check_pin(&v, typed, &client).await {
        Ok(check) => {
            let receipt = app.pin_receipt(v.serial.as_str(), &check);
            let location = format!(
                "/c/{}/pin?r={receipt}{}#pin-result",
                v.serial,
                lang.pick("", "&lang=en")
            );
            return (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
        }
        Err(AppError::Validation(f)) => view::pin_error(
            f.iter()
                .map(|e| e.message_in(lang.code()).to_owned())
                .collect::<Vec<_>>()
                .join("；"),
        ),
        Err(e) => return error_page(page, tr, e),
    };
    match app.scan_view(&v, None).await {
        Ok(view) => {
            let mut g = genuine_view(tr, &view, &app);
            g.pin_result = Some(message);
            g.pin_info = None;
            page.genuine = Some(g);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(page, tr, e),
    }
}

/// The page after a PIN check: the scan page (no scan recorded) with the answer its
/// receipt names at the top; without a valid, fresh receipt, the page without an answer.
async fn pin_result(
    State(app): State<App>,
    headers: HeaderMap,
    Path(serial): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let lang = lang_of(q.as_deref(), &headers);
    let tr = Tr(lang);
    let mut page = ScanPage::new(tr, &format!("/c/{serial}"), &serial);
    let v = match app.verify_serial(&serial) {
        Ok(v) => v,
        Err(e) => {
            let detail = lang.pick(&e.message_zh(), &e.to_string()).to_owned();
            page.not_genuine = Some(not_genuine_view(tr, &detail, false, &serial));
            return render(&page, StatusCode::NOT_FOUND);
        }
    };
    let receipt = q.as_deref().and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "r")
            .and_then(|(_, r)| app.read_pin_receipt(v.serial.as_str(), r))
    });
    match app.scan_view(&v, None).await {
        Ok(view) => {
            let mut g = genuine_view(tr, &view, &app);
            if let Some(r) = &receipt {
                g.with_receipt(tr, r, &view);
            }
            page.genuine = Some(g);
            let mut resp = render(&page, StatusCode::OK);
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            resp
        }
        Err(e) => error_page(page, tr, e),
    }
}

async fn uplot_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../assets/vendor/uplot-1.6.32.iife.min.js"),
    )
        .into_response()
}

async fn uplot_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../assets/vendor/uplot-1.6.32.min.css"),
    )
        .into_response()
}
