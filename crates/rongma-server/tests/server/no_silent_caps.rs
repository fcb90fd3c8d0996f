//! No list or lookup stops silently: names on a page are looked up for the ids on that page
//! (with more than 200 enterprises, the last ones' names still show), and a record's
//! related lists page (an enterprise with more than 100 products shows them all, page by
//! page), as do a form's choices.

use rongma_app::Actor;
use rongma_domain::ids::Uscc;
use rongma_domain::registry::{BrandDraft, EnterpriseDraft};
use rongma_testkit::{product, Browser, Fixtures, TestApp, TestDb};

async fn page(c: &Browser, path: &str) -> String {
    let (status, html) = c.page(path).await;
    assert_eq!(status, 200, "{path}");
    html
}

#[tokio::test]
async fn names_related_lists_and_choices_are_never_cut_off() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    let f = Fixtures::create(&t).await;
    let sys = Actor::system("test");
    // 205 more enterprises, named so that the last ones sort last, each with a brand.
    let mut last_brand = 0;
    for i in 0..205 {
        let e = t
            .app
            .create_enterprise(
                &sys,
                EnterpriseDraft {
                    credit_code: Some(
                        Uscc::complete(&format!("9133048{i:09}"))
                            .unwrap()
                            .to_string(),
                    ),
                    name: Some(format!("ZZ 企业 {i:03}")),
                    address: Some("平湖".into()),
                    legal_representative: Some("法人".into()),
                    contact_name: None,
                    contact_phone: None,
                    pilot_status: None,
                },
            )
            .await
            .unwrap();
        last_brand = t
            .app
            .create_brand(
                &sys,
                BrandDraft {
                    enterprise_id: Some(e.id),
                    name: Some(format!("品牌 {i:03}")),
                    trademark_no: None,
                },
            )
            .await
            .unwrap()
            .id;
    }
    // 120 products under enterprise A's brand.
    for i in 0..120 {
        t.app
            .create_product(&sys, product(f.brand_a.id, &format!("MANY-{i:03}")))
            .await
            .unwrap();
    }
    let c = t.logged_in("t-regulator", "/").await;

    // The brand of the 205th enterprise names its enterprise in the list.
    let html = page(&c, "/brands?q=%E5%93%81%E7%89%8C%20204").await;
    assert!(html.contains("ZZ 企业 204"), "the owner's name is shown");

    // Enterprise A's page pages its products.
    let base = format!("/enterprises/{}", f.enterprise_a.id);
    let first = page(&c, &base).await;
    assert!(
        first.contains("products_page=2"),
        "a pager for the related products"
    );
    let mut seen = 0;
    for n in 1..=4 {
        let html = page(&c, &format!("{base}?products_page={n}")).await;
        seen += (0..120)
            .filter(|i| {
                html.contains(&format!("MANY-{i:03}<")) || html.contains(&format!("MANY-{i:03} "))
            })
            .count();
    }
    assert_eq!(seen, 120, "every product is on one of the pages");

    // The product form offers every brand, the last enterprise's included.
    let form = page(&c, "/products/new").await;
    assert!(
        form.contains(&format!("value=\"{last_brand}\"")),
        "the 206th brand is a choice"
    );
}
