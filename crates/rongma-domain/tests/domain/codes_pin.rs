//! PINs: deterministic per tag, independent of the serial key, spread evenly, typed leniently.

use crate::codes_support::{code_keys, id, ring, secret, seq};
use rongma_domain::codes::{Pin, PinError, PinKeyring, SecretKey, Seq, SeqRange};

#[test]
fn documented_vectors() {
    let keys = code_keys();
    let got: Vec<String> = [0, 1, 1_000_000, Seq::MAX.get()]
        .iter()
        .map(|&n| keys.pin_keys().pin(id("1"), seq(n)).unwrap().to_string())
        .collect();
    assert_eq!(got, ["18301334", "23128225", "69547762", "05361850"]);
}

#[test]
fn pins_are_deterministic_and_verify_only_for_their_serial() {
    let keys = code_keys();
    let a = keys.serial_keys().verify("1000000011WJKT6V41").unwrap();
    let b = keys.serial_keys().verify("100000000HH9N45G4A").unwrap();
    let pin = keys.pin_keys().pin_of(&a).unwrap();
    assert_eq!(pin, keys.pin_keys().pin_of(&a).unwrap());
    assert!(keys.pin_keys().verify_pin(&a, &pin).unwrap());
    assert!(!keys.pin_keys().verify_pin(&b, &pin).unwrap());
    let typed = Pin::parse(&pin.grouped()).unwrap();
    assert!(keys.pin_keys().verify_pin(&a, &typed).unwrap());
    assert_eq!(format!("{pin:?}"), "Pin(<hidden>)");
}

#[test]
fn pins_depend_on_the_pin_key_not_the_serial_key() {
    let (one, seq) = (id("1"), seq(42));
    let serial = ring("1", &["1"]);
    // Same serial keyring, two PIN keys: same serial, different PINs.
    let pin_a = PinKeyring::new(one, [(one, secret(1, true))]).unwrap();
    let other = SecretKey::from_bytes((0xb0u8..0xd0).collect()).unwrap();
    let pin_b = PinKeyring::new(one, [(one, other)]).unwrap();
    assert_eq!(serial.issue_with(one, seq), serial.issue_with(one, seq));
    assert_ne!(pin_a.pin(one, seq).unwrap(), pin_b.pin(one, seq).unwrap());
    // Even a PIN keyring holding the serial secret gives a PIN unrelated to the serial's
    // MAC, because the two messages carry different domain strings.
    let reused = PinKeyring::new(one, [(one, secret(1, false))]).unwrap();
    let mac = serial.issue_with(one, seq).unwrap().mac_bits();
    let pin = u64::from(reused.pin(one, seq).unwrap().value());
    assert_ne!(pin, mac % 100_000_000);
}

#[test]
fn pins_of_a_batch_spread_over_all_leading_digits() {
    let keys = code_keys();
    let range = SeqRange::new(0, 50_000).unwrap();
    let mut leading = [0u32; 10];
    let mut parity = [0u32; 2];
    for code in keys.codes(id("1"), range).unwrap() {
        let v = code.pin.value();
        leading[(v / 10_000_000) as usize] += 1;
        parity[(v % 2) as usize] += 1;
    }
    // 5,000 expected per digit; ±10% is over 14 standard deviations, so only a broken
    // reduction (e.g. a stuck digit or a narrow range) fails this.
    for (digit, &n) in leading.iter().enumerate() {
        assert!((4_500..=5_500).contains(&n), "digit {digit}: {n}");
    }
    assert!((24_000..=26_000).contains(&parity[0]));
}

#[test]
fn typed_pins() {
    assert_eq!(Pin::parse("01234567").unwrap().to_string(), "01234567");
    assert_eq!(Pin::parse(" 0123 4567 ").unwrap().value(), 1_234_567);
    assert_eq!(Pin::parse("0123-4567").unwrap().grouped(), "0123 4567");
    assert_eq!(Pin::parse("０１２３４５６７").unwrap().value(), 1_234_567);
    assert_eq!(Pin::parse("1234567"), Err(PinError::Length { found: 7 }));
    assert_eq!(Pin::parse("123456789"), Err(PinError::Length { found: 9 }));
    assert_eq!(Pin::parse(""), Err(PinError::Length { found: 0 }));
    assert_eq!(
        Pin::parse("1234a678"),
        Err(PinError::Character {
            position: 5,
            found: 'a'
        })
    );
    assert_eq!(
        Pin::parse("1").unwrap_err().to_field_error("pin").code,
        "pin_length"
    );
}
