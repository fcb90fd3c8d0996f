//! Listing claim checks: reading seller text with per-field errors, and every verdict
//! against a certificate, table-driven.

use rongma_domain::grading::Grade;
use rongma_domain::ids::Uscc;
use rongma_domain::platforms::claims::{
    check_claim, parse_listings, CertificateFacts, FindingKind, ListingDraft, Lookup, ProductKey,
    Verdict,
};
use rongma_domain::registry::{DownSpecies, SizeFill};
use rongma_domain::workflow::CertificateState;
use rust_decimal::Decimal;
use serde_json::json;

const MAKER: &str = "91330100799655058B";
const OTHER: &str = "914403001922038216";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn facts(state: CertificateState) -> CertificateFacts {
    CertificateFacts {
        number: "PH-2025-0001".into(),
        state,
        grade: Grade::G4A,
        indicator_grades: [
            ("down_cluster", Grade::G4A),
            ("fill_power", Grade::G5A),
            ("turbidity", Grade::G5A),
            ("down_leakage", Grade::G4A),
            ("colour_fastness", Grade::G5A),
        ]
        .into_iter()
        .map(|(k, g)| (k.to_owned(), g))
        .collect(),
        species: DownSpecies::Goose,
        declared_down_cluster_pct: d("80"),
        sizes: ["S:160", "M:180", "L:200"]
            .iter()
            .map(|s| {
                let (size, g) = s.split_once(':').unwrap();
                SizeFill {
                    size: size.into(),
                    fill_weight_g: d(g),
                }
            })
            .collect(),
        enterprise: Uscc::parse(MAKER).unwrap(),
    }
}

fn listing(extra: serde_json::Value) -> ListingDraft {
    let mut base = json!({
        "listing_id": "JD-100",
        "shop": "平湖羽绒旗舰店",
        "title": "白鹅绒轻暖羽绒服",
        "gtin": "6901234567892",
    });
    base.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    serde_json::from_value(base).unwrap()
}

#[test]
fn unreadable_fields_are_named_by_listing_and_field() {
    let mut drafts: Vec<ListingDraft> = (0..13).map(|_| listing(json!({}))).collect();
    drafts[12] = listing(json!({
        "claimed_grade": "6A",
        "claimed_down_cluster_pct": "九十",
        "claimed_fill_weight_g": 9000,
        "species": "羽绒",
        "enterprise_credit_code": "914403001922038217",
    }));
    drafts[3] = listing(json!({"gtin": null, "style_no": "PH-001", "shop": " "}));
    drafts[5] = listing(json!({"gtin": "6901234567893"}));
    drafts[7] = listing(json!({"gtin": null}));
    let results = parse_listings(&drafts);
    let fields = |i: usize| -> Vec<String> {
        results[i]
            .as_ref()
            .unwrap_err()
            .iter()
            .map(|e| e.field.clone())
            .collect()
    };
    assert_eq!(
        fields(12),
        [
            "listings[12].claimed_grade",
            "listings[12].claimed_down_cluster_pct",
            "listings[12].claimed_fill_weight_g",
            "listings[12].species",
            "listings[12].enterprise_credit_code",
        ]
    );
    assert_eq!(
        fields(3),
        ["listings[3].shop", "listings[3].enterprise_credit_code"]
    );
    assert_eq!(fields(5), ["listings[5].gtin"]);
    assert_eq!(fields(7), ["listings[7].gtin"]);
    let e = &results[12].as_ref().unwrap_err().0[0];
    assert_eq!(e.code, "unreadable_claim");
    assert!(e.message.contains("\"6A\""), "{}", e.message);
    assert!(results[0].is_ok() && results[11].is_ok());
}

#[test]
fn seller_text_becomes_values() {
    let claim = listing(json!({
        "claimed_grade": "AAAA",
        "claimed_down_cluster_pct": 90.5,
        "claimed_fill_weight_g": "0.18kg",
        "species": "白鹅绒",
        "size": " M ",
        "style_no": "PH-001",
        "enterprise_credit_code": MAKER.to_lowercase(),
    }))
    .parse(0)
    .unwrap();
    assert_eq!(claim.grade, Some(Grade::G4A));
    assert_eq!(claim.down_cluster_pct, Some(d("90.5")));
    assert_eq!(claim.fill_weight_g, Some(d("180")));
    assert_eq!(claim.species, Some(DownSpecies::Goose));
    assert_eq!(claim.size.as_deref(), Some("M"));
    // A GTIN names the product even when a style number is given too.
    assert!(matches!(claim.product, ProductKey::Gtin(ref g) if g.as_str() == "06901234567892"));
    let by_style =
        listing(json!({"gtin": "", "style_no": "PH-001", "enterprise_credit_code": MAKER}))
            .parse(0)
            .unwrap();
    assert!(
        matches!(by_style.product, ProductKey::Style { ref style_no, .. } if style_no == "PH-001")
    );
}

