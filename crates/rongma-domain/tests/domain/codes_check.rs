//! The check character catches every single-character substitution and every swap of two
//! adjacent characters. The check is linear over GF(32), so whether an error is caught
//! depends only on the position and on the difference of the symbols involved; the first
//! two tests enumerate every position with every pair of symbols, which covers every
//! serial. The property test then confirms it on real issued serials.

use proptest::prelude::*;
use rongma_domain::codes::{KeyId, Seq, Serial, SerialError};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Completes 17 data symbols with the one check symbol `Serial::parse` accepts.
fn complete(data: &[u8; 17]) -> [u8; 18] {
    let mut accepted = ALPHABET.iter().filter_map(|&c| {
        let mut s = [0u8; 18];
        s[..17].copy_from_slice(data);
        s[17] = c;
        Serial::parse(std::str::from_utf8(&s).ok()?).ok().map(|_| s)
    });
    let first = accepted
        .next()
        .expect("some check symbol completes the data");
    assert!(accepted.next().is_none(), "exactly one check symbol fits");
    first
}

fn rejected_by_check(s: &[u8; 18]) -> bool {
    let text = std::str::from_utf8(s).expect("ascii");
    matches!(Serial::parse(text), Err(SerialError::CheckCharacter { .. }))
}

#[test]
fn every_substitution_at_every_position_is_caught() {
    for pos in 0..18 {
        for &a in ALPHABET {
            let mut data = [b'0'; 17];
            if pos < 17 {
                data[pos] = a;
            }
            let mut valid = complete(&data);
            if pos == 17 && valid[17] != a {
                // Reach every check value too: vary a data symbol until the check is `a`.
                let x = ALPHABET
                    .iter()
                    .map(|&x| {
                        let mut d = [b'0'; 17];
                        d[16] = x;
                        complete(&d)
                    })
                    .find(|s| s[17] == a)
                    .expect("every check value is reachable");
                valid = x;
            }
            for &b in ALPHABET.iter().filter(|&&b| b != valid[pos]) {
                let mut typo = valid;
                typo[pos] = b;
                assert!(
                    rejected_by_check(&typo),
                    "position {pos}: {} → {}",
                    valid[pos] as char,
                    b as char
                );
            }
        }
    }
}

#[test]
fn every_adjacent_swap_at_every_position_is_caught() {
    for pos in 0..17 {
        for &a in ALPHABET {
            for &b in ALPHABET.iter().filter(|&&b| b != a) {
                let valid = if pos < 16 {
                    let mut data = [b'0'; 17];
                    data[pos] = a;
                    data[pos + 1] = b;
                    Some(complete(&data))
                } else {
                    // The last data symbol next to the check: find data giving check `b`.
                    ALPHABET
                        .iter()
                        .map(|&x| {
                            let mut d = [b'0'; 17];
                            d[15] = x;
                            d[16] = a;
                            complete(&d)
                        })
                        .find(|s| s[17] == b)
                };
                let valid = valid.expect("pair reachable");
                let mut swapped = valid;
                swapped.swap(pos, pos + 1);
                assert!(rejected_by_check(&swapped), "swap at {pos}: {a} {b}");
            }
        }
    }
}

fn any_serial() -> impl Strategy<Value = Serial> {
    (0u8..32, 0u64..(1 << 40), 0u64..(1 << 40))
        .prop_map(|(k, s, m)| Serial::from_parts(KeyId::new(k).unwrap(), Seq::new(s).unwrap(), m))
}

proptest! {
    #[test]
    fn issued_serials_reject_every_typo_and_swap(serial in any_serial()) {
        let valid: [u8; 18] = serial.as_str().as_bytes().try_into().unwrap();
        prop_assert!(Serial::parse(serial.as_str()).is_ok());
        for pos in 0..18 {
            for &b in ALPHABET.iter().filter(|&&b| b != valid[pos]) {
                let mut typo = valid;
                typo[pos] = b;
                prop_assert!(rejected_by_check(&typo));
            }
        }
        for pos in 0..17 {
            if valid[pos] != valid[pos + 1] {
                let mut swapped = valid;
                swapped.swap(pos, pos + 1);
                prop_assert!(rejected_by_check(&swapped));
            }
        }
    }
}
