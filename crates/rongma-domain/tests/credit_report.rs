//! The 羽信贷 credit report: built from the record under the enterprise's consent, signed,
//! and verified — every altered value detected, formatting changes tolerated, wrong keys
//! and malformed files refused. Key texts reproduce the Go sumdb/note vectors; canonical
//! JSON reproduces the RFC 8785 vectors without fractions.

mod credit_support;

use credit_support::{certs, model, record, t, tags, with_items};
use rongma_domain::credit::{
    build_report, canonical_json, BasicInformation, BrandFact, Consent, ConsentScope, CreditReport,
    DisputeNote, DisputeStatus, EnterpriseIdentity, KeyError, Lender, RecordKind as K, ReportError,
    ReportRequest, ReportSigner, Statement, StatementAuthor, Statements, VerifierKey, VerifyError,
    SIGNING_CONTEXT,
};
use rongma_domain::ids::Uscc;
use serde_json::{json, Value};

fn uscc(s: &str) -> Uscc {
    Uscc::parse(s).expect("uscc")
}

fn request(scope: &[ConsentScope], show_class: bool) -> ReportRequest {
    let code = uscc("91330100799655058B");
    ReportRequest {
        report_number: "PH-2026-000123".into(),
        created_at: t("2026-03-02T10:00:00+08:00"),
        enterprise: EnterpriseIdentity {
            credit_code: code.clone(),
            name: "平湖某羽绒服饰有限公司".into(),
            log_index: Some(7),
        },
        lender: Lender {
            name: "某农商银行平湖支行".into(),
            credit_code: Some(uscc("914403001922038216")),
        },
        consent: Consent {
            id: "consent-88".into(),
            scope: scope.to_vec(),
            granted_at: t("2026-02-20"),
            expires_at: Some(t("2026-05-20")),
            log_index: Some(880),
        },
        basic: BasicInformation {
            credit_code: code,
            name: "平湖某羽绒服饰有限公司".into(),
            address: Some("浙江省平湖市当湖街道".into()),
            pilot_start: t("2025-03-01"),
            pilot_log_index: Some(12),
            brands: vec![BrandFact {
                name: "绒里".into(),
                log_index: Some(13),
            }],
        },
        log_origin: "rongma.example.cn/log".into(),
        show_class,
        dispute_notice: None,
        statements: Statements {
            statements: vec![Statement {
                author: StatementAuthor::Enterprise,
                at: t("2026-01-10"),
                text: "已整改抽检问题".into(),
                log_index: Some(990),
            }],
            disputes: vec![DisputeNote {
                fact_id: "spot_check_lower_grade-2025-07-01".into(),
                opened_at: t("2026-02-01"),
                status: DisputeStatus::Open,
                text: "复检申请中".into(),
                log_index: Some(995),
            }],
        },
    }
}

const BOTH: [ConsentScope; 2] = [ConsentScope::QualityRecord, ConsentScope::CreditClass];

fn sample(scope: &[ConsentScope], show_class: bool) -> CreditReport {
    let mut r = certs(
        tags(
            with_items(
                record("2025-03-01"),
                &[
                    (K::SpotCheckConform, "2025-05-01"),
                    (K::SpotCheckLowerGrade, "2025-07-01"),
                    (K::ComplaintUpheld, "2025-08-01"),
                    (K::ComplaintAnsweredOnTime, "2025-08-03"),
                    (K::CopiedCodeFlag, "2025-10-01"),
                ],
            ),
            &[("2025-04-01", 20_000), ("2025-10-01", 15_000)],
        ),
        &["4A", "3A", "5A"],
    );
    r.items.push(
        credit_support::item(K::CertificateSuspended, "2025-06-01")
            .logged(1500)
            .repaired(t("2025-12-15"), Some(1600)),
    );
    build_report(model(), &r, request(scope, show_class)).expect("report")
}

