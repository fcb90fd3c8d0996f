//! Demo data for `rongma serve --demo`: a few Pinghu enterprises with valid credit codes,
//! their brands and styles, two labs and one login per role. Seeding is idempotent, also
//! after ordinary edits of the demo records: each is found again by an identity people do
//! not edit in passing — enterprises by credit code, brands by name or trademark number,
//! products by GTIN or style number, labs by CMA number, logins by username — and what is
//! found is left alone, so renaming a lab or changing a style number leaves no duplicate.

use crate::accounts::UserInput;
use crate::error::AppResult;
use crate::paging::ListParams;
use crate::App;
use rongma_domain::ids::Uscc;
use rongma_domain::registry::*;
use rongma_domain::roles::Actor;

/// A demo tag to scan: its serial and the PIN under its scratch-off.
#[derive(Debug, Clone)]
pub struct DemoTag {
    pub serial: String,
    pub pin: String,
    pub certificate: String,
}

/// What seeding made: logins and, once the grading chain ran, a tag to scan.
#[derive(Debug, Clone)]
pub struct DemoData {
    pub logins: Vec<DemoLogin>,
    pub tag: Option<DemoTag>,
}

/// A demo login to print.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: &'static str,
    pub password: &'static str,
    pub role: &'static str,
    pub note: String,
}

/// style, name, species, colour, declared %, sizes, GTIN (the product's stable identity).
type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The demo product the grading chain runs for (found by GTIN, then by style number).
const GRADED_GTIN: &str = "6901234001013";
const GRADED_STYLE: &str = "XY-2025-101";

