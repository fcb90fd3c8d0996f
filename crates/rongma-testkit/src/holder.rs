//! One enterprise that can hold a certificate (its brand, a product, a lab), created
//! through the app as the system: the set-up of the CLI tests and the bench scripts,
//! which run the binary over a data directory rather than a [`crate::TestApp`].

use crate::fixtures::{brand_draft, enterprise_draft, lab_draft, product};
use rongma_app::{Actor, App};
use rongma_domain::registry::*;

pub struct Holder {
    pub enterprise: Enterprise,
    pub brand: Brand,
    pub product: Product,
    pub lab: Lab,
}

impl Holder {
    /// 甲企业 with 甲牌, product A-1 (sizes M and L) and the lab 检测所.
    pub async fn create(app: &App) -> Holder {
        Self::create_with(
            app,
            enterprise_draft("9133048200000A01", "甲企业"),
            "甲牌",
            |brand| product(brand, "A-1"),
            lab_draft("检测所", "201900000001"),
        )
        .await
    }

    /// The bench's names: 基准企业 with 基准牌, a hooded jacket BENCH-1 in size M, and
    /// the lab 基准检测所.
    pub async fn create_for_bench(app: &App) -> Holder {
        Self::create_with(
            app,
            enterprise_draft("9133048200000A01", "基准企业"),
            "基准牌",
            |brand| ProductDraft {
                name: Some("轻暖连帽短款羽绒服".into()),
                sizes: Some(sizes_from_text("M:158")),
                ..product(brand, "BENCH-1")
            },
            lab_draft("基准检测所", "201900000009"),
        )
        .await
    }

    async fn create_with(
        app: &App,
        enterprise: EnterpriseDraft,
        brand: &str,
        product: impl FnOnce(i64) -> ProductDraft,
        lab: LabDraft,
    ) -> Holder {
        let sys = Actor::system("holder");
        let enterprise = app
            .create_enterprise(&sys, enterprise)
            .await
            .expect("enterprise");
        let brand = app
            .create_brand(&sys, brand_draft(enterprise.id, brand))
            .await
            .expect("brand");
        let product = app
            .create_product(&sys, product(brand.id))
            .await
            .expect("product");
        let lab = app.create_lab(&sys, lab).await.expect("lab");
        Holder {
            enterprise,
            brand,
            product,
            lab,
        }
    }
}
