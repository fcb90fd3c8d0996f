//! Shared fixtures for the grading tests: the default profile and edited copies of its
//! file, a report that reaches 5A on every indicator, and helpers to change fields and
//! grade.

use rongma_domain::grading::{grade, GradingResult, Profile, Report};
use serde_json::{json, Value};

pub fn profile() -> Profile {
    Profile::builtin_default()
}

/// The default profile file with each `(from, to)` made in turn, once each. Every `from`
/// must occur, so a change to the default file cannot leave a test checking nothing.
pub fn edited_toml(edits: &[(&str, &str)]) -> String {
    let mut text = Profile::builtin_default_toml().to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "fixture text not found: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The default profile file with one substring (which must exist) replaced.
pub fn edited(from: &str, to: &str) -> String {
    edited_toml(&[(from, to)])
}

/// The default profile with `edits` made (see [`edited_toml`]); it must stay valid.
pub fn edited_profile(edits: &[(&str, &str)]) -> Profile {
    Profile::from_toml_str(&edited_toml(edits))
        .unwrap_or_else(|e| panic!("edited profile should be valid: {e}"))
}

/// A report at 5A everywhere, comfortably away from every threshold and baseline.
pub fn top_report() -> Value {
    json!({
        "declared": { "species": "goose", "down_cluster_pct": "80.0", "fill_weight_g": "200" },
        "measured": {
            "down_cluster_pct": "80.0",
            "fill_power_cm": "21.0",
            "fill_power_method": "garment",
            "turbidity_mm": "1000",
            "oxygen_mg_per_100g": "3.2",
            "fat_pct": "0.6",
            "odour": "pass",
            "down_leakage_fibres": "1",
            "fill_weight_g": "205",
            "colour_fastness": {
                "wash_change": "5", "wash_stain": "5", "water_change": "5", "water_stain": "5",
                "perspiration_acid_change": "5", "perspiration_acid_stain": "5",
                "perspiration_alkaline_change": "5", "perspiration_alkaline_stain": "5",
                "rubbing_dry": "5", "rubbing_wet": "5", "light": "6"
            }
        }
    })
}

/// Sets a dotted field (`measured.fill_power_cm`) in a report.
pub fn set(mut report: Value, field: &str, value: Value) -> Value {
    let mut at = &mut report;
    let mut parts = field.split('.').peekable();
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            at[p] = value;
            break;
        }
        at = &mut at[p];
    }
    report
}

/// Sets several dotted fields, in order.
pub fn set_all<'a>(report: Value, fields: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
    fields
        .into_iter()
        .fold(report, |report, (field, value)| set(report, field, value))
}

/// Removes a dotted field from a report.
pub fn remove(mut report: Value, field: &str) -> Value {
    let (parent, leaf) = field.rsplit_once('.').expect("dotted field");
    let mut at = &mut report;
    for p in parent.split('.') {
        at = &mut at[p];
    }
    at.as_object_mut().expect("object").remove(leaf);
    report
}

pub fn parse(report: &Value, profile: &Profile) -> Report {
    Report::from_json(report, profile).unwrap_or_else(|e| panic!("report should parse: {e}"))
}

pub fn grade_json(report: &Value, profile: &Profile) -> GradingResult {
    grade(profile, &parse(report, profile))
}

/// The top report with one field changed, graded with the default profile.
pub fn grade_with(field: &str, value: Value) -> GradingResult {
    let p = profile();
    grade_json(&set(top_report(), field, value), &p)
}
