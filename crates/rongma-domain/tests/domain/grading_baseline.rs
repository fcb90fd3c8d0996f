//! Baseline requirements: each failure on its own, several at once (all listed), and the
//! pass side of each limit.

use crate::grading_support::{
    edited_profile, grade_json, grade_with, profile, set, set_all, top_report,
};
use rongma_domain::grading::{BaselineId, GradingResult, IndicatorId};
use serde_json::json;

fn failed(r: &GradingResult) -> Vec<BaselineId> {
    r.baseline_failures.iter().map(|f| f.id).collect()
}

fn assert_only(r: &GradingResult, want: &[BaselineId], case: &str) {
    assert_eq!(failed(r), want, "{case}");
    assert!(!r.gradable, "{case}: not gradable");
    assert_eq!(r.grade, None, "{case}: no grade");
    for f in &r.baseline_failures {
        assert!(
            !f.message.is_empty() && !f.message_zh.is_empty(),
            "{case}: messages"
        );
    }
}

#[test]
fn each_baseline_alone() {
    use BaselineId::*;
    let cases: &[(&str, &str, &[BaselineId])] = &[
        ("declared.down_cluster_pct", "80.1", &[ScopeDownCluster]),
        ("declared.down_cluster_pct", "49.9", &[ScopeDownCluster]),
        ("measured.down_cluster_pct", "74.9", &[DownClusterTolerance]),
        (
            "measured.down_cluster_pct",
            "74.949",
            &[DownClusterTolerance],
        ),
        ("measured.fill_weight_g", "189.8", &[FillWeightTolerance]),
        ("measured.oxygen_mg_per_100g", "5.7", &[OxygenMax]),
        ("measured.oxygen_mg_per_100g", "5.651", &[OxygenMax]),
        ("measured.fat_pct", "1.3", &[FatMax]),
        ("measured.odour", "fail", &[Odour]),
        ("measured.colour_fastness.light", "2.5", &[LightFastnessMin]),
        // These limits coincide with the default 1A thresholds, so the 1A miss is
        // recorded too: two separate rules, each with its own parameters.
        (
            "measured.turbidity_mm",
            "499",
            &[TurbidityMin, IndicatorBelow1A],
        ),
        (
            "measured.down_leakage_fibres",
            "51",
            &[DownLeakageMax, IndicatorBelow1A],
        ),
        (
            "measured.colour_fastness.rubbing_wet",
            "2.0",
            &[ColourFastnessMin, IndicatorBelow1A],
        ),
        // Fill power has no separate baseline: missing 1A is the failure.
        ("measured.fill_power_cm", "11.9", &[IndicatorBelow1A]),
    ];
    for (field, value, want) in cases {
        assert_only(
            &grade_with(field, json!(value)),
            want,
            &format!("{field} = {value}"),
        );
    }
}

#[test]
fn each_limit_passes_at_the_boundary() {
    let cases = [
        ("declared.down_cluster_pct", "80.0"),
        ("measured.down_cluster_pct", "75.0"),
        ("measured.down_cluster_pct", "74.95"), // rounds to 75.0
        ("measured.fill_weight_g", "190"),      // exactly 95.0 %
        ("measured.fill_weight_g", "189.9"),    // 94.95 % rounds to 95.0 %
        ("measured.oxygen_mg_per_100g", "5.6"),
        ("measured.oxygen_mg_per_100g", "5.65"), // half to even: 5.6
        ("measured.fat_pct", "1.2"),
        ("measured.fat_pct", "1.25"),
        ("measured.colour_fastness.light", "3.0"),
        ("measured.turbidity_mm", "500"),
        ("measured.down_leakage_fibres", "50"),
    ];
    for (field, value) in cases {
        let r = grade_with(field, json!(value));
        assert!(
            r.baseline_failures.is_empty(),
            "{field} = {value}: {:?}",
            failed(&r)
        );
        assert!(r.gradable && r.grade.is_some(), "{field} = {value}");
    }
}

#[test]
fn scope_species_fails_under_a_narrower_profile() {
    // The report format only admits duck and goose, so the default scope always passes;
    // a goose-only profile shows the rule works.
    let goose_only = edited_profile(&[
        ("species = [\"duck\", \"goose\"]", "species = [\"goose\"]"),
        ("version = \"2025.1-default\"", "version = \"goose-only\""),
    ]);
    let duck = set(top_report(), "declared.species", json!("duck"));
    assert_only(
        &grade_json(&duck, &goose_only),
        &[BaselineId::ScopeSpecies],
        "duck",
    );
    assert!(
        grade_json(&duck, &profile()).gradable,
        "the default admits duck"
    );
}

