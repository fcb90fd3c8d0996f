//! Security headers on every response: a Content-Security-Policy that allows only this
//! site's own scripts and styles (no `unsafe-inline`: the pages' scripts live in
//! `/assets/app.js`, their styles in `/assets/app.css`) and forbids framing,
//! `X-Content-Type-Options: nosniff`, a referrer policy that sends no referrer (scan and
//! ticket URLs carry serials and keys), and HSTS when cookies are marked secure (the site
//! is served over HTTPS). A handler that sets one of these itself keeps its own.

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;

/// The policy of every page. Images may be `data:` URLs (tag previews, Swagger UI's icons).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers to `res` (those it does not set already).
pub fn add(res: &mut Response, https: bool) {
    let h = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_FRAME_OPTIONS, "DENY");
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
}
