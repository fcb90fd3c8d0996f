//! Which address a request came from, behind reverse proxies. A forwarding header
//! (`X-Forwarded-For`, or RFC 7239 `Forwarded`) is written by whoever sends it, so it is
//! believed only when the connection comes from a configured trusted proxy, and then read
//! from the right: each trusted proxy appends the address it received the request from, so
//! the rightmost address that is not a trusted proxy is the client as far as our own
//! proxies can vouch. Entries to its left were written by the client and are ignored.

use ipnet::IpNet;
use std::net::IpAddr;

/// The networks of the reverse proxies whose forwarding header is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From CIDR texts such as `10.0.0.0/8` or a single address; the error names the entry.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let e = e.as_ref().trim();
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("server.trusted_proxies[{i}]: {e:?} is not an address or network")
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: `peer` unless it is a trusted proxy that sent `header` (the
/// values of the configured forwarding header, `header_name` telling which format).
pub fn client_ip(
    peer: IpAddr,
    header_name: &str,
    header: &[&str],
    trusted: &TrustedProxies,
) -> IpAddr {
    if header.is_empty() || !trusted.contains(peer) {
        return peer;
    }
    let forwarded = header_name.eq_ignore_ascii_case("forwarded");
    // All hops, left to right, over every instance of the header.
    let hops: Vec<&str> = header
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let parsed = if forwarded {
            forwarded_for(hop)
        } else {
            parse_addr(hop)
        };
        // An entry we cannot read ends what our proxies vouch for.
        let Some(ip) = parsed else { break };
        client = ip;
        if !trusted.contains(ip) {
            break;
        }
    }
    client
}

/// The `for=` address of one `Forwarded` element (`for=192.0.2.1;proto=https`,
/// `for="[2001:db8::1]:4711"`); `None` for obfuscated or missing ones.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("for") {
            return None;
        }
        parse_addr(v.trim().trim_matches('"'))
    })
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]`
/// or `[2001:db8::1]:443`.
fn parse_addr(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse(&["10.0.0.0/8", "127.0.0.1", "2001:db8:ffff::/48"]).unwrap()
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let t = proxies();
        let xff = |peer, h: &[&str]| client_ip(ip(peer), "X-Forwarded-For", h, &t);
        assert_eq!(xff("203.0.113.9", &["198.51.100.1"]), ip("203.0.113.9"));
        assert_eq!(xff("10.1.2.3", &["198.51.100.1"]), ip("198.51.100.1"));
        assert_eq!(xff("10.1.2.3", &[]), ip("10.1.2.3"));
    }

    #[test]
    fn the_rightmost_untrusted_address_wins_so_a_client_cannot_rotate_it() {
        let t = proxies();
        let xff = |h: &[&str]| client_ip(ip("10.0.0.1"), "X-Forwarded-For", h, &t);
        // The client wrote the first entry; our proxies appended the rest.
        assert_eq!(xff(&["1.1.1.1, 198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(xff(&["9.9.9.9, 198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(
            xff(&["1.1.1.1, 198.51.100.7, 10.2.2.2"]),
            ip("198.51.100.7")
        );
        // Several header lines count as one list.
        assert_eq!(
            xff(&["1.1.1.1", "198.51.100.7, 10.2.2.2"]),
            ip("198.51.100.7")
        );
        // Garbage ends what the proxies vouch for: the last proxy's address stands.
        assert_eq!(xff(&["198.51.100.7, junk, 10.2.2.2"]), ip("10.2.2.2"));
        // Only proxies: the leftmost of them.
        assert_eq!(xff(&["10.3.3.3, 10.2.2.2"]), ip("10.3.3.3"));
        // Ports and IPv4-mapped forms.
        assert_eq!(xff(&["198.51.100.7:5555"]), ip("198.51.100.7"));
        assert_eq!(xff(&["::ffff:198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(
            client_ip(
                ip("::ffff:10.0.0.1"),
                "X-Forwarded-For",
                &["198.51.100.7"],
                &t
            ),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn forwarded_elements_are_read_by_their_for_parameter() {
        let t = proxies();
        let fwd = |h: &[&str]| client_ip(ip("10.0.0.1"), "Forwarded", h, &t);
        assert_eq!(
            fwd(&["for=1.1.1.1, for=198.51.100.7;proto=https;by=10.0.0.1"]),
            ip("198.51.100.7")
        );
        assert_eq!(
            fwd(&[r#"for="[2001:db8::1]:4711", for=10.9.9.9"#]),
            ip("2001:db8::1")
        );
        // An obfuscated identifier cannot be checked: the proxy's address stands.
        assert_eq!(fwd(&["for=_hidden, for=10.9.9.9"]), ip("10.9.9.9"));
    }

    #[test]
    fn bad_entries_are_named() {
        let e = TrustedProxies::parse(&["10.0.0.0/8", "10.0.0.0/33"]).unwrap_err();
        assert!(e.contains("trusted_proxies[1]"), "{e}");
        assert!(TrustedProxies::parse(&["::1", "192.168.0.0/16"]).is_ok());
    }
}
