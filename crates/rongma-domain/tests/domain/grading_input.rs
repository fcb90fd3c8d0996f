//! Report input: every kind of bad value names its field and code, all errors are
//! collected, JSON numbers equal strings, and CSV rows carry row and column.

use crate::grading_support::{edited_profile, profile, remove, set, set_all, top_report};
use rongma_domain::grading::{csv_header, grade, CsvColumns, Profile, Report};
use serde_json::{json, Value};

/// Parses and returns the (field, code) pairs of the errors.
fn errors(report: &Value, p: &Profile) -> Vec<(String, String)> {
    match Report::from_json(report, p) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect(),
    }
}

fn one(field: &str, value: Value) -> Vec<(String, String)> {
    errors(&set(top_report(), field, value), &profile())
}

fn pair(field: &str, code: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), code.to_owned())]
}

#[test]
fn each_bad_value_names_its_field() {
    let cases: &[(&str, Value, &str)] = &[
        ("measured.fill_power_cm", json!(true), "wrong_type"),
        ("measured.fill_power_cm", json!([16]), "wrong_type"),
        ("measured.fill_power_cm", json!("sixteen"), "not_a_number"),
        ("measured.fill_power_cm", json!("16.4 cm"), "not_a_number"),
        ("measured.oxygen_mg_per_100g", json!(-0.1), "negative"),
        ("measured.down_leakage_fibres", json!("-3"), "negative"),
        ("declared.down_cluster_pct", json!("100.1"), "over_100"),
        ("measured.down_cluster_pct", json!(101), "over_100"),
        ("measured.fat_pct", json!("100.5"), "over_100"),
        ("declared.fill_weight_g", json!("0"), "not_positive"),
        (
            "measured.colour_fastness.wash_change",
            json!("5.5"),
            "out_of_range",
        ),
        (
            "measured.colour_fastness.wash_change",
            json!(0.5),
            "out_of_range",
        ),
        (
            "measured.colour_fastness.light",
            json!("8.5"),
            "out_of_range",
        ),
        (
            "measured.colour_fastness.rubbing_dry",
            json!("4.3"),
            "not_half_step",
        ),
        (
            "measured.colour_fastness.rubbing_dry",
            json!("4-6"),
            "not_a_number",
        ),
        ("declared.species", json!("chicken"), "unknown_species"),
        ("declared.species", json!(1), "wrong_type"),
        (
            "measured.fill_power_method",
            json!("loose"),
            "unknown_method",
        ),
        (
            "measured.fill_power_method",
            json!("bulk"),
            "method_not_accepted",
        ),
        ("measured.odour", json!("maybe"), "unknown_odour"),
        ("measured.turbidity_mm", json!("12 NTU"), "turbidity_ntu"),
    ];
    for (field, value, code) in cases {
        assert_eq!(
            one(field, value.clone()),
            pair(field, code),
            "{field} = {value}"
        );
    }
}

#[test]
fn accepted_edge_values() {
    for (field, value) in [
        ("measured.colour_fastness.light", json!("8")),
        ("measured.colour_fastness.wash_change", json!("1")),
        ("measured.colour_fastness.wash_change", json!("4-5")),
        ("measured.fat_pct", json!("0")),
        ("declared.species", json!(" Duck ")),
        ("measured.fill_power_cm", json!(" 16.4 ")),
    ] {
        assert_eq!(one(field, value.clone()), vec![], "{field} = {value}");
    }
}

#[test]
fn missing_fields_and_objects() {
    let p = profile();
    assert_eq!(
        errors(&remove(top_report(), "measured.fat_pct"), &p),
        pair("measured.fat_pct", "missing")
    );
    assert_eq!(
        errors(&set(top_report(), "measured.fat_pct", Value::Null), &p),
        pair("measured.fat_pct", "missing")
    );
    // A broken parent is one error, not one per child.
    assert_eq!(
        errors(&set(top_report(), "measured", json!(5)), &p),
        pair("measured", "wrong_type")
    );
    assert_eq!(
        errors(&remove(top_report(), "declared.species"), &p),
        pair("declared.species", "missing")
    );
    let no_fastness = remove(top_report(), "measured.colour_fastness");
    assert_eq!(
        errors(&no_fastness, &p),
        pair("measured.colour_fastness", "missing")
    );
    assert_eq!(errors(&json!([1, 2]), &p), pair("", "wrong_type"));
}

#[test]
fn turbidity_in_ntu_is_explained() {
    let p = profile();
    let ntu = set(
        remove(top_report(), "measured.turbidity_mm"),
        "measured.turbidity_ntu",
        json!(12),
    );
    let errs = Report::from_json(&ntu, &p).expect_err("NTU is refused");
    assert_eq!(errs.len(), 1, "no extra 'missing turbidity_mm': {errs}");
    let e = errs
        .for_field("measured.turbidity_ntu")
        .expect("named field");
    assert_eq!(e.code, "turbidity_ntu");
    assert!(
        e.message.contains("transparency depth in mm") && e.message.contains("never NTU"),
        "{}",
        e.message
    );
    assert!(e.message_zh.contains("不是 NTU"), "{}", e.message_zh);
}

