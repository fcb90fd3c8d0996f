//! Canonical JSON entries: RFC 8785 (JCS) vectors for member order and string escaping, and the
//! refusals (floats, unsafe integers, entries over 65,535 bytes).

use rongma_tlog::{canonical_json, leaf_hash, Entry, EntryError, MAX_ENTRY_LEN};
use serde_json::{json, Value};

fn canon(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("json");
    String::from_utf8(canonical_json(&value).expect("canonical")).expect("utf8")
}

#[test]
fn rfc8785_member_sorting_example() {
    // RFC 8785 §3.2.3: names sort by UTF-16 code units (😀, a surrogate pair, before U+FB33).
    let input = r#"{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
    }"#;
    let want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\
                \"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
    assert_eq!(canon(input), want);
}

#[test]
fn rfc8785_string_escaping_example() {
    // RFC 8785 §3.2.2.2.
    let input = r#""\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/""#;
    assert_eq!(canon(input), r#""€$\u000f\nA'B\"\\\\\"/""#);
}

#[test]
fn nested_objects_sorted_without_whitespace() {
    let text = r#" { "b" : [ 3 , { "z" : null , "y" : true } ] , "a" : -7 } "#;
    assert_eq!(canon(text), r#"{"a":-7,"b":[3,{"y":true,"z":null}]}"#);
}

#[test]
fn serialize_structs_become_sorted_canonical_json() {
    #[derive(serde::Serialize)]
    struct Decision<'a> {
        kind: &'a str,
        certificate: &'a str,
        seq: u64,
    }
    let entry = Entry::from_serialize(&Decision {
        kind: "certificate.revoked",
        certificate: "RM-1",
        seq: 9,
    })
    .expect("entry");
    assert_eq!(
        entry.as_bytes(),
        br#"{"certificate":"RM-1","kind":"certificate.revoked","seq":9}"#
    );
    assert_eq!(entry.leaf_hash(), leaf_hash(entry.as_bytes()));
}

#[test]
fn floats_are_refused_with_their_path() {
    let err = Entry::from_json(&json!({"a": {"b": [1, 2.5]}})).expect_err("float");
    assert_eq!(
        err,
        EntryError::Float {
            path: "$.a.b[1]".into(),
            value: "2.5".into()
        }
    );
    let err = Entry::from_json(&json!({"weight_g": 1.0})).expect_err("integral float");
    assert!(
        matches!(err, EntryError::Float { ref path, .. } if path == "$.weight_g"),
        "{err}"
    );
    assert!(err.to_string().contains("$.weight_g"));
}

#[test]
fn integers_beyond_2_pow_53_are_refused() {
    let max = (1u64 << 53) - 1;
    assert_eq!(canon(&format!("[{max},-{max}]")), format!("[{max},-{max}]"));
    for text in [
        format!("[{}]", max + 1),
        format!("[-{}]", max + 1),
        format!("[{}]", u64::MAX),
    ] {
        let value: Value = serde_json::from_str(&text).expect("json");
        let err = canonical_json(&value).expect_err("unsafe integer");
        assert!(
            matches!(err, EntryError::IntegerOutOfRange { ref path, .. } if path == "$[0]"),
            "{text}: {err}"
        );
    }
}

#[test]
fn entries_over_65535_bytes_are_refused() {
    // `"` + n characters + `"`.
    let fits = Entry::from_json(&json!("x".repeat(MAX_ENTRY_LEN - 2))).expect("fits");
    assert_eq!(fits.as_bytes().len(), MAX_ENTRY_LEN);
    let err = Entry::from_json(&json!("x".repeat(MAX_ENTRY_LEN - 1))).expect_err("too large");
    assert_eq!(
        err,
        EntryError::TooLarge {
            len: MAX_ENTRY_LEN + 1
        }
    );
    assert!(Entry::from_bytes(vec![0; MAX_ENTRY_LEN + 1]).is_err());
}
