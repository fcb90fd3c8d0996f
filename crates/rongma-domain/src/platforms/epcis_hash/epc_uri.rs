//! EPC URIs (`urn:epc:id:…`), EPC class URIs (`urn:epc:class:lgtin:…`) and EPC pattern
//! URIs (`urn:epc:idpat:…`) as canonical GS1 Digital Link URIs on `https://id.gs1.org`,
//! following the EPC Tag Data Standard's translation: the company prefix and reference
//! become the GS1 key (with its indicator digit moved in front and a check digit added),
//! and the serial is kept with the characters Digital Link must escape percent-encoded.

const ID: &str = "https://id.gs1.org/";

/// GS1 mod-10 check digit of a digit string (weights 3, 1, 3 … from the right).
pub(super) fn check_digit(digits: &str) -> char {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn company_prefix(s: &str) -> bool {
    (6..=12).contains(&s.len()) && digits(s)
}

/// Units (characters or `%XX` escapes) of a GS1 AI encodable character set 82 value as
/// EPC URIs write it, or `None` if a character is not allowed there.
fn ai82_units(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if b[i] == b'%' {
            let (hi, lo) = (*b.get(i + 1)?, b.get(i + 2)?.to_ascii_uppercase());
            let ok = match hi {
                b'2' => matches!(lo, b'1' | b'2' | b'5'..=b'9' | b'A'..=b'F'),
                b'3' => lo.is_ascii_hexdigit(),
                b'4' | b'6' => matches!(lo, b'1'..=b'9' | b'A'..=b'F'),
                b'5' => matches!(lo, b'0'..=b'9' | b'A' | b'F'),
                b'7' => matches!(lo, b'0'..=b'9' | b'A'),
                _ => false,
            };
            if !ok {
                return None;
            }
            i += 3;
        } else if b[i].is_ascii_alphanumeric() || b"!')(*+,.:;=_-".contains(&b[i]) {
            i += 1;
        } else {
            return None;
        }
        n += 1;
    }
    Some(n)
}

fn ai82(s: &str, max: usize) -> bool {
    ai82_units(s).is_some_and(|n| (1..=max).contains(&n))
}

/// Characters Digital Link percent-encodes that EPC URIs may leave literal.
fn dl_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '!' => out.push_str("%21"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '*' => out.push_str("%2A"),
            '+' => out.push_str("%2B"),
            ',' => out.push_str("%2C"),
            ':' => out.push_str("%3A"),
            c => out.push(c),
        }
    }
    out
}

/// `cp` + `reference` of `total` digits with its check digit appended.
fn key(cp: &str, reference: &str, total: usize) -> Option<String> {
    (company_prefix(cp) && digits(reference) && cp.len() + reference.len() == total).then(|| {
        let raw = format!("{cp}{reference}");
        let cd = check_digit(&raw);
        format!("{raw}{cd}")
    })
}

/// A GTIN-14 (or SSCC-18) from company prefix and a reference led by its indicator or
/// extension digit, which moves to the front.
fn led_key(cp: &str, reference: &str, total: usize) -> Option<String> {
    if !(company_prefix(cp) && digits(reference) && cp.len() + reference.len() == total) {
        return None;
    }
    let (lead, rest) = reference.split_at(1);
    let raw = format!("{lead}{cp}{rest}");
    let cd = check_digit(&raw);
    Some(format!("{raw}{cd}"))
}

/// The reference of a CPI: digits, capitals, `-`, or escapes of `#`, `-`, `/` and those.
fn cpi_units(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if b[i] == b'%' {
            let (hi, lo) = (*b.get(i + 1)?, b.get(i + 2)?.to_ascii_uppercase());
            let ok = match hi {
                b'2' => matches!(lo, b'3' | b'D' | b'F'),
                b'3' => lo.is_ascii_digit(),
                b'4' => matches!(lo, b'1'..=b'9' | b'A'..=b'F'),
                b'5' => matches!(lo, b'0'..=b'9' | b'A'),
                _ => false,
            };
            if !ok {
                return None;
            }
            i += 3;
        } else if b[i].is_ascii_digit() || b[i].is_ascii_uppercase() || b[i] == b'-' {
            i += 1;
        } else {
            return None;
        }
        n += 1;
    }
    Some(n)
}

