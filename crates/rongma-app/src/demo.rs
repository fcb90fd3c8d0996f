//! Demo data for `rongma serve --demo`: a few Pinghu enterprises with valid credit codes,
//! their brands and styles, two labs and one login per role. Seeding is idempotent: what
//! exists (by credit code, brand name, style number, CMA number, username) is left alone.

use crate::accounts::UserInput;
use crate::error::AppResult;
use crate::paging::ListParams;
use crate::App;
use rongma_domain::ids::Uscc;
use rongma_domain::registry::*;
use rongma_domain::roles::Actor;

/// A demo login to print.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: &'static str,
    pub password: &'static str,
    pub role: &'static str,
    pub note: String,
}

struct DemoEnterprise {
    code16: &'static str,
    name: &'static str,
    legal: &'static str,
    brand: &'static str,
    trademark: &'static str,
    products: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
}

const ENTERPRISES: &[DemoEnterprise] = &[
    DemoEnterprise {
        code16: "91330482MA2CW0K7",
        name: "平湖市雪域羽绒服饰有限公司",
        legal: "沈建国",
        brand: "雪域",
        trademark: "30512345",
        // style, name, species, colour, declared %, sizes
        products: &[
            (
                "XY-2025-101",
                "轻暖短款连帽羽绒服",
                "duck",
                "white",
                "90",
                "S:120, M:135, L:150, XL:165",
            ),
            (
                "XY-2025-205",
                "极寒长款鹅绒服",
                "goose",
                "white",
                "95",
                "M:260, L:285, XL:310",
            ),
        ],
    },
    DemoEnterprise {
        code16: "91330482MA2JD3P1",
        name: "浙江绒尚服饰股份有限公司",
        legal: "陆美华",
        brand: "绒尚",
        trademark: "41234567",
        products: &[(
            "RS-W-3302",
            "通勤中长款羽绒服",
            "duck",
            "grey",
            "80",
            "160/84A:180, 165/88A:195, 170/92A:210",
        )],
    },
    DemoEnterprise {
        code16: "9133048270451268",
        name: "平湖市北极光制衣有限公司",
        legal: "顾志明",
        brand: "北极光",
        trademark: "",
        products: &[(
            "BJG-618",
            "儿童轻薄羽绒马甲",
            "duck",
            "white",
            "70",
            "110:60, 120:70, 130:80",
        )],
    },
];

const LABS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "浙江省平湖市纤维检验所（示例）",
        "231100340101",
        "2023-03-01",
        "2029-02-28",
        "L9001",
    ),
    (
        "嘉兴市羽绒制品检测中心（示例）",
        "241100340202",
        "2024-06-01",
        "2030-05-31",
        "",
    ),
];

fn labs_filter(name: &str) -> ListParams {
    ListParams {
        q: Some(name.to_owned()),
        per_page: Some(200),
        include_archived: Some(true),
        ..ListParams::default()
    }
}

