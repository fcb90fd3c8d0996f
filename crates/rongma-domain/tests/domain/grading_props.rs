//! Invariants over generated reports: improving a value never lowers the grade, the
//! overall grade is the weakest indicator, grading is deterministic, gaps are positive,
//! and a result survives a JSON round trip.

use crate::grading_support::{edited_profile, profile, set, set_all, top_report};
use proptest::prelude::*;
use rongma_domain::grading::{grade, GradingResult, Profile, Report};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// Measured fields that can be improved, with the way "better" points and the cap.
const IMPROVABLE: &[(&str, bool, i64)] = &[
    ("measured.down_cluster_pct", true, 100),
    ("measured.fill_power_cm", true, 40),
    ("measured.turbidity_mm", true, 2000),
    ("measured.fill_weight_g", true, 1000),
    ("measured.oxygen_mg_per_100g", false, 0),
    ("measured.fat_pct", false, 0),
    ("measured.down_leakage_fibres", false, 0),
    ("measured.colour_fastness.wash_change", true, 5),
    ("measured.colour_fastness.rubbing_wet", true, 5),
    ("measured.colour_fastness.perspiration_acid_stain", true, 5),
    ("measured.colour_fastness.light", true, 8),
];

fn dec(units: i64, scale: u32) -> Value {
    json!(Decimal::new(units, scale).to_string())
}

/// Reports spread across every grade, with rounding-sensitive decimals and some failures.
fn reports() -> impl Strategy<Value = Value> {
    let declared = (any::<bool>(), 480i64..=820, 100i64..=300);
    let core = (
        400i64..=900,
        1000i64..=2200,
        4500i64..=10000,
        20i64..=70,
        3i64..=16,
        0i64..=1200,
    );
    let fastness = (
        proptest::collection::vec(4i64..=10, 10),
        4i64..=16,
        0u8..20,
        900i64..=1100,
    );
    (declared, core, fastness).prop_map(
        |((goose, dcl, fw), (mdc, fp, turb, oxy, fat, leak), (fast, light, odour, fw_ratio))| {
            let mut r = set_all(
                top_report(),
                [
                    (
                        "declared.species",
                        json!(if goose { "goose" } else { "duck" }),
                    ),
                    ("declared.down_cluster_pct", dec(dcl, 1)),
                    ("declared.fill_weight_g", dec(fw, 0)),
                    ("measured.down_cluster_pct", dec(mdc.min(1000), 1)),
                    ("measured.fill_power_cm", dec(fp, 2)),
                    ("measured.turbidity_mm", dec(turb, 1)),
                    ("measured.oxygen_mg_per_100g", dec(oxy, 1)),
                    ("measured.fat_pct", dec(fat, 1)),
                    ("measured.down_leakage_fibres", dec(leak, 1)),
                    ("measured.fill_weight_g", dec(fw * fw_ratio, 3)),
                    (
                        "measured.odour",
                        json!(if odour == 0 { "fail" } else { "pass" }),
                    ),
                    ("measured.colour_fastness.light", dec(light * 5, 1)),
                ],
            );
            let names = [
                "wash_change",
                "wash_stain",
                "water_change",
                "water_stain",
                "perspiration_acid_change",
                "perspiration_acid_stain",
                "perspiration_alkaline_change",
                "perspiration_alkaline_stain",
                "rubbing_dry",
                "rubbing_wet",
            ];
            for (name, half_steps) in names.iter().zip(fast) {
                r = set(
                    r,
                    &format!("measured.colour_fastness.{name}"),
                    dec(half_steps * 5, 1),
                );
            }
            r
        },
    )
}

fn graded(report: &Value, p: &Profile) -> GradingResult {
    let parsed =
        Report::from_json(report, p).unwrap_or_else(|e| panic!("generated report parses: {e}"));
    grade(p, &parsed)
}

