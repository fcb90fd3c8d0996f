//! The client's address, for rate limits and network fingerprints: the connection's peer,
//! or — behind trusted reverse proxies, when `server.client_ip_header` names the header —
//! the rightmost address in it that is not a trusted proxy (`rongma_app::client_ip`).

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use rongma_app::client_ip::client_ip;
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
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let Some(name) = &app.settings().server.client_ip_header else {
            return Ok(ClientIp(peer));
        };
        let values: Vec<&str> = parts
            .headers
            .get_all(name.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientIp(client_ip(
            peer,
            name,
            &values,
            app.trusted_proxies(),
        )))
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
