//! `serve --demo` seeding is idempotent after ordinary edits of the demo records: a
//! renamed lab, a renamed brand and a changed style number are found again by their
//! stable identity (CMA number, trademark number, GTIN), so seeding again adds nothing
//! and the graded demo product still yields its tag.

use rongma_app::paging::ListParams;
use rongma_app::Actor;
use rongma_domain::registry::{BrandDraft, LabDraft, ProductDraft};
use rongma_testkit::{TestApp, TestDb};

fn all() -> ListParams {
    ListParams {
        per_page: Some(200),
        include_archived: Some(true),
        ..ListParams::default()
    }
}

/// (enterprises, brands, products, labs, users).
async fn counts(t: &TestApp) -> (i64, i64, i64, i64, i64) {
    let a = Actor::system("test");
    let app = &t.app;
    (
        app.list_enterprises(&a, &all()).await.unwrap().total,
        app.list_brands(&a, &all()).await.unwrap().total,
        app.list_products(&a, &all()).await.unwrap().total,
        app.list_labs(&a, &all()).await.unwrap().total,
        app.list_users(&a, &all()).await.unwrap().total,
    )
}

rongma_store::backend_test!(demo_seed_survives_ordinary_edits, |db: TestDb| async move {
    let t = TestApp::spawn(db).await;
    let a = Actor::system("test");
    let first = rongma_app::demo::seed(&t.app).await.unwrap();
    let tag = first.tag.expect("the demo product is graded and tagged");
    let after_first = counts(&t).await;

    // Ordinary edits: rename a lab, rename a brand, change the graded product's style number
    // and another product's style number.
    let labs = t.app.list_labs(&a, &all()).await.unwrap().items;
    let lab = labs
        .iter()
        .find(|l| l.cma.number == "231100340101")
        .unwrap();
    t.app
        .update_lab(
            &a,
            lab.id,
            LabDraft {
                name: Some("平湖市纤维检验所（改名）".into()),
                ..LabDraft::default()
            },
        )
        .await
        .unwrap();
    let brands = t.app.list_brands(&a, &all()).await.unwrap().items;
    let brand = brands.iter().find(|b| b.name == "北极光").unwrap();
    t.app
        .update_brand(
            &a,
            brand.id,
            BrandDraft {
                name: Some("北极光童装".into()),
                ..BrandDraft::default()
            },
        )
        .await
        .unwrap();
    let products = t.app.list_products(&a, &all()).await.unwrap().items;
    for (old, new) in [
        ("XY-2025-101", "XY-2025-101A"),
        ("RS-W-3302", "RS-W-3302-26"),
    ] {
        let p = products.iter().find(|p| p.style_no == old).unwrap();
        t.app
            .update_product(
                &a,
                p.id,
                ProductDraft {
                    style_no: Some(new.into()),
                    ..ProductDraft::default()
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{old}: {e:?}"));
    }

    let second = rongma_app::demo::seed(&t.app).await.unwrap();
    assert_eq!(counts(&t).await, after_first, "no duplicates after edits");
    let again = second
        .tag
        .expect("the renamed graded product is found by its GTIN");
    assert_eq!(again.certificate, tag.certificate);
    assert_eq!(again.serial, tag.serial, "no second batch");
    // And once more without edits.
    rongma_app::demo::seed(&t.app).await.unwrap();
    assert_eq!(counts(&t).await, after_first);
    let names: Vec<String> = t
        .app
        .list_labs(&a, &all())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert!(
        names.iter().any(|n| n.contains("改名")),
        "the edit is kept: {names:?}"
    );
});
