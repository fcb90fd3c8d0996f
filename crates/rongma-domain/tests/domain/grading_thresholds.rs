//! Every threshold edge of the default profile: just below, at and just above each grade's
//! threshold, for the four plain indicators and both colour-fastness component rows.

use crate::grading_support::{grade_json, grade_with, profile, set, set_all, top_report};
use rongma_domain::grading::{ComponentId, Grade, IndicatorId};
use serde_json::json;

const G1: Option<Grade> = Some(Grade::G1A);
const G2: Option<Grade> = Some(Grade::G2A);
const G3: Option<Grade> = Some(Grade::G3A);
const G4: Option<Grade> = Some(Grade::G4A);
const G5: Option<Grade> = Some(Grade::G5A);
const NONE: Option<Grade> = None;

/// Grades the top report with one field changed and checks that indicator's grade, and
/// that the overall grade follows (every other indicator is at 5A).
fn check(field: &str, id: IndicatorId, cases: &[(&str, Option<Grade>)]) {
    for &(value, want) in cases {
        let r = grade_with(field, json!(value));
        let got = r.indicator(id).expect("indicator graded").grade;
        assert_eq!(got, want, "{field} = {value}");
        assert_eq!(r.grade, want, "overall for {field} = {value}");
        assert_eq!(r.gradable, want.is_some(), "gradable for {field} = {value}");
    }
}

#[test]
fn fill_power_edges() {
    check(
        "measured.fill_power_cm",
        IndicatorId::FillPower,
        &[
            ("11.9", NONE),
            ("12.0", G1),
            ("12.1", G1),
            ("13.9", G1),
            ("14.0", G2),
            ("14.1", G2),
            ("15.9", G2),
            ("16.0", G3),
            ("16.1", G3),
            ("17.9", G3),
            ("18.0", G4),
            ("18.1", G4),
            ("19.9", G4),
            ("20.0", G5),
            ("20.1", G5),
        ],
    );
}

#[test]
fn down_cluster_edges() {
    // Declared at the scope floor so the label tolerance (declared − 5.0) never fails.
    let p = profile();
    let base = set(top_report(), "declared.down_cluster_pct", json!("50.0"));
    let cases = [
        ("49.9", NONE),
        ("50.0", G1),
        ("50.1", G1),
        ("59.9", G1),
        ("60.0", G2),
        ("60.1", G2),
        ("64.9", G2),
        ("65.0", G3),
        ("65.1", G3),
        ("69.9", G3),
        ("70.0", G4),
        ("70.1", G4),
        ("74.9", G4),
        ("75.0", G5),
        ("75.1", G5),
    ];
    for (value, want) in cases {
        let r = grade_json(
            &set(base.clone(), "measured.down_cluster_pct", json!(value)),
            &p,
        );
        assert_eq!(
            r.indicator(IndicatorId::DownCluster).expect("graded").grade,
            want,
            "{value}"
        );
        assert_eq!(r.grade, want, "overall for {value}");
    }
}

#[test]
fn turbidity_edges() {
    check(
        "measured.turbidity_mm",
        IndicatorId::Turbidity,
        &[
            ("499", NONE),
            ("500", G1),
            ("501", G1),
            ("599", G1),
            ("600", G2),
            ("601", G2),
            ("699", G2),
            ("700", G3),
            ("701", G3),
            ("799", G3),
            ("800", G4),
            ("801", G4),
            ("899", G4),
            ("900", G5),
            ("901", G5),
        ],
    );
}

#[test]
fn down_leakage_edges_lower_is_better() {
    check(
        "measured.down_leakage_fibres",
        IndicatorId::DownLeakage,
        &[
            ("51", NONE),
            ("50", G1),
            ("49", G1),
            ("31", G1),
            ("30", G2),
            ("29", G2),
            ("16", G2),
            ("15", G3),
            ("14", G3),
            ("11", G3),
            ("10", G4),
            ("9", G4),
            ("6", G4),
            ("5", G5),
            ("4", G5),
            ("0", G5),
        ],
    );
}

/// Rows 3.0 / 3.5 / 4.0 / 4.0 / 4.5: equal 3A and 4A thresholds mean 4.0 reaches 4A.
const MAIN_ROW: &[(&str, Option<Grade>)] = &[
    ("1.0", NONE),
    ("2.5", NONE),
    ("3.0", G1),
    ("3.5", G2),
    ("4.0", G4),
    ("4-5", G5),
    ("4.5", G5),
    ("5.0", G5),
];

/// Rows 2.5 / 3.0 / 3.0 / 3.5 / 4.0 for wet rubbing.
const WET_ROW: &[(&str, Option<Grade>)] = &[
    ("1.5", NONE),
    ("2.0", NONE),
    ("2-3", G1),
    ("2.5", G1),
    ("3.0", G3),
    ("3-4", G4),
    ("3.5", G4),
    ("4.0", G5),
    ("4.5", G5),
    ("5", G5),
];

#[test]
fn every_fastness_component_edge() {
    for &id in ComponentId::ALL {
        let row = if id == ComponentId::RubbingWet {
            WET_ROW
        } else {
            MAIN_ROW
        };
        let field = format!("measured.colour_fastness.{id}");
        for &(value, want) in row {
            let r = grade_with(&field, json!(value));
            let cf = r.indicator(IndicatorId::ColourFastness).expect("graded");
            let comp = cf
                .components
                .iter()
                .find(|c| c.id == id)
                .expect("component");
            assert_eq!(comp.grade, want, "{field} = {value}");
            assert_eq!(
                cf.grade, want,
                "composite takes the lowest component: {field} = {value}"
            );
            assert_eq!(r.grade, want, "overall for {field} = {value}");
        }
    }
}

#[test]
fn composite_takes_the_lowest_component() {
    let p = profile();
    let report = set_all(
        top_report(),
        [
            ("measured.colour_fastness.wash_stain", json!("3.5")),
            ("measured.colour_fastness.rubbing_wet", json!("3.0")),
        ],
    );
    let r = grade_json(&report, &p);
    let cf = r.indicator(IndicatorId::ColourFastness).expect("graded");
    assert_eq!(cf.grade, G2, "wash_stain 3.5 is 2A, rubbing_wet 3.0 is 3A");
    assert_eq!(r.limiting, vec![IndicatorId::ColourFastness]);
}

#[test]
fn limiting_lists_every_indicator_at_the_overall_grade() {
    let p = profile();
    let report = set_all(
        top_report(),
        [
            ("measured.fill_power_cm", json!("16.4")),
            ("measured.down_leakage_fibres", json!("12")),
            ("measured.turbidity_mm", json!("820")),
        ],
    );
    let r = grade_json(&report, &p);
    assert_eq!(r.grade, G3);
    assert_eq!(
        r.limiting,
        vec![IndicatorId::FillPower, IndicatorId::DownLeakage]
    );
    let top = grade_json(&top_report(), &p);
    assert_eq!(top.grade, G5);
    assert!(top.limiting.is_empty(), "nothing limits a 5A product");
}
