//! GS1 Digital Link URIs in the constrained canonical form the event hash uses: the
//! domain replaced by `id.gs1.org`, the query dropped, short key names (`/gtin/`) as AIs,
//! GTINs padded to 14 digits, no CPV (AI 22), and only the finest level of identification
//! (a serial makes the lot redundant). A URI that does not end up in one of the accepted
//! shapes is not a Digital Link for hashing purposes and is kept as written.

const ROOT: &str = "https://id.gs1.org";

const PRIMARY_KEYS: &[&str] = &[
    "01", "gtin", "8006", "itip", "8010", "cpid", "414", "gln", "417", "party", "8017", "gsrnp",
    "8018", "gsrn", "255", "gcn", "00", "sscc", "253", "gdti", "401", "ginc", "402", "gsin",
    "8003", "grai", "8004", "giai",
];

const SHORT_NAMES: [(&str, &str); 17] = [
    ("/gtin/", "/01/"),
    ("/itip/", "/8006/"),
    ("/cpid/", "/8010/"),
    ("/gln/", "/414/"),
    ("/party/", "/417/"),
    ("/gsrnp/", "/8017/"),
    ("/gsrn/", "/8018/"),
    ("/gcn/", "/255/"),
    ("/sscc/", "/00/"),
    ("/gdti/", "/253/"),
    ("/ginc/", "/401/"),
    ("/gsin/", "/402/"),
    ("/grai/", "/8003/"),
    ("/giai/", "/8004/"),
    ("/cpv/", "/22/"),
    ("/lot/", "/10/"),
    ("/ser/", "/21/"),
];

/// The order in which a custom domain's path is searched for the primary key.
const KEY_SEARCH: [&str; 14] = [
    "/00/", "/01/", "/253/", "/255/", "/401/", "/402/", "/414/", "/417/", "/8003/", "/8004/",
    "/8006/", "/8010/", "/8017/", "/8018/",
];

/// Characters a canonical value may hold (GS1 AI-82 without those that need escaping).
fn cset(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'-' | b'.' | b'0'..=b'9' | b';'..=b'?' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn value(s: &str, max: usize) -> bool {
    s.len() <= max && s.bytes().all(cset)
}

/// A primary key somewhere in the path (before any query or fragment), followed by
/// at least four digits and one more character.
fn looks_like_digital_link(uri: &str) -> bool {
    let Some(rest) = uri
        .strip_prefix("https:")
        .or_else(|| uri.strip_prefix("http:"))
    else {
        return false;
    };
    let head = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    head.match_indices('/').any(|(i, _)| {
        let after = &rest[i + 1..];
        PRIMARY_KEYS.iter().any(|k| {
            after
                .strip_prefix(k)
                .and_then(|a| a.strip_prefix('/'))
                .is_some_and(|v| {
                    let b = v.as_bytes();
                    b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] != b'/'
                })
        })
    })
}

/// One of the shapes a constrained canonical Digital Link URI may take.
fn accepted(uri: &str) -> bool {
    let Some(path) = uri.strip_prefix("https://id.gs1.org/") else {
        return false;
    };
    let parts: Vec<&str> = path.split('/').collect();
    let d = all_digits;
    let cpi = |s: &str| {
        s.len() <= 30
            && s.bytes().all(|b| {
                b == b'#' || b == b'-' || b == b'/' || b.is_ascii_digit() || b.is_ascii_uppercase()
            })
    };
    match parts.as_slice() {
        ["00", k] => d(k, 18),
        ["01", k] => d(k, 14),
        ["01", k, "21" | "10", v] => d(k, 14) && value(v, 20),
        ["01", k, "235", v] => d(k, 14) && value(v, 28),
        ["253", k] => k.len() >= 13 && d(&k[..13], 13) && value(&k[13..], 17),
        ["255", k] => (13..=25).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_digit()),
        ["401" | "8004", k] => value(k, 30),
        ["402", k] => d(k, 17),
        ["414" | "417", k] => d(k, 13),
        ["414", k, "254", v] => d(k, 13) && value(v, 20),
        ["8003", k] => k.len() >= 14 && d(&k[..14], 14) && value(&k[14..], 16),
        ["8006", k] => d(k, 18),
        ["8006", k, "21" | "10", v] => d(k, 18) && value(v, 20),
        ["8017" | "8018", k] => d(k, 18),
        _ => path
            .strip_prefix("8010/")
            .is_some_and(|cp| match cp.rsplit_once("/8011/") {
                Some((c, s)) => cpi(c) && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()),
                None => cpi(cp),
            }),
    }
}

