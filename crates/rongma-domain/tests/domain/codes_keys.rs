//! Key material: rotation, configuration, refusing bad secrets, never showing them.

use crate::codes_support::{id, ring, secret, seq};
use rongma_domain::codes::{
    CodeKeys, KeyError, KeyId, Keyring, KeyringConfig, PinKeyring, SecretKey, Serial, SerialError,
};

#[test]
fn keys_rotate_and_old_tags_keep_verifying() {
    let before = ring("1", &["1"]);
    let old = Serial::issue(&before, seq(10));
    let after = ring("2", &["1", "2"]);
    let new = Serial::issue(&after, seq(11));
    assert_eq!(new.key_id(), id("2"));
    assert!(after.verify(old.as_str()).is_ok());
    assert!(after.verify(new.as_str()).is_ok());
    // An old batch re-exported after the rotation keeps its key and its serials.
    assert_eq!(after.issue_with(id("1"), seq(10)).unwrap(), old);
    // Retiring key 1 makes its tags unknown; key 2 signed under a different secret fails.
    let retired = ring("2", &["2"]);
    assert_eq!(
        retired.verify(old.as_str()),
        Err(SerialError::UnknownKey { key_id: '1' })
    );
    assert!(retired
        .verify(old.as_str())
        .unwrap_err()
        .is_authentication_failure());
    let other = Keyring::new(id("1"), [(id("1"), secret(5, false))]).unwrap();
    assert_eq!(other.verify(old.as_str()), Err(SerialError::NotAuthentic));
}

#[test]
fn keyrings_refuse_bad_material_and_hide_secrets() {
    assert!(matches!(
        SecretKey::from_hex("00ff"),
        Err(KeyError::TooShort { bytes: 2 })
    ));
    assert_eq!(SecretKey::from_hex("zz").unwrap_err(), KeyError::NotHex);
    assert!(KeyId::parse("U").is_err() && KeyId::parse("12").is_err());
    let dup = Keyring::new(
        id("1"),
        [(id("1"), secret(1, false)), (id("1"), secret(2, false))],
    );
    assert!(matches!(dup, Err(KeyError::Duplicate { .. })));
    assert!(matches!(
        Keyring::new(id("3"), [(id("1"), secret(1, false))]),
        Err(KeyError::Unknown { .. })
    ));
    let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let config = KeyringConfig {
        current: "1".into(),
        serial: [("1".to_owned(), hex.to_owned())].into(),
        pin: [("1".to_owned(), hex.replace('0', "9"))].into(),
    };
    let keys = config.build().unwrap();
    for shown in [format!("{config:?}"), format!("{keys:?}")] {
        assert!(
            !shown.contains("aabbcc") && !shown.contains("99aa"),
            "{shown}"
        );
    }
    let mut unpaired = config.clone();
    unpaired.pin.insert("2".into(), hex.into());
    assert!(matches!(unpaired.build(), Err(KeyError::Unpaired { .. })));
    let mut bad = config;
    bad.serial.insert("2".into(), "abc".into());
    let err = bad.build().unwrap_err();
    assert!(err.to_string().contains("\"2\""), "{err}");
    let pins = PinKeyring::new(id("1"), [(id("1"), secret(1, true))]).unwrap();
    assert!(CodeKeys::new(ring("2", &["1", "2"]), pins).is_err());
}

#[test]
fn key_material_reads_from_toml_configuration() {
    let text = r#"
        current = "2"
        [serial]
        "1" = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "2" = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        [pin]
        "1" = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "2" = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
    "#;
    let config: KeyringConfig = toml::from_str(text).unwrap();
    let keys = config.build().unwrap();
    assert_eq!(keys.current(), id("2"));
    // Key 1 here is the documented test key: the documented vector verifies.
    let v = keys.serial_keys().verify("1000000011WJKT6V41").unwrap();
    assert_eq!(keys.pin_keys().pin_of(&v).unwrap().to_string(), "23128225");
}
