//! Signed credit reports: a signed report verifies; changing, adding or removing any value
//! is detected; reordered keys and whitespace are tolerated (the signature covers the
//! canonical form); wrong keys and malformed files are refused with a reason.

use crate::credit_support::report::{sample, signer, BOTH};
use rongma_domain::credit::{canonical_json, verify, ReportSigner, VerifyError, SIGNING_CONTEXT};
use serde_json::{json, Value};

#[test]
fn a_signed_report_verifies_and_the_signature_covers_its_canonical_form() {
    let rep = sample(&BOTH, true);
    let file = signer().sign(&rep).expect("sign");
    assert_eq!(verify(&file, &signer().verifier_key()), Ok(rep.clone()));
    // Independent check of the documented construction: Ed25519 over context ‖ canonical JSON.
    let v: Value = serde_json::from_slice(&file).expect("json");
    let sig = base64_decode(v["signature"]["value"].as_str().expect("value"));
    let mut msg = SIGNING_CONTEXT.to_vec();
    msg.extend(
        canonical_json(&serde_json::to_vec(&v["report"]).expect("bytes")).expect("canonical"),
    );
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    key.verify_strict(
        &msg,
        &ed25519_dalek::Signature::from_slice(&sig).expect("64 bytes"),
    )
    .expect("signature over canonical report");
    assert_eq!(v["signature"]["algorithm"], "ed25519");
    assert_eq!(
        v["signature"]["key_id"],
        signer().verifier_key().key_id_hex()
    );
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64")
}

/// Every leaf of the report, as a JSON pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| leaves(v, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

fn altered(v: &Value) -> Value {
    match v {
        Value::String(s) => json!(format!("{s}x")),
        Value::Number(n) => json!(n.as_u64().map_or(1, |n| n + 1)),
        Value::Bool(b) => json!(!b),
        Value::Null => json!(0),
        other => other.clone(),
    }
}

#[test]
fn changing_any_value_breaks_the_signature() {
    let file = signer().sign(&sample(&BOTH, true)).expect("sign");
    let key = signer().verifier_key();
    let original: Value = serde_json::from_slice(&file).expect("json");
    let mut paths = Vec::new();
    leaves(&original["report"], "/report".into(), &mut paths);
    assert!(
        paths.len() > 150,
        "the sample should exercise many facts, has {}",
        paths.len()
    );
    for p in &paths {
        let mut v = original.clone();
        let leaf = v.pointer_mut(p).expect("leaf");
        *leaf = altered(leaf);
        let bytes = serde_json::to_vec(&v).expect("bytes");
        assert_eq!(
            verify(&bytes, &key),
            Err(VerifyError::BadSignature),
            "altering {p} went unnoticed"
        );
    }
    // The class itself, a removed fact and an added member.
    let mut v = original.clone();
    v["report"]["summary"]["class"] = json!("A");
    let mut removed = original.clone();
    removed["report"]["quality"]["spot_checks"]
        .as_array_mut()
        .expect("array")
        .remove(1);
    let mut added = original.clone();
    added["report"]["summary"]["note"] = json!("trusted");
    for v in [v, removed, added] {
        assert_eq!(
            verify(&serde_json::to_vec(&v).expect("bytes"), &key),
            Err(VerifyError::BadSignature)
        );
    }
}

/// Writes JSON with every object's keys in reverse order and generous whitespace.
fn reversed(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push_str("{\n  ");
            for (i, (k, v)) in m.iter().rev().enumerate() {
                if i > 0 {
                    out.push_str(" ,\n\t");
                }
                out.push_str(&serde_json::to_string(k).expect("key"));
                out.push_str(" : ");
                reversed(v, out);
            }
            out.push_str("\r\n}");
        }
        Value::Array(a) => {
            out.push_str("[ ");
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                reversed(v, out);
            }
            out.push_str(" ]");
        }
        other => out.push_str(&serde_json::to_string(other).expect("leaf")),
    }
}