struct DemoEnterprise {
    code16: &'static str,
    name: &'static str,
    legal: &'static str,
    brand: &'static str,
    trademark: &'static str,
    products: &'static [DemoProduct],
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
                "80",
                "S:120, M:135, L:150, XL:165",
                GRADED_GTIN,
            ),
            (
                "XY-2025-205",
                "极寒长款鹅绒服",
                "goose",
                "white",
                "80",
                "M:260, L:285, XL:310",
                "6901234001020",
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
            "6901234002010",
        )],
    },
    DemoEnterprise {
        code16: "9133048270451268",
        name: "平湖市北极光制衣有限公司",
        legal: "顾志明",
        brand: "北极光",
        trademark: "52345678",
        products: &[(
            "BJG-618",
            "儿童轻薄羽绒马甲",
            "duck",
            "white",
            "70",
            "110:60, 120:70, 130:80",
            "6901234003017",
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

/// Whether `p` carries the GTIN `gtin` (compared in the 14-digit form it is kept in).
fn same_gtin(p: &Product, gtin: &str) -> bool {
    match (&p.gtin, rongma_domain::ids::Gtin::parse(gtin)) {
        (Some(have), Ok(want)) => *have == want,
        _ => false,
    }
}

/// Labs whose name or CMA number contains `cma` (the match is then exact on the CMA number).
fn labs_filter(cma: &str) -> ListParams {
    ListParams {
        q: Some(cma.to_owned()),
        per_page: Some(200),
        include_archived: Some(true),
        ..ListParams::default()
    }
}

/// Seeds the demo data and returns the logins (and a tag) to print.
pub async fn seed(app: &App) -> AppResult<DemoData> {
    let logins = seed_registry(app).await?;
    let tag = seed_graded_product(app).await?;
    Ok(DemoData { logins, tag })
}

async fn actor(app: &App, username: &str) -> AppResult<Actor> {
    let u = app
        .store()
        .read()
        .await?
        .get_user_by_username(username)
        .await?
        .ok_or(crate::AppError::NotFound("demo user"))?;
    Ok(crate::auth::actor_of_user(&u))
}

/// Runs the whole chain once for the first demo product: the lab submits a report, the
/// enterprise applies, the reviewer approves, the enterprise issues 100 codes.
async fn seed_graded_product(app: &App) -> AppResult<Option<DemoTag>> {
    use crate::applications::{ApplicationInput, DecisionInput};
    use rongma_domain::workflow::{Decision, ReportDraft};
    let enterprise = actor(app, "xueyu").await?;
    let products = app
        .list_products(
            &enterprise,
            &ListParams {
                per_page: Some(200),
                include_archived: Some(true),
                ..Default::default()
            },
        )
        .await?;
    let Some(product) = products
        .items
        .iter()
        .find(|p| same_gtin(p, GRADED_GTIN))
        .or_else(|| products.items.iter().find(|p| p.style_no == GRADED_STYLE))
        .cloned()
    else {
        return Ok(None);
    };
    let mut read = app.store().read().await?;
    let existing = read.latest_certificate(product.id).await?;
    drop(read);
    let certificate = match existing {
        Some(c) => c,
        None => {
            let lab = actor(app, "lab-pinghu").await?;
            let reviewer = actor(app, "reviewer").await?;
            let today = app.now().date_naive();
            let report = app
                .submit_report(
                    &lab,
                    ReportDraft {
                        report_no: Some(format!("PH-DEMO-{}", today.format("%Y%m%d"))),
                        product_id: Some(product.id),
                        size: Some("M".into()),
                        sample_description: Some("成衣 3 件（M 码）".into()),
                        sampling_date: Some((today - chrono::Duration::days(9)).to_string()),
                        batch_no: Some("XY-2511".into()),
                        sampled_by: Some("inspector".into()),
                        sampler: Some("示例检查员".into()),
                        test_date: Some((today - chrono::Duration::days(3)).to_string()),
                        values: Some(demo_values()),
                        supersedes: None,
                    },
                    None,
                )
                .await?;
            let application = app
                .apply_for_grade(
                    &enterprise,
                    ApplicationInput {
                        product_id: Some(product.id),
                        report_ids: vec![report.id],
                        note: Some("示例申请".into()),
                    },
                )
                .await?;
            let decided = app
                .decide_application(
                    &reviewer,
                    application.id,
                    DecisionInput {
                        decision: Decision::Approve,
                        grade: None,
                        lowering_reason: None,
                        comment: Some("示例：资料齐全".into()),
                    },
                )
                .await?;
            let id = decided
                .certificate_id
                .ok_or(crate::AppError::NotFound("certificate"))?;
            app.get_certificate(&enterprise, id).await?
        }
    };
    let batches = app
        .list_batches(
            &enterprise,
            &crate::codes::BatchListParams {
                certificate_id: Some(certificate.id),
                ..Default::default()
            },
        )
        .await?;
    let batch = match batches.items.into_iter().next() {
        Some(b) => b,
        None if certificate.state_on(app.now().date_naive())
            == rongma_domain::workflow::CertificateState::Active =>
        {
            let draft = rongma_domain::codes::BatchDraft {
                certificate_id: Some(certificate.id),
                quantity: Some(100),
                lot_no: Some("XY-2511".into()),
                production_date: Some(app.now().date_naive().to_string()),
                sizes: Some(vec![rongma_domain::codes::BatchSizeDraft {
                    size: Some("M".into()),
                    quantity: Some(100),
                }]),
                digital_link: None,
            };
            app.issue_batch(&enterprise, draft).await?.batch
        }
        None => return Ok(None),
    };
    let v = app
        .verify_serial(&batch.first_serial)
        .map_err(|e| crate::AppError::field(e.to_field_error("serial")))?;
    let pin = app
        .code_keys()
        .pin_keys()
        .pin_of(&v)
        .map_err(crate::AppError::internal)?;
    Ok(Some(DemoTag {
        serial: batch.first_serial,
        pin: pin.to_string(),
        certificate: certificate.number,
    }))
}

/// Values of a report that grades 3A (fill power limits it).
fn demo_values() -> serde_json::Value {
    serde_json::json!({
        "declared": {"species": "duck", "down_cluster_pct": "80", "fill_weight_g": "135"},
        "measured": {
            "down_cluster_pct": "81.6", "fill_power_cm": "16.4", "fill_power_method": "garment",
            "turbidity_mm": 820, "oxygen_mg_per_100g": "4.0", "fat_pct": "0.9", "odour": "pass",
            "down_leakage_fibres": 9, "fill_weight_g": "137.2",
            "colour_fastness": {
                "wash_change": "4-5", "wash_stain": "4", "water_change": "4-5", "water_stain": "4",
                "perspiration_acid_change": "4", "perspiration_acid_stain": "4",
                "perspiration_alkaline_change": "4", "perspiration_alkaline_stain": "4",
                "rubbing_dry": "4-5", "rubbing_wet": "3-4", "light": "4"
            }
        }
    })
}

async fn seed_registry(app: &App) -> AppResult<Vec<DemoLogin>> {
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
                    include_archived: Some(true),
                    ..Default::default()
                },
            )
            .await?;
        let brand = match brands.items.into_iter().find(|b| {
            b.name == d.brand
                || (!d.trademark.is_empty() && b.trademark_no.as_deref() == Some(d.trademark))
        }) {
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
                    include_archived: Some(true),
                    ..Default::default()
                },
            )
            .await?;
        for (style, name, species, colour, pct, sizes, gtin) in d.products {
            if products
                .items
                .iter()
                .any(|p| p.style_no == *style || same_gtin(p, gtin))
            {
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
                    gtin: Some((*gtin).into()),
                },
            )
            .await?;
        }
    }

    let mut lab_ids = Vec::new();
    for (name, cma, from, until, cnas) in LABS {
        let found = app
            .list_labs(&system, &labs_filter(cma))
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
