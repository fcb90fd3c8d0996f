//! What kind of address an IP is, from the IANA special-purpose registries (RFC 6890 and
//! successors). IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by
//! that address, because that is where the packets end up.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kinds an outbound call may be refused for; `Global` is an ordinary public address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKind {
    Global,
    Loopback,
    /// RFC 1918, IPv6 unique-local (fc00::/7), deprecated site-local, local-use NAT64.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT (RFC 6598).
    SharedCgnat,
    LinkLocal,
    Unspecified,
    Multicast,
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.
    Documentation,
    /// 198.18.0.0/15, 2001:2::/48.
    Benchmarking,
    /// 0.0.0.0/8 other than 0.0.0.0 itself.
    ThisNetwork,
    /// Everything else set aside: 240/4, 192.0.0/24, 6to4 relays, discard-only, Teredo,
    /// ORCHID, IPv4-compatible IPv6 …
    Reserved,
}

impl AddressKind {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Global => "a public address",
            Self::Loopback => "a loopback address",
            Self::Private => "a private address",
            Self::SharedCgnat => "a carrier-grade NAT address (100.64.0.0/10)",
            Self::LinkLocal => "a link-local address",
            Self::Unspecified => "the unspecified address",
            Self::Multicast => "a multicast address",
            Self::Broadcast => "the broadcast address",
            Self::Documentation => "a documentation address",
            Self::Benchmarking => "a benchmarking address",
            Self::ThisNetwork => "a \"this network\" address (0.0.0.0/8)",
            Self::Reserved => "a reserved address",
        }
    }
}

/// An address's kind, and the IPv4 address it was judged by when it embeds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub kind: AddressKind,
    pub embedded: Option<(Embedding, Ipv4Addr)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embedding {
    /// ::ffff:0:0/96
    Mapped,
    /// 64:ff9b::/96
    Nat64,
    /// 2002::/16
    SixToFour,
}

impl fmt::Display for Embedding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Mapped => "IPv4-mapped",
            Self::Nat64 => "NAT64",
            Self::SixToFour => "6to4",
        })
    }
}

fn in_v4(a: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    u32::from(a) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn in_v6(a: Ipv6Addr, net: [u16; 8], prefix: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
    u128::from(a) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

pub fn classify_v4(a: Ipv4Addr) -> AddressKind {
    use AddressKind::*;
    let table: [([u8; 4], u32, AddressKind); 18] = [
        ([0, 0, 0, 0], 32, Unspecified),
        ([0, 0, 0, 0], 8, ThisNetwork),
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, SharedCgnat),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 0, 0], 24, Reserved),
        ([192, 0, 2, 0], 24, Documentation),
        ([192, 88, 99, 0], 24, Reserved),
        ([192, 168, 0, 0], 16, Private),
        ([198, 18, 0, 0], 15, Benchmarking),
        ([198, 51, 100, 0], 24, Documentation),
        ([203, 0, 113, 0], 24, Documentation),
        ([224, 0, 0, 0], 4, Multicast),
        ([255, 255, 255, 255], 32, Broadcast),
        ([240, 0, 0, 0], 4, Reserved),
        ([0, 0, 0, 0], 0, Global),
    ];
    table
        .iter()
        .find(|(net, p, _)| in_v4(a, *net, *p))
        .map_or(Global, |&(_, _, k)| k)
}

pub fn classify(ip: IpAddr) -> Classification {
    let plain = |kind| Classification {
        kind,
        embedded: None,
    };
    let v6 = match ip {
        IpAddr::V4(a) => return plain(classify_v4(a)),
        IpAddr::V6(a) => a,
    };
    let bits = u128::from(v6);
    let embedded = |how, v4: Ipv4Addr| Classification {
        kind: classify_v4(v4),
        embedded: Some((how, v4)),
    };
    if let Some(v4) = v6.to_ipv4_mapped() {
        return embedded(Embedding::Mapped, v4);
    }
    if in_v6(v6, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96) {
        return embedded(Embedding::Nat64, Ipv4Addr::from(bits as u32));
    }
    if in_v6(v6, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        return embedded(Embedding::SixToFour, Ipv4Addr::from((bits >> 80) as u32));
    }
    use AddressKind::*;
    let table: [([u16; 8], u32, AddressKind); 15] = [
        ([0, 0, 0, 0, 0, 0, 0, 0], 128, Unspecified),
        ([0, 0, 0, 0, 0, 0, 0, 1], 128, Loopback),
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Private),
        // IPv4-compatible (deprecated) and the rest of ::/8.
        ([0, 0, 0, 0, 0, 0, 0, 0], 8, Reserved),
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Reserved),
        ([0x2001, 0x2, 0, 0, 0, 0, 0, 0], 48, Benchmarking),
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Documentation),
        // Teredo, ORCHID and the other IETF protocol assignments.
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, Reserved),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Documentation),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Private),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, LinkLocal),
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, Private),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Multicast),
        // Only 2000::/3 is allocated for global unicast.
        ([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, Global),
        ([0, 0, 0, 0, 0, 0, 0, 0], 0, Reserved),
    ];
    plain(
        table
            .iter()
            .find(|(net, p, _)| in_v6(v6, *net, *p))
            .map_or(Reserved, |&(_, _, k)| k),
    )
}
