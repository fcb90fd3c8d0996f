//! Serials: issuing, parsing with clear errors, MAC authentication, batches.

use crate::codes_support::{id, ring, seq};
use proptest::prelude::*;
use rongma_domain::codes::{Seq, SeqRange, Serial, SerialError};
use std::collections::HashSet;

#[test]
fn documented_vectors() {
    let keys = ring("1", &["1"]);
    let got: Vec<String> = [0, 1, 1_000_000, Seq::MAX.get()]
        .iter()
        .map(|&n| Serial::issue(&keys, seq(n)).to_string())
        .collect();
    assert_eq!(got, VECTORS);
    for v in VECTORS {
        assert!(keys.verify(v).is_ok(), "{v}");
    }
}

const VECTORS: [&str; 4] = [
    "100000000HH9N45G4A",
    "1000000011WJKT6V41",
    "10000YGJ08PD8S4C1D",
    "1ZZZZZZZZ8HQKTXBS9",
];

#[test]
fn layout_carries_key_and_sequence() {
    let keys = ring("2", &["1", "2"]);
    let s = Serial::issue(&keys, seq(41));
    assert_eq!(s.as_str().len(), 18);
    assert!(s.as_str().starts_with("200000019"));
    assert_eq!(s.key_id(), id("2"));
    assert_eq!(s.seq(), seq(41));
    let v = keys.verify(s.as_str()).unwrap();
    assert_eq!((v.key_id, v.seq, v.serial), (id("2"), seq(41), s));
}

#[test]
fn typed_forms_are_normalised() {
    let keys = ring("1", &["1"]);
    let s = Serial::issue(&keys, seq(123_456));
    let lower = s.as_str().to_lowercase();
    assert_eq!(keys.verify(&lower).unwrap().serial, s);
    assert_eq!(
        keys.verify(&format!("  {}  ", s.grouped())).unwrap().serial,
        s
    );
    let dashed = s.grouped().replace(' ', "-");
    assert_eq!(Serial::parse(&dashed).unwrap(), s);
    // O, I and L never appear in serials; typed for 0 and 1 they read as those digits.
    let confusable = s.as_str().replace('0', "O").replace('1', "l");
    assert_eq!(Serial::parse(&confusable).unwrap(), s);
}

#[test]
fn format_errors_say_what_is_wrong() {
    let keys = ring("1", &["1"]);
    let s = Serial::issue(&keys, seq(7)).to_string();
    assert_eq!(
        Serial::parse(&s[..17]),
        Err(SerialError::Length {
            expected: 18,
            found: 17
        })
    );
    assert_eq!(
        Serial::parse(&format!("{s}0")),
        Err(SerialError::Length {
            expected: 18,
            found: 19
        })
    );
    assert!(matches!(
        Serial::parse(""),
        Err(SerialError::Length { found: 0, .. })
    ));
    let bad = format!("{}U{}", &s[..4], &s[5..]);
    assert_eq!(
        Serial::parse(&bad),
        Err(SerialError::Character {
            position: 5,
            found: 'U'
        })
    );
    let mut typo = s.clone().into_bytes();
    typo[10] = if typo[10] == b'7' { b'8' } else { b'7' };
    let err = Serial::parse(std::str::from_utf8(&typo).unwrap()).unwrap_err();
    let SerialError::CheckCharacter { expected, found } = err.clone() else {
        panic!("expected a check-character error, got {err:?}");
    };
    assert_eq!(found, s.chars().last().unwrap());
    assert_ne!(expected, found);
    // The message names no character: the right one would help forge serials.
    assert!(err.to_string().contains("mistyped"), "{err}");
    assert!(!err.to_string().contains(expected) && !err.message_zh().contains(expected));
    assert_eq!(err.to_field_error("serial").code, "serial_check_character");
    // Hostile input is refused without reading it all.
    assert!(matches!(
        Serial::parse(&"A".repeat(10_000)),
        Err(SerialError::Length { .. })
    ));
}

#[test]
fn flipping_any_mac_bit_fails_authentication() {
    let keys = ring("1", &["1"]);
    for n in [0, 99, 1 << 39] {
        let s = Serial::issue(&keys, seq(n));
        for bit in 0..40 {
            let forged = Serial::from_parts(s.key_id(), s.seq(), s.mac_bits() ^ (1 << bit));
            // Well-formed (its check character is right) …
            assert_eq!(Serial::parse(forged.as_str()), Ok(forged));
            // … but not authentic.
            assert_eq!(keys.verify(forged.as_str()), Err(SerialError::NotAuthentic));
        }
        // Moving the MAC to another sequence number or key fails too.
        let moved = Serial::from_parts(s.key_id(), seq(n ^ 1), s.mac_bits());
        assert_eq!(keys.verify_serial(&moved), Err(SerialError::NotAuthentic));
    }
}

#[test]
fn a_batch_enumerates_its_range_in_order_and_all_verify() {
    let keys = ring("1", &["1"]);
    let range = SeqRange::new(5_000, 2_000).unwrap();
    let serials: Vec<Serial> = keys.serials(id("1"), range).unwrap().collect();
    assert_eq!(serials.len(), 2_000);
    for (i, s) in serials.iter().enumerate() {
        assert_eq!(s.seq().get(), 5_000 + i as u64);
        assert_eq!(keys.verify_serial(s).unwrap().seq, s.seq());
    }
    assert!(
        serials.windows(2).all(|w| w[0] < w[1]),
        "sorted as text too"
    );
    assert!(keys.serials(id("7"), range).is_err());
    // Revoking "from serial A to serial B" is the inclusive sequence range between them.
    let revoked = SeqRange::inclusive(serials[10].seq(), serials[19].seq()).unwrap();
    assert!(range.contains_range(&revoked) && revoked.count() == 10);
    assert!(SeqRange::inclusive(serials[19].seq(), serials[10].seq()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn serials_of_different_batches_never_collide(
        start in 0u64..(1 << 39),
        counts in prop::collection::vec(1u64..300, 2..6),
        key_picks in prop::collection::vec(0usize..2, 6),
    ) {
        // Batches take consecutive ranges of the global counter; keys vary between them.
        let keys = ring("2", &["1", "2"]);
        let ids = [id("1"), id("2")];
        let mut seen = HashSet::new();
        let mut next = start;
        for (count, pick) in counts.iter().zip(key_picks) {
            let range = SeqRange::new(next, *count).unwrap();
            next = range.end();
            for s in keys.serials(ids[pick], range).unwrap() {
                prop_assert!(seen.insert(s.to_string()), "duplicate {}", s);
                prop_assert!(keys.verify(s.as_str()).is_ok());
            }
        }
    }
}