/// Seeds the demo data and returns the logins to print.
pub async fn seed(app: &App) -> AppResult<Vec<DemoLogin>> {
    let system = Actor::system("demo");
    let mut enterprise_ids = Vec::new();
    for d in ENTERPRISES {
        let code = Uscc::complete(d.code16).map_err(|e| crate::AppError::Validation(e.into()))?;
        let existing = app
            .store()
            .read()
            .await?
            .find_enterprise_by_credit_code(code.as_str())
            .await?;
        let e = match existing {
            Some(e) => e,
            None => {
                app.create_enterprise(
                    &system,
                    EnterpriseDraft {
                        credit_code: Some(code.to_string()),
                        name: Some(d.name.into()),
                        address: Some("浙江省嘉兴市平湖市当湖街道".into()),
                        legal_representative: Some(d.legal.into()),
                        contact_name: Some(d.legal.into()),
                        contact_phone: Some("0573-8500 0000".into()),
                        pilot_status: Some("member".into()),
                    },
                )
                .await?
            }
        };
        enterprise_ids.push(e.id);
        let brands = app
            .list_brands(
                &system,
                &ListParams {
                    enterprise_id: Some(e.id),
                    per_page: Some(200),
                    ..Default::default()
                },
            )
            .await?;
        let brand = match brands.items.into_iter().find(|b| b.name == d.brand) {
            Some(b) => b,
            None => {
                app.create_brand(
                    &system,
                    BrandDraft {
                        enterprise_id: Some(e.id),
                        name: Some(d.brand.into()),
                        trademark_no: Some(d.trademark.into()),
                    },
                )
                .await?
            }
        };
        let products = app
            .list_products(
                &system,
                &ListParams {
                    enterprise_id: Some(e.id),
                    per_page: Some(200),
                    ..Default::default()
                },
            )
            .await?;
        for (style, name, species, colour, pct, sizes) in d.products {
            if products.items.iter().any(|p| p.style_no == *style) {
                continue;
            }
            app.create_product(
                &system,
                ProductDraft {
                    brand_id: Some(brand.id),
                    style_no: Some((*style).into()),
                    name: Some((*name).into()),
                    species: Some((*species).into()),
                    colour: Some((*colour).into()),
                    declared_down_cluster_pct: Some((*pct).into()),
                    sizes: Some(sizes_from_text(sizes)),
                    shell_fabric: Some("100% 锦纶（防钻绒面料）".into()),
                    standard: Some("GB/T 14272-2021".into()),
                    gtin: None,
                },
            )
            .await?;
        }
    }

    let mut lab_ids = Vec::new();
    for (name, cma, from, until, cnas) in LABS {
        let found = app
            .list_labs(&system, &labs_filter(name))
            .await?
            .items
            .into_iter()
            .find(|l| l.cma.number == *cma);
        let lab = match found {
            Some(l) => l,
            None => {
                app.create_lab(
                    &system,
                    LabDraft {
                        name: Some((*name).into()),
                        address: Some("浙江省嘉兴市".into()),
                        cma_no: Some((*cma).into()),
                        cma_valid_from: Some((*from).into()),
                        cma_valid_until: Some((*until).into()),
                        cnas_no: Some((*cnas).into()),
                        cnas_valid_from: Some(if cnas.is_empty() { "" } else { *from }.into()),
                        cnas_valid_until: Some(if cnas.is_empty() { "" } else { *until }.into()),
                    },
                )
                .await?
            }
        };
        lab_ids.push(lab.id);
    }

    let logins = [
        (
            "regulator",
            "regulator-demo",
            "regulator",
            None,
            None,
            "平湖市市场监督管理局",
        ),
        (
            "reviewer",
            "reviewer-demo1",
            "reviewer",
            None,
            None,
            "质量促进中心",
        ),
        (
            "inspector",
            "inspector-demo",
            "inspector",
            None,
            None,
            "执法检查员",
        ),
        (
            "xueyu",
            "enterprise-demo",
            "enterprise",
            Some(enterprise_ids[0]),
            None,
            "平湖市雪域羽绒服饰有限公司",
        ),
        (
            "rongshang",
            "enterprise-demo",
            "enterprise",
            Some(enterprise_ids[1]),
            None,
            "浙江绒尚服饰股份有限公司",
        ),
        (
            "lab-pinghu",
            "lab-demo-2025",
            "lab",
            None,
            Some(lab_ids[0]),
            "浙江省平湖市纤维检验所（示例）",
        ),
    ];
    let mut out = Vec::new();
    for (username, password, role, enterprise_id, lab_id, note) in logins {
        if app
            .store()
            .read()
            .await?
            .get_user_by_username(username)
            .await?
            .is_none()
        {
            app.create_user(
                &system,
                UserInput {
                    username: Some(username.into()),
                    display_name: Some(note.into()),
                    password: Some(password.into()),
                    role: Some(role.into()),
                    enterprise_id,
                    lab_id,
                },
            )
            .await?;
        }
        out.push(DemoLogin {
            username,
            password,
            role,
            note: note.into(),
        });
    }
    Ok(out)
}
