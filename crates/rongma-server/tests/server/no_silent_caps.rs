//! No list or lookup stops silently: names on a page are looked up for the ids on that page
//! (with more than 200 enterprises, the last ones' names still show), and a record's
//! related lists page (an enterprise with more than 100 products shows them all, page by
//! page), as do a form's choices.

use rongma_app::Actor;
use rongma_domain::ids::Uscc;
use rongma_domain::registry::{sizes_from_text, BrandDraft, EnterpriseDraft, ProductDraft};
use rongma_testkit::{csrf_from, Fixtures, TestApp, TestDb};

const PASSWORD: &str = "test-password-1";

fn product(brand_id: i64, style: &str) -> ProductDraft {
    ProductDraft {
        brand_id: Some(brand_id),
        style_no: Some(style.into()),
        name: Some("测试款".into()),
        species: Some("goose".into()),
        colour: Some("white".into()),
        declared_down_cluster_pct: Some("90".into()),
        sizes: Some(sizes_from_text("M:200, L:220")),
        shell_fabric: Some("锦纶".into()),
        standard: Some("GB/T 14272-2021".into()),
        gtin: None,
    }
}

async fn page(c: &reqwest::Client, url: String) -> String {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

async fn regulator(t: &TestApp) -> reqwest::Client {
    let c = t.browser();
    let csrf = csrf_from(&page(&c, t.url("/login")).await);
    let r = c
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "t-regulator"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    c
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
    let c = regulator(&t).await;

    // The brand of the 205th enterprise names its enterprise in the list.
    let html = page(&c, t.url("/brands?q=%E5%93%81%E7%89%8C%20204")).await;
    assert!(html.contains("ZZ 企业 204"), "the owner's name is shown");

    // Enterprise A's page pages its products.
    let base = format!("/enterprises/{}", f.enterprise_a.id);
    let first = page(&c, t.url(&base)).await;
    assert!(
        first.contains("products_page=2"),
        "a pager for the related products"
    );
    let mut seen = 0;
    for n in 1..=4 {
        let html = page(&c, t.url(&format!("{base}?products_page={n}"))).await;
        seen += (0..120)
            .filter(|i| {
                html.contains(&format!("MANY-{i:03}<")) || html.contains(&format!("MANY-{i:03} "))
            })
            .count();
    }
    assert_eq!(seen, 120, "every product is on one of the pages");

    // The product form offers every brand, the last enterprise's included.
    let form = page(&c, t.url("/products/new")).await;
    assert!(
        form.contains(&format!("value=\"{last_brand}\"")),
        "the 206th brand is a choice"
    );
}
