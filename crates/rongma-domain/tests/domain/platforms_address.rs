//! The outbound address policy: address kinds from the special-purpose registries, and
//! endpoint URLs under the production and test policies.

use rongma_domain::platforms::address::{
    check_endpoint, classify, host_to_resolve, AddressKind, AddressPolicy, Embedding, Refusal,
};
use std::net::IpAddr;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn address_kinds() {
    use AddressKind::*;
    let table = [
        ("8.8.8.8", Global),
        ("1.1.1.1", Global),
        ("0.0.0.0", Unspecified),
        ("0.1.2.3", ThisNetwork),
        ("10.1.2.3", Private),
        ("100.63.255.255", Global),
        ("100.64.0.1", SharedCgnat),
        ("100.127.255.255", SharedCgnat),
        ("100.128.0.0", Global),
        ("127.0.0.1", Loopback),
        ("127.255.255.254", Loopback),
        ("169.254.169.254", LinkLocal),
        ("172.15.255.255", Global),
        ("172.16.0.1", Private),
        ("172.31.255.255", Private),
        ("172.32.0.0", Global),
        ("192.0.0.8", Reserved),
        ("192.0.2.1", Documentation),
        ("192.88.99.1", Reserved),
        ("192.168.1.1", Private),
        ("198.18.0.1", Benchmarking),
        ("198.19.255.255", Benchmarking),
        ("198.51.100.7", Documentation),
        ("203.0.113.9", Documentation),
        ("224.0.0.1", Multicast),
        ("239.255.255.250", Multicast),
        ("240.0.0.1", Reserved),
        ("255.255.255.255", Broadcast),
        ("2606:4700:4700::1111", Global),
        ("::", Unspecified),
        ("::1", Loopback),
        ("::127.0.0.1", Reserved),
        ("64:ff9b:1::a00:1", Private),
        ("100::1", Reserved),
        ("2001::1", Reserved),
        ("2001:2::1", Benchmarking),
        ("2001:10::1", Reserved),
        ("2001:db8::1", Documentation),
        ("3fff::1", Documentation),
        ("fc00::1", Private),
        ("fd12:3456::1", Private),
        ("fe80::1", LinkLocal),
        ("fec0::1", Private),
        ("ff02::1", Multicast),
        ("4000::1", Reserved),
    ];
    for (text, kind) in table {
        let c = classify(ip(text));
        assert_eq!(c.kind, kind, "{text}");
        assert_eq!(c.embedded, None, "{text}");
    }
}

#[test]
fn embedded_ipv4_is_judged_by_the_ipv4_address() {
    use AddressKind::*;
    let table = [
        ("::ffff:127.0.0.1", Embedding::Mapped, "127.0.0.1", Loopback),
        ("::ffff:10.0.0.1", Embedding::Mapped, "10.0.0.1", Private),
        ("::ffff:8.8.8.8", Embedding::Mapped, "8.8.8.8", Global),
        (
            "64:ff9b::a9fe:a9fe",
            Embedding::Nat64,
            "169.254.169.254",
            LinkLocal,
        ),
        ("64:ff9b::808:808", Embedding::Nat64, "8.8.8.8", Global),
        (
            "2002:c0a8:0101::1",
            Embedding::SixToFour,
            "192.168.1.1",
            Private,
        ),
        ("2002:0808:0808::1", Embedding::SixToFour, "8.8.8.8", Global),
    ];
    for (text, how, v4, kind) in table {
        let c = classify(ip(text));
        assert_eq!(c.kind, kind, "{text}");
        assert_eq!(c.embedded, Some((how, v4.parse().unwrap())), "{text}");
    }
}

