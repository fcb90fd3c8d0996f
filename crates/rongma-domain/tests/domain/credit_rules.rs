//! Each rule of the default credit model, table-driven: what it counts, its window edges,
//! its cap, repaired and future items, rates over tags, shares and step tables, and the
//! plain-words reason in both languages. Expected points are worked out by hand from the
//! numbers in profiles/credit/pinghu-quality-credit-2026.1.toml.

use crate::credit_support::{certs, contribution, item, model, record, t, tags, with_items};
use rongma_domain::credit::{EnterpriseRecord, RecordKind as K};
use rust_decimal::Decimal;

struct Case {
    name: &'static str,
    record: EnterpriseRecord,
    rule: &'static str,
    points: &'static str,
    en: &'static str,
    zh: &'static str,
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn on_time(n: usize, late: usize) -> Vec<(K, &'static str)> {
    let mut v = vec![(K::ComplaintAnsweredOnTime, "2025-10-01"); n];
    v.extend(vec![(K::ComplaintAnsweredLate, "2025-11-01"); late]);
    v
}

fn cases() -> Vec<Case> {
    let base = || record("2025-03-01");
    let fail = |at| with_items(base(), &[(K::SpotCheckBaselineFailure, at)]);
    let mut repaired = base();
    repaired
        .items
        .push(item(K::SpotCheckBaselineFailure, "2025-06-01").repaired(t("2025-12-01"), Some(77)));
    let mut repaired_later = base();
    repaired_later
        .items
        .push(item(K::SpotCheckBaselineFailure, "2025-06-01").repaired(t("2026-04-01"), None));
    vec![
        Case { name: "one failure in the window", record: fail("2025-09-01"), rule: "spot_check_baseline_failure", points: "-15",
            en: "1 failed spot check in the last 12 months: \u{2212}15", zh: "近 12 个月抽检不合格 1 次：\u{2212}15 分" },
        Case { name: "a failure exactly at the window start counts", record: fail("2025-03-01"), rule: "spot_check_baseline_failure", points: "-15",
            en: "1 failed spot check in the last 12 months: \u{2212}15", zh: "近 12 个月抽检不合格 1 次：\u{2212}15 分" },
        Case { name: "a failure one second before the window does not", record: fail("2025-02-28T23:59:59+08:00"), rule: "spot_check_baseline_failure", points: "0",
            en: "0 failed spot checks in the last 12 months: 0", zh: "近 12 个月抽检不合格 0 次：0 分" },
        Case { name: "an item after as_of is not yet known", record: fail("2026-03-01T00:00:01+08:00"), rule: "spot_check_baseline_failure", points: "0",
            en: "0 failed spot checks in the last 12 months: 0", zh: "近 12 个月抽检不合格 0 次：0 分" },
        Case { name: "an item at as_of counts", record: fail("2026-03-01"), rule: "spot_check_baseline_failure", points: "-15",
            en: "1 failed spot check in the last 12 months: \u{2212}15", zh: "近 12 个月抽检不合格 1 次：\u{2212}15 分" },
        Case { name: "four failures reach the cap", record: with_items(base(), &[(K::SpotCheckBaselineFailure, "2025-04-01"), (K::SpotCheckBaselineFailure, "2025-05-01"), (K::SpotCheckBaselineFailure, "2025-06-01"), (K::SpotCheckBaselineFailure, "2025-07-01")]),
            rule: "spot_check_baseline_failure", points: "-45",
            en: "4 failed spot checks in the last 12 months: \u{2212}45 (capped at \u{2212}45)", zh: "近 12 个月抽检不合格 4 次：\u{2212}45 分（已达上限 \u{2212}45 分）" },
        Case { name: "a repaired failure stops counting", record: repaired, rule: "spot_check_baseline_failure", points: "0",
            en: "0 failed spot checks in the last 12 months: 0", zh: "近 12 个月抽检不合格 0 次：0 分" },
        Case { name: "a repair decided after as_of does not apply yet", record: repaired_later, rule: "spot_check_baseline_failure", points: "-15",
            en: "1 failed spot check in the last 12 months: \u{2212}15", zh: "近 12 个月抽检不合格 1 次：\u{2212}15 分" },
        Case { name: "other kinds do not count as failures", record: with_items(base(), &[(K::SpotCheckLowerGrade, "2025-09-01"), (K::SpotCheckConform, "2025-09-01")]), rule: "spot_check_baseline_failure", points: "0",
            en: "0 failed spot checks in the last 12 months: 0", zh: "近 12 个月抽检不合格 0 次：0 分" },
        Case { name: "lower grade", record: with_items(base(), &[(K::SpotCheckLowerGrade, "2025-09-01"), (K::SpotCheckLowerGrade, "2025-10-01")]), rule: "spot_check_lower_grade", points: "-12",
            en: "2 spot checks below the certified grade in the last 12 months: \u{2212}12", zh: "近 12 个月抽检实测等级低于证书等级 2 次：\u{2212}12 分" },
        Case { name: "conforming checks over 24 months, the older one outside", record: with_items(base(), &[(K::SpotCheckConform, "2024-04-01"), (K::SpotCheckConform, "2025-06-01"), (K::SpotCheckConform, "2024-02-29")]),
            rule: "spot_check_conform", points: "4", en: "2 conforming spot checks in the last 24 months: +4", zh: "近 24 个月抽检合格 2 次：+4 分" },
        Case { name: "suspension", record: with_items(base(), &[(K::CertificateSuspended, "2025-05-01")]), rule: "certificate_suspended", points: "-10",
            en: "1 certificate suspension in the last 12 months: \u{2212}10", zh: "近 12 个月证书被暂停 1 次：\u{2212}10 分" },
        Case { name: "a revocation counts for 24 months", record: with_items(base(), &[(K::CertificateRevoked, "2024-06-01")]), rule: "certificate_revoked", points: "-25",
            en: "1 certificate revocation in the last 24 months: \u{2212}25", zh: "近 24 个月证书被撤销 1 次：\u{2212}25 分" },
        Case { name: "copied-code flags reach their cap", record: with_items(base(), &[(K::CopiedCodeFlag, "2025-04-01"), (K::CopiedCodeFlag, "2025-05-01"), (K::CopiedCodeFlag, "2025-06-01"), (K::CopiedCodeFlag, "2025-07-01")]),
            rule: "copied_code_flags", points: "-9", en: "4 copied-code flags attributed to the enterprise in the last 12 months: \u{2212}9 (capped at \u{2212}9)", zh: "近 12 个月经认定的复制码 4 起：\u{2212}9 分（已达上限 \u{2212}9 分）" },
        Case { name: "upheld complaints per 10,000 tags, both upheld kinds", record: tags(with_items(base(), &[(K::ComplaintUpheld, "2025-05-01"), (K::ComplaintUpheld, "2025-06-01"), (K::ComplaintUpheldCounterfeit, "2025-07-01")]), &[("2025-04-01", 12_000), ("2025-10-01", 8_000)]),
            rule: "complaints_upheld_rate", points: "-7.5", en: "3 upheld complaints over 20000 tags in the last 12 months, 1.5 per 10,000: \u{2212}7.5", zh: "近 12 个月投诉成立 3 件，发码 20000 枚，每万枚 1.5 件：\u{2212}7.5 分" },
        Case { name: "a small maker's rate is over at least 10,000 tags; old batches are outside", record: tags(with_items(base(), &[(K::ComplaintUpheld, "2025-05-01")]), &[("2025-04-01", 500), ("2025-01-01", 100_000)]),
            rule: "complaints_upheld_rate", points: "-5", en: "1 upheld complaint over 500 tags in the last 12 months, 1 per 10,000: \u{2212}5", zh: "近 12 个月投诉成立 1 件，发码 500 枚，每万枚 1 件：\u{2212}5 分" },
        Case { name: "a rate times points is rounded to 0.01", record: tags(with_items(base(), &[(K::ComplaintUpheld, "2025-05-01")]), &[("2025-04-01", 30_000)]),
            rule: "complaints_upheld_rate", points: "-1.67", en: "1 upheld complaint over 30000 tags in the last 12 months, 0.33 per 10,000: \u{2212}1.67", zh: "近 12 个月投诉成立 1 件，发码 30000 枚，每万枚 0.33 件：\u{2212}1.67 分" },
        Case { name: "95 % on time", record: with_items(base(), &on_time(19, 1)), rule: "complaints_answered_on_time", points: "5",
            en: "19 of 20 complaints answered on time in the last 12 months (95%): +5", zh: "近 12 个月应答复投诉 20 件，按时答复 19 件（95%）：+5 分" },
        Case { name: "90 % on time", record: with_items(base(), &on_time(18, 2)), rule: "complaints_answered_on_time", points: "0",
            en: "18 of 20 complaints answered on time in the last 12 months (90%): 0", zh: "近 12 个月应答复投诉 20 件，按时答复 18 件（90%）：0 分" },
        Case { name: "exactly 50 % is the −5 row", record: with_items(base(), &on_time(10, 10)), rule: "complaints_answered_on_time", points: "-5",
            en: "10 of 20 complaints answered on time in the last 12 months (50%): \u{2212}5", zh: "近 12 个月应答复投诉 20 件，按时答复 10 件（50%）：\u{2212}5 分" },
        Case { name: "unanswered complaints count against the share", record: with_items(base(), &[(K::ComplaintAnsweredOnTime, "2025-10-01"), (K::ComplaintUnanswered, "2025-11-01"), (K::ComplaintUnanswered, "2025-12-01")]), rule: "complaints_answered_on_time", points: "-10",
            en: "1 of 3 complaints answered on time in the last 12 months (33.3%): \u{2212}10", zh: "近 12 个月应答复投诉 3 件，按时答复 1 件（33.3%）：\u{2212}10 分" },
        Case { name: "nothing to answer", record: base(), rule: "complaints_answered_on_time", points: "5",
            en: "No complaint to answer in the last 12 months: +5", zh: "近 12 个月无需答复的投诉：+5 分" },
        Case { name: "12 months in the pilot is exactly the cap", record: base(), rule: "pilot_months", points: "6",
            en: "12 months in the grading pilot: +6", zh: "参与分级试点 12 个月：+6 分" },
        Case { name: "7 months in the pilot", record: record("2025-08-01"), rule: "pilot_months", points: "3.5",
            en: "7 months in the grading pilot: +3.5", zh: "参与分级试点 7 个月：+3.5 分" },
        Case { name: "one day short of a month", record: record("2026-01-02"), rule: "pilot_months", points: "0.5",
            en: "1 month in the grading pilot: +0.5", zh: "参与分级试点 1 个月：+0.5 分" },
        Case { name: "13 months is capped", record: record("2025-02-01"), rule: "pilot_months", points: "6",
            en: "13 months in the grading pilot: +6 (capped at 6)", zh: "参与分级试点 13 个月：+6 分（已达上限 6 分）" },
        Case { name: "half the certificates at 4A or above", record: certs(base(), &["4A", "3A"]), rule: "grades_4a_5a", points: "4",
            en: "1 of 2 certificates in force at 4A or above (50%): +4", zh: "有效证书 2 张，其中 4A 及以上 1 张（50%）：+4 分" },
        Case { name: "one in five", record: certs(base(), &["5A", "3A", "2A", "1A", "3A"]), rule: "grades_4a_5a", points: "2",
            en: "1 of 5 certificates in force at 4A or above (20%): +2", zh: "有效证书 5 张，其中 4A 及以上 1 张（20%）：+2 分" },
        Case { name: "none high", record: certs(base(), &["3A", "3A", "2A"]), rule: "grades_4a_5a", points: "0",
            en: "0 of 3 certificates in force at 4A or above (0%): 0", zh: "有效证书 3 张，其中 4A 及以上 0 张（0%）：0 分" },
        Case { name: "no certificate", record: base(), rule: "grades_4a_5a", points: "0",
            en: "No certificate in force: 0", zh: "无有效证书：0 分" },
    ]
}

#[test]
fn each_rule_counts_and_explains() {
    for c in cases() {
        let a = model().assess(&c.record);
        let got = contribution(&a, c.rule);
        assert_eq!(got.points, d(c.points), "{}: points", c.name);
        assert_eq!(got.reason.en, c.en, "{}: en", c.name);
        assert_eq!(got.reason.zh, c.zh, "{}: zh", c.name);
        // The fast path agrees with the explained one.
        assert_eq!(
            model().score(&c.record).total,
            a.total,
            "{}: score vs assess",
            c.name
        );
    }
}

#[test]
fn evidence_names_the_logged_items_behind_a_contribution() {
    let r = with_items(
        record("2025-03-01"),
        &[
            (K::SpotCheckBaselineFailure, "2025-09-01"),
            (K::SpotCheckBaselineFailure, "2024-09-01"),
            (K::SpotCheckConform, "2025-09-01"),
        ],
    );
    let a = model().assess(&r);
    let ev = &contribution(&a, "spot_check_baseline_failure").evidence;
    let json = serde_json::to_value(ev).expect("json");
    assert_eq!(
        json,
        serde_json::json!([{ "type": "item", "kind": "spot_check_baseline_failure", "id": "spot_check_baseline_failure-2025-09-01", "at": "2025-08-31T16:00:00Z", "log_index": 1000 }])
    );
}

/// Totals built from real records land on the band edges: start 80, +0.5 per pilot month
/// (10 months from 2025-05-01), +5 for nothing to answer, −15 per failure, and an
/// unanswered complaint turns the +5 into −10.
#[test]
fn totals_at_band_edges_take_the_right_class() {
    let cases = [
        ("2025-05-01", &[][..], "90", "A"),
        ("2025-06-01", &[][..], "89.5", "B"),
        (
            "2025-05-01",
            &[(K::SpotCheckBaselineFailure, "2025-09-01")][..],
            "75",
            "B",
        ),
        (
            "2025-06-01",
            &[(K::SpotCheckBaselineFailure, "2025-09-01")][..],
            "74.5",
            "C",
        ),
        (
            "2025-05-01",
            &[
                (K::SpotCheckBaselineFailure, "2025-09-01"),
                (K::ComplaintUnanswered, "2025-09-01"),
            ][..],
            "60",
            "C",
        ),
        (
            "2025-06-01",
            &[
                (K::SpotCheckBaselineFailure, "2025-09-01"),
                (K::ComplaintUnanswered, "2025-09-01"),
            ][..],
            "59.5",
            "D",
        ),
    ];
    for (pilot, items, total, class) in cases {
        let a = model().assess(&with_items(record(pilot), items));
        assert_eq!(
            (a.total, a.class.as_str()),
            (d(total), class),
            "pilot {pilot}, {items:?}"
        );
    }
}

#[test]
fn class_of_follows_the_bands_at_their_edges() {
    for (total, class) in [
        ("100", "A"),
        ("90", "A"),
        ("89.99", "B"),
        ("75", "B"),
        ("74.99", "C"),
        ("60", "C"),
        ("59.99", "D"),
        ("0", "D"),
    ] {
        assert_eq!(model().class_of(d(total)).as_str(), class, "{total}");
    }
}

#[test]
fn the_total_is_kept_within_the_score_range() {
    let items: Vec<_> = [
        K::SpotCheckBaselineFailure,
        K::CertificateRevoked,
        K::CertificateSuspended,
    ]
    .into_iter()
    .flat_map(|k| {
        [
            (k, "2025-09-01"),
            (k, "2025-10-01"),
            (k, "2025-11-01"),
            (k, "2025-12-01"),
        ]
    })
    .collect();
    let a = model().assess(&with_items(record("2025-03-01"), &items));
    // 80 − 45 − 50 − 30 + 6 (pilot) + 5 (no complaint) = −34, kept at 0.
    assert_eq!((a.sum, a.total, a.class.as_str()), (d("-34"), d("0"), "D"));
    assert_eq!(a.reason.en, "Start 80, total 0 (sum \u{2212}34, kept within the score range): class D (D is the lowest band)");
    let clean = model().assess(&certs(
        with_items(record("2025-03-01"), &[(K::SpotCheckConform, "2025-09-01")]),
        &["4A", "5A"],
    ));
    // 80 + 2 + 5 + 6 + 4 = 97.
    assert_eq!((clean.total, clean.class.as_str()), (d("97"), "A"));
    assert_eq!(
        clean.reason.zh,
        "起始 80 分，总分 97 分：信用等级 A（A 类 ≥ 90 分）"
    );
}

#[test]
fn the_assessment_names_the_model_and_is_deterministic() {
    let r = tags(
        with_items(record("2025-03-01"), &[(K::ComplaintUpheld, "2025-05-01")]),
        &[("2025-04-01", 30_000)],
    );
    let (a, b) = (model().assess(&r), model().assess(&r));
    assert_eq!(a, b);
    assert_eq!(
        (a.model.id.as_str(), a.model.version.as_str()),
        ("pinghu-quality-credit", "2026.1")
    );
    assert_eq!(a.model.hash, model().hash());
    let back: rongma_domain::credit::CreditAssessment =
        serde_json::from_str(&serde_json::to_string(&a).expect("json")).expect("round trip");
    assert_eq!(back, a);
}
