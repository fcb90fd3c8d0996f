//! Which webhook endpoint URLs we may call. A platform registers a URL; without a check,
//! `https://10.0.0.5/` or a name resolving to 127.0.0.1 would make the server call its own
//! network for whoever registered it (SSRF). The rule is a pure function over the URL text
//! and the addresses its host resolved to; the caller then connects only to the addresses
//! returned, so a second DNS answer cannot swap in an internal one.
//!
//! The URL is parsed with the `url` crate, the parser the HTTP client uses, so both agree
//! on the host (`https://0x7f.1/` is 127.0.0.1 to both).

mod ip_class;

pub use ip_class::{classify, AddressKind, Classification, Embedding};

use std::fmt;
use std::net::IpAddr;
use thiserror::Error;
use url::{Host, Url};

/// What a deployment allows beyond public https endpoints. All off in production.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddressPolicy {
    /// Plain `http://` (tests and local demos).
    pub allow_insecure_http: bool,
    /// 127.0.0.0/8, ::1 and `localhost` (tests).
    pub allow_loopback: bool,
    /// RFC 1918, unique-local IPv6 and carrier-grade NAT (a platform inside the same
    /// private network, e.g. a provincial deployment).
    pub allow_private: bool,
}

impl AddressPolicy {
    /// What integration tests against a local receiver need.
    pub fn for_local_tests() -> Self {
        Self {
            allow_insecure_http: true,
            allow_loopback: true,
            allow_private: false,
        }
    }

    fn allows(&self, kind: AddressKind) -> bool {
        match kind {
            AddressKind::Global => true,
            AddressKind::Loopback => self.allow_loopback,
            AddressKind::Private | AddressKind::SharedCgnat => self.allow_private,
            _ => false,
        }
    }
}

/// An endpoint that passed every check, with the addresses to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedEndpoint {
    /// The URL as the `url` crate normalised it (host lower-cased, default port dropped).
    pub url: String,
    pub host: String,
    pub port: u16,
    pub addresses: Vec<IpAddr>,
}

/// Why an endpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("not a valid URL: {reason}")]
    BadUrl { reason: String },
    #[error("endpoints must use https, not {scheme}")]
    Scheme { scheme: String },
    #[error("endpoint URLs must not carry a user name or password")]
    Credentials,
    #[error("the URL has no host")]
    NoHost,
    #[error("{host} is a loopback name")]
    LocalName { host: String },
    #[error("{host} did not resolve to any address")]
    NotResolved { host: String },
    #[error("{}", AddressText(.address, .class))]
    Address {
        address: IpAddr,
        class: Classification,
    },
}

struct AddressText<'a>(&'a IpAddr, &'a Classification);

impl fmt::Display for AddressText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some((how, v4)) = self.1.embedded {
            write!(f, " ({how} {v4})")?;
        }
        write!(f, " is {}", self.1.kind.describe())
    }
}

fn check_address(policy: &AddressPolicy, address: IpAddr) -> Result<IpAddr, Refusal> {
    let class = classify(address);
    if policy.allows(class.kind) {
        Ok(address)
    } else {
        Err(Refusal::Address { address, class })
    }
}

/// Decides whether `url` may be called. `resolved` is what the host name resolved to
/// (ignored when the host is an IP literal); every address must be allowed.
pub fn check_endpoint(
    policy: &AddressPolicy,
    url: &str,
    resolved: &[IpAddr],
) -> Result<AllowedEndpoint, Refusal> {
    let parsed = Url::parse(url.trim()).map_err(|e| Refusal::BadUrl {
        reason: e.to_string(),
    })?;
    match parsed.scheme() {
        "https" => {}
        "http" if policy.allow_insecure_http => {}
        other => {
            return Err(Refusal::Scheme {
                scheme: other.to_owned(),
            })
        }
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refusal::Credentials);
    }
    let port = parsed.port_or_known_default().ok_or(Refusal::NoHost)?;
    let (host, addresses) = match parsed.host().ok_or(Refusal::NoHost)? {
        Host::Ipv4(a) => (a.to_string(), vec![check_address(policy, a.into())?]),
        Host::Ipv6(a) => (a.to_string(), vec![check_address(policy, a.into())?]),
        Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_owned();
            // RFC 6761: these names are the local host whatever DNS says.
            if (name == "localhost" || name.ends_with(".localhost")) && !policy.allow_loopback {
                return Err(Refusal::LocalName { host: name });
            }
            if resolved.is_empty() {
                return Err(Refusal::NotResolved { host: name });
            }
            let checked = resolved
                .iter()
                .map(|&a| check_address(policy, a))
                .collect::<Result<Vec<_>, _>>()?;
            (name, checked)
        }
    };
    Ok(AllowedEndpoint {
        url: parsed.to_string(),
        host,
        port,
        addresses,
    })
}

/// The host to resolve before [`check_endpoint`], or `None` for an IP literal or an
/// unparseable URL (which [`check_endpoint`] will refuse with its reason).
pub fn host_to_resolve(url: &str) -> Option<(String, u16)> {
    let parsed = Url::parse(url.trim()).ok()?;
    match parsed.host()? {
        Host::Domain(d) => Some((d.to_owned(), parsed.port_or_known_default()?)),
        Host::Ipv4(_) | Host::Ipv6(_) => None,
    }
}
