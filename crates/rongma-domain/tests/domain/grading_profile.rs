//! Profile files: the shipped default, each kind of refusal naming its place, the content
//! hash, and several versions of one profile side by side.

use crate::grading_support::{edited, edited_profile, edited_toml, grade_json, set, top_report};
use rongma_domain::grading::{IndicatorId, Profile, ProfileError};

fn refusal(text: &str) -> String {
    match Profile::from_toml_str(text) {
        Ok(_) => panic!("profile should be refused"),
        Err(e) => e.to_string(),
    }
}

const FILL_POWER_ROW: &str =
    "thresholds = { 1A = 12.0, 2A = 14.0, 3A = 16.0, 4A = 18.0, 5A = 20.0 }";
const LEAKAGE_ROW: &str = "thresholds = { 1A = 50, 2A = 30, 3A = 15, 4A = 10, 5A = 5 }";
const TURBIDITY_ROW: &str = "thresholds = { 1A = 500, 2A = 600, 3A = 700, 4A = 800, 5A = 900 }";
const WET_ROW: &str = "thresholds = { 1A = 2.5, 2A = 3.0, 3A = 3.0, 4A = 3.5, 5A = 4.0 }";

#[test]
fn the_default_profile_loads() {
    let p = Profile::builtin_default();
    assert_eq!(
        (p.id(), p.version()),
        ("pinghu-down-garment", "2025.1-default")
    );
    let ids: Vec<_> = p.indicators().iter().map(|i| i.id()).collect();
    assert_eq!(ids, IndicatorId::ALL);
    assert_eq!(p.baselines().len(), 11);
    assert_eq!(p.hash().len(), 64);
}

#[test]
fn each_kind_of_refusal_names_its_place() {
    let cases: Vec<(String, &str)> = vec![
        (edited(FILL_POWER_ROW, "thresholds = { 1A = 12.0, 2A = 14.0, 3A = 18.0, 4A = 17.0, 5A = 20.0 }"),
            "indicators.fill_power.thresholds: 4A (17.0) is below 3A (18.0) for a higher-is-better indicator"),
        (edited(LEAKAGE_ROW, "thresholds = { 1A = 50, 2A = 30, 3A = 35, 4A = 10, 5A = 5 }"),
            "indicators.down_leakage.thresholds: 3A (35) is above 2A (30) for a lower-is-better indicator"),
        (edited(TURBIDITY_ROW, "thresholds = { 1A = 500, 2A = 600, 3A = 700, 4A = 800 }"),
            "indicators.turbidity.thresholds: missing 5A"),
        (edited(TURBIDITY_ROW, "thresholds = { 1A = 500, 2A = 600, 3A = 700, 4A = 800, 5A = 900, 6A = 950 }"),
            "indicators.turbidity.thresholds: unknown grade \"6A\""),
        (edited(FILL_POWER_ROW, "thresholds = { 1A = 12.0, 2A = 14.0, 3A = 16.0, 4A = 18.05, 5A = 20.0 }"),
            "indicators.fill_power.thresholds: 4A (18.05) has more decimals than the precision 0.1 allows"),
        (edited(WET_ROW, "thresholds = { 1A = 2.5, 2A = 3.0, 3A = 3.0, 4A = 3.7, 5A = 4.0 }"),
            "indicators.colour_fastness.components.rubbing_wet.thresholds: 4A (3.7) is not a multiple of the precision 0.5"),
        (edited("unit = \"mm\"", "unit = \"NTU\""),
            "indicators.turbidity.unit: NTU is not a unit of this scheme: turbidity is a transparency depth in mm"),
        (edited("unit = \"cm\"", "unit = \"inch\""), "indicators.fill_power.unit: unknown unit \"inch\""),
        (edited("unit = \"cm\"", "unit = \"mm\""), "indicators.fill_power.unit: must be \"cm\""),
        (edited("[indicators.fill_power]", "[indicators.loft]"), "indicators.loft: unknown indicator id"),
        (edited("rubbing_dry = {", "rubbing_hard = {"), "indicators.colour_fastness.components.rubbing_hard: unknown component id"),
        (edited("precision = 0.1\ndirection", "precision = 0.3\ndirection"), "indicators.down_cluster.precision: precision 0.3 is not"),
        (edited("direction = \"lower\"", "direction = \"down\""), "indicators.down_leakage.direction: unknown direction \"down\""),
        (edited("borderline_margin = 0.3", "borderline_margin = -0.3"), "indicators.fill_power.borderline_margin: -0.3 must not be negative"),
        (edited("combination = \"weakest_link\"", "combination = \"average\""), "combination: unknown combination rule \"average\" (known: weakest_link)"),
        (edited("fill_power_methods = [\"garment\"]", "fill_power_methods = [\"garment\", \"loose\"]"), "fill_power_methods[1]: unknown fill-power method \"loose\""),
        (edited("fill_power_methods = [\"garment\"]", "fill_power_methods = []"), "fill_power_methods: must accept at least one method"),
        (edited("[baseline.odour]", "[baseline.smell]"), "baseline.smell: unknown baseline id"),
        (edited("[baseline.odour]\n", "[baseline.odour]\nmax = 1\n"), "baseline.odour.max: does not apply to odour (it takes: no parameters)"),
        (edited("max = 5.6\n", ""), "baseline.oxygen_max: missing max"),
        (edited("max = 5.6\n", "max = 5.65\n"), "baseline.oxygen_max.max: 5.65 has more decimals than the precision 0.1 allows"),
        (edited("species = [\"duck\", \"goose\"]", "species = [\"duck\", \"chicken\"]"), "baseline.scope_species.species: unknown species \"chicken\""),
        (edited("min = 50.0\nmax = 80.0", "min = 80.0\nmax = 50.0"), "baseline.scope_down_cluster: min 80 is above max 50"),
        (edited("min = 3.0\nsource", "min = 3.2\nsource"), "baseline.light_fastness_min.min: 3.2 is not a half step"),
        (edited("[baseline.odour]", "[baseline.indicator_below_1a]\nname = { zh = \"x\", en = \"x\" }\n\n[baseline.odour]"), "baseline.indicator_below_1a: is recorded by the engine"),
        (edited("schema = 1", "schema = 2"), "schema: unsupported profile format 2"),
        (edited("version = \"2025.1-default\"", "version = \"2025 draft\""), "version: \"2025 draft\" must be non-empty with no spaces"),
        (edited("name = { zh = \"蓬松度\", en = \"Fill power\" }", "name = { zh = \"蓬松度\", en = \"\" }"), "indicators.fill_power.name: needs a non-empty zh and en name"),
        (edited("borderline_margin = 0\n", "borderline_margin = 0\nthresholds = { 1A = 3.0, 2A = 3.5, 3A = 4.0, 4A = 4.0, 5A = 4.5 }\n"),
            "indicators.colour_fastness: give either thresholds or components, not both"),
    ];
    for (text, want) in &cases {
        let got = refusal(text);
        assert!(got.contains(want), "expected {want:?} in:\n{got}");
    }
}

