//! lottery.md's worked example, reproduced exactly: plan hash, beacon, seed, quotas, cap
//! and every drawn enterprise with its inspectors in order.

use rongma_domain::supervision::{draw, Beacon, DrawResult, Plan, PlanBytes};
use sha2::{Digest, Sha256};

const PLAN: &str = r#"{"algorithm":"rongma-draw-v1","plan_id":"PH-2026-001","inspectors_per_enterprise":2,"strata":[{"stratum":"A","ratio":"0.2"},{"stratum":"B","ratio":"0.5"},{"stratum":"D","ratio":"1"}],"enterprises":[{"id":"E01","stratum":"A","weight":1},{"id":"E02","stratum":"A","weight":1},{"id":"E03","stratum":"A","weight":1},{"id":"E04","stratum":"A","weight":1},{"id":"E05","stratum":"A","weight":1},{"id":"E06","stratum":"B","weight":1},{"id":"E07","stratum":"B","weight":3},{"id":"E08","stratum":"B","weight":1},{"id":"E09","stratum":"C","weight":1},{"id":"E10","stratum":"D","weight":2}],"inspectors":[{"id":"I1","name":"张"},{"id":"I2","name":"李"},{"id":"I3","name":"王"}],"conflicts":[{"enterprise":"E10","inspector":"I1"}]}"#;

fn beacon() -> Beacon {
    Beacon::from_bytes(Sha256::digest(b"example beacon").into())
}

fn summary(r: &DrawResult) -> Vec<(String, String, u32, Vec<String>)> {
    r.enterprises
        .iter()
        .map(|e| {
            (
                e.stratum.clone(),
                e.id.clone(),
                e.rank,
                e.inspectors.clone(),
            )
        })
        .collect()
}

#[test]
fn the_worked_example_draws_exactly_as_published() {
    let plan = Plan::parse(PLAN.as_bytes()).unwrap();
    assert_eq!(
        plan.hash().to_hex(),
        "fe9aa99fc0409e6de6ede54d582850c17b110c827db0b8453c557fce6cdf4d5a"
    );
    assert_eq!(
        beacon().to_hex(),
        "02de76e8feff5928aa5b4a3afd7c84ea2416fab613b46c3ffd8a119acb42bb3f"
    );

    let r = plan.draw(&beacon());
    assert_eq!(
        r.seed.to_hex(),
        "7040cd4ba8ee0d9e393b249417e6ca4024240cde1d21370e3ecce8daff6c2b46"
    );
    let quotas: Vec<(&str, u32, u32)> = r
        .strata
        .iter()
        .map(|q| (q.stratum.as_str(), q.members, q.quota))
        .collect();
    assert_eq!(quotas, [("A", 5, 1), ("B", 3, 2), ("D", 1, 1)]);
    assert_eq!(r.cap, 3);
    let s = |x: &str| x.to_owned();
    assert_eq!(
        summary(&r),
        [
            (s("A"), s("E04"), 1, vec![s("I3"), s("I2")]),
            (s("B"), s("E07"), 1, vec![s("I2"), s("I1")]),
            (s("B"), s("E08"), 2, vec![s("I3"), s("I1")]),
            (s("D"), s("E10"), 1, vec![s("I2"), s("I3")]),
        ]
    );
}

#[test]
fn the_streaming_draw_and_the_in_memory_draw_agree() {
    let in_memory = Plan::parse(PLAN.as_bytes()).unwrap().draw(&beacon());
    let streamed = PlanBytes::parse(PLAN.as_bytes())
        .unwrap()
        .draw(&beacon())
        .unwrap();
    assert_eq!(in_memory, streamed);
    assert_eq!(draw(PLAN.as_bytes(), &beacon()).unwrap(), in_memory);
}

#[test]
fn the_result_document_has_the_published_shape() {
    let r = draw(PLAN.as_bytes(), &beacon()).unwrap();
    let json = String::from_utf8(r.to_json()).unwrap();
    assert_eq!(
        json,
        concat!(
            r#"{"algorithm":"rongma-draw-v1","#,
            r#""plan_hash":"fe9aa99fc0409e6de6ede54d582850c17b110c827db0b8453c557fce6cdf4d5a","#,
            r#""beacon":"02de76e8feff5928aa5b4a3afd7c84ea2416fab613b46c3ffd8a119acb42bb3f","#,
            r#""seed":"7040cd4ba8ee0d9e393b249417e6ca4024240cde1d21370e3ecce8daff6c2b46","#,
            r#""strata":[{"stratum":"A","ratio":"0.2","members":5,"quota":1},{"stratum":"B","ratio":"0.5","members":3,"quota":2},{"stratum":"D","ratio":"1","members":1,"quota":1}],"#,
            r#""cap":3,"#,
            r#""enterprises":[{"id":"E04","stratum":"A","rank":1,"inspectors":["I3","I2"]},{"id":"E07","stratum":"B","rank":1,"inspectors":["I2","I1"]},{"id":"E08","stratum":"B","rank":2,"inspectors":["I3","I1"]},{"id":"E10","stratum":"D","rank":1,"inspectors":["I2","I3"]}]}"#,
        )
    );
    let back = DrawResult::from_json(json.as_bytes()).unwrap();
    assert_eq!(back.enterprises, r.enterprises);
    assert_eq!(back.strata.as_deref(), Some(r.strata.as_slice()));
}
