//! The client's address, for rate limits and network fingerprints: the connection's peer,
//! or — behind a reverse proxy, when `server.client_ip_header` names it — the first
//! address in that header.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use rongma_app::scans::{ScanClient, UaFamily};
use rongma_app::App;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's IP address (unspecified if it cannot be known, e.g. in unit tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<App> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Infallible> {
        if let Some(h) = &app.settings().server.client_ip_header {
            let from_header = parts
                .headers
                .get(h.as_str())
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok());
            if let Some(ip) = from_header {
                return Ok(ClientIp(ip));
            }
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientIp(peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

/// The client as a scan records it: network fingerprint and user-agent family.
pub fn scan_client(
    app: &App,
    ip: std::net::IpAddr,
    headers: &HeaderMap,
    channel: &'static str,
) -> ScanClient {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    ScanClient {
        network: app.network_fingerprint(ip),
        ua: UaFamily::classify(ua),
        channel,
    }
}
