//! GB/T 8170 rounding before comparison, gaps to the next grade, and the explanations
//! built from them.

use crate::grading_support::{grade_json, grade_with, profile, set, top_report};
use rongma_domain::grading::{Explanation, Grade, IndicatorId, Precision};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

#[test]
fn half_to_even_on_the_decimal_text() {
    let p = Precision::new(d("0.1")).expect("precision");
    let cases = [
        ("15.95", "16.0"),   // exact half, 9 is odd → up
        ("15.85", "15.8"),   // exact half, 8 is even → stays
        ("15.850", "15.8"),  // a 5 followed by zeros is still exactly half
        ("15.851", "15.9"),  // more than half → up
        ("15.8499", "15.8"), // less than half → down
        ("16.05", "16.0"),
        ("16.15", "16.2"),
        ("16", "16.0"), // shown at the precision
        ("0.05", "0.0"),
    ];
    for (raw, want) in cases {
        assert_eq!(p.round(d(raw)).to_string(), want, "{raw}");
    }
    let one = Precision::new(d("1")).expect("precision");
    assert_eq!(one.round(d("612.5")).to_string(), "612");
    assert_eq!(one.round(d("613.5")).to_string(), "614");
    assert_eq!(one.round(d("12.4999")).to_string(), "12");
}

#[test]
fn grading_uses_the_rounded_value() {
    let cases = [
        ("15.95", "16.0", Grade::G3A),
        ("15.85", "15.8", Grade::G2A),
        ("15.851", "15.9", Grade::G2A),
        ("15.9499", "15.9", Grade::G2A),
        ("17.95", "18.0", Grade::G4A),
    ];
    for (raw, rounded, want) in cases {
        let r = grade_with("measured.fill_power_cm", json!(raw));
        let fp = r.indicator(IndicatorId::FillPower).expect("graded");
        assert_eq!(fp.value, Some(d(raw)), "raw value is kept as given");
        assert_eq!(
            fp.rounded.map(|v| v.to_string()),
            Some(rounded.to_owned()),
            "{raw}"
        );
        assert_eq!(fp.grade, Some(want), "{raw}");
    }
    // Lab means with more decimals than the precision are rounded, not rejected.
    let leak = grade_with("measured.down_leakage_fibres", json!("10.5"));
    assert_eq!(
        leak.indicator(IndicatorId::DownLeakage)
            .and_then(|i| i.grade),
        Some(Grade::G4A)
    );
    let leak = grade_with("measured.down_leakage_fibres", json!("11.5"));
    assert_eq!(
        leak.indicator(IndicatorId::DownLeakage)
            .and_then(|i| i.grade),
        Some(Grade::G3A)
    );
}

#[test]
fn json_numbers_round_like_their_text() {
    for (num, want) in [(15.95, Grade::G3A), (15.85, Grade::G2A)] {
        let r = grade_with("measured.fill_power_cm", json!(num));
        assert_eq!(
            r.indicator(IndicatorId::FillPower).and_then(|i| i.grade),
            Some(want),
            "{num}"
        );
        let text = grade_with("measured.fill_power_cm", json!(num.to_string()));
        assert_eq!(r, text, "number {num} and string give the same result");
    }
}

#[test]
fn gap_and_next_threshold() {
    let r = grade_with("measured.fill_power_cm", json!("16.4"));
    let fp = r.indicator(IndicatorId::FillPower).expect("graded");
    assert_eq!(fp.threshold, Some(d("16.0")));
    assert_eq!(fp.next_threshold, Some(d("18.0")));
    assert_eq!(fp.gap.map(|g| g.to_string()), Some("1.6".to_owned()));

    let r = grade_with("measured.down_leakage_fibres", json!("12"));
    let dl = r.indicator(IndicatorId::DownLeakage).expect("graded");
    assert_eq!(
        (dl.grade, dl.next_threshold, dl.gap),
        (Some(Grade::G3A), Some(d("10")), Some(d("2")))
    );

    let top = grade_json(&top_report(), &profile());
    for i in &top.indicators {
        assert_eq!(
            (i.next_threshold, i.gap),
            (None, None),
            "no next grade above 5A: {}",
            i.id
        );
    }

    let low = grade_with("measured.fill_power_cm", json!("11.5"));
    let fp = low.indicator(IndicatorId::FillPower).expect("graded");
    assert_eq!(
        (fp.grade, fp.next_threshold, fp.gap),
        (None, Some(d("12.0")), Some(d("0.5")))
    );
}

