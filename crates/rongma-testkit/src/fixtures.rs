//! A small registry with one account per role: enterprises A and B (each with a brand
//! and a product), a lab, users for every role, and API keys for a platform and the lab.

use crate::TestApp;
use rongma_app::accounts::{ApiKeyInput, UserInput};
use rongma_app::Actor;
use rongma_domain::ids::Uscc;
use rongma_domain::registry::*;

pub const PASSWORD: &str = "test-password-1";

/// Who is calling, in the role matrices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    Regulator,
    Reviewer,
    Inspector,
    /// An enterprise user of enterprise A.
    EnterpriseA,
    /// An enterprise user of enterprise B.
    EnterpriseB,
    LabUser,
    LabKey,
    PlatformKey,
}

impl Who {
    pub const ALL: [Who; 9] = [
        Who::Anonymous,
        Who::Regulator,
        Who::Reviewer,
        Who::Inspector,
        Who::EnterpriseA,
        Who::EnterpriseB,
        Who::LabUser,
        Who::LabKey,
        Who::PlatformKey,
    ];
}

pub struct Fixtures {
    pub enterprise_a: Enterprise,
    pub enterprise_b: Enterprise,
    pub brand_a: Brand,
    pub brand_b: Brand,
    pub product_a: Product,
    pub product_b: Product,
    pub lab: Lab,
    tokens: Vec<(Who, String)>,
}

impl Fixtures {
    /// The bearer token of `who` (`None` for anonymous).
    pub fn token(&self, who: Who) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, t)| t.as_str())
    }

    pub async fn create(t: &TestApp) -> Fixtures {
        let app = &t.app;
        let sys = Actor::system("fixtures");
        let enterprise_a = app
            .create_enterprise(&sys, enterprise_draft("9133048200000A01", "甲企业"))
            .await
            .expect("enterprise A");
        let enterprise_b = app
            .create_enterprise(&sys, enterprise_draft("9133048200000B02", "乙企业"))
            .await
            .expect("enterprise B");
        let brand_a = app
            .create_brand(&sys, brand_draft(enterprise_a.id, "甲牌"))
            .await
            .expect("brand A");
        let brand_b = app
            .create_brand(&sys, brand_draft(enterprise_b.id, "乙牌"))
            .await
            .expect("brand B");
        let product_a = app
            .create_product(&sys, product(brand_a.id, "A-001"))
            .await
            .expect("product A");
        let product_b = app
            .create_product(&sys, product(brand_b.id, "B-001"))
            .await
            .expect("product B");
        let lab = app
            .create_lab(&sys, lab_draft("测试检测中心", "201900000001"))
            .await
            .expect("lab");
        let users = [
            (Who::Regulator, "t-regulator", "regulator", None, None),
            (Who::Reviewer, "t-reviewer", "reviewer", None, None),
            (Who::Inspector, "t-inspector", "inspector", None, None),
            (
                Who::EnterpriseA,
                "t-ent-a",
                "enterprise",
                Some(enterprise_a.id),
                None,
            ),
            (
                Who::EnterpriseB,
                "t-ent-b",
                "enterprise",
                Some(enterprise_b.id),
                None,
            ),
            (Who::LabUser, "t-lab", "lab", None, Some(lab.id)),
        ];
        let mut tokens = Vec::new();
        for (who, username, role, enterprise_id, lab_id) in users {
            app.create_user(
                &sys,
                UserInput {
                    username: Some(username.into()),
                    display_name: Some(username.into()),
                    password: Some(PASSWORD.into()),
                    role: Some(role.into()),
                    enterprise_id,
                    lab_id,
                },
            )
            .await
            .expect("user");
            tokens.push((who, t.login(username, PASSWORD).await));
        }
        let key = |name: &str, role: &str, lab_id| ApiKeyInput {
            name: Some(name.into()),
            role: Some(role.into()),
            lab_id,
        };
        let lab_key = app
            .create_api_key(&sys, key("lab LIMS", "lab", Some(lab.id)))
            .await
            .expect("lab key");
        let platform_key = app
            .create_api_key(&sys, key("platform", "platform", None))
            .await
            .expect("platform key");
        tokens.push((Who::LabKey, lab_key.secret));
        tokens.push((Who::PlatformKey, platform_key.secret));
        Fixtures {
            enterprise_a,
            enterprise_b,
            brand_a,
            brand_b,
            product_a,
            product_b,
            lab,
            tokens,
        }
    }
}

/// A pilot member enterprise in Pinghu with the credit code completed from its first 16
/// characters.
pub fn enterprise_draft(code16: &str, name: &str) -> EnterpriseDraft {
    EnterpriseDraft {
        credit_code: Some(Uscc::complete(code16).expect("code").to_string()),
        name: Some(name.into()),
        address: Some("浙江省平湖市".into()),
        legal_representative: Some("法人".into()),
        contact_name: None,
        contact_phone: None,
        pilot_status: Some("member".into()),
    }
}

pub fn brand_draft(enterprise_id: i64, name: &str) -> BrandDraft {
    BrandDraft {
        enterprise_id: Some(enterprise_id),
        name: Some(name.into()),
        trademark_no: None,
    }
}

/// A lab with a CMA accreditation valid 2020–2035 and no CNAS.
pub fn lab_draft(name: &str, cma_no: &str) -> LabDraft {
    LabDraft {
        name: Some(name.into()),
        address: None,
        cma_no: Some(cma_no.into()),
        cma_valid_from: Some("2020-01-01".into()),
        cma_valid_until: Some("2035-12-31".into()),
        cnas_no: None,
        cnas_valid_from: None,
        cnas_valid_until: None,
    }
}

/// A valid product draft under `brand_id` (sizes M and L).
pub fn product(brand_id: i64, style: &str) -> ProductDraft {
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