fn signer() -> ReportSigner {
    ReportSigner::from_seed("rongma-credit", [7u8; 32]).expect("signer")
}

#[test]
fn the_report_lists_the_record_with_log_indices() {
    let rep = sample(&BOTH, true);
    assert_eq!(rep.format, "rongma-credit-report/1");
    assert!(rep.explanation.class_shown);
    // 80 + 2 − 6 − 5 × 10000/35000 (−1.43) − 3 + 5 + 6 + 4 = 86.57; the suspension was repaired.
    assert_eq!(
        (
            rep.summary.class.map(|c| c.as_str()),
            rep.summary.total.map(|d| d.to_string())
        ),
        (Some("B"), Some("86.57".to_owned()))
    );
    assert_eq!(rep.summary.white_listed, Some(false));
    assert_eq!(rep.summary.class_reasons.len(), 10);
    let lower = rep
        .summary
        .class_reasons
        .iter()
        .find(|l| l.rule == "spot_check_lower_grade")
        .expect("line");
    assert_eq!(lower.log_indices, [1001]);
    assert_eq!(
        rep.quality
            .spot_checks
            .iter()
            .map(|f| f.log_index)
            .collect::<Vec<_>>(),
        [Some(1000), Some(1001)]
    );
    assert_eq!(
        rep.quality
            .tags_issued
            .iter()
            .map(|b| b.log_index)
            .collect::<Vec<_>>(),
        [Some(500), Some(501)]
    );
    assert_eq!(
        rep.quality
            .certificates
            .iter()
            .map(|c| c.log_index)
            .collect::<Vec<_>>(),
        [Some(200), Some(201), Some(202)]
    );
    let grades: Vec<_> = rep
        .quality
        .grades
        .iter()
        .map(|g| (g.grade.as_str(), g.certificates))
        .collect();
    assert_eq!(grades, [("5A", 1), ("4A", 1), ("3A", 1)]);
    assert_eq!(rep.public_records.suspensions[0].log_index, Some(1500));
    let repair = &rep.public_records.repairs[0];
    assert_eq!(
        (repair.item_log_index, repair.log_index, repair.repaired_at),
        (Some(1500), Some(1600), t("2025-12-15"))
    );
    let s = &rep.summary;
    assert_eq!(
        (
            s.certificates_in_force,
            s.tags_issued,
            s.spot_checks,
            s.spot_check_failures,
            s.complaints_upheld,
            s.suspensions,
            s.copied_code_flags,
            s.repairs,
            s.open_disputes
        ),
        (3, 35_000, 2, 1, 1, 1, 1, 1, 1)
    );
}

#[test]
fn the_class_appears_only_when_policy_and_consent_allow() {
    for (scope, show, shown) in [
        (&BOTH[..], true, true),
        (&BOTH[..], false, false),
        (&BOTH[..1], true, false),
    ] {
        let rep = sample(scope, show);
        assert_eq!(rep.explanation.class_shown, shown);
        assert_eq!(rep.summary.class.is_some(), shown);
        assert_eq!(rep.summary.total.is_some(), shown);
        assert_eq!(rep.summary.white_listed.is_some(), shown);
        assert_eq!(rep.summary.class_reasons.is_empty(), !shown);
        assert_eq!(
            rep.explanation
                .class_notice
                .en
                .starts_with("This report does not show"),
            !shown
        );
        // The facts are the same either way.
        assert_eq!(rep.quality, sample(&BOTH, true).quality);
    }
}

