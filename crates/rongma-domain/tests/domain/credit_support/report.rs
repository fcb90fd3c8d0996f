//! A sample credit report: a record with every kind of fact, a request with consent.

use super::{certs, item, model, record, t, tags, with_items};
use rongma_domain::credit::{
    build_report, BasicInformation, BrandFact, Consent, ConsentScope, CreditReport, DisputeNote,
    DisputeStatus, EnterpriseIdentity, Lender, RecordKind as K, ReportRequest, ReportSigner,
    Statement, StatementAuthor, Statements,
};
use rongma_domain::ids::Uscc;

pub fn uscc(s: &str) -> Uscc {
    Uscc::parse(s).expect("uscc")
}

pub fn request(scope: &[ConsentScope], show_class: bool) -> ReportRequest {
    let code = uscc("91330100799655058B");
    ReportRequest {
        report_number: "PH-2026-000123".into(),
        created_at: t("2026-03-02T10:00:00+08:00"),
        enterprise: EnterpriseIdentity {
            credit_code: code.clone(),
            name: "平湖某羽绒服饰有限公司".into(),
            log_index: Some(7),
        },
        lender: Lender {
            name: "某农商银行平湖支行".into(),
            credit_code: Some(uscc("914403001922038216")),
        },
        consent: Consent {
            id: "consent-88".into(),
            scope: scope.to_vec(),
            granted_at: t("2026-02-20"),
            expires_at: Some(t("2026-05-20")),
            log_index: Some(880),
        },
        basic: BasicInformation {
            credit_code: code,
            name: "平湖某羽绒服饰有限公司".into(),
            address: Some("浙江省平湖市当湖街道".into()),
            pilot_start: t("2025-03-01"),
            pilot_log_index: Some(12),
            brands: vec![BrandFact {
                name: "绒里".into(),
                log_index: Some(13),
            }],
        },
        log_origin: "rongma.example.cn/log".into(),
        show_class,
        dispute_notice: None,
        statements: Statements {
            statements: vec![Statement {
                author: StatementAuthor::Enterprise,
                at: t("2026-01-10"),
                text: "已整改抽检问题".into(),
                log_index: Some(990),
            }],
            disputes: vec![DisputeNote {
                fact_id: "spot_check_lower_grade-2025-07-01".into(),
                opened_at: t("2026-02-01"),
                status: DisputeStatus::Open,
                text: "复检申请中".into(),
                log_index: Some(995),
            }],
        },
    }
}

pub const BOTH: [ConsentScope; 2] = [ConsentScope::QualityRecord, ConsentScope::CreditClass];

pub fn sample(scope: &[ConsentScope], show_class: bool) -> CreditReport {
    let mut r = certs(
        tags(
            with_items(
                record("2025-03-01"),
                &[
                    (K::SpotCheckConform, "2025-05-01"),
                    (K::SpotCheckLowerGrade, "2025-07-01"),
                    (K::ComplaintUpheld, "2025-08-01"),
                    (K::ComplaintAnsweredOnTime, "2025-08-03"),
                    (K::CopiedCodeFlag, "2025-10-01"),
                ],
            ),
            &[("2025-04-01", 20_000), ("2025-10-01", 15_000)],
        ),
        &["4A", "3A", "5A"],
    );
    r.items.push(
        item(K::CertificateSuspended, "2025-06-01")
            .logged(1500)
            .repaired(t("2025-12-15"), Some(1600)),
    );
    build_report(model(), &r, request(scope, show_class)).expect("report")
}

pub fn signer() -> ReportSigner {
    ReportSigner::from_seed("rongma-credit", [7u8; 32]).expect("signer")
}
