//! QR URLs: upper-case short and GS1 Digital Link forms, and reading them back.

use crate::codes_support::{ring, seq};
use rongma_domain::codes::{
    parse_code_path, GtinError, LinkError, PublicHost, Serial, SerialError, UrlTemplate,
};

/// Serial 1 under test key 1 (a documented vector).
fn serial() -> Serial {
    Serial::issue(&ring("1", &["1"]), seq(1))
}

#[test]
fn urls_are_upper_case_in_both_forms() {
    let host = PublicHost::parse("rongma.example.cn").unwrap();
    let s = serial();
    assert_eq!(
        UrlTemplate::short(&host).url(&s),
        "HTTPS://RONGMA.EXAMPLE.CN/C/1000000011WJKT6V41"
    );
    let dl = UrlTemplate::digital_link(&host, "6901234567892").unwrap();
    assert_eq!(
        dl.url(&s),
        "HTTPS://RONGMA.EXAMPLE.CN/01/06901234567892/21/1000000011WJKT6V41"
    );
    assert!(matches!(
        UrlTemplate::digital_link(&host, "6901234567891"),
        Err(GtinError::CheckDigit { expected: '2', .. })
    ));
    let with_port = PublicHost::parse("localhost:8080").unwrap();
    assert_eq!(
        UrlTemplate::short(&with_port).prefix(),
        "HTTPS://LOCALHOST:8080/C/"
    );
}

#[test]
fn hosts_are_host_names_only() {
    for bad in [
        "",
        "https://a.cn",
        "a.cn/x",
        "a..cn",
        "-a.cn",
        "a.cn:",
        "a.cn:port",
        "绒码.cn",
    ] {
        assert!(
            matches!(PublicHost::parse(bad), Err(LinkError::Host { .. })),
            "{bad}"
        );
    }
}

#[test]
fn scanned_paths_read_back_in_any_case() {
    let s = serial();
    let lower = s.as_str().to_lowercase();
    for path in [
        format!("/C/{s}"),
        format!("/c/{lower}/"),
        format!("https://rongma.example.cn/C/{s}?src=qr"),
        format!("HTTPS://RONGMA.EXAMPLE.CN/C/{s}"),
    ] {
        let got = parse_code_path(&path).unwrap();
        assert_eq!((got.serial, got.gtin), (s, None), "{path}");
    }
    for gtin in ["6901234567892", "06901234567892"] {
        let got = parse_code_path(&format!("/01/{gtin}/21/{lower}")).unwrap();
        assert_eq!(got.gtin.as_deref(), Some("06901234567892"));
        assert_eq!(got.serial, s);
    }
    assert_eq!(parse_code_path("/x/1"), Err(LinkError::NotACodePath));
    assert_eq!(
        parse_code_path("/01/6901234567892/21"),
        Err(LinkError::NotACodePath)
    );
    assert!(matches!(
        parse_code_path("/C/1000000011WJKT6V4"),
        Err(LinkError::Serial(SerialError::Length { found: 17, .. }))
    ));
    assert!(matches!(
        parse_code_path(&format!("/01/123/21/{s}")),
        Err(LinkError::Gtin(GtinError::Length { .. }))
    ));
}
