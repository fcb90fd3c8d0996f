//! verify(): a published result is recomputed from the plan bytes and beacon, and the first
//! difference is reported in plain words.

use rongma_domain::supervision::{draw, verify, Beacon, Difference, VerifyError};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const PLAN: &str = r#"{"algorithm":"rongma-draw-v1","plan_id":"PH-2026-001","inspectors_per_enterprise":2,"strata":[{"stratum":"A","ratio":"0.2"},{"stratum":"B","ratio":"0.5"},{"stratum":"D","ratio":"1"}],"enterprises":[{"id":"E01","stratum":"A","weight":1},{"id":"E02","stratum":"A","weight":1},{"id":"E03","stratum":"A","weight":1},{"id":"E04","stratum":"A","weight":1},{"id":"E05","stratum":"A","weight":1},{"id":"E06","stratum":"B","weight":1},{"id":"E07","stratum":"B","weight":3},{"id":"E08","stratum":"B","weight":1},{"id":"E09","stratum":"C","weight":1},{"id":"E10","stratum":"D","weight":2}],"inspectors":[{"id":"I1","name":"张"},{"id":"I2","name":"李"},{"id":"I3","name":"王"}],"conflicts":[{"enterprise":"E10","inspector":"I1"}]}"#;

fn beacon() -> Beacon {
    Beacon::from_bytes(Sha256::digest(b"example beacon").into())
}

fn published() -> Value {
    serde_json::from_slice(&draw(PLAN.as_bytes(), &beacon()).unwrap().to_json()).unwrap()
}

fn check(doc: &Value) -> Result<(), VerifyError> {
    verify(PLAN.as_bytes(), &beacon(), doc.to_string().as_bytes()).map(|_| ())
}

fn difference(doc: &Value) -> Difference {
    match check(doc) {
        Err(VerifyError::Differs(d)) => d,
        other => panic!("expected a difference, got {other:?}"),
    }
}

#[test]
fn the_published_result_verifies_in_any_layout_and_without_rongmas_extras() {
    let doc = published();
    check(&doc).unwrap();
    let pretty = serde_json::to_vec_pretty(&doc).unwrap();
    assert!(verify(PLAN.as_bytes(), &beacon(), &pretty).is_ok());
    let mut minimal = doc.clone();
    for k in ["algorithm", "strata", "cap"] {
        minimal.as_object_mut().unwrap().remove(k);
    }
    check(&minimal).unwrap();
}

#[test]
fn a_changed_inspector_is_reported_with_the_enterprise_and_both_versions() {
    let mut doc = published();
    doc["enterprises"][2]["inspectors"] = json!(["I1", "I3"]);
    let d = difference(&doc);
    assert_eq!(
        d.to_string(),
        "enterprise no. 3: the draw gives E08 (stratum B, rank 2, inspectors I3, I1), \
         the result says E08 (stratum B, rank 2, inspectors I1, I3)"
    );
    assert!(d
        .message_zh()
        .starts_with("第 3 家企业：重新抽取得到 E08（层级 B，第 2 名，检查人员 I3、I1）"));
}

#[test]
fn swapped_missing_or_extra_enterprises_are_reported() {
    let mut doc = published();
    let list = doc["enterprises"].as_array_mut().unwrap();
    list.swap(1, 2);
    assert!(matches!(
        difference(&doc),
        Difference::Enterprise { position: 2, .. }
    ));

    let mut doc = published();
    doc["enterprises"].as_array_mut().unwrap().pop();
    let d = difference(&doc);
    assert!(
        matches!(
            &d,
            Difference::Enterprise {
                position: 4,
                found: None,
                ..
            }
        ),
        "{d}"
    );
    assert!(d.to_string().ends_with("the result says nothing"));

    let mut doc = published();
    doc["enterprises"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id":"E09","stratum":"C","rank":1,"inspectors":["I1","I2"]}));
    assert!(matches!(
        difference(&doc),
        Difference::Enterprise {
            position: 5,
            expected: None,
            ..
        }
    ));
}

#[test]
fn header_differences_come_first() {
    let mut doc = published();
    doc["enterprises"] = json!([]);
    doc["cap"] = json!(9);
    assert_eq!(
        difference(&doc),
        Difference::Cap {
            expected: 3,
            found: 9
        }
    );

    let mut doc = published();
    doc["strata"][1]["quota"] = json!(3);
    assert_eq!(
        difference(&doc).to_string(),
        "the result's strata and quotas are A 1/5 (0.2), B 3/3 (0.5), D 1/1 (1); \
         the draw gives A 1/5 (0.2), B 2/3 (0.5), D 1/1 (1)"
    );

    let mut doc = published();
    doc["seed"] = json!("00".repeat(32));
    assert!(matches!(difference(&doc), Difference::Seed { .. }));

    // A result made with another beacon does not verify against this one.
    let other = draw(PLAN.as_bytes(), &Beacon::from_bytes([1; 32]))
        .unwrap()
        .to_json();
    match verify(PLAN.as_bytes(), &beacon(), &other) {
        Err(VerifyError::Differs(Difference::Beacon { expected, .. })) => {
            assert_eq!(expected, beacon().to_hex())
        }
        other => panic!("{other:?}"),
    }
    // Nor against a plan that was changed after the fact.
    let changed = PLAN.replace(r#""ratio":"0.5""#, r#""ratio":"0.6""#);
    let e = verify(changed.as_bytes(), &beacon(), doc.to_string().as_bytes()).unwrap_err();
    assert!(
        matches!(e, VerifyError::Differs(Difference::PlanHash { .. })),
        "{e}"
    );

    let mut doc = published();
    doc["algorithm"] = json!("other-v9");
    assert!(matches!(difference(&doc), Difference::Algorithm { .. }));
}

#[test]
fn unreadable_results_and_plans_are_errors_not_differences() {
    assert!(matches!(
        verify(PLAN.as_bytes(), &beacon(), b"{}"),
        Err(VerifyError::Unreadable(_))
    ));
    let doc = published().to_string();
    assert!(matches!(
        verify(b"{}", &beacon(), doc.as_bytes()),
        Err(VerifyError::Plan(_))
    ));
}