#[test]
fn several_problems_are_reported_together() {
    let text = edited_toml(&[
        (
            FILL_POWER_ROW,
            "thresholds = { 1A = 12.0, 2A = 14.0, 3A = 18.0, 4A = 17.0, 5A = 20.0 }",
        ),
        (
            "combination = \"weakest_link\"",
            "combination = \"average\"",
        ),
    ]);
    match Profile::from_toml_str(&text) {
        Err(ProfileError::Invalid(issues)) => {
            let places: Vec<_> = issues.iter().map(|i| i.place.as_str()).collect();
            assert_eq!(places, ["combination", "indicators.fill_power.thresholds"]);
        }
        other => panic!("expected two issues, got {other:?}"),
    }
}

#[test]
fn unknown_keys_and_bad_toml_are_syntax_errors_with_a_line() {
    let typo = edited("borderline_margin = 0.3", "borderline_margn = 0.3");
    let err = Profile::from_toml_str(&typo).expect_err("typo");
    assert!(matches!(err, ProfileError::Syntax(_)));
    assert!(
        err.to_string().contains("borderline_margn") && err.to_string().contains("line"),
        "{err}"
    );
    assert!(matches!(
        Profile::from_toml_str("id = "),
        Err(ProfileError::Syntax(_))
    ));
    let text_number = edited("max = 5.6\n", "max = \"5,6\"\n");
    assert!(refusal(&text_number).contains("is not a decimal number"));
}

#[test]
fn the_hash_covers_content_not_formatting() {
    let original = Profile::builtin_default();
    // The pinned hash: changing it means the default profile's content changed, which
    // needs a new version.
    assert_eq!(
        original.hash(),
        PINNED_DEFAULT_HASH,
        "canonical JSON:\n{}",
        original.canonical_json()
    );

    let without_comments: String = Profile::builtin_default_toml()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let respelt = without_comments.replacen(
        FILL_POWER_ROW,
        "thresholds = { 5A = \"20\", 4A = 18, 3A = 16.00, 2A = 14.0, 1A = 12 }",
        1,
    );
    let same = Profile::from_toml_str(&respelt).expect("valid");
    assert_eq!(same.hash(), original.hash());

    let changed = edited_profile(&[(
        FILL_POWER_ROW,
        "thresholds = { 1A = 12.0, 2A = 14.0, 3A = 16.0, 4A = 18.0, 5A = 20.5 }",
    )]);
    assert_ne!(changed.hash(), original.hash());
}

const PINNED_DEFAULT_HASH: &str =
    "e9d0aa218e8e0f6184ebf9b5a37a59b5d0a4412074f37c93ef000eafb058652b";

#[test]
fn versions_of_one_profile_live_side_by_side() {
    let v1 = Profile::builtin_default();
    let v2 = edited_profile(&[
        (
            FILL_POWER_ROW,
            "thresholds = { 1A = 12.0, 2A = 14.0, 3A = 17.0, 4A = 18.0, 5A = 20.0 }",
        ),
        ("version = \"2025.1-default\"", "version = \"2026.1\""),
    ]);
    let report = set(
        top_report(),
        "measured.fill_power_cm",
        serde_json::json!("16.4"),
    );
    let (a, b) = (grade_json(&report, &v1), grade_json(&report, &v2));
    assert_eq!(a.grade.map(|g| g.to_string()).as_deref(), Some("3A"));
    assert_eq!(b.grade.map(|g| g.to_string()).as_deref(), Some("2A"));
    assert_eq!(
        (a.profile.id.as_str(), a.profile.version.as_str()),
        ("pinghu-down-garment", "2025.1-default")
    );
    assert_eq!(
        (b.profile.id.as_str(), b.profile.version.as_str()),
        ("pinghu-down-garment", "2026.1")
    );
    assert_eq!(a.profile.hash, v1.hash());
    assert_eq!(b.profile.hash, v2.hash());
}