/// The explanation of indicator `id` when the top report has `field` set to `value`.
fn explained(field: &str, value: Value, id: IndicatorId) -> Explanation {
    grade_with(field, value)
        .indicator(id)
        .expect("graded")
        .explanation()
}

#[test]
fn explanations_in_both_languages() {
    let r = grade_with("measured.fill_power_cm", json!("16.4"));
    let e = r
        .indicator(IndicatorId::FillPower)
        .expect("graded")
        .explanation();
    assert_eq!(
        e.zh,
        "蓬松度 16.4 cm，达到 3A（≥16.0 cm），距 4A 还差 1.6 cm"
    );
    assert_eq!(
        e.en,
        "Fill power 16.4 cm reaches 3A (≥ 16.0 cm); 1.6 cm short of 4A"
    );
    let overall = r.explanation();
    assert_eq!(
        overall.en,
        "Overall 3A: the lowest indicator grade, limited by Fill power"
    );
    assert_eq!(overall.zh, "总评 3A：取各项指标的最低等级，受限于蓬松度");

    let e = explained(
        "measured.fill_power_cm",
        json!("15.95"),
        IndicatorId::FillPower,
    );
    assert_eq!(e.en, "Fill power 15.95 cm (rounded to 16.0 cm) reaches 3A (≥ 16.0 cm); 2.0 cm short of 4A; borderline — retest advised");

    let e = explained(
        "measured.down_leakage_fibres",
        json!("12"),
        IndicatorId::DownLeakage,
    );
    assert_eq!(e.zh, "钻绒值 12 根，达到 3A（≤15 根），距 4A 还需减少 2 根");
    assert_eq!(
        e.en,
        "Down leakage 12 fibres reaches 3A (≤ 15 fibres); 2 fibres above the 4A limit"
    );
}

#[test]
fn borderline_flags_values_within_the_margin_of_the_threshold_met() {
    // Fill power margin 0.3 above the 3A threshold 16.0. 15.9 is a near miss of 3A but
    // sits far above the 2A threshold it met, so it is not flagged (its gap shows it).
    for (value, flagged) in [
        ("16.0", true),
        ("16.3", true),
        ("16.4", false),
        ("15.9", false),
        ("14.2", true),
    ] {
        let r = grade_with("measured.fill_power_cm", json!(value));
        let fp = r.indicator(IndicatorId::FillPower).expect("graded");
        assert_eq!(fp.borderline, flagged, "{value}");
    }
    // Turbidity margin 20; below 1A is a failure, never "borderline".
    assert!(grade_with("measured.turbidity_mm", json!("719")).indicators[2].borderline);
    assert!(!grade_with("measured.turbidity_mm", json!("499")).indicators[2].borderline);
    // Colour fastness margin 0: never flagged, even exactly at a threshold.
    let r = grade_with("measured.colour_fastness.wash_change", json!("4.0"));
    assert!(
        !r.indicator(IndicatorId::ColourFastness)
            .expect("graded")
            .borderline
    );
    // Borderline is advice only: the grade is unchanged.
    assert_eq!(
        grade_with("measured.fill_power_cm", json!("16.0")).grade,
        Some(Grade::G3A)
    );
}

#[test]
fn rounded_values_keep_the_precision_places() {
    let p = profile();
    let r = grade_json(&set(top_report(), "measured.fill_power_cm", json!(19)), &p);
    let fp = r.indicator(IndicatorId::FillPower).expect("graded");
    assert_eq!(fp.rounded.map(|v| v.to_string()).as_deref(), Some("19.0"));
    assert_eq!(fp.gap.map(|v| v.to_string()).as_deref(), Some("1.0"));
}
