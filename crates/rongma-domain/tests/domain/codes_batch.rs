//! Batch requests checked against their product, without a database: every bad field is
//! named (all at once), sizes must be the product's and add up, a one-size product gets its
//! size, and Digital Link needs a GTIN.

use chrono::NaiveDate;
use rongma_domain::codes::{BatchDraft, BatchSizeDraft};
use rongma_domain::ids::Gtin;
use rongma_domain::registry::{DownColour, DownSpecies, Product, SizeFill};

fn product(sizes: &[(&str, &str)], gtin: Option<&str>) -> Product {
    let at = chrono::Utc::now();
    Product {
        id: 1,
        enterprise_id: 1,
        brand_id: 1,
        style_no: "S-1".into(),
        name: "款".into(),
        species: DownSpecies::Goose,
        colour: DownColour::White,
        declared_down_cluster_pct: "90".parse().unwrap(),
        sizes: sizes
            .iter()
            .map(|(s, w)| SizeFill {
                size: (*s).into(),
                fill_weight_g: w.parse().unwrap(),
            })
            .collect(),
        shell_fabric: "锦纶".into(),
        standard: "GB/T 14272-2021".into(),
        gtin: gtin.map(|g| Gtin::parse(g).unwrap()),
        created_at: at,
        updated_at: at,
        archived_at: None,
    }
}

fn today() -> NaiveDate {
    "2025-11-10".parse().unwrap()
}

fn draft(q: i64) -> BatchDraft {
    BatchDraft {
        certificate_id: Some(1),
        quantity: Some(q),
        lot_no: Some("L-1".into()),
        production_date: Some("2025-11-01".into()),
        sizes: None,
        digital_link: None,
    }
}

fn size(s: &str, q: i64) -> BatchSizeDraft {
    BatchSizeDraft {
        size: Some(s.into()),
        quantity: Some(q),
    }
}

fn codes(
    r: Result<rongma_domain::codes::BatchFields, rongma_domain::FieldErrors>,
) -> Vec<(String, String)> {
    r.err()
        .map(|e| {
            e.iter()
                .map(|f| (f.field.clone(), f.code.clone()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sizes_follow_the_product_and_add_up() {
    let p = product(&[("M", "200"), ("L", "220.5")], None);
    let mut d = draft(30);
    d.sizes = Some(vec![size(" l ", 10), size("M", 20)]);
    let f = d.validate(&p, today(), 1000).unwrap();
    let got: Vec<_> = f
        .sizes
        .iter()
        .map(|s| (s.size.as_str(), s.fill_weight_g.to_string(), s.quantity))
        .collect();
    assert_eq!(
        got,
        [("L", "220.5".to_owned(), 10), ("M", "200".to_owned(), 20)]
    );

    d.sizes = Some(vec![size("M", 10), size("L", 10)]);
    assert_eq!(
        codes(d.validate(&p, today(), 1000)),
        [("sizes".into(), "sizes_sum".into())]
    );
    d.sizes = Some(vec![size("XL", 10), size("M", 0)]);
    assert_eq!(
        codes(d.validate(&p, today(), 1000)),
        [
            ("sizes[0].size".to_owned(), "unknown_size".to_owned()),
            ("sizes[1].quantity".to_owned(), "out_of_range".to_owned())
        ]
    );
    // Without a breakdown: a one-size product gets its size, a multi-size one none.
    assert!(draft(5)
        .validate(&p, today(), 1000)
        .unwrap()
        .sizes
        .is_empty());
    let one = product(&[("均码", "180")], None);
    let f = draft(5).validate(&one, today(), 1000).unwrap();
    assert_eq!((f.sizes[0].size.as_str(), f.sizes[0].quantity), ("均码", 5));
}

#[test]
fn every_bad_field_is_named_at_once() {
    let p = product(&[("M", "200")], None);
    let d = BatchDraft {
        certificate_id: Some(1),
        quantity: Some(0),
        lot_no: Some(" ".into()),
        production_date: Some("2025-11-11".into()),
        sizes: None,
        digital_link: Some(true),
    };
    assert_eq!(
        codes(d.validate(&p, today(), 1000)),
        [
            ("quantity".into(), "out_of_range".into()),
            ("lot_no".into(), "required".into()),
            ("production_date".into(), "in_future".into()),
            ("digital_link".into(), "no_gtin".into()),
        ]
    );
    assert_eq!(
        codes(draft(1001).validate(&p, today(), 1000)),
        [("quantity".into(), "over_cap".into())]
    );
    // The same day is not in the future; a GTIN allows Digital Link and is kept as GTIN-14.
    let mut d = draft(1000);
    d.production_date = Some("2025-11-10".into());
    d.digital_link = Some(true);
    let f = d
        .validate(
            &product(&[("M", "200")], Some("6901234567892")),
            today(),
            1000,
        )
        .unwrap();
    assert_eq!(f.gtin.as_deref(), Some("06901234567892"));
}