#[test]
fn a_report_outside_the_consent_is_refused() {
    let r = record("2025-03-01");
    let build = |f: &dyn Fn(&mut ReportRequest)| {
        let mut req = request(&BOTH, true);
        f(&mut req);
        build_report(model(), &r, req)
    };
    assert_eq!(
        build(&|q| q.consent.scope = vec![ConsentScope::CreditClass]),
        Err(ReportError::ConsentScope)
    );
    assert_eq!(
        build(&|q| q.consent.expires_at = Some(t("2026-03-01"))),
        Err(ReportError::ConsentExpired(t("2026-03-01")))
    );
    assert!(matches!(
        build(&|q| q.consent.granted_at = t("2026-03-03")),
        Err(ReportError::ConsentNotYet { .. })
    ));
    assert!(matches!(
        build(&|q| q.basic.credit_code = uscc("914403001922038216")),
        Err(ReportError::Enterprise { .. })
    ));
    assert!(matches!(
        build(&|q| q.created_at = t("2026-02-28")),
        Err(ReportError::CreatedBeforeAsOf { .. })
    ));
    assert_eq!(
        build(&|q| q.report_number = " ".into()),
        Err(ReportError::NoNumber)
    );
}

#[test]
fn a_signed_report_verifies_and_the_signature_covers_its_canonical_form() {
    let rep = sample(&BOTH, true);
    let file = signer().sign(&rep).expect("sign");
    assert_eq!(
        rongma_domain::credit::verify(&file, &signer().verifier_key()),
        Ok(rep.clone())
    );
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
            rongma_domain::credit::verify(&bytes, &key),
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
            rongma_domain::credit::verify(&serde_json::to_vec(&v).expect("bytes"), &key),
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
    assert_eq!(
        rongma_domain::credit::verify(text.as_bytes(), &key),
        Ok(rep.clone())
    );
    let compact = serde_json::to_vec(&v).expect("compact");
    assert_eq!(rongma_domain::credit::verify(&compact, &key), Ok(rep));
}

#[test]
fn a_wrong_key_is_detected() {
    let file = signer().sign(&sample(&BOTH, true)).expect("sign");
    let other = ReportSigner::from_seed("rongma-credit", [8u8; 32])
        .expect("signer")
        .verifier_key();
    assert!(matches!(
        rongma_domain::credit::verify(&file, &other),
        Err(VerifyError::WrongKey { .. })
    ));
    // A forger who copies the expected key name and id into the file still fails.
    let mut v: Value = serde_json::from_slice(&file).expect("json");
    v["signature"]["key_id"] = json!(other.key_id_hex());
    assert_eq!(
        rongma_domain::credit::verify(&serde_json::to_vec(&v).expect("bytes"), &other),
        Err(VerifyError::BadSignature)
    );
    // Same seed under another key name: a different key id.
    let renamed = ReportSigner::from_seed("pinghu-amr-credit", [7u8; 32])
        .expect("signer")
        .verifier_key();
    assert!(matches!(
        rongma_domain::credit::verify(&file, &renamed),
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
        let got = rongma_domain::credit::verify(&bytes, &key)
            .expect_err(want)
            .to_string();
        assert!(got.contains(want), "want {want:?}, got {got:?}");
    }
    let rsa = with(&|v| v["signature"]["algorithm"] = json!("rsa"));
    assert_eq!(
        rongma_domain::credit::verify(&rsa, &key),
        Err(VerifyError::Algorithm("rsa".into()))
    );
}

#[test]
fn a_signed_report_of_another_format_is_refused() {
    let mut rep = sample(&BOTH, true);
    rep.format = "rongma-credit-report/2".into();
    let file = signer().sign(&rep).expect("sign");
    assert_eq!(
        rongma_domain::credit::verify(&file, &signer().verifier_key()),
        Err(VerifyError::Format("rongma-credit-report/2".into()))
    );
}

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
    let signer = ReportSigner::from_private_text(PETER_SKEY).expect("vector private key");
    assert_eq!(signer.verifier_key().to_string(), PETER_VKEY);
    assert_eq!(signer.private_text(), PETER_SKEY);
    assert!(
        !format!("{signer:?}").contains("AYEKFAL"),
        "Debug must not print the private key"
    );
    // Our own key text round-trips.
    let ours = self::signer().verifier_key();
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