/// Moves one field a step in its better direction, within its valid range.
fn improve(report: &Value, which: usize, step_tenths: i64) -> Value {
    let (field, higher, cap) = IMPROVABLE[which % IMPROVABLE.len()];
    let mut at = report;
    for part in field.split('.') {
        at = &at[part];
    }
    let current: Decimal = at
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("generated decimal text");
    let step = if field.contains("colour_fastness") {
        Decimal::new(5, 1)
    } else {
        Decimal::new(step_tenths, 1)
    };
    let cap = Decimal::from(cap);
    let next = if higher {
        (current + step).min(cap.max(current))
    } else {
        (current - step).max(Decimal::ZERO.min(current))
    };
    set(report.clone(), field, json!(next.to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn improving_one_value_never_lowers_the_grade(report in reports(), which in 0usize..64, step in 1i64..40) {
        let p = profile();
        let before = graded(&report, &p);
        let after = graded(&improve(&report, which, step), &p);
        prop_assert!(after.grade >= before.grade, "{:?} -> {:?}", before.grade, after.grade);
        prop_assert!(after.gradable || !before.gradable);
        let odour_fixed = graded(&set(report.clone(), "measured.odour", json!("pass")), &p);
        prop_assert!(odour_fixed.grade >= before.grade);
    }

    #[test]
    fn overall_is_the_weakest_indicator(report in reports()) {
        let p = profile();
        let r = graded(&report, &p);
        let weakest = r.indicators.iter().map(|i| i.grade).min().flatten();
        prop_assert_eq!(r.gradable, r.baseline_failures.is_empty());
        if r.gradable {
            prop_assert_eq!(r.grade, weakest);
        } else {
            prop_assert_eq!(r.grade, None);
        }
        for i in &r.indicators {
            prop_assert_eq!(i.gap.is_some(), i.value.is_some() && i.grade != Some(rongma_domain::grading::Grade::G5A));
            if let Some(gap) = i.gap {
                prop_assert!(gap > Decimal::ZERO, "{} gap {}", i.id, gap);
            }
            for c in &i.components {
                prop_assert!(c.gap.is_none_or(|g| g > Decimal::ZERO));
            }
        }
    }

    #[test]
    fn grading_is_deterministic_and_round_trips(report in reports()) {
        let (p1, p2) = (profile(), profile());
        prop_assert_eq!(p1.hash(), p2.hash());
        let (a, b) = (graded(&report, &p1), graded(&report, &p2));
        prop_assert_eq!(&a, &b);
        let json = serde_json::to_string(&a).expect("serialise");
        prop_assert_eq!(&json, &serde_json::to_string(&b).expect("serialise"));
        let back: GradingResult = serde_json::from_str(&json).expect("read back");
        // Everything serialised survives (component names are not serialised: the
        // profile has them), and the stored explanations are written back unchanged.
        prop_assert_eq!(back.grade, a.grade);
        prop_assert_eq!(&back.baseline_failures, &a.baseline_failures);
        prop_assert_eq!(serde_json::to_string(&back).expect("serialise"), json);
    }

    #[test]
    fn the_direct_json_writer_matches_serde(report in reports()) {
        let p = profile();
        let r = graded(&report, &p);
        let mut direct = Vec::new();
        r.write_json(&mut direct);
        let via_serde = serde_json::to_vec(&r).expect("serialise");
        prop_assert_eq!(String::from_utf8_lossy(&direct), String::from_utf8_lossy(&via_serde));
        let back: GradingResult = serde_json::from_slice(&via_serde).expect("read back");
        let mut again = Vec::new();
        back.write_json(&mut again);
        prop_assert_eq!(again, via_serde);
    }
}

#[test]
fn the_direct_json_writer_escapes_like_serde() {
    let p = edited_profile(&[(
        "name = { zh = \"蓬松度\", en = \"Fill power\" }",
        "name = { zh = \"蓬松\\\\度\", en = \"Fill \\\"power\\\"\\n\\t\\u0001\" }",
    )]);
    assert!(p
        .indicator(rongma_domain::grading::IndicatorId::FillPower)
        .expect("fill power")
        .name()
        .en()
        .contains('"'));
    let r = graded(
        &set(top_report(), "measured.fill_power_cm", json!("16.4")),
        &p,
    );
    let mut direct = Vec::new();
    r.write_json(&mut direct);
    assert_eq!(
        String::from_utf8_lossy(&direct),
        serde_json::to_string(&r).expect("serialise")
    );
}
