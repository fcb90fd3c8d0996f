//! The two policy questions of the default model: is an enterprise white-listed (each
//! criterion with its reason), and may an item be repaired now (or from when, or why not).

use crate::credit_support::{certs, item, model, record, t, with_items, AS_OF};
use rongma_domain::credit::{RecordKind as K, RepairStatus};

#[test]
fn a_clean_class_a_enterprise_is_listed_with_every_reason() {
    let r = certs(
        with_items(record("2025-03-01"), &[(K::SpotCheckConform, "2025-09-01")]),
        &["4A"],
    );
    let w = model().white_list(&r);
    assert!(w.listed);
    let reasons: Vec<_> = w
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.passed, c.reason.en.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("class_a", true, "class A meets A"),
            ("no_revocation", true, "no revocation in the last 12 months"),
            (
                "no_counterfeit_complaint",
                true,
                "no upheld false-claim complaint in the last 12 months"
            ),
            (
                "pilot_12_months",
                true,
                "12 months in the pilot, at least 12"
            ),
        ]
    );
    assert_eq!(w.reason.en, "meets all 4 criteria");
    assert_eq!(w.criteria[3].reason.zh, "参与试点 12 个月，满 12 个月");
}

#[test]
fn each_criterion_can_keep_an_enterprise_off_the_list() {
    let clean = || certs(record("2025-03-01"), &["4A"]);
    let mut repaired_revocation = clean();
    repaired_revocation
        .items
        .push(item(K::CertificateRevoked, "2025-04-01").repaired(t("2025-10-01"), Some(9)));
    let cases = [
        (
            "a failure makes it B",
            with_items(clean(), &[(K::SpotCheckBaselineFailure, "2025-09-01")]),
            "class_a",
            "class B is below A",
        ),
        (
            "a repaired revocation still counts for the list",
            repaired_revocation,
            "no_revocation",
            "1 revocation(s) in the last 12 months",
        ),
        (
            "a false-claim complaint",
            with_items(clean(), &[(K::ComplaintUpheldCounterfeit, "2025-12-01")]),
            "no_counterfeit_complaint",
            "1 upheld false-claim complaint(s) in the last 12 months",
        ),
        (
            "eleven months in the pilot",
            record("2025-04-01"),
            "pilot_12_months",
            "11 months in the pilot, fewer than 12",
        ),
    ];
    for (name, r, failing, reason) in cases {
        let w = model().white_list(&r);
        assert!(!w.listed, "{name}");
        let failed: Vec<_> = w
            .criteria
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(failed, [failing], "{name}");
        let c = w
            .criteria
            .iter()
            .find(|c| c.id == failing)
            .expect("criterion");
        assert_eq!(c.reason.en, reason, "{name}");
        assert!(
            w.reason.en.starts_with("fails 1 of 4 criteria: "),
            "{name}: {}",
            w.reason.en
        );
    }
}

#[test]
fn a_count_criterion_shows_its_evidence_and_respects_its_window() {
    let old = with_items(
        certs(record("2024-01-01"), &["4A"]),
        &[(K::CertificateRevoked, "2025-02-28")],
    );
    let w = model().white_list(&old);
    let c = &w.criteria[1];
    assert!(
        c.passed && c.evidence.is_empty(),
        "13 months ago is outside the 12-month window"
    );
    // The revocation still costs 25 points for 24 months: 80 − 25 + 6 + 5 + 4 = 70, class C.
    assert_eq!(
        (w.class.as_str(), w.total.to_string().as_str()),
        ("C", "70")
    );

    let recent = with_items(
        certs(record("2024-01-01"), &["4A"]),
        &[(K::CertificateRevoked, "2025-03-01")],
    );
    let c = &model().white_list(&recent).criteria[1];
    assert!(!c.passed);
    let ids: Vec<_> = c
        .evidence
        .iter()
        .map(|e| match e {
            rongma_domain::credit::Evidence::Item { id, log_index, .. } => {
                (id.as_str(), *log_index)
            }
            other => panic!("unexpected evidence {other:?}"),
        })
        .collect();
    assert_eq!(ids, [("certificate_revoked-2025-03-01", Some(1000))]);
}

#[test]
fn repairability_follows_the_waiting_period_and_the_kind() {
    let now = t(AS_OF);
    let cases = [
        (item(K::SpotCheckBaselineFailure, "2025-09-01"), RepairStatus::Repairable { since: t("2026-03-01") },
            "a failed spot check may be repaired 6 months after its decision (2025-09-01): open since 2026-03-01"),
        (item(K::SpotCheckBaselineFailure, "2025-09-02"), RepairStatus::NotYet { from: t("2026-03-02") },
            "a failed spot check may be repaired 6 months after its decision (2025-09-02): not before 2026-03-02"),
        (item(K::SpotCheckBaselineFailure, "2025-08-31"), RepairStatus::Repairable { since: t("2026-02-28") },
            "a failed spot check may be repaired 6 months after its decision (2025-08-31): open since 2026-02-28"),
        (item(K::CertificateRevoked, "2025-06-01"), RepairStatus::NotYet { from: t("2026-06-01") },
            "a certificate revocation may be repaired 12 months after its decision (2025-06-01): not before 2026-06-01"),
        (item(K::ComplaintUpheldCounterfeit, "2024-01-01"), RepairStatus::NotRepairable,
            "an upheld complaint of a false grade or code claim cannot be repaired: a false grade or code claim defrauds consumers; the record lapses when it leaves the window"),
        (item(K::SpotCheckConform, "2025-01-01"), RepairStatus::NotRepairable,
            "this credit model makes no conforming spot check repairable"),
        (item(K::SpotCheckLowerGrade, "2025-01-01").repaired(t("2025-08-01"), Some(4)), RepairStatus::AlreadyRepaired { at: t("2025-08-01") },
            "this spot check below the certified grade was repaired on 2025-08-01 and no longer counts"),
        (item(K::SpotCheckLowerGrade, "2025-01-01").repaired(t("2026-04-01"), None), RepairStatus::Repairable { since: t("2025-07-01") },
            "a spot check below the certified grade may be repaired 6 months after its decision (2025-01-01): open since 2025-07-01"),
    ];
    for (it, status, en) in cases {
        let a = model().repairable(&it, now);
        assert_eq!(a.status, status, "{}", it.id);
        assert_eq!(a.reason.en, en, "{}", it.id);
        assert_eq!(
            a.is_repairable(),
            matches!(status, RepairStatus::Repairable { .. })
        );
        assert!(!a.reason.zh.is_empty());
    }
    let zh = model()
        .repairable(&item(K::CertificateRevoked, "2025-06-01"), now)
        .reason
        .zh;
    assert_eq!(
        zh,
        "证书撤销记录自决定之日（2025-06-01）起满 12 个月可申请修复，须待 2026-06-01 起方可申请"
    );
}

#[test]
fn a_repair_lifts_the_score_from_its_decision() {
    let failure = item(K::SpotCheckBaselineFailure, "2025-06-01");
    let mut r = with_items(record("2025-03-01"), &[]);
    r.items.push(failure.clone());
    let before = model().score(&r);
    r.items[0] = failure.repaired(t("2026-01-15"), Some(42));
    let after = model().score(&r);
    assert_eq!(after.total - before.total, rust_decimal::Decimal::from(15));
    assert_eq!((before.class.as_str(), after.class.as_str()), ("B", "A"));
    // Seen as of a day before the repair, the failure still counts.
    r.as_of = t("2026-01-14");
    assert_eq!(model().score(&r).class.as_str(), "B");
}
