//! What sellers write on listings, read into values: `5A`, `AAAAA`, `五A级` as a grade;
//! `90%`, `≥90％`, `90` as a 绒子含量; `180g`, `180 克`, `0.18kg` as a 充绒量; `白鹅绒`,
//! `goose down` as a species. Full-width forms (as Chinese input methods type them) are
//! read as their ASCII twins. Numbers are exact decimals; anything unclear is an error,
//! never a guess.

use crate::grading::Grade;
use crate::registry::DownSpecies;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Full-width ASCII to ASCII, ideographic spaces dropped, ASCII spaces dropped.
fn normalise(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' => None,
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect()
}

fn strip_label<'a>(text: &'a str, labels: &[&str]) -> &'a str {
    for label in labels {
        if let Some(rest) = text.strip_prefix(label) {
            return rest.trim_start_matches([':', '：']);
        }
    }
    text
}

/// `5A`, `5a`, `AAAAA`, `五A`, with an optional `级` and an optional `等级:` label.
pub fn parse_grade(text: &str) -> Result<Grade, String> {
    let n = normalise(text).to_uppercase();
    let n = strip_label(&n, &["质量等级", "等级", "GRADE"]);
    let core = n.trim_end_matches(['级', '級']);
    let steps = match core.as_bytes() {
        [d @ b'1'..=b'5', b'A'] => Some(usize::from(d - b'0')),
        b if !b.is_empty() && b.len() <= 5 && b.iter().all(|&c| c == b'A') => Some(b.len()),
        _ => core.strip_suffix('A').and_then(|numeral| {
            ["一", "二", "三", "四", "五"]
                .iter()
                .position(|z| *z == numeral)
                .map(|i| i + 1)
        }),
    };
    steps
        .and_then(|s| Grade::from_index(s - 1))
        .ok_or_else(|| "expected a grade 1A–5A (or A … AAAAA)".to_owned())
}

fn exact(text: &str) -> Result<Decimal, String> {
    let ok = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|&b| b == b'.').count() <= 1
        && !text.starts_with('.')
        && !text.ends_with('.');
    if !ok {
        return Err("expected a number such as 90 or 90.5".to_owned());
    }
    Decimal::from_str(text).map_err(|e| e.to_string())
}

/// A 绒子含量 claim in percent: `90`, `90%`, `≥90%`, `90%以上`; 0 < value ≤ 100.
pub fn parse_percent(text: &str) -> Result<Decimal, String> {
    let n = normalise(text);
    let n = strip_label(&n, &["绒子含量", "含绒量", "含绒"]);
    let n = n.trim_start_matches("≥").trim_start_matches(">=");
    let n = n.trim_end_matches("以上");
    let n = n.strip_suffix('%').unwrap_or(n);
    let v = exact(n)?;
    if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        return Err(format!("{v} % is outside 0–100 %"));
    }
    Ok(v.normalize())
}

/// A 充绒量 claim in grams: `180`, `180g`, `180克`, `0.18kg`, `0.18公斤`; 0 < g ≤ 5000.
pub fn parse_grams(text: &str) -> Result<Decimal, String> {
    let n = normalise(text).to_lowercase();
    let n = strip_label(&n, &["充绒量", "充绒"]);
    let (number, factor) = [
        ("kg", 1000),
        ("千克", 1000),
        ("公斤", 1000),
        ("g", 1),
        ("克", 1),
    ]
    .iter()
    .find_map(|(unit, f)| n.strip_suffix(unit).map(|num| (num, *f)))
    .unwrap_or((n, 1));
    let v = exact(number)? * Decimal::from(factor);
    if v <= Decimal::ZERO || v > Decimal::from(5000) {
        return Err(format!("{} g is outside 0–5000 g", v.normalize()));
    }
    Ok(v.normalize())
}

/// The down species named in `白鹅绒`, `灰鸭绒`, `鹅绒`, `goose down`, `duck` ….
pub fn parse_species(text: &str) -> Result<DownSpecies, String> {
    let n = normalise(text).to_lowercase();
    let goose = n.contains('鹅') || n.contains('鵝') || n.contains("goose");
    let duck = n.contains('鸭') || n.contains('鴨') || n.contains("duck");
    match (goose, duck) {
        (true, false) => Ok(DownSpecies::Goose),
        (false, true) => Ok(DownSpecies::Duck),
        (true, true) => Err("names both goose and duck".to_owned()),
        (false, false) => Err("names neither goose (鹅) nor duck (鸭)".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn grades() {
        let table = [
            ("5A", Some(Grade::G5A)),
            ("5a", Some(Grade::G5A)),
            (" 4A级", Some(Grade::G4A)),
            ("AAAAA", Some(Grade::G5A)),
            ("aaa", Some(Grade::G3A)),
            ("ＡＡＡＡ", Some(Grade::G4A)),
            ("５Ａ", Some(Grade::G5A)),
            ("五A级", Some(Grade::G5A)),
            ("等级：3A", Some(Grade::G3A)),
            ("Grade 2A", Some(Grade::G2A)),
            ("6A", None),
            ("AAAAAA", None),
            ("0A", None),
            ("5", None),
            ("A级棉", None),
            ("", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_grade(text).ok(), want, "{text:?}");
        }
    }

    #[test]
    fn percents() {
        let table = [
            ("90", Some(d("90"))),
            ("90%", Some(d("90"))),
            ("90.5 %", Some(d("90.5"))),
            ("９０％", Some(d("90"))),
            ("≥90%", Some(d("90"))),
            ("90%以上", Some(d("90"))),
            ("含绒量：95%", Some(d("95"))),
            ("90.0", Some(d("90"))),
            ("100", Some(d("100"))),
            ("100.1", None),
            ("0", None),
            ("-5", None),
            ("九十", None),
            ("9O%", None),
            ("1e2", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_percent(text).ok(), want, "{text:?}");
        }
    }

    #[test]
    fn grams() {
        let table = [
            ("180", Some(d("180"))),
            ("180g", Some(d("180"))),
            ("180 G", Some(d("180"))),
            ("180克", Some(d("180"))),
            ("0.18kg", Some(d("180"))),
            ("0.185公斤", Some(d("185"))),
            ("１８０ｇ", Some(d("180"))),
            ("充绒量：200g", Some(d("200"))),
            ("5001", None),
            ("0g", None),
            ("180斤", None),
            ("about 180", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_grams(text).ok(), want, "{text:?}");
        }
    }

    #[test]
    fn species() {
        use DownSpecies::*;
        let table = [
            ("白鹅绒", Some(Goose)),
            ("灰鹅绒", Some(Goose)),
            ("鹅绒", Some(Goose)),
            ("白鸭绒", Some(Duck)),
            ("鴨絨", Some(Duck)),
            ("White Goose Down", Some(Goose)),
            ("duck", Some(Duck)),
            ("鹅鸭混合绒", None),
            ("羽绒", None),
            ("", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_species(text).ok(), want, "{text:?}");
        }
    }
}