fn serial_digits(s: &str) -> bool {
    (1..=12).contains(&s.len()) && digits(s)
}

fn id_uri(scheme: &str, body: &str) -> Option<String> {
    let p: Vec<&str> = body.splitn(3, '.').collect();
    let two = || (p.len() == 2).then(|| (p[0], p[1]));
    let three = || (p.len() == 3).then(|| (p[0], p[1], p[2]));
    Some(match scheme {
        "sgtin" => {
            let (cp, item, serial) = three()?;
            let gtin = led_key(cp, item, 13)?;
            ai82(serial, 20).then_some(())?;
            format!("{ID}01/{gtin}/21/{}", dl_escape(serial))
        }
        "sscc" => format!("{ID}00/{}", led_key(two()?.0, two()?.1, 17)?),
        "sgln" => {
            let (cp, loc, ext) = three()?;
            let gln = key(cp, loc, 12)?;
            ai82(ext, 20).then_some(())?;
            match ext {
                "0" => format!("{ID}414/{gln}"),
                _ => format!("{ID}414/{gln}/254/{}", dl_escape(ext)),
            }
        }
        "grai" => {
            let (cp, kind, serial) = three()?;
            let grai = key(cp, kind, 12)?;
            ai82(serial, 16).then_some(())?;
            format!("{ID}8003/0{grai}{}", dl_escape(serial))
        }
        "giai" | "ginc" => {
            // The reference may hold dots: it is everything after the company prefix.
            let (cp, reference) = body.split_once('.')?;
            (company_prefix(cp) && ai82(reference, 30 - cp.len())).then_some(())?;
            let ai = if scheme == "giai" { "8004" } else { "401" };
            format!("{ID}{ai}/{cp}{}", dl_escape(reference))
        }
        "gsrn" => format!("{ID}8018/{}", key(two()?.0, two()?.1, 17)?),
        "gsrnp" => format!("{ID}8017/{}", key(two()?.0, two()?.1, 17)?),
        "gdti" => {
            let (cp, kind, serial) = three()?;
            let gdti = key(cp, kind, 12)?;
            // The separating dot counts towards the 20 characters the TDS allows.
            ai82_units(serial).filter(|n| *n < 20)?;
            format!("{ID}253/{gdti}{}", dl_escape(serial))
        }
        "cpi" => {
            let (cp, reference, serial) = three()?;
            let n = cpi_units(reference)?;
            (company_prefix(cp) && (1..=30 - cp.len()).contains(&n) && serial_digits(serial))
                .then_some(())?;
            format!("{ID}8010/{cp}{reference}/8011/{serial}")
        }
        "sgcn" => {
            let (cp, coupon, serial) = three()?;
            let gcn = key(cp, coupon, 12)?;
            serial_digits(serial).then_some(())?;
            format!("{ID}255/{gcn}{serial}")
        }
        "gsin" => format!("{ID}402/{}", key(two()?.0, two()?.1, 16)?),
        "pgln" => format!("{ID}417/{}", key(two()?.0, two()?.1, 12)?),
        "itip" => {
            let q: Vec<&str> = body.splitn(5, '.').collect();
            let [cp, item, piece, total, serial] = q.as_slice() else {
                return None;
            };
            let gtin = led_key(cp, item, 13)?;
            let two_digits = |s: &str| s.len() == 2 && digits(s);
            (two_digits(piece) && two_digits(total) && ai82(serial, 20)).then_some(())?;
            format!("{ID}8006/{gtin}{piece}{total}/21/{}", dl_escape(serial))
        }
        "upui" => {
            let (cp, item, tpx) = three()?;
            let gtin = led_key(cp, item, 13)?;
            ai82(tpx, 28).then_some(())?;
            format!("{ID}01/{gtin}/235/{}", dl_escape(tpx))
        }
        _ => return None,
    })
}

