//! Plan documents: every refusal names the field (and index), and the builder writes
//! documents that read back to the same values — lottery.md's example byte for byte.

use rongma_domain::supervision::{
    BeaconSpec, Conflict, Enterprise, Inspector, Plan, PlanBytes, PlanDraft, Ratio, StratumRatio,
    Weight,
};
use serde_json::{json, Map, Value};

const PLAN: &str = r#"{"algorithm":"rongma-draw-v1","plan_id":"PH-2026-001","inspectors_per_enterprise":2,"strata":[{"stratum":"A","ratio":"0.2"},{"stratum":"B","ratio":"0.5"},{"stratum":"D","ratio":"1"}],"enterprises":[{"id":"E01","stratum":"A","weight":1},{"id":"E02","stratum":"A","weight":1},{"id":"E03","stratum":"A","weight":1},{"id":"E04","stratum":"A","weight":1},{"id":"E05","stratum":"A","weight":1},{"id":"E06","stratum":"B","weight":1},{"id":"E07","stratum":"B","weight":3},{"id":"E08","stratum":"B","weight":1},{"id":"E09","stratum":"C","weight":1},{"id":"E10","stratum":"D","weight":2}],"inspectors":[{"id":"I1","name":"张"},{"id":"I2","name":"李"},{"id":"I3","name":"王"}],"conflicts":[{"enterprise":"E10","inspector":"I1"}]}"#;

/// The first error's text when `from` is replaced by `to` in the example.
fn first_error(from: &str, to: &str) -> String {
    assert!(PLAN.contains(from), "{from}");
    let text = PLAN.replacen(from, to, 1);
    let a = Plan::parse(text.as_bytes()).expect_err(to).0[0].to_string();
    let b = PlanBytes::parse(text.as_bytes()).expect_err(to).0[0].to_string();
    assert_eq!(a, b, "both readers refuse alike");
    a
}

