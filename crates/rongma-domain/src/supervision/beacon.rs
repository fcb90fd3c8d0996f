//! The beacon: 32 public random bytes that did not exist when the plan was logged. A plan
//! names its source ([`BeaconSpec`]); the value ([`Beacon`]) comes from a verified drand
//! round ([`DrandChain::verify`](super::DrandChain::verify)) or from the official numbers
//! of named public lottery draws, written as RFC 3797 key text ([`numbers_beacon`]).

use crate::{FieldError, FieldErrors};
use sha2::{Digest, Sha256};
use std::fmt;

/// A beacon value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Beacon([u8; 32]);

impl Beacon {
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 hex digits (either case).
    pub fn from_hex(text: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).ok()?;
        Some(Self(out))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Beacon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Beacon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Beacon({})", self.to_hex())
    }
}

/// Where a plan's randomness will come from (its `beacon` field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BeaconSpec {
    /// A drand round of the chain with this chain hash.
    Drand { chain: [u8; 32], round: u64 },
    /// The official numbers of these public lottery draws, in this order.
    Numbers { draws: Vec<String> },
}

/// The RFC 3797 key text of a numbers beacon, with the beacon value it hashes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumbersBeacon {
    /// e.g. `9319./2.5.8.10.12./`
    pub key_text: String,
    /// SHA-256 of the UTF-8 key text.
    pub beacon: Beacon,
}

/// RFC 3797 key text: per draw, its numbers in ascending order, each followed by `.`, the
/// draw closed by `/`. Numbers are written in decimal without leading zeros.
pub fn rfc3797_key_text(draws: &[Vec<u64>]) -> String {
    let mut text = String::new();
    for draw in draws {
        let mut sorted = draw.clone();
        sorted.sort_unstable();
        for n in sorted {
            text.push_str(&n.to_string());
            text.push('.');
        }
        text.push('/');
    }
    text
}

/// Reads the numbers entered for the plan's draws (`draws[i]` is the official numbers of
/// the plan's i-th draw, as typed: decimal digits, leading zeros allowed) and returns the
/// key text and beacon. Errors name `numbers[i]` or `numbers[i][j]` and the draw.
pub fn numbers_beacon(
    plan_draws: &[String],
    entered: &[Vec<String>],
) -> Result<NumbersBeacon, FieldErrors> {
    let mut errors = FieldErrors::new();
    if entered.len() != plan_draws.len() {
        errors.push(FieldError::new(
            "numbers",
            "numbers_draw_count",
            format!(
                "the plan names {} draws, numbers were entered for {}",
                plan_draws.len(),
                entered.len()
            ),
            format!(
                "计划指定 {} 期开奖，录入了 {} 期号码",
                plan_draws.len(),
                entered.len()
            ),
        ));
        return Err(errors);
    }
    let mut draws = Vec::with_capacity(entered.len());
    for (i, (name, numbers)) in plan_draws.iter().zip(entered).enumerate() {
        if numbers.is_empty() {
            errors.push(FieldError::new(
                format!("numbers[{i}]"),
                "numbers_empty",
                format!("no numbers entered for draw {name:?}"),
                format!("开奖“{name}”未录入号码"),
            ));
        }
        let mut draw = Vec::with_capacity(numbers.len());
        for (j, text) in numbers.iter().enumerate() {
            match parse_number(text) {
                Some(n) => draw.push(n),
                None => errors.push(FieldError::new(
                    format!("numbers[{i}][{j}]"),
                    "numbers_not_integer",
                    format!("{text:?} (draw {name:?}) is not a non-negative integer"),
                    format!("“{text}”（开奖“{name}”）不是非负整数"),
                )),
            }
        }
        draws.push(draw);
    }
    errors.into_result(())?;
    let key_text = rfc3797_key_text(&draws);
    let beacon = Beacon::from_bytes(Sha256::digest(key_text.as_bytes()).into());
    Ok(NumbersBeacon { key_text, beacon })
}

/// Decimal digits only (surrounding spaces ignored); no sign, no fraction, fits in u64.
fn parse_number(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter()
            .map(|d| d.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    }

    #[test]
    fn key_text_sorts_each_draw_and_closes_it() {
        // lottery.md's example: one draw of one number, one draw of five.
        assert_eq!(
            rfc3797_key_text(&[vec![9319], vec![12, 5, 10, 2, 8]]),
            "9319./2.5.8.10.12./"
        );
        let names = vec!["福彩3D 2026001".to_owned(), "双色球 2026001".to_owned()];
        let b = numbers_beacon(
            &names,
            &strings(&[&["9319"], &["12", " 05", "10", "2", "8"]]),
        )
        .unwrap();
        assert_eq!(b.key_text, "9319./2.5.8.10.12./");
        assert_eq!(
            b.beacon.as_bytes(),
            &<[u8; 32]>::from(Sha256::digest(b"9319./2.5.8.10.12./"))
        );
    }

    #[test]
    fn refuses_bad_numbers_naming_where() {
        let names = vec!["a".to_owned(), "b".to_owned()];
        let table: &[(&[&[&str]], &str)] = &[
            (&[&["1"]], "numbers"),
            (&[&["1"], &[]], "numbers[1]"),
            (&[&["1", "-2"], &["3"]], "numbers[0][1]"),
            (&[&["1"], &["3.5"]], "numbers[1][0]"),
            (&[&["+1"], &["3"]], "numbers[0][0]"),
            (&[&[""], &["3"]], "numbers[0][0]"),
            (&[&["99999999999999999999999"], &["3"]], "numbers[0][0]"),
        ];
        for (input, field) in table {
            let err = numbers_beacon(&names, &strings(input)).unwrap_err();
            assert_eq!(err.0[0].field, *field, "{input:?}");
        }
    }

    #[test]
    fn beacon_hex_round_trips() {
        let b = Beacon::from_bytes([0xab; 32]);
        assert_eq!(Beacon::from_hex(&b.to_hex()), Some(b));
        assert_eq!(Beacon::from_hex("ab"), None);
    }
}
