//! `rongma grade` as a user runs it: the built binary on a JSON object, a JSON array and
//! a CSV file with a bad row.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn report(fill_power: &str) -> Value {
    json!({
        "declared": { "species": "goose", "down_cluster_pct": "80.0", "fill_weight_g": "200" },
        "measured": {
            "down_cluster_pct": "80.0", "fill_power_cm": fill_power, "fill_power_method": "garment",
            "turbidity_mm": "1000", "oxygen_mg_per_100g": "3.2", "fat_pct": "0.6", "odour": "pass",
            "down_leakage_fibres": "1", "fill_weight_g": "205",
            "colour_fastness": {
                "wash_change": "5", "wash_stain": "5", "water_change": "5", "water_stain": "5",
                "perspiration_acid_change": "5", "perspiration_acid_stain": "5",
                "perspiration_alkaline_change": "5", "perspiration_alkaline_stain": "5",
                "rubbing_dry": "5", "rubbing_wet": "4-5", "light": "6"
            }
        }
    })
}

fn csv_row(fill_power: &str) -> String {
    format!(
        "goose,80.0,200,80.0,{fill_power},garment,1000,3.2,0.6,pass,1,205,5,5,5,5,5,5,5,5,5,4-5,6"
    )
}

fn rongma(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rongma"))
        .args(args)
        .output()
        .expect("run rongma")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
        .collect()
}

#[test]
fn grades_one_json_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "report.json", &report("16.4").to_string());
    let out = rongma(&["grade", "--json", file.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("one JSON result");
    assert_eq!(result["grade"], "3A");
    assert_eq!(result["gradable"], true);
    assert_eq!(result["limiting"], json!(["fill_power"]));
    assert_eq!(result["indicators"][1]["gap"], "1.6");
    assert_eq!(result["profile"]["version"], "2025.1-default");
    assert_eq!(
        result["indicators"][1]["explanation"]["en"],
        "Fill power 16.4 cm reaches 3A (≥ 16.0 cm); 1.6 cm short of 4A"
    );

    let human = rongma(&["grade", file.to_str().expect("path")]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("grade 3A (AAA)") && text.contains("limiting: fill_power"),
        "{text}"
    );
}

#[test]
fn grades_an_array_and_reports_the_bad_element() {
    let dir = tempfile::tempdir().expect("tempdir");
    let array = json!([report("20.0"), report("lofty"), report("12.0")]);
    let file = write(dir.path(), "reports.json", &array.to_string());
    let out = rongma(&["grade", "--json", file.to_str().expect("path")]);
    assert!(
        !out.status.success(),
        "an invalid report makes the exit status non-zero"
    );
    let results = lines(&out);
    let rows: Vec<_> = results
        .iter()
        .map(|r| (r["row"].clone(), r["result"]["grade"].clone()))
        .collect();
    assert_eq!(rows, vec![(json!(1), json!("5A")), (json!(3), json!("1A"))]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 2, measured.fill_power_cm"), "{err}");
}

#[test]
fn streams_csv_and_names_row_and_column_of_a_bad_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = rongma(&["grade", "--template", "csv"]);
    assert!(header.status.success());
    let header = String::from_utf8_lossy(&header.stdout).trim().to_owned();
    assert!(
        header.starts_with("declared.species,")
            && header.ends_with("measured.colour_fastness.light")
    );
    let text = format!(
        "{header}\n{}\n{}\n{}\n",
        csv_row("18.0"),
        csv_row("-2"),
        csv_row("15.95")
    );
    let file = write(dir.path(), "reports.csv", &text);
    let out = rongma(&["grade", "--json", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let grades: Vec<_> = lines(&out)
        .iter()
        .map(|r| (r["row"].clone(), r["result"]["grade"].clone()))
        .collect();
    assert_eq!(
        grades,
        vec![(json!(1), json!("4A")), (json!(3), json!("3A"))]
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("row 2, column measured.fill_power_cm: must not be negative"),
        "{err}"
    );
    assert!(err.contains("1 of 3 reports were invalid"), "{err}");
}

#[test]
fn a_row_that_is_not_utf8_spoils_only_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = String::from_utf8_lossy(&rongma(&["grade", "--template", "csv"]).stdout)
        .trim()
        .to_owned();
    let mut bytes = format!("{header}\n{}\n", csv_row("18.0")).into_bytes();
    bytes.extend_from_slice(b"goose,80.0,200,80.0,\xff\xfe,garment\n");
    bytes.extend_from_slice(format!("{}\n", csv_row("20.0")).as_bytes());
    let file = dir.path().join("mixed.csv");
    std::fs::write(&file, bytes).expect("write fixture");
    let out = rongma(&["grade", "--json", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let rows: Vec<_> = lines(&out).iter().map(|r| r["row"].clone()).collect();
    assert_eq!(rows, vec![json!(1), json!(3)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("row 2:") && err.contains("1 of 3 reports were invalid"),
        "{err}"
    );
}

#[test]
fn refuses_a_bad_profile_and_a_method_it_does_not_accept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = write(dir.path(), "p.toml", "schema = 1\nid = \"x\"\n");
    let file = write(dir.path(), "report.json", &report("16.4").to_string());
    let out = rongma(&[
        "grade",
        "--profile",
        profile.to_str().expect("path"),
        file.to_str().expect("path"),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("p.toml is not valid"));

    let mut bulk = report("16.4");
    bulk["measured"]["fill_power_method"] = json!("bulk");
    let file = write(dir.path(), "bulk.json", &bulk.to_string());
    let out = rongma(&["grade", "--json", file.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing graded");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("measured.fill_power_method") && err.contains("method_not_accepted"),
        "{err}"
    );
}

#[test]
fn profile_check_accepts_the_default_and_refuses_a_bad_file() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../profiles/pinghu-down-garment-2025.1-default.toml");
    let ok = rongma(&["profile", "check", shipped.to_str().expect("path")]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let text = String::from_utf8_lossy(&ok.stdout);
    assert!(
        text.contains("ok: pinghu-down-garment 2025.1-default") && text.contains("sha256: "),
        "{text}"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let bad = std::fs::read_to_string(&shipped)
        .expect("read profile")
        .replace(
            "combination = \"weakest_link\"",
            "combination = \"average\"",
        );
    let bad = write(dir.path(), "bad.toml", &bad);
    let out = rongma(&["profile", "check", bad.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("combination: unknown combination rule \"average\""),
        "{err}"
    );
    assert!(
        err.contains("is not a valid profile (1 problem(s) listed above)"),
        "{err}"
    );
}