#[test]
fn refusals_name_the_field_and_index() {
    let w3 = r#"{"id":"E04","stratum":"A","weight":1}"#;
    let table: &[(&str, &str, &str)] = &[
        (w3, r#"{"id":"E04","stratum":"A","weight":0}"#, "enterprises[3].weight: must be 1–1000"),
        (w3, r#"{"id":"E04","stratum":"A","weight":1001}"#, "enterprises[3].weight: must be 1–1000"),
        (w3, r#"{"id":"E04","stratum":"A","weight":"2"}"#, "enterprises[3].weight: must be 1–1000"),
        (w3, r#"{"id":"E04","stratum":"A","weight":1.5}"#, "enterprises[3].weight: must be 1–1000"),
        (w3, r#"{"id":"E04","stratum":"A","weight":-1}"#, "enterprises[3].weight: must be 1–1000"),
        (w3, r#"{"id":"E04","stratum":"A"}"#, "enterprises[3].weight: is required"),
        (w3, r#"{"id":"","stratum":"A","weight":1}"#, "enterprises[3].id: must not be empty"),
        (w3, r#"{"id":"E\u0000","stratum":"A","weight":1}"#, "enterprises[3].id: must not contain control characters"),
        (w3, r#"{"id":4,"stratum":"A","weight":1}"#, "enterprises[3].id: must be a string"),
        (w3, r#"{"stratum":"A","weight":1}"#, "enterprises[3].id: is required"),
        (w3, r#"{"id":"E04","weight":1}"#, "enterprises[3].stratum: is required"),
        (w3, r#""E04""#, "enterprises[3]: must be an object"),
        (r#"{"id":"E02""#, r#"{"id":"E01""#, "enterprises[1].id: enterprise id \"E01\" is already used by enterprises[0]"),
        (r#"{"id":"I2""#, r#"{"id":"I1""#, "inspectors[1].id: inspector id \"I1\" is already used by inspectors[0]"),
        (r#"{"enterprise":"E10""#, r#"{"enterprise":"E99""#, "conflicts[0].enterprise: no enterprise has id \"E99\""),
        (r#""inspector":"I1"}"#, r#""inspector":"I9"}"#, "conflicts[0].inspector: no inspector has id \"I9\""),
        (r#"[{"id":"I1","name":"张"},{"id":"I2","name":"李"},{"id":"I3","name":"王"}]"#, "[]", "inspectors: at least one inspector is required"),
        (r#""inspectors_per_enterprise":2"#, r#""inspectors_per_enterprise":4"#, "inspectors_per_enterprise: 4 is more than the 3 inspectors listed"),
        (r#""inspectors_per_enterprise":2"#, r#""inspectors_per_enterprise":0"#, "inspectors_per_enterprise: must be an integer of at least 1"),
        (r#""rongma-draw-v1""#, r#""rongma-draw-v2""#, "algorithm: unknown algorithm \"rongma-draw-v2\"; expected \"rongma-draw-v1\""),
        (r#""ratio":"0.5""#, r#""ratio":"1.5""#, "strata[1].ratio: must be between 0 and 1"),
        (r#""ratio":"0.5""#, r#""ratio":"5%""#, "strata[1].ratio: must be a plain decimal such as \"0.05\" (digits, at most one point, no sign, exponent or extra leading zero)"),
        (r#""ratio":"0.5""#, r#""ratio":0.5"#, "strata[1].ratio: must be a string"),
        (r#"{"stratum":"B""#, r#"{"stratum":"A""#, "strata[1].stratum: stratum \"A\" is already listed at strata[0]"),
        (r#","enterprises":[{"id":"E01","stratum":"A","weight":1}"#, r#","enterprises":{},"x":[{"id":"E01","stratum":"A","weight":1}"#, "enterprises: must be an array"),
    ];
    for (from, to, expected) in table {
        assert_eq!(first_error(from, to), *expected, "{to}");
    }
}

#[test]
fn unreadable_documents_and_duplicate_keys_are_refused() {
    for (from, to) in [
        (
            r#"{"id":"E04","stratum":"A","weight":1}"#,
            r#"{"id":"E04","id":"E44","stratum":"A","weight":1}"#,
        ),
        (
            r#"{"id":"I1","name":"张"}"#,
            r#"{"id":"I1","name":"张","name":"赵"}"#,
        ),
        (
            r#""plan_id":"PH-2026-001""#,
            r#""plan_id":"PH-2026-001","plan_id":"X""#,
        ),
        (r#""plan_id":"PH-2026-001""#, r#""plan_id":{"a":1,"a":2}"#),
    ] {
        let e = first_error(from, to);
        assert!(
            e.starts_with("plan: not a valid plan document: the key")
                && e.contains("appears twice"),
            "{e}"
        );
    }
    let e = Plan::parse(b"{\"algorithm\":").unwrap_err();
    assert_eq!(e.0[0].field, "plan");
    let e = Plan::parse(format!("{PLAN} x").as_bytes()).unwrap_err();
    assert_eq!(e.0[0].code, "json");
    let e = Plan::parse(br#"{"algorithm":"rongma-draw-v1"}"#).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "enterprises",
            "strata",
            "inspectors",
            "inspectors_per_enterprise"
        ]
    );
}

#[test]
fn beacon_fields_are_checked() {
    let with = |beacon: &str| {
        PLAN.replacen(
            r#""conflicts""#,
            &format!(r#""beacon":{beacon},"conflicts""#),
            1,
        )
    };
    let ok = with(r#"{"source":"numbers","draws":["福彩3D 2026123"]}"#);
    let plan = Plan::parse(ok.as_bytes()).unwrap();
    assert_eq!(
        plan.header().beacon(),
        Some(&BeaconSpec::Numbers {
            draws: vec!["福彩3D 2026123".to_owned()]
        })
    );
    let chain = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971";
    let ok = with(&format!(
        r#"{{"source":"drand","chain":"{chain}","round":123}}"#
    ));
    assert!(matches!(
        Plan::parse(ok.as_bytes()).unwrap().header().beacon(),
        Some(BeaconSpec::Drand { round: 123, .. })
    ));
    let table = [
        (
            r#"{"source":"dice"}"#,
            "beacon.source: must be \"drand\" or \"numbers\"",
        ),
        (
            r#"{"source":"drand","chain":"ab","round":1}"#,
            "beacon.chain: must be 64 hex digits",
        ),
        (
            &*format!(r#"{{"source":"drand","chain":"{chain}","round":0}}"#),
            "beacon.round: must be an integer of at least 1",
        ),
        (
            &*format!(r#"{{"source":"drand","chain":"{chain}"}}"#),
            "beacon.round: is required",
        ),
        (
            &*format!(r#"{{"source":"drand","chain":"{chain}","round":1,"url":"x"}}"#),
            "beacon.url: is not a beacon field",
        ),
        (
            r#"{"source":"numbers","draws":[]}"#,
            "beacon.draws: must be a non-empty array of draw names",
        ),
        (
            r#"{"source":"numbers","draws":["a",""]}"#,
            "beacon.draws[1]: must not be empty",
        ),
        ("[]", "beacon: must be an object"),
    ];
    for (beacon, expected) in table {
        let e = Plan::parse(with(beacon).as_bytes()).unwrap_err();
        assert_eq!(e.0[0].to_string(), expected, "{beacon}");
    }
}

#[test]
fn the_builder_rewrites_the_worked_example_byte_for_byte() {
    let plan = Plan::parse(PLAN.as_bytes()).unwrap();
    let (bytes, rebuilt) = plan.to_draft().build().unwrap();
    assert_eq!(String::from_utf8(bytes).unwrap(), PLAN);
    assert_eq!(rebuilt, plan);
    assert_eq!(plan.census().members().get("C"), Some(&1));
    assert_eq!(
        plan.header().extra().get("plan_id"),
        Some(&json!("PH-2026-001"))
    );
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(o) => o,
        _ => Map::new(),
    }
}

#[test]
fn built_plans_carry_every_free_field_and_read_back_to_the_same_values() {
    let draft = PlanDraft {
        strata: vec![
            StratumRatio {
                stratum: "B".into(),
                ratio: Ratio::parse("0.05").unwrap(),
                extra: obj(json!({"name": "一般"})),
            },
            StratumRatio {
                stratum: "A".into(),
                ratio: Ratio::parse("0.02").unwrap(),
                extra: Map::new(),
            },
        ],
        enterprises: vec![
            Enterprise {
                id: "91330782MA2XXXXX1A".into(),
                stratum: "A".into(),
                weight: Weight::new(37).unwrap(),
                extra: obj(
                    json!({"weight_reasons": [{"zh": "上次抽查不合格", "en": "failed the last spot check", "points": 36}]}),
                ),
            },
            Enterprise {
                id: "E \"2\"".into(),
                stratum: "B".into(),
                weight: Weight::ONE,
                extra: Map::new(),
            },
        ],
        inspectors: vec![Inspector {
            id: "33070001".into(),
            name: "张三".into(),
            extra: obj(json!({"field": "产品质量"})),
        }],
        inspectors_per_enterprise: 1,
        conflicts: vec![Conflict {
            enterprise: "E \"2\"".into(),
            inspector: "33070001".into(),
            extra: obj(json!({"reason": "上轮抽中"})),
        }],
        beacon: Some(BeaconSpec::Drand {
            chain: [0x52; 32],
            round: 9_000_000,
        }),
        extra: obj(json!({
            "task": {"id": "2026-义乌-01", "items": ["标识标注", "充绒量"], "times": {"publish": "2026-03-01", "check_by": "2026-04-30"}},
            "texts": {"zh": "双随机抽查", "en": "random inspection"},
        })),
    };
    let (bytes, plan) = draft.build().unwrap();
    assert_eq!(plan.to_draft(), draft);
    let (again, _) = plan.to_draft().build().unwrap();
    assert_eq!(again, bytes, "building is stable");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with(r#"{"algorithm":"rongma-draw-v1","task":{"id":"2026-义乌-01","items":["标识标注","充绒量"],"times":{"check_by":"#), "{text}");
    assert!(
        text.contains(
            r#"{"id":"91330782MA2XXXXX1A","stratum":"A","weight":37,"weight_reasons":[{"en":"#
        ),
        "{text}"
    );
}

#[test]
fn a_draft_the_reader_would_refuse_is_not_built() {
    let mut draft = Plan::parse(PLAN.as_bytes()).unwrap().to_draft();
    draft.inspectors_per_enterprise = 5;
    let e = draft.build().unwrap_err();
    assert_eq!(e.0[0].field, "inspectors_per_enterprise");
    let mut draft = Plan::parse(PLAN.as_bytes()).unwrap().to_draft();
    draft.extra.insert("strata".into(), json!([]));
    assert!(
        draft.build().is_err(),
        "a free field may not shadow a known one"
    );
}
