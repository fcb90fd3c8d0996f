//! The 羽信贷 credit report as built: the record's facts with their log indices, the class
//! shown only when policy and consent allow, and requests outside the consent refused.

use crate::credit_support::report::{request, sample, uscc, BOTH};
use crate::credit_support::{model, record, t};
use rongma_domain::credit::{build_report, ConsentScope, ReportError, ReportRequest};

#[test]
fn the_report_lists_the_record_with_log_indices() {
    let rep = sample(&BOTH, true);
    assert_eq!(rep.format, "rongma-credit-report/1");
    assert!(rep.explanation.class_shown);
    // 80 + 2 − 6 − 5 × 10000/35000 (−1.43) − 3 + 5 + 6 + 4 = 86.57; the suspension was repaired.
    assert_eq!(
        (
            rep.summary.class.map(|c| c.as_str()),
            rep.summary.total.map(|d| d.to_string())
        ),
        (Some("B"), Some("86.57".to_owned()))
    );
    assert_eq!(rep.summary.white_listed, Some(false));
    assert_eq!(rep.summary.class_reasons.len(), 10);
    let lower = rep
        .summary
        .class_reasons
        .iter()
        .find(|l| l.rule == "spot_check_lower_grade")
        .expect("line");
    assert_eq!(lower.log_indices, [1001]);
    assert_eq!(
        rep.quality
            .spot_checks
            .iter()
            .map(|f| f.log_index)
            .collect::<Vec<_>>(),
        [Some(1000), Some(1001)]
    );
    assert_eq!(
        rep.quality
            .tags_issued
            .iter()
            .map(|b| b.log_index)
            .collect::<Vec<_>>(),
        [Some(500), Some(501)]
    );
    assert_eq!(
        rep.quality
            .certificates
            .iter()
            .map(|c| c.log_index)
            .collect::<Vec<_>>(),
        [Some(200), Some(201), Some(202)]
    );
    let grades: Vec<_> = rep
        .quality
        .grades
        .iter()
        .map(|g| (g.grade.as_str(), g.certificates))
        .collect();
    assert_eq!(grades, [("5A", 1), ("4A", 1), ("3A", 1)]);
    assert_eq!(rep.public_records.suspensions[0].log_index, Some(1500));
    let repair = &rep.public_records.repairs[0];
    assert_eq!(
        (repair.item_log_index, repair.log_index, repair.repaired_at),
        (Some(1500), Some(1600), t("2025-12-15"))
    );
    let s = &rep.summary;
    assert_eq!(
        (
            s.certificates_in_force,
            s.tags_issued,
            s.spot_checks,
            s.spot_check_failures,
            s.complaints_upheld,
            s.suspensions,
            s.copied_code_flags,
            s.repairs,
            s.open_disputes
        ),
        (3, 35_000, 2, 1, 1, 1, 1, 1, 1)
    );
}

#[test]
fn the_class_appears_only_when_policy_and_consent_allow() {
    for (scope, show, shown) in [
        (&BOTH[..], true, true),
        (&BOTH[..], false, false),
        (&BOTH[..1], true, false),
    ] {
        let rep = sample(scope, show);
        assert_eq!(rep.explanation.class_shown, shown);
        assert_eq!(rep.summary.class.is_some(), shown);
        assert_eq!(rep.summary.total.is_some(), shown);
        assert_eq!(rep.summary.white_listed.is_some(), shown);
        assert_eq!(rep.summary.class_reasons.is_empty(), !shown);
        assert_eq!(
            rep.explanation
                .class_notice
                .en
                .starts_with("This report does not show"),
            !shown
        );
        // The facts are the same either way.
        assert_eq!(rep.quality, sample(&BOTH, true).quality);
    }
}

#[test]
fn a_report_outside_the_consent_is_refused() {
    let r = record("2025-03-01");
    let build = |f: &dyn Fn(&mut ReportRequest)| {
        let mut req = request(&BOTH, true);
        f(&mut req);
        build_report(model(), &r, req)
    };
    assert_eq!(
        build(&|q| q.consent.scope = vec![ConsentScope::CreditClass]),
        Err(ReportError::ConsentScope)
    );
    assert_eq!(
        build(&|q| q.consent.expires_at = Some(t("2026-03-01"))),
        Err(ReportError::ConsentExpired(t("2026-03-01")))
    );
    assert!(matches!(
        build(&|q| q.consent.granted_at = t("2026-03-03")),
        Err(ReportError::ConsentNotYet { .. })
    ));
    assert!(matches!(
        build(&|q| q.basic.credit_code = uscc("914403001922038216")),
        Err(ReportError::Enterprise { .. })
    ));
    assert!(matches!(
        build(&|q| q.created_at = t("2026-02-28")),
        Err(ReportError::CreatedBeforeAsOf { .. })
    ));
    assert_eq!(
        build(&|q| q.report_number = " ".into()),
        Err(ReportError::NoNumber)
    );
}