/// Already `https://id.gs1.org/{primary key AI}/{four digits and more}`.
fn on_canonical_root(uri: &str) -> bool {
    let Some(path) = uri.strip_prefix("https://id.gs1.org/") else {
        return false;
    };
    KEY_SEARCH.iter().any(|k| {
        path.strip_prefix(&k[1..]).is_some_and(|v| {
            let b = v.as_bytes();
            b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] != b'/'
        })
    })
}

/// `/01/{gtin}/22/{cpv}…` without the CPV, and `/10/{lot}/21/{serial}` without the lot.
fn finest_level(uri: String) -> String {
    let Some(path) = uri.strip_prefix("https://id.gs1.org/") else {
        return uri;
    };
    let parts: Vec<&str> = path.split('/').collect();
    let key_ok = |p: &[&str]| match p {
        ["01", k, ..] => all_digits(k, 14),
        ["8006", k, ..] => all_digits(k, 18),
        _ => false,
    };
    if parts.len() >= 4 && key_ok(&parts) && parts[2] == "22" {
        let tail = parts[3..].join("/");
        if tail.len() <= 20 && tail.bytes().all(|b| b == b'/' || cset(b)) {
            let rest: Vec<&str> = parts[..2].iter().chain(&parts[4..]).copied().collect();
            return finest_level(format!("{ROOT}/{}", rest.join("/")));
        }
    }
    if let [_, _, "10", lot, "21", serial] = parts.as_slice() {
        if key_ok(&parts) && value(lot, 20) && value(serial, 20) {
            return format!("{ROOT}/{}/{}/21/{serial}", parts[0], parts[1]);
        }
    }
    uri
}

/// The constrained canonical form of a Digital Link URI, or `None` if `uri` is not one.
pub(super) fn canonical_digital_link(uri: &str) -> Option<String> {
    if !uri.contains('.') || !looks_like_digital_link(uri) {
        return None;
    }
    let mut u = uri[..uri.find('?').unwrap_or(uri.len())].to_owned();
    for (short, ai) in SHORT_NAMES {
        if u.contains(short) {
            u = u.replace(short, ai);
        }
    }
    if !on_canonical_root(&u) {
        if let Some(i) = KEY_SEARCH.iter().find_map(|k| u.find(k)) {
            u = format!("{ROOT}{}", &u[i..]);
        }
    }
    if let Some(gtin) = u.strip_prefix("https://id.gs1.org/01/") {
        let n = gtin.bytes().take_while(u8::is_ascii_digit).count();
        let pad = match n {
            13 => "0",
            12 => "00",
            8..=11 => "000000",
            _ => "",
        };
        u = u.replace("/01/", &format!("/01/{pad}"));
    }
    let u = finest_level(u);
    accepted(&u).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let table = [
            (
                "https://id.gs1.org/01/09506000134352/21/ABC",
                Some("https://id.gs1.org/01/09506000134352/21/ABC"),
            ),
            ("HTTPS://id.gs1.org/01/09506000134352", None),
            (
                "https://example.com/gtin/09780345418913/21/765tz?abc=211121",
                Some("https://id.gs1.org/01/09780345418913/21/765tz"),
            ),
            (
                "https://id.gs1.org/gtin/9780345418913",
                Some("https://id.gs1.org/01/09780345418913"),
            ),
            (
                "https://brand.example/shop/01/614141123452/10/L1/21/S1",
                Some("https://id.gs1.org/01/00614141123452/21/S1"),
            ),
            (
                "https://id.gs1.org/01/09506000134352/22/2A/21/S1",
                Some("https://id.gs1.org/01/09506000134352/21/S1"),
            ),
            (
                "https://id.gs1.org/01/09506000134352/22/2A",
                Some("https://id.gs1.org/01/09506000134352"),
            ),
            (
                "https://id.example.com/253/4012345000054987",
                Some("https://id.gs1.org/253/4012345000054987"),
            ),
            ("https://id.gs1.org/01/09506000134352/21/A%2FB", None),
            ("https://id.gs1.org/01/09506000134352/", None),
            (
                "https://accreditation-council.example.org/certificate/ABC12345",
                None,
            ),
            ("https://rongma.example.cn/C/0123456789ABCDEFGH", None),
            ("geo:50.94,6.92", None),
        ];
        for (uri, want) in table {
            assert_eq!(canonical_digital_link(uri).as_deref(), want, "{uri}");
        }
    }
}
