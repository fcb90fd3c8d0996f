//! Risk weights: table-driven, exact integer arithmetic, and explanations that add up.

use rongma_domain::supervision::{
    risk_weight, Population, RiskFactor, RiskRecord, RiskWeightConfig,
};

const POP: Population = Population {
    certificates: 1000,
    high_grade_certificates: 805,
};

fn rec() -> RiskRecord {
    RiskRecord {
        tags_issued: 50_000,
        certificates: 10,
        high_grade_certificates: 5,
        ..RiskRecord::default()
    }
}

#[test]
fn weights_follow_the_published_rules() {
    let d = RiskWeightConfig::default();
    let strict_complaints = RiskWeightConfig {
        per_complaint_rate: 3,
        ..d
    };
    let big_failures = RiskWeightConfig {
        max_failures: 1000,
        ..d
    };
    let table: Vec<(&str, RiskRecord, RiskWeightConfig, u16)> = vec![
        ("clean record", rec(), d, 1),
        (
            "3 copied codes × 20",
            RiskRecord {
                copied_code_flags: 3,
                ..rec()
            },
            d,
            61,
        ),
        (
            "copied codes capped at 200",
            RiskRecord {
                copied_code_flags: 20,
                ..rec()
            },
            d,
            201,
        ),
        (
            "3 of 23,000: ⌊52.17⌋",
            RiskRecord {
                upheld_complaints: 3,
                tags_issued: 23_000,
                ..rec()
            },
            d,
            53,
        ),
        (
            "1 of 30,000 × 3 is exactly 1",
            RiskRecord {
                upheld_complaints: 1,
                tags_issued: 30_000,
                ..rec()
            },
            strict_complaints,
            2,
        ),
        (
            "1 of 30,001 × 3 is just under 1",
            RiskRecord {
                upheld_complaints: 1,
                tags_issued: 30_001,
                ..rec()
            },
            strict_complaints,
            1,
        ),
        (
            "complaints capped at 200",
            RiskRecord {
                upheld_complaints: 9,
                tags_issued: 10,
                ..rec()
            },
            d,
            201,
        ),
        (
            "complaints without tags count nothing",
            RiskRecord {
                upheld_complaints: 2,
                tags_issued: 0,
                ..rec()
            },
            d,
            1,
        ),
        (
            "90 % high grades vs 80.5 %: 9.5 points × 4",
            RiskRecord {
                high_grade_certificates: 9,
                ..rec()
            },
            d,
            39,
        ),
        (
            "below the population counts nothing",
            RiskRecord {
                high_grade_certificates: 2,
                ..rec()
            },
            d,
            1,
        ),
        (
            "4 certificates are too few",
            RiskRecord {
                certificates: 4,
                high_grade_certificates: 4,
                ..rec()
            },
            d,
            1,
        ),
        (
            "1 failure × 100",
            RiskRecord {
                spot_check_failures: 1,
                ..rec()
            },
            d,
            101,
        ),
        (
            "failures capped at 300",
            RiskRecord {
                spot_check_failures: 5,
                ..rec()
            },
            d,
            301,
        ),
        (
            "the total is capped at 1000",
            RiskRecord {
                spot_check_failures: 10,
                ..rec()
            },
            big_failures,
            1000,
        ),
        (
            "everything at once",
            RiskRecord {
                copied_code_flags: 2,
                upheld_complaints: 3,
                tags_issued: 23_000,
                certificates: 10,
                high_grade_certificates: 9,
                spot_check_failures: 1,
            },
            d,
            1 + 40 + 52 + 38 + 100,
        ),
    ];
    for (what, record, config, expected) in table {
        let w = risk_weight(&record, &POP, &config);
        assert_eq!(w.weight.get(), expected, "{what}");
        let sum: i64 = w.contributions.iter().map(|c| c.points).sum();
        assert_eq!(sum, i64::from(expected), "{what}: the explanation adds up");
        assert!(w
            .contributions
            .iter()
            .all(|c| !c.en.is_empty() && !c.zh.is_empty()));
    }
}

#[test]
fn explanations_say_what_counted_in_both_languages() {
    let record = RiskRecord {
        upheld_complaints: 3,
        tags_issued: 23_000,
        high_grade_certificates: 9,
        ..rec()
    };
    let w = risk_weight(&record, &POP, &RiskWeightConfig::default());
    let complaints = w
        .contributions
        .iter()
        .find(|c| c.factor == RiskFactor::Complaints)
        .unwrap();
    assert_eq!(
        complaints.en,
        "52: 1.30 upheld complaints per 10,000 tags (3 of 23000) × 40 (at most 200)"
    );
    assert_eq!(
        complaints.zh,
        "52：每万张吊牌成立投诉 1.30 件（23000 张中 3 件）× 40（最多 200）"
    );
    let high = w
        .contributions
        .iter()
        .find(|c| c.factor == RiskFactor::HighGrades)
        .unwrap();
    assert_eq!(high.en, "38: 90.00 % of its 10 certificates are 4A/5A against 80.50 % of all; 9.50 points above × 4 (at most 100)");
    let json = w.explanation_json();
    assert_eq!(json[0]["factor"], "base");
    assert_eq!(json[2]["points"], 52);
}

#[test]
fn the_config_reads_from_toml_with_defaults() {
    let c: RiskWeightConfig = toml::from_str("per_failure = 50\nmax_failures = 150").unwrap();
    assert_eq!(
        c,
        RiskWeightConfig {
            per_failure: 50,
            max_failures: 150,
            ..RiskWeightConfig::default()
        }
    );
    assert!(toml::from_str::<RiskWeightConfig>("per_falure = 50").is_err());
}
