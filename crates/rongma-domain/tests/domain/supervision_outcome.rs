//! Spot-check outcomes against the certificate, and what the cascade policy does with them.
//! Samples are graded by the real engine with the shipped default profile.

use crate::grading_support::{profile, set, top_report};
use rongma_domain::grading::{grade, BaselineId, Grade, GradingResult, IndicatorId, Report};
use rongma_domain::supervision::{compare, Action, CascadePolicy, Certified, Outcome, Rule, Scope};
use serde_json::json;

/// The default report with the measured fill power changed (21 cm is 5A; 18 → 4A,
/// 17 → 3A, 15 → 2A, 11 → below 1A).
fn graded(fill_power: &str) -> GradingResult {
    let p = profile();
    let report = set(top_report(), "measured.fill_power_cm", json!(fill_power));
    grade(&p, &Report::from_json(&report, &p).unwrap())
}

fn certificate(fill_power: &str) -> Certified {
    Certified::from_result(&graded(fill_power)).unwrap()
}

#[test]
fn samples_are_classified_against_their_certificate() {
    // (certificate's fill power, sample's, expected class, measured grade, steps lower)
    let table = [
        ("21.0", "21.0", "conform", Some(Grade::G5A), 0),
        ("18.0", "21.0", "conform", Some(Grade::G5A), 0),
        ("21.0", "18.0", "lower", Some(Grade::G4A), 1),
        ("21.0", "15.0", "lower", Some(Grade::G2A), 3),
        ("17.0", "15.0", "lower", Some(Grade::G2A), 1),
        ("21.0", "11.0", "baseline", None, 0),
    ];
    for (cert, sample, class, measured, steps) in table {
        let outcome = compare(&certificate(cert), &graded(sample));
        let (got_class, got_grade) = match &outcome {
            Outcome::Conform { measured, .. } => ("conform", Some(*measured)),
            Outcome::LowerGrade { measured, .. } => ("lower", Some(*measured)),
            Outcome::FailsBaseline { .. } => ("baseline", None),
        };
        assert_eq!(
            (got_class, got_grade, outcome.steps_lower()),
            (class, measured, steps),
            "{cert} vs {sample}"
        );
    }
}

#[test]
fn a_lower_grade_names_the_indicators_and_a_baseline_failure_its_reasons() {
    match compare(&certificate("21.0"), &graded("17.0")) {
        Outcome::LowerGrade {
            certified,
            measured,
            indicators,
        } => {
            assert_eq!((certified, measured), (Grade::G5A, Grade::G3A));
            assert_eq!(indicators.len(), 1);
            assert_eq!(indicators[0].indicator, IndicatorId::FillPower);
            assert_eq!(indicators[0].certified, Some(Grade::G5A));
            assert_eq!(indicators[0].measured, Some(Grade::G3A));
        }
        other => panic!("{other:?}"),
    }
    match compare(&certificate("21.0"), &graded("11.0")) {
        Outcome::FailsBaseline { failures } => {
            assert!(failures.iter().any(|f| f.id == BaselineId::IndicatorBelow1A
                && f.indicator == Some(IndicatorId::FillPower)));
        }
        other => panic!("{other:?}"),
    }
    // A 4A certificate whose fill power was 5A: a 4A sample with fill power at 4A conforms
    // overall, and the fill-power drift is reported.
    let mut cert = certificate("21.0");
    cert.grade = Grade::G4A;
    match compare(&cert, &graded("18.0")) {
        Outcome::Conform {
            measured: Grade::G4A,
            drifted,
        } => {
            assert_eq!(drifted.len(), 1);
            assert_eq!(drifted[0].indicator, IndicatorId::FillPower);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_default_policy_downgrades_suspends_and_revokes() {
    let policy = CascadePolicy::default();
    let cert = certificate("21.0");
    // (sample fill power, action, scope, new grade, a follow-up after the objection window)
    let table = [
        ("21.0", Action::Keep, Scope::SampledLot, None, None),
        (
            "18.0",
            Action::Downgrade,
            Scope::SampledLot,
            Some(Grade::G4A),
            None,
        ),
        (
            "17.0",
            Action::Downgrade,
            Scope::AllLots,
            Some(Grade::G3A),
            None,
        ),
        (
            "11.0",
            Action::Suspend,
            Scope::AllLots,
            None,
            Some((
                15,
                Rule {
                    action: Action::Revoke,
                    scope: Scope::AllLots,
                },
            )),
        ),
    ];
    for (sample, action, scope, new_grade, then) in table {
        let d = policy.decide(&compare(&cert, &graded(sample)));
        assert_eq!(
            (d.action, d.scope, d.new_grade, d.then),
            (action, scope, new_grade, then),
            "{sample}"
        );
    }
    let d = policy.decide(&compare(&cert, &graded("18.0")));
    assert_eq!(d.en, "the sample graded 4A, below the certified 5A: downgrade to 4A (a new certificate version), for the sampled lot");
    assert_eq!(
        d.zh,
        "样品评为 4A，低于证书等级 5A：被抽检批次降为 4A（发布新版本证书）"
    );
    let d = policy.decide(&compare(&cert, &graded("11.0")));
    assert!(
        d.zh.ends_with("如 15 日内未申请复检或复检未通过，该证书下全部批次撤销证书"),
        "{}",
        d.zh
    );
}

#[test]
fn the_policy_is_configuration() {
    let p: CascadePolicy = toml::from_str(
        "objection_days = 30\n[lower_by_one]\naction = \"suspend\"\nscope = \"all_lots\"\n",
    )
    .unwrap();
    assert_eq!(p.objection_days, 30);
    assert_eq!(
        p.lower_by_one,
        Rule {
            action: Action::Suspend,
            scope: Scope::AllLots
        }
    );
    assert_eq!(p.lower_by_more, CascadePolicy::default().lower_by_more);
    let d = p.decide(&compare(&certificate("21.0"), &graded("18.0")));
    assert_eq!((d.action, d.new_grade), (Action::Suspend, None));

    let bad = toml::from_str::<CascadePolicy>(
        "[fails_baseline]\naction = \"downgrade\"\nscope = \"sampled_lot\"\n",
    );
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("no grade to downgrade to"));
    assert!(toml::from_str::<CascadePolicy>("objection_dayz = 3").is_err());
}