#[test]
fn endpoint_urls_under_the_production_policy() {
    let p = AddressPolicy::default();
    let public = [ip("93.184.216.34")];
    let ok = check_endpoint(&p, "https://Hooks.Example.com/rongma?x=1", &public).unwrap();
    assert_eq!(ok.url, "https://hooks.example.com/rongma?x=1");
    assert_eq!((ok.host.as_str(), ok.port), ("hooks.example.com", 443));
    assert_eq!(ok.addresses, public);

    let refused = |url: &str, resolved: &[IpAddr]| check_endpoint(&p, url, resolved).unwrap_err();
    assert!(matches!(
        refused("not a url", &public),
        Refusal::BadUrl { .. }
    ));
    assert_eq!(
        refused("http://hooks.example.com/", &public),
        Refusal::Scheme {
            scheme: "http".into()
        }
    );
    assert_eq!(
        refused("ftp://hooks.example.com/", &public),
        Refusal::Scheme {
            scheme: "ftp".into()
        }
    );
    assert_eq!(
        refused("https://user:pw@hooks.example.com/", &public),
        Refusal::Credentials
    );
    assert_eq!(
        refused("https://hooks.example.com/", &[]),
        Refusal::NotResolved {
            host: "hooks.example.com".into()
        }
    );
    assert_eq!(
        refused("https://localhost:8443/", &[ip("127.0.0.1")]),
        Refusal::LocalName {
            host: "localhost".into()
        }
    );
    // One internal answer among public ones is enough to refuse (DNS rebinding).
    let e = refused(
        "https://hooks.example.com/",
        &[ip("93.184.216.34"), ip("10.0.0.7")],
    );
    assert_eq!(e.to_string(), "10.0.0.7 is a private address");
    // IP literals in their odd spellings are still the address they name.
    for (url, text) in [
        ("https://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("https://0x7f.1/", "127.0.0.1 is a loopback address"),
        ("https://2130706433/", "127.0.0.1 is a loopback address"),
        ("https://[::1]/", "::1 is a loopback address"),
        (
            "https://[::ffff:169.254.169.254]/",
            "::ffff:169.254.169.254 (IPv4-mapped 169.254.169.254) is a link-local address",
        ),
        (
            "https://100.64.1.1/",
            "100.64.1.1 is a carrier-grade NAT address (100.64.0.0/10)",
        ),
        ("https://0.0.0.0/", "0.0.0.0 is the unspecified address"),
        ("https://[fd00::1]/", "fd00::1 is a private address"),
    ] {
        assert_eq!(refused(url, &[]).to_string(), text, "{url}");
    }
}

#[test]
fn test_policies_open_only_what_they_name() {
    let tests = AddressPolicy::for_local_tests();
    let ok = check_endpoint(
        &tests,
        "http://localhost:8080/hook",
        &[ip("127.0.0.1"), ip("::1")],
    )
    .unwrap();
    assert_eq!((ok.port, ok.addresses.len()), (8080, 2));
    assert!(check_endpoint(&tests, "http://127.0.0.1:9/", &[]).is_ok());
    // Loopback allowed does not mean private allowed.
    assert!(check_endpoint(&tests, "http://192.168.0.10/", &[]).is_err());
    let private = AddressPolicy {
        allow_private: true,
        ..AddressPolicy::default()
    };
    assert!(check_endpoint(&private, "https://10.1.2.3/", &[]).is_ok());
    assert!(check_endpoint(&private, "https://100.64.0.9/", &[]).is_ok());
    assert!(check_endpoint(&private, "https://169.254.169.254/", &[]).is_err());
    assert!(check_endpoint(&private, "https://127.0.0.1/", &[]).is_err());
    let policy: AddressPolicy = toml::from_str("allow_loopback = true").unwrap();
    assert!(policy.allow_loopback && !policy.allow_insecure_http);
    assert!(toml::from_str::<AddressPolicy>("allow_everything = true").is_err());
}

#[test]
fn host_to_resolve_skips_literals() {
    assert_eq!(
        host_to_resolve("https://hooks.example.com:8443/x"),
        Some(("hooks.example.com".into(), 8443))
    );
    assert_eq!(host_to_resolve("https://10.0.0.1/"), None);
    assert_eq!(host_to_resolve("https://[::1]/"), None);
}