#[test]
fn reordered_keys_and_whitespace_still_verify() {
    let rep = sample(&BOTH, true);
    let file = signer().sign(&rep).expect("sign");
    let v: Value = serde_json::from_slice(&file).expect("json");
    let mut text = String::new();
    reversed(&v, &mut text);
    assert_ne!(text.as_bytes(), &file[..]);
    let key = signer().verifier_key();
    assert_eq!(verify(text.as_bytes(), &key), Ok(rep.clone()));
    let compact = serde_json::to_vec(&v).expect("compact");
    assert_eq!(verify(&compact, &key), Ok(rep));
}

#[test]
fn a_wrong_key_is_detected() {
    let file = signer().sign(&sample(&BOTH, true)).expect("sign");
    let other = ReportSigner::from_seed("rongma-credit", [8u8; 32])
        .expect("signer")
        .verifier_key();
    assert!(matches!(
        verify(&file, &other),
        Err(VerifyError::WrongKey { .. })
    ));
    // A forger who copies the expected key name and id into the file still fails.
    let mut v: Value = serde_json::from_slice(&file).expect("json");
    v["signature"]["key_id"] = json!(other.key_id_hex());
    assert_eq!(
        verify(&serde_json::to_vec(&v).expect("bytes"), &other),
        Err(VerifyError::BadSignature)
    );
    // Same seed under another key name: a different key id.
    let renamed = ReportSigner::from_seed("pinghu-amr-credit", [7u8; 32])
        .expect("signer")
        .verifier_key();
    assert!(matches!(
        verify(&file, &renamed),
        Err(VerifyError::WrongKey { .. })
    ));
}

#[test]
fn malformed_files_are_refused_with_a_reason() {
    let file = signer().sign(&sample(&BOTH, false)).expect("sign");
    let key = signer().verifier_key();
    let text = String::from_utf8(file.clone()).expect("utf-8");
    let v: Value = serde_json::from_slice(&file).expect("json");
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = v.clone();
        f(&mut v);
        serde_json::to_vec(&v).expect("bytes")
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json".to_vec(), "not a signed credit report"),
        (b"[1, 2]".to_vec(), "not a JSON object"),
        (
            with(&|v| {
                v.as_object_mut().map(|m| m.remove("signature"));
            }),
            "missing signature",
        ),
        (
            with(&|v| v["extra"] = json!(1)),
            "unexpected member \"extra\"",
        ),
        (
            with(&|v| v["signature"]["value"] = json!("%%%")),
            "signature.value is not base64",
        ),
        (
            with(&|v| v["signature"]["value"] = json!("AAAA")),
            "signature.value is not 64 bytes",
        ),
        (
            with(&|v| v["signature"]["comment"] = json!("x")),
            "unknown field `comment`",
        ),
        (
            with(&|v| v["report"]["summary"]["spot_checks"] = json!(1.5)),
            "is not an integer",
        ),
        (
            text.replacen(
                "\"format\"",
                "\"format\": \"rongma-credit-report/1\", \"format\"",
                1,
            )
            .into_bytes(),
            "duplicate key \"format\"",
        ),
    ];
    for (bytes, want) in cases {
        let got = verify(&bytes, &key).expect_err(want).to_string();
        assert!(got.contains(want), "want {want:?}, got {got:?}");
    }
    let rsa = with(&|v| v["signature"]["algorithm"] = json!("rsa"));
    assert_eq!(
        verify(&rsa, &key),
        Err(VerifyError::Algorithm("rsa".into()))
    );
}

#[test]
fn a_signed_report_of_another_format_is_refused() {
    let mut rep = sample(&BOTH, true);
    rep.format = "rongma-credit-report/2".into();
    let file = signer().sign(&rep).expect("sign");
    assert_eq!(
        verify(&file, &signer().verifier_key()),
        Err(VerifyError::Format("rongma-credit-report/2".into()))
    );
}