fn pattern_uri(scheme: &str, body: &str) -> Option<String> {
    let rest = body.strip_suffix(".*")?;
    let p: Vec<&str> = rest.splitn(4, '.').collect();
    Some(match (scheme, p.as_slice()) {
        ("sgtin" | "upui", [cp, item]) => format!("{ID}01/{}", led_key(cp, item, 13)?),
        ("grai", [cp, kind]) => format!("{ID}8003/0{}", key(cp, kind, 12)?),
        ("gdti", [cp, kind]) => format!("{ID}253/{}", key(cp, kind, 12)?),
        ("sgcn", [cp, coupon]) => format!("{ID}255/{}", key(cp, coupon, 12)?),
        ("cpi", [cp, reference]) => {
            let n = cpi_units(reference)?;
            (company_prefix(cp) && (1..=30 - cp.len()).contains(&n)).then_some(())?;
            format!("{ID}8010/{cp}{reference}")
        }
        ("itip", [cp, item, piece, total]) => {
            let two_digits = |s: &str| s.len() == 2 && digits(s);
            (two_digits(piece) && two_digits(total)).then_some(())?;
            format!("{ID}8006/{}{piece}{total}", led_key(cp, item, 13)?)
        }
        _ => return None,
    })
}

/// The Digital Link URI of an EPC, EPC class or EPC pattern URI; `None` for anything
/// else, including EPC URIs that break the Tag Data Standard's syntax.
pub(super) fn epc_to_digital_link(uri: &str) -> Option<String> {
    if let Some(rest) = uri.strip_prefix("urn:epc:id:") {
        let (scheme, body) = rest.split_once(':')?;
        return id_uri(scheme, body);
    }
    if let Some(body) = uri.strip_prefix("urn:epc:class:lgtin:") {
        let p: Vec<&str> = body.splitn(3, '.').collect();
        let [cp, item, lot] = p.as_slice() else {
            return None;
        };
        let gtin = led_key(cp, item, 13)?;
        ai82(lot, 20).then_some(())?;
        return Some(format!("{ID}01/{gtin}/10/{}", dl_escape(lot)));
    }
    let rest = uri.strip_prefix("urn:epc:idpat:")?;
    let (scheme, body) = rest.split_once(':')?;
    pattern_uri(scheme, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_and_refusals() {
        let table = [
            (
                "urn:epc:id:sgtin:0614141.107346.2017",
                Some("https://id.gs1.org/01/10614141073464/21/2017"),
            ),
            (
                "urn:epc:id:sgtin:0614141.107346.A!B",
                Some("https://id.gs1.org/01/10614141073464/21/A%21B"),
            ),
            (
                "urn:epc:id:sscc:0614141.1234567890",
                Some("https://id.gs1.org/00/106141412345678908"),
            ),
            (
                "urn:epc:id:sgln:0614141.12345.0",
                Some("https://id.gs1.org/414/0614141123452"),
            ),
            (
                "urn:epc:class:lgtin:0614141.107346.LOT1",
                Some("https://id.gs1.org/01/10614141073464/10/LOT1"),
            ),
            (
                "urn:epc:idpat:sgtin:0614141.107346.*",
                Some("https://id.gs1.org/01/10614141073464"),
            ),
            // Company prefix and reference must add up to the key's length.
            ("urn:epc:id:sgtin:0614141.10734.2017", None),
            ("urn:epc:id:sgtin:06141.1073461.2017", None),
            // Serial: 1–20 characters of the EPC alphabet; % only as an allowed escape.
            ("urn:epc:id:sgtin:0614141.107346.", None),
            (
                "urn:epc:id:sgtin:0614141.107346.123456789012345678901",
                None,
            ),
            ("urn:epc:id:sgtin:0614141.107346.A%40B", None),
            ("urn:epc:id:sgtin:0614141.107346.A B", None),
            ("urn:epc:id:unknown:0614141.107346.1", None),
            ("urn:epc:idpat:sgtin:0614141.107346.1", None),
            ("https://id.gs1.org/01/10614141073464", None),
        ];
        for (uri, want) in table {
            assert_eq!(epc_to_digital_link(uri).as_deref(), want, "{uri}");
        }
    }

    #[test]
    fn check_digits() {
        // GTIN 0950600013435 + 2, SSCC 10614141234567890 + 8.
        assert_eq!(check_digit("0950600013435"), '2');
        assert_eq!(check_digit("10614141234567890"), '8');
    }
}
