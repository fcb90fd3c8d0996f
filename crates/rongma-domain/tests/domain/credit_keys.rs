//! Key texts and canonical JSON against published vectors: the Go sumdb/note keys
//! (golang.org/x/mod) and the RFC 8785 test data without fractions.

use crate::credit_support::report::signer;
use rongma_domain::credit::{canonical_json, KeyError, ReportSigner, VerifierKey};

/// golang.org/x/mod/sumdb/note, note_test.go and the package example.
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

#[test]
fn key_texts_reproduce_the_signed_note_vectors() {
    for text in [PETER_VKEY, ENOCH_VKEY] {
        let k = VerifierKey::parse(text).expect("vector key");
        assert_eq!(k.to_string(), text);
        assert_eq!(k.key_id_hex(), text.split('+').nth(1).expect("id"));
    }
    let peter = ReportSigner::from_private_text(PETER_SKEY).expect("vector private key");
    assert_eq!(peter.verifier_key().to_string(), PETER_VKEY);
    assert_eq!(peter.private_text(), PETER_SKEY);
    assert!(
        !format!("{peter:?}").contains("AYEKFAL"),
        "Debug must not print the private key"
    );
    // Our own key text round-trips.
    let ours = signer().verifier_key();
    assert!(ours.to_string().starts_with("rongma-credit+"));
    assert_eq!(
        VerifierKey::parse(&ours.to_string()).expect("round trip"),
        ours
    );
}

#[test]
fn mangled_key_texts_are_refused() {
    let cases = [
        (
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "does not match the key",
        ),
        (
            "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "lower-case hex",
        ),
        (
            "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "is not Ed25519",
        ),
        (
            "PeterNeumann+c74f20a3+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4=",
            "32 bytes",
        ),
        ("PeterNeumann+c74f20a3+AR!!", "not base64"),
        ("PeterNeumann+c74f20a3", "three parts"),
        (
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "does not match the key",
        ),
    ];
    for (text, want) in cases {
        let err = VerifierKey::parse(text).expect_err(text).to_string();
        assert!(err.contains(want), "{text}: want {want:?}, got {err:?}");
    }
    assert!(matches!(
        ReportSigner::from_seed("bad name", [1; 32]),
        Err(KeyError::Name(_))
    ));
    // The identity point is a valid encoding of small order: refused even with a right id.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let id = {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest([b"weak\n\x01".as_slice(), &identity].concat());
        hex::encode(&d[..4])
    };
    let text = format!("weak+{id}+{}", {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode([[1u8].as_slice(), &identity].concat())
    });
    assert_eq!(VerifierKey::parse(&text), Err(KeyError::Key));
    assert!(matches!(
        ReportSigner::from_private_text(PETER_VKEY),
        Err(KeyError::Format(_))
    ));
}

#[test]
fn canonical_json_reproduces_the_rfc8785_vectors_without_fractions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/jcs");
    let read = |p: &str| std::fs::read(format!("{dir}/{p}")).expect("vector file");
    for name in ["arrays", "french", "unicode", "weird"] {
        let got = canonical_json(&read(&format!("input/{name}.json"))).expect(name);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&read(&format!("output/{name}.json"))),
            "{name}"
        );
    }
    for name in ["structures", "values"] {
        let err = canonical_json(&read(&format!("input/{name}.json"))).expect_err(name);
        assert!(
            err.to_string().contains("is not an integer"),
            "{name}: {err}"
        );
    }
}
