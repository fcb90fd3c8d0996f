//! Invariants over generated models and records: the class never falls as points rise,
//! a negative item never raises the total (a conforming check never lowers it), repairing
//! a negative item never lowers it, and the bulk score equals the explained assessment.

use crate::credit_support::{edited, model, t, AS_OF};
use chrono::Duration;
use proptest::prelude::*;
use rongma_domain::credit::{
    CertificateHeld, CreditModel, EnterpriseRecord, RecordItem, RecordKind, TagBatch,
};
use rongma_domain::grading::Grade;
use rust_decimal::Decimal;

const NEGATIVE: [RecordKind; 9] = [
    RecordKind::SpotCheckLowerGrade,
    RecordKind::SpotCheckBaselineFailure,
    RecordKind::CertificateSuspended,
    RecordKind::CertificateRevoked,
    RecordKind::ComplaintUpheld,
    RecordKind::ComplaintUpheldCounterfeit,
    RecordKind::ComplaintAnsweredLate,
    RecordKind::ComplaintUnanswered,
    RecordKind::CopiedCodeFlag,
];

fn records() -> impl Strategy<Value = EnterpriseRecord> {
    let item = (
        0usize..RecordKind::ALL.len(),
        0i64..800,
        proptest::option::of(0i64..400),
    );
    let batch = (0i64..500, 1u64..200_000);
    (
        0i64..1200,
        prop::collection::vec(item, 0..25),
        prop::collection::vec(batch, 0..6),
        prop::collection::vec(0usize..5, 0..6),
    )
        .prop_map(|(pilot_days, items, batches, grades)| {
            let as_of = t(AS_OF);
            let mut r = EnterpriseRecord::new(as_of, as_of - Duration::days(pilot_days));
            for (i, (k, back, repair)) in items.into_iter().enumerate() {
                let at = as_of - Duration::days(back);
                let mut it =
                    RecordItem::new(RecordKind::ALL[k], format!("i{i}"), at).logged(i as u64);
                if let Some(after) = repair {
                    it = it.repaired(at + Duration::days(after), None);
                }
                r.items.push(it);
            }
            for (i, (back, count)) in batches.into_iter().enumerate() {
                r.tags_issued.push(TagBatch {
                    id: format!("b{i}"),
                    issued_at: as_of - Duration::days(back),
                    count,
                    log_index: None,
                });
            }
            for (i, g) in grades.into_iter().enumerate() {
                let grade = Grade::from_index(g).unwrap_or(Grade::G1A);
                r.certificates.push(CertificateHeld {
                    id: format!("c{i}"),
                    grade,
                    issued_at: as_of - Duration::days(30),
                    log_index: None,
                });
            }
            r
        })
}

/// A model with generated band cut points 0 < c < b < a ≤ 100 (two decimals).
fn banded_models() -> impl Strategy<Value = CreditModel> {
    (1i64..9_998, 1i64..9_998, 1i64..9_998).prop_filter_map("distinct cut points", |(x, y, z)| {
        let mut v = [x, y, z];
        v.sort_unstable();
        if v[0] == v[1] || v[1] == v[2] {
            return None;
        }
        let [c, b, a] = v.map(|n| Decimal::new(n, 2));
        let bands = format!(
            "[[bands]]\nclass = \"A\"\nmin = \"{a}\"\n\n[[bands]]\nclass = \"B\"\nmin = \"{b}\"\nbelow = \"{a}\"\n\n[[bands]]\nclass = \"C\"\nmin = \"{c}\"\nbelow = \"{b}\"\n\n[[bands]]\nclass = \"D\"\nbelow = \"{c}\"\n"
        );
        let text = edited(
            "[[bands]]\nclass = \"A\"\nmin = 90\n\n[[bands]]\nclass = \"B\"\nmin = 75\nbelow = 90\n\n[[bands]]\nclass = \"C\"\nmin = 60\nbelow = 75\n\n[[bands]]\nclass = \"D\"\nbelow = 60\n",
            &bands,
        );
        CreditModel::from_toml_str(&text).ok()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_class_is_monotone_in_points(m in banded_models(), x in 0i64..=10_000, y in 0i64..=10_000) {
        let (lo, hi) = (Decimal::new(x.min(y), 2), Decimal::new(x.max(y), 2));
        prop_assert!(m.class_of(lo) <= m.class_of(hi), "{lo} → {:?}, {hi} → {:?}", m.class_of(lo), m.class_of(hi));
        prop_assert!(model().class_of(lo) <= model().class_of(hi));
    }

    #[test]
    fn a_negative_item_never_raises_the_total(r in records(), k in 0usize..NEGATIVE.len(), back in 0i64..800) {
        let before = model().score(&r);
        let mut worse = r.clone();
        worse.items.push(RecordItem::new(NEGATIVE[k], "new", r.as_of - Duration::days(back)));
        let after = model().score(&worse);
        prop_assert!(after.total <= before.total, "{:?} raised {} to {}", NEGATIVE[k], before.total, after.total);
        prop_assert!(after.class <= before.class);
    }

    #[test]
    fn a_conforming_check_never_lowers_the_total(r in records(), back in 0i64..800) {
        let mut better = r.clone();
        better.items.push(RecordItem::new(RecordKind::SpotCheckConform, "new", r.as_of - Duration::days(back)));
        prop_assert!(model().score(&better).total >= model().score(&r).total);
    }

    #[test]
    fn repairing_a_negative_item_never_lowers_the_total(r in records(), pick in any::<prop::sample::Index>()) {
        let negatives: Vec<usize> = r.items.iter().enumerate().filter(|(_, i)| NEGATIVE.contains(&i.kind) && i.repaired_at.is_none()).map(|(n, _)| n).collect();
        prop_assume!(!negatives.is_empty());
        let n = negatives[pick.index(negatives.len())];
        let mut repaired = r.clone();
        let at = repaired.items[n].at;
        repaired.items[n] = repaired.items[n].clone().repaired(at, None);
        prop_assert!(model().score(&repaired).total >= model().score(&r).total);
    }

    #[test]
    fn score_and_assessment_agree_and_stay_in_range(r in records()) {
        let s = model().score(&r);
        let a = model().assess(&r);
        prop_assert_eq!((s.total, s.class), (a.total, a.class));
        let sum: Decimal = a.start + a.contributions.iter().map(|c| c.points).sum::<Decimal>();
        prop_assert_eq!(sum, a.sum);
        prop_assert!(a.total >= Decimal::ZERO && a.total <= Decimal::from(100));
        prop_assert_eq!(model().class_of(a.total), a.class);
        let filled = a.contributions.iter().all(|c| !c.reason.zh.is_empty() && !c.reason.en.contains(['{', '}']));
        prop_assert!(filled, "a reason is empty or has an unfilled placeholder");
    }
}