#[test]
fn every_failure_is_listed_not_only_the_first() {
    let p = profile();
    let report = set_all(
        top_report(),
        [
            ("declared.down_cluster_pct", "85.0"),
            ("measured.fill_weight_g", "100"),
            ("measured.oxygen_mg_per_100g", "6.1"),
            ("measured.fat_pct", "1.5"),
            ("measured.odour", "fail"),
            ("measured.colour_fastness.light", "2"),
            ("measured.fill_power_cm", "10.0"),
            ("measured.turbidity_mm", "450"),
        ]
        .map(|(field, value)| (field, json!(value))),
    );
    let r = grade_json(&report, &p);
    use BaselineId::*;
    assert_eq!(
        failed(&r),
        vec![
            ScopeDownCluster,
            FillWeightTolerance,
            TurbidityMin,
            OxygenMax,
            FatMax,
            Odour,
            LightFastnessMin,
            IndicatorBelow1A,
            IndicatorBelow1A
        ]
    );
    let below: Vec<_> = r
        .baseline_failures
        .iter()
        .filter_map(|f| f.indicator)
        .collect();
    assert_eq!(below, vec![IndicatorId::FillPower, IndicatorId::Turbidity]);
    assert_eq!(
        r.limiting,
        vec![IndicatorId::FillPower, IndicatorId::Turbidity]
    );
    let overall = r.explanation();
    assert!(
        overall
            .en
            .starts_with("Not gradable: declared down cluster 85.0% is outside 50–80%"),
        "{}",
        overall.en
    );
    assert!(overall.zh.starts_with("不予分级："), "{}", overall.zh);
}

#[test]
fn failure_messages_name_the_values() {
    let r = grade_with("measured.fill_weight_g", json!("180"));
    let f = &r.baseline_failures[0];
    assert_eq!(
        f.message,
        "measured fill weight 180 g is 90.0% of declared 200 g (minimum 95.0%)"
    );
    assert_eq!(
        f.message_zh,
        "充绒量实测 180 g 为申报值 200 g 的 90.0%（应不低于 95.0%）"
    );
    let r = grade_with("measured.colour_fastness.rubbing_wet", json!("2"));
    assert!(
        r.baseline_failures[0]
            .message
            .contains("Fastness to rubbing (wet) 2"),
        "{}",
        r.baseline_failures[0].message
    );
    let r = grade_with("measured.fill_power_cm", json!("11.5"));
    assert_eq!(
        r.baseline_failures[0].message,
        "Fill power 11.5 cm misses its 1A threshold (≥ 12.0 cm)"
    );
}

#[test]
fn limit_failures_say_the_rounded_value_and_the_limit() {
    use BaselineId::*;
    let cases = [
        (
            "measured.turbidity_mm",
            "499.4",
            TurbidityMin,
            "turbidity 499 mm is below 500 mm",
            "浊度 499 mm 低于 500 mm",
        ),
        (
            "measured.oxygen_mg_per_100g",
            "5.651",
            OxygenMax,
            "oxygen consumption 5.7 mg/100 g exceeds 5.6 mg/100 g",
            "耗氧量 5.7 mg/100 g 超过 5.6 mg/100 g",
        ),
        (
            "measured.fat_pct",
            "1.3",
            FatMax,
            "residual fat 1.3% exceeds 1.2%",
            "残脂率 1.3% 超过 1.2%",
        ),
        (
            "measured.down_leakage_fibres",
            "51",
            DownLeakageMax,
            "down leakage 51 fibres exceeds 50 fibres",
            "钻绒值 51 根 超过 50 根",
        ),
        (
            "measured.colour_fastness.light",
            "2.5",
            LightFastnessMin,
            "light fastness 2.5 is below 3",
            "耐光色牢度 2.5 级 低于 3 级",
        ),
    ];
    for (field, value, id, en, zh) in cases {
        let r = grade_with(field, json!(value));
        let f = r
            .baseline_failures
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("{field} = {value}: {id:?} should fail"));
        assert_eq!(
            (f.message.as_str(), f.message_zh.as_str()),
            (en, zh),
            "{field}"
        );
    }
}
