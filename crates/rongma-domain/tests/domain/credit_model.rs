//! Credit model files: the shipped default, each kind of refusal naming its field path,
//! exact numbers, and the content hash versus the file hash.

use crate::credit_support::edited;
use rongma_domain::credit::{CreditClass, CreditModel, CreditModelError, Measure, Scoring};
use rust_decimal::Decimal;

fn refusal(text: &str) -> String {
    match CreditModel::from_toml_str(text) {
        Ok(_) => panic!("model should be refused"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_default_model_loads() {
    let m = CreditModel::builtin_default();
    assert_eq!((m.id(), m.version()), ("pinghu-quality-credit", "2026.1"));
    assert_eq!(m.effective().to_string(), "2026-01-01");
    assert_eq!(m.utc_offset().local_minus_utc(), 8 * 3600);
    assert_eq!(m.rules().len(), 10);
    let classes: Vec<_> = m.bands().iter().map(|b| b.class).collect();
    assert_eq!(classes, CreditClass::BEST_FIRST);
    assert_eq!(m.repair_rules().len(), 9);
    assert_eq!(m.white_list_criteria().len(), 4);
    assert_eq!(m.hash().len(), 64);
    assert_eq!(m.identity().file_sha256.len(), 64);
}

const B_BAND: &str = "class = \"B\"\nmin = 75\nbelow = 90";
const D_BAND: &str = "[[bands]]\nclass = \"D\"\nbelow = 60\n";
const LOWER_WINDOW: &str = "kinds = [\"spot_check_lower_grade\"]\nwindow_months = 12";
const FAIL_POINTS: &str = "points = -15\ncap = 45";
const FAIL_EN: &str = "en = \"{count} failed spot checks in the last {window} months: {points}\"";

#[test]
fn each_kind_of_refusal_names_its_place() {
    let cases: Vec<(String, &str)> = vec![
        (edited(B_BAND, "class = \"B\"\nmin = 75\nbelow = 95"), "bands[1].below: 95 overlaps bands[0] (class from 90): below must equal it"),
        (edited(B_BAND, "class = \"B\"\nmin = 75\nbelow = 85"), "bands[1].below: 85 leaves a gap: totals from 85 to 90 (bands[0].min) have no class"),
        (edited(B_BAND, "class = \"B\"\nmin = 75"), "bands[1].below: missing below for class B"),
        (edited(B_BAND, "class = \"B\"\nbelow = 90"), "bands[1].min: missing min for class B"),
        (edited("class = \"C\"\nmin = 60\nbelow = 75", "class = \"C\"\nmin = 80\nbelow = 75"), "bands[2].min: 80 must be below 75 (below)"),
        (edited(D_BAND, ""), "bands: missing the band for class D"),
        (edited(D_BAND, "[[bands]]\nclass = \"E\"\nbelow = 60\n"), "bands[3].class: unknown class \"E\" (known: A, B, C, D)"),
        (edited(D_BAND, "[[bands]]\nclass = \"C\"\nbelow = 60\n"), "bands[3].class: class C is already given by bands[2]"),
        (edited(D_BAND, "[[bands]]\nclass = \"D\"\nmin = 0\nbelow = 60\n"), "bands[3].min: the worst band (D) takes every total below C: remove min"),
        (edited("[[bands]]\nclass = \"A\"\nmin = 90\n", "[[bands]]\nclass = \"A\"\nmin = 90\nbelow = 100\n"), "bands[0].below: the best band (A) reaches score.max: remove below"),
        (edited("[[bands]]\nclass = \"A\"\nmin = 90\n", "[[bands]]\nclass = \"A\"\nmin = 101\n"), "bands[0].min: 101 must lie above score.min 0 and at most score.max 100"),
        (edited("min = 75\nbelow = 90", "min = 75.005\nbelow = 90"), "bands[1].min: 75.005 has more than 2 decimals"),
        (edited("id = \"certificate_suspended\"", "id = \"spot_check_conform\""), "rules[3].id: duplicate id \"spot_check_conform\""),
        (edited("id = \"certificate_suspended\"", "id = \"Certificate-Suspended\""), "rules[3].id: \"Certificate-Suspended\" must be non-empty lower-case letters, digits or '_'"),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower_grade\"]\nwindow_months = -12"), "rules[1].window_months: -12 must be at least 1 month"),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower_grade\"]\nwindow_months = 0"), "rules[1].window_months: 0 must be at least 1 month"),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower_grade\"]\nwindow_months = 121"), "rules[1].window_months: 121 is more than 120 months"),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower_grade\"]"), "rules[1].window_months: missing window_months"),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower\"]\nwindow_months = 12"), "rules[1].kinds[0]: unknown record kind \"spot_check_lower\""),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower_grade\", \"spot_check_lower_grade\"]\nwindow_months = 12"), "rules[1].kinds[1]: spot_check_lower_grade is listed twice"),
        (edited(LOWER_WINDOW, "kinds = []\nwindow_months = 12"), "rules[1].kinds: needs at least one record kind"),
        (edited(LOWER_WINDOW, "kinds = [\"spot_check_lower_grade\"]\nwindow_months = 12\nmin_tags = 5"), "rules[1].min_tags: does not apply to measure count"),
        (edited("measure = \"pilot_months\"", "measure = \"tenure\""), "rules[8].measure: unknown measure \"tenure\""),
        (edited(FAIL_POINTS, "points = -15\ncap = -45"), "rules[2].cap: -45 must be above 0"),
        (edited(FAIL_POINTS, "points = -15.555\ncap = 45"), "rules[2].points: -15.555 has more than 2 decimals (points are counted in hundredths)"),
        (edited(FAIL_POINTS, "points = -1500\ncap = 45"), "rules[2].points: -1500 is outside ±1000"),
        (edited(FAIL_POINTS, "cap = 45"), "rules[2]: missing points (per unit) or steps (a table)"),
        (edited(FAIL_POINTS, "points = -15\ncap = 45\nsteps = [{ min = 0, points = 1 }]"), "rules[2]: give either points or steps, not both"),
        (edited(FAIL_EN, "en = \"{cuont} failed spot checks: {points}\""), "rules[2].explain.en: unknown placeholder {cuont} (this one offers: {count}, {window}, {points}, {cap})"),
        (edited(FAIL_EN, "en = \"{rate} failed: {points}\""), "rules[2].explain.en: unknown placeholder {rate}"),
        (edited(FAIL_EN, "en = \"\""), "rules[2].explain.en: must not be empty"),
        (edited("{ min = 0.8, points = 0 }", "{ min = 0.96, points = 0 }"), "rules[7].steps[1].min: 0.96 must be below the row above (0.95)"),
        (edited("{ min = 0, points = -10 },", "{ min = 0.1, points = -10 },"), "rules[7].steps[3].min: the last row must have min 0 so every value finds a row (it is 0.1)"),
        (edited("{ min = 0.95, points = 5 }", "{ min = 95, points = 5 }"), "rules[7].steps[0].min: 95 is a share: write 0.95 for 95 %"),
        (edited("{ min = 0.95, points = 5 }", "{ min = 0.95, points = 5, cap = 5 }"), "unknown field `cap`"),
        (edited("when_none = 5\n", ""), "rules[7].when_none: missing when_none"),
        (edited("numerator = [\"complaint_answered_on_time\"]", "numerator = [\"complaint_upheld\"]"), "rules[7].numerator: every numerator kind must also be in denominator"),
        (edited("min_tags = 10000", "min_tags = 0"), "rules[5].min_tags: 0 must be at least 1"),
        (edited("min_grade = \"4A\"", "min_grade = \"6A\""), "rules[9].min_grade: unknown grade \"6A\""),
        (edited("points = 0.5\ncap = 6", "points = 0.5\ncap = 6\nwindow_months = 12"), "rules[8].window_months: does not apply to measure pilot_months"),
        (edited("[[repair]]\nkind = \"certificate_revoked\"\nwait_months = 12", "[[repair]]\nkind = \"certificate_revoked\"\nwait_months = -12"), "repair[3].wait_months: -12 must be at least 1 month"),
        (edited("[[repair]]\nkind = \"certificate_revoked\"\nwait_months = 12", "[[repair]]\nkind = \"certificate_suspended\"\nwait_months = 12"), "repair[3].kind: certificate_suspended already has a repair rule"),
        (edited("[[repair]]\nkind = \"certificate_revoked\"\nwait_months = 12", "[[repair]]\nkind = \"licence_revoked\"\nwait_months = 12"), "repair[3].kind: unknown record kind \"licence_revoked\""),
        (edited("[[repair]]\nkind = \"certificate_revoked\"\nwait_months = 12", "[[repair]]\nkind = \"certificate_revoked\"\nrepairable = false"), "repair[3].reason: missing reason (why this kind cannot be repaired)"),
        (edited("[[repair]]\nkind = \"certificate_revoked\"\nwait_months = 12", "[[repair]]\nkind = \"certificate_revoked\"\nrepairable = false\nwait_months = 12\nreason = { zh = \"x\", en = \"x\" }"), "repair[3].wait_months: a kind that is not repairable has no waiting period"),
        (edited("test = \"pilot_months_at_least\"", "test = \"tenure_at_least\""), "white_list.criteria[3].test: unknown test \"tenure_at_least\""),
        (edited("max = 0\n# A repaired", "max = -1\n# A repaired"), "white_list.criteria[1].max: -1 must not be negative"),
        (edited("class = \"A\"\npass", "class = \"AA\"\npass"), "white_list.criteria[0].class: unknown class \"AA\""),
        (edited("start = 80", "start = 120"), "score.start: 120 is outside min 0 … max 100"),
        (edited("utc_offset = \"+08:00\"", "utc_offset = \"Asia/Shanghai\""), "utc_offset: \"Asia/Shanghai\" is not an offset like \"+08:00\""),
        (edited("effective = 2026-01-01", "effective = 2026-01-01T08:00:00"), "effective: 2026-01-01T08:00:00 must be a date like 2026-01-01 (no time)"),
        (edited("schema = 1", "schema = 2"), "schema: unsupported model format 2 (this rongma reads 1)"),
        (edited("version = \"2026.1\"", "version = \"2026 draft\""), "version: \"2026 draft\" must be non-empty with no spaces"),
        (edited("start = 80", "start = 80\nbonus = 5"), "unknown field `bonus`"),
    ];
    let mut failures = Vec::new();
    for (text, want) in &cases {
        let got = refusal(text);
        if !got.contains(want) {
            failures.push(format!("want: {want}\n got: {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = edited(B_BAND, "class = \"B\"\nmin = 75\nbelow = 95")
        .replace("window_months = 24", "window_months = -1");
    let Err(CreditModelError::Invalid(issues)) = CreditModel::from_toml_str(&text) else {
        panic!("should be invalid");
    };
    let places: Vec<_> = issues.iter().map(|i| i.place.as_str()).collect();
    assert_eq!(
        places,
        [
            "rules[0].window_months",
            "rules[4].window_months",
            "bands[1].below"
        ]
    );
}

#[test]
fn syntax_errors_name_the_line() {
    let err = refusal(&edited("start = 80", "start = \"eighty\""));
    assert!(err.contains("\"eighty\" is not a decimal number"), "{err}");
    assert!(err.contains("line"), "{err}");
}

#[test]
fn numbers_are_exact_decimals_whatever_their_spelling() {
    let m = CreditModel::from_toml_str(&edited(
        "points = 0.5\ncap = 6",
        "points = \"0.50\"\ncap = 6.0",
    ))
    .expect("valid");
    let pilot = &m.rules()[8];
    assert!(matches!(pilot.measure(), Measure::PilotMonths));
    let Scoring::Linear { points, cap } = pilot.scoring() else {
        panic!("linear")
    };
    assert_eq!(
        (*points, *cap),
        ("0.5".parse::<Decimal>().expect("d"), Some(Decimal::from(6)))
    );
    // Spelling and comments do not change the content hash; they change the file hash.
    let default = CreditModel::builtin_default();
    assert_eq!(m.hash(), default.hash());
    assert_ne!(m.identity().file_sha256, default.identity().file_sha256);
    let no_comments: String = CreditModel::builtin_default_toml()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        CreditModel::from_toml_str(&no_comments)
            .expect("valid")
            .hash(),
        default.hash()
    );
}

#[test]
fn a_changed_rule_or_version_changes_the_hash() {
    let default = CreditModel::builtin_default();
    let stricter =
        CreditModel::from_toml_str(&edited(FAIL_POINTS, "points = -16\ncap = 45")).expect("valid");
    let renamed =
        CreditModel::from_toml_str(&edited("version = \"2026.1\"", "version = \"2026.2\""))
            .expect("valid");
    assert_ne!(stricter.hash(), default.hash());
    assert_ne!(renamed.hash(), default.hash());
    assert_eq!(renamed.identity().version, "2026.2");
}