#[test]
fn verdicts_and_findings() {
    use FindingKind::*;
    use Verdict::*;
    // (claims, verdict, [(field, kind, claimed, certified, excess)])
    type Row = (
        serde_json::Value,
        Verdict,
        Vec<(
            &'static str,
            FindingKind,
            &'static str,
            &'static str,
            Option<&'static str>,
        )>,
    );
    let table: Vec<Row> = vec![
        (json!({}), Consistent, vec![]),
        (
            json!({"claimed_grade": "4A", "claimed_down_cluster_pct": "80%", "claimed_fill_weight_g": "200g"}),
            Consistent,
            vec![],
        ),
        // Understating is allowed.
        (
            json!({"claimed_grade": "3A", "claimed_down_cluster_pct": "70", "claimed_fill_weight_g": "150"}),
            Consistent,
            vec![],
        ),
        (
            json!({"claimed_grade": "5A"}),
            ExceedsCertificate,
            vec![("claimed_grade", Exceeds, "5A", "4A", Some("1"))],
        ),
        (
            json!({"claimed_grade": "AAAAA", "claimed_down_cluster_pct": "90%"}),
            ExceedsCertificate,
            vec![
                ("claimed_grade", Exceeds, "5A", "4A", Some("1")),
                ("claimed_down_cluster_pct", Exceeds, "90", "80", Some("10")),
            ],
        ),
        (
            json!({"claimed_down_cluster_pct": "80.5"}),
            ExceedsCertificate,
            vec![(
                "claimed_down_cluster_pct",
                Exceeds,
                "80.5",
                "80",
                Some("0.5"),
            )],
        ),
        // With a size, that size's declared weight; without, the heaviest.
        (
            json!({"claimed_fill_weight_g": "200g", "size": "M"}),
            ExceedsCertificate,
            vec![("claimed_fill_weight_g", Exceeds, "200", "180", Some("20"))],
        ),
        (
            json!({"claimed_fill_weight_g": "180g", "size": "M"}),
            Consistent,
            vec![],
        ),
        (
            json!({"claimed_fill_weight_g": "220"}),
            ExceedsCertificate,
            vec![("claimed_fill_weight_g", Exceeds, "220", "200", Some("20"))],
        ),
        (
            json!({"claimed_fill_weight_g": "180", "size": "XL"}),
            ContradictsCertificate,
            vec![("size", Differs, "XL", "S, M, L", None)],
        ),
        (
            json!({"species": "白鸭绒", "claimed_grade": "5A"}),
            ContradictsCertificate,
            vec![
                ("species", Differs, "duck", "goose", None),
                ("claimed_grade", Exceeds, "5A", "4A", Some("1")),
            ],
        ),
        (
            json!({"enterprise_credit_code": OTHER}),
            ContradictsCertificate,
            vec![("enterprise_credit_code", Differs, OTHER, MAKER, None)],
        ),
    ];
    let f = facts(CertificateState::Active);
    for (claims, verdict, want) in table {
        let claim = listing(claims.clone()).parse(0).unwrap();
        let check = check_claim(&claim, Lookup::Certificate(&f));
        assert_eq!(check.verdict, verdict, "{claims}");
        let got: Vec<_> = check
            .findings
            .iter()
            .map(|x| {
                (
                    x.field,
                    x.kind,
                    x.claimed.as_str(),
                    x.certified.as_str(),
                    x.excess.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, want, "{claims}");
        assert_eq!(check.certificate.as_ref().unwrap().grade, Grade::G4A);
    }
}

#[test]
fn messages_say_it_in_both_languages() {
    let f = facts(CertificateState::Active);
    let claim = listing(json!({"claimed_grade": "5A", "claimed_down_cluster_pct": "90%"}))
        .parse(0)
        .unwrap();
    let check = check_claim(&claim, Lookup::Certificate(&f));
    assert_eq!(
        check.findings[0].message,
        "claimed 5A, certified 4A: 1 grade(s) above the certificate"
    );
    assert_eq!(
        check.findings[0].message_zh,
        "标称 5A，证书为 4A，高出 1 级"
    );
    assert_eq!(
        check.findings[1].message_zh,
        "标称绒子含量 90%，申报 80%，高出 10 个百分点"
    );
    let j = serde_json::to_value(&check).unwrap();
    assert_eq!(j["verdict"], "exceeds_certificate");
    assert_eq!(j["certificate"]["indicator_grades"]["fill_power"], "5A");
    assert_eq!(j["findings"][1]["excess"], "10");
}

#[test]
fn no_product_no_certificate_and_inactive_certificates() {
    let claim = listing(json!({"claimed_grade": "5A"})).parse(0).unwrap();
    assert_eq!(
        check_claim(&claim, Lookup::UnknownProduct).verdict,
        Verdict::UnknownProduct
    );
    let none = check_claim(&claim, Lookup::NoCertificate);
    assert_eq!(
        (none.verdict, none.certificate),
        (Verdict::NoCertificate, None)
    );
    for (state, verdict) in [
        (CertificateState::Suspended, Verdict::CertificateSuspended),
        (CertificateState::Revoked, Verdict::CertificateRevoked),
        (CertificateState::Expired, Verdict::CertificateExpired),
        (CertificateState::Superseded, Verdict::CertificateSuperseded),
    ] {
        let f = facts(state);
        let check = check_claim(&claim, Lookup::Certificate(&f));
        assert_eq!(check.verdict, verdict);
        assert_eq!(check.certificate.unwrap().state, state);
    }
}
