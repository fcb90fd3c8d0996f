//! Property tests of the draw against a plain reference implementation written straight
//! from lottery.md (full sorts, no heaps), plus the invariants the public relies on.

use super::beacon::Beacon;
use super::mac::{Keyed, Seed};
use super::plan::{Conflict, Enterprise, Inspector, Plan, StratumRatio, Weight};
use super::plan_build::PlanDraft;
use super::ratio::Ratio;
use super::result::DrawResult;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Map;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

const LABELS: [&str; 5] = ["A", "B", "C", "D", "AA"];
const RATIOS: [&str; 7] = ["0", "0.05", "0.1", "0.25", "0.5", "0.9", "1"];

/// What the reference says, plus whether the fill-up rule was used anywhere.
struct Reference {
    drawn: Vec<(String, String, u32, Vec<String>)>,
    cap: u64,
    filled_up: bool,
}

fn reference(plan: &Plan, beacon: &Beacon) -> Reference {
    let h = &plan.header;
    let keyed = Keyed::new(&Seed::derive(&h.hash, beacon));
    let mut strata: Vec<&StratumRatio> = h.strata.iter().collect();
    strata.sort_by(|a, b| a.stratum.as_bytes().cmp(b.stratum.as_bytes()));
    let mut drawn = Vec::new();
    for s in strata {
        let mut members: Vec<_> = plan
            .enterprises
            .iter()
            .filter(|e| e.stratum == s.stratum)
            .map(|e| {
                let tickets = (0..e.weight.get()).map(|j| {
                    keyed.tag(&[
                        b"E",
                        s.stratum.as_bytes(),
                        e.id.as_bytes(),
                        j.to_string().as_bytes(),
                    ])
                });
                (tickets.min().unwrap_or([0xff; 32]), e.id.clone())
            })
            .collect();
        members.sort();
        let n = Decimal::from(members.len() as u64);
        let k = (n * s.ratio.value()).ceil().min(n);
        let k = usize::try_from(k.mantissa()).unwrap_or(0) / 10usize.pow(k.scale());
        for (rank, (_, id)) in members.into_iter().take(k).enumerate() {
            drawn.push((s.stratum.clone(), id, rank as u32 + 1, Vec::new()));
        }
    }
    let (kk, n, m) = (
        drawn.len() as u64,
        h.inspectors.len() as u64,
        u64::from(h.per_enterprise),
    );
    let cap = (kk * m).div_ceil(n);
    let mut order: Vec<usize> = (0..drawn.len()).collect();
    order.sort_by_key(|&i| {
        (
            keyed.tag(&[b"O", drawn[i].1.as_bytes()]),
            drawn[i].1.clone(),
        )
    });
    let mut load: BTreeMap<String, u64> = BTreeMap::new();
    let mut filled_up = false;
    for i in order {
        let id = drawn[i].1.clone();
        let mut ranked: Vec<_> = h
            .inspectors
            .iter()
            .filter(|x| {
                !h.conflicts
                    .iter()
                    .any(|c| c.enterprise == id && c.inspector == x.id)
            })
            .map(|x| {
                (
                    keyed.tag(&[b"I", id.as_bytes(), x.id.as_bytes()]),
                    x.id.clone(),
                )
            })
            .collect();
        ranked.sort();
        let mut chosen: Vec<String> = Vec::new();
        for (_, x) in &ranked {
            if chosen.len() < m as usize && load.get(x).copied().unwrap_or(0) < cap {
                chosen.push(x.clone());
            }
        }
        for (_, x) in &ranked {
            if chosen.len() < m as usize && !chosen.contains(x) {
                chosen.push(x.clone());
                filled_up = true;
            }
        }
        for x in &chosen {
            *load.entry(x.clone()).or_default() += 1;
        }
        drawn[i].3 = chosen;
    }
    Reference {
        drawn,
        cap,
        filled_up,
    }
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

prop_compose! {
    fn plans()(
        ratios in proptest::collection::vec(proptest::option::of(0..RATIOS.len()), LABELS.len()),
        members in proptest::collection::vec((0..LABELS.len(), 1u64..=6), 0..40),
        heavy in proptest::option::of(0u64..1000),
        n_inspectors in 1usize..7,
        m_seed in 0u32..100,
        conflicts in proptest::collection::vec((0usize..40, 0usize..7), 0..20),
        beacon in proptest::array::uniform32(any::<u8>()),
    ) -> (Plan, Beacon) {
        let strata = ratios.iter().zip(LABELS).filter_map(|(r, l)| r.map(|r| StratumRatio {
            stratum: l.to_owned(), ratio: Ratio::parse(RATIOS[r]).unwrap_or(Ratio::ONE), extra: Map::new(),
        })).collect();
        let mut enterprises: Vec<Enterprise> = members.iter().enumerate().map(|(i, (s, w))| Enterprise {
            id: format!("E{i:02}"), stratum: LABELS[*s].to_owned(), weight: Weight::new(*w).unwrap_or(Weight::ONE), extra: Map::new(),
        }).collect();
        if let (Some(w), Some(e)) = (heavy, enterprises.first_mut()) {
            e.weight = Weight::new(w + 1).unwrap_or(Weight::MAX);
        }
        let inspectors: Vec<Inspector> = (0..n_inspectors).map(|i| Inspector { id: format!("I{i}"), name: format!("n{i}"), extra: Map::new() }).collect();
        let conflicts = conflicts.iter().filter(|(e, i)| *e < enterprises.len() && *i < n_inspectors).map(|(e, i)| Conflict {
            enterprise: format!("E{e:02}"), inspector: format!("I{i}"), extra: Map::new(),
        }).collect();
        let draft = PlanDraft {
            strata, enterprises, inspectors, conflicts,
            inspectors_per_enterprise: 1 + m_seed % n_inspectors as u32,
            beacon: None, extra: Map::new(),
        };
        let plan = match draft.build() { Ok((_, p)) => p, Err(e) => panic!("generated plan refused: {e}") };
        (plan, Beacon::from_bytes(beacon))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_draw_matches_the_reference_and_is_pure((plan, beacon) in plans()) {
        let r = plan.draw(&beacon);
        let reference = reference(&plan, &beacon);
        prop_assert_eq!(summary(&r), reference.drawn);
        prop_assert_eq!(r.cap, reference.cap);
        prop_assert_eq!(&plan.draw(&beacon), &r);
    }

    #[test]
    fn the_order_of_the_enterprises_array_does_not_matter((plan, beacon) in plans(), rot in 0usize..40, rev in any::<bool>()) {
        let mut permuted = plan.clone();
        let n = permuted.enterprises.len().max(1);
        permuted.enterprises.rotate_left(rot % n);
        if rev { permuted.enterprises.reverse(); }
        prop_assert_eq!(permuted.draw(&beacon), plan.draw(&beacon));
    }

    #[test]
    fn inspectors_respect_conflicts_count_and_cap((plan, beacon) in plans()) {
        let r = plan.draw(&beacon);
        let h = &plan.header;
        let banned: HashSet<(&str, &str)> = h.conflicts.iter().map(|c| (c.enterprise.as_str(), c.inspector.as_str())).collect();
        let mut load: BTreeMap<&str, u64> = BTreeMap::new();
        for e in &r.enterprises {
            let available = h.inspectors.iter().filter(|x| !banned.contains(&(e.id.as_str(), x.id.as_str()))).count();
            prop_assert_eq!(e.inspectors.len(), available.min(h.per_enterprise as usize));
            let distinct: HashSet<&String> = e.inspectors.iter().collect();
            prop_assert_eq!(distinct.len(), e.inspectors.len());
            for x in &e.inspectors {
                prop_assert!(!banned.contains(&(e.id.as_str(), x.as_str())), "{} got conflicting {}", e.id, x);
                *load.entry(x).or_default() += 1;
            }
        }
        if !reference(&plan, &beacon).filled_up {
            prop_assert!(load.values().all(|l| *l <= r.cap));
        }
    }

    #[test]
    fn a_heavier_weight_only_helps_its_own_enterprise((plan, beacon) in plans(), extra in 1u64..50) {
        let Some(first) = plan.enterprises.first() else { return Ok(()) };
        let mut heavier = plan.clone();
        heavier.enterprises[0].weight = Weight::new(u64::from(first.weight.get()) + extra).unwrap_or(Weight::MAX);
        let (before, after) = (plan.draw(&beacon), heavier.draw(&beacon));
        prop_assert_eq!(&before.strata, &after.strata);
        prop_assert_eq!(before.cap, after.cap);
        let set = |r: &DrawResult| r.enterprises.iter().map(|e| e.id.clone()).collect::<HashSet<_>>();
        let (b, a) = (set(&before), set(&after));
        if b.contains(&first.id) {
            prop_assert_eq!(&a, &b);
        } else {
            // Either nothing changed, or the heavier enterprise displaced exactly one other.
            let lost: Vec<_> = b.difference(&a).collect();
            let won: Vec<_> = a.difference(&b).collect();
            prop_assert!(lost.len() == won.len() && won.len() <= 1);
            prop_assert!(won.iter().all(|w| **w == first.id));
        }
    }
}

#[test]
fn weights_give_the_odds_of_drawing_without_replacement() {
    // Two enterprises, one drawn: weight 3 against weight 1 is drawn 3 times in 4.
    let draft = PlanDraft {
        strata: vec![StratumRatio {
            stratum: "A".into(),
            ratio: Ratio::parse("0.5").unwrap_or(Ratio::ONE),
            extra: Map::new(),
        }],
        enterprises: vec![
            Enterprise {
                id: "H".into(),
                stratum: "A".into(),
                weight: Weight::new(3).unwrap_or(Weight::ONE),
                extra: Map::new(),
            },
            Enterprise {
                id: "L".into(),
                stratum: "A".into(),
                weight: Weight::ONE,
                extra: Map::new(),
            },
        ],
        inspectors: vec![Inspector {
            id: "I".into(),
            name: "n".into(),
            extra: Map::new(),
        }],
        inspectors_per_enterprise: 1,
        ..PlanDraft::default()
    };
    let (_, plan) = draft.build().unwrap();
    let trials = 4000;
    let heavy = (0..trials)
        .filter(|t: &u32| {
            let beacon = Beacon::from_bytes(Sha256::digest(t.to_be_bytes()).into());
            plan.draw(&beacon).enterprises[0].id == "H"
        })
        .count();
    let share = heavy as f64 / f64::from(trials);
    assert!((0.72..0.78).contains(&share), "weight 3 of 4 drawn {share}");
}

#[test]
fn large_draws_with_binding_caps_match_the_reference() {
    // Enough drawn enterprises for the threaded ranking, and more inspectors than are kept
    // per enterprise, so late enterprises fall back to their full ranking.
    let enterprises: Vec<Enterprise> = (0..700)
        .map(|i| Enterprise {
            id: format!("91{i:05}"),
            stratum: if i % 3 == 0 { "B".into() } else { "A".into() },
            weight: Weight::new(1 + i % 4).unwrap_or(Weight::ONE),
            extra: Map::new(),
        })
        .collect();
    let inspectors: Vec<Inspector> = (0..30)
        .map(|i| Inspector {
            id: format!("I{:03}", (i * 7) % 30),
            name: String::new(),
            extra: Map::new(),
        })
        .collect();
    let conflicts = (0..200)
        .map(|i| Conflict {
            enterprise: format!("91{:05}", (i * 13) % 700),
            inspector: format!("I{:03}", i % 30),
            extra: Map::new(),
        })
        .collect();
    let draft = PlanDraft {
        strata: vec![
            StratumRatio {
                stratum: "A".into(),
                ratio: Ratio::parse("0.6").unwrap_or(Ratio::ONE),
                extra: Map::new(),
            },
            StratumRatio {
                stratum: "B".into(),
                ratio: Ratio::ONE,
                extra: Map::new(),
            },
        ],
        enterprises,
        inspectors,
        inspectors_per_enterprise: 3,
        conflicts,
        ..PlanDraft::default()
    };
    let (_, plan) = draft.build().unwrap();
    for b in 0u8..4 {
        let beacon = Beacon::from_bytes([b; 32]);
        let r = plan.draw(&beacon);
        assert!(r.enterprises.len() > 400);
        assert_eq!(summary(&r), reference(&plan, &beacon).drawn, "beacon {b}");
    }
}