#[test]
fn all_errors_are_collected() {
    let r = set_all(
        top_report(),
        [
            ("measured.fill_power_cm", json!("x")),
            ("measured.odour", json!("smelly")),
            ("measured.colour_fastness.light", json!(0)),
        ],
    );
    let r = remove(r, "declared.fill_weight_g");
    let got = errors(&r, &profile());
    let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "declared.fill_weight_g",
            "measured.fill_power_cm",
            "measured.odour",
            "measured.colour_fastness.light"
        ]
    );
}

#[test]
fn bulk_method_is_accepted_when_the_profile_says_so() {
    let p = edited_profile(&[(
        "fill_power_methods = [\"garment\"]",
        "fill_power_methods = [\"garment\", \"bulk\"]",
    )]);
    assert_eq!(
        errors(
            &set(top_report(), "measured.fill_power_method", json!("bulk")),
            &p
        ),
        vec![]
    );
}

#[test]
fn json_numbers_and_strings_are_the_same_report() {
    let p = profile();
    let numbers = json!({
        "declared": { "species": "duck", "down_cluster_pct": 70.0, "fill_weight_g": 180 },
        "measured": {
            "down_cluster_pct": 71.3, "fill_power_cm": 15.95, "fill_power_method": "garment",
            "turbidity_mm": 612.5, "oxygen_mg_per_100g": 4.8, "fat_pct": 0.85, "odour": "pass",
            "down_leakage_fibres": 12.5, "fill_weight_g": 181.2,
            "colour_fastness": {
                "wash_change": 4.5, "wash_stain": 4, "water_change": 4, "water_stain": 4,
                "perspiration_acid_change": 4, "perspiration_acid_stain": 4,
                "perspiration_alkaline_change": 4, "perspiration_alkaline_stain": 4,
                "rubbing_dry": 4, "rubbing_wet": 3.5, "light": 4
            }
        }
    });
    let a = Report::from_json(&numbers, &p).expect("numbers parse");
    let b = Report::from_json(&strings_of(&numbers), &p).expect("strings parse");
    assert_eq!(a, b);
    assert_eq!(grade(&p, &a), grade(&p, &b));
}

/// The same JSON with every number turned into its text.
fn strings_of(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), strings_of(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn csv_rows_parse_and_errors_carry_row_and_column() {
    let p = profile();
    let header = format!("\u{feff}sample_id,{}", csv_header());
    let cols = CsvColumns::from_header(header.split(',')).expect("header");
    let good =
        "S1,goose,80.0,200,80.0,21.0,garment,1000,3.2,0.6,pass,1,205,5,5,5,5,5,5,5,5,5,4-5,6";
    let report = cols.parse_record(good.split(','), 1, &p).expect("good row");
    let json = Report::from_json(
        &set(
            top_report(),
            "measured.colour_fastness.rubbing_wet",
            json!("4.5"),
        ),
        &p,
    )
    .expect("json");
    assert_eq!(report, json, "CSV and JSON read the same report");

    let bad = good.replace(",21.0,", ",abc,").replace(",pass,", ",,");
    let errs = cols
        .parse_record(bad.split(','), 7, &p)
        .expect_err("bad row");
    let got: Vec<_> = errs
        .iter()
        .map(|e| (e.row, e.column.clone(), e.code.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some(7),
                Some("measured.fill_power_cm".to_owned()),
                "not_a_number".to_owned()
            ),
            (
                Some(7),
                Some("measured.odour".to_owned()),
                "missing".to_owned()
            ),
        ]
    );
    assert!(
        errs.to_string()
            .starts_with("row 7, column measured.fill_power_cm"),
        "{errs}"
    );
}

#[test]
fn csv_header_problems() {
    let without = csv_header().replace("measured.fat_pct,", "");
    let errs = CsvColumns::from_header(without.split(',')).expect_err("missing column");
    assert_eq!(
        errs.for_field("measured.fat_pct").map(|e| e.code.as_str()),
        Some("missing_column")
    );

    let doubled = format!("{},measured.fat_pct", csv_header());
    let errs = CsvColumns::from_header(doubled.split(',')).expect_err("duplicate");
    assert_eq!(
        errs.for_field("measured.fat_pct").map(|e| e.code.as_str()),
        Some("duplicate_column")
    );

    let ntu = csv_header().replace("measured.turbidity_mm", "measured.turbidity_ntu");
    let errs = CsvColumns::from_header(ntu.split(',')).expect_err("ntu");
    assert_eq!(
        errs.for_field("measured.turbidity_ntu")
            .map(|e| e.code.as_str()),
        Some("turbidity_ntu")
    );
}

#[test]
fn the_chinese_words_labs_write_are_accepted() {
    for (field, zh, en) in [
        ("declared.species", "鸭绒", "duck"),
        ("declared.species", "鹅绒", "goose"),
        ("measured.fill_power_method", "成衣", "garment"),
        ("measured.odour", "合格", "pass"),
        ("measured.odour", "不合格", "fail"),
    ] {
        let p = profile();
        let a = Report::from_json(&set(top_report(), field, json!(zh)), &p);
        let b = Report::from_json(&set(top_report(), field, json!(en)), &p);
        assert!(a.is_ok(), "{field} = {zh}: {:?}", a.err());
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{field} = {zh}");
    }
    assert_eq!(
        one("measured.odour", json!("还行")),
        pair("measured.odour", "unknown_odour")
    );
}
