//! The access matrix of the registry API: every role (and anonymous, and both kinds of API
//! key) against every registry route, including an enterprise user reaching for another
//! enterprise's records by id. A refused write must leave the record as it was.

use rongma_app::Actor;
use rongma_domain::ids::Uscc;
use rongma_domain::registry::*;
use rongma_testkit::{Fixtures, Kind, TestApp, TestDb, Who};
use serde_json::json;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    List,
    Get,
    History,
    Create,
    Update,
    Archive,
}

use Who::*;

fn staff(w: Who) -> bool {
    matches!(w, Regulator | Reviewer | Inspector)
}

/// The expected status, written from the rules in docs/ARCHITECTURE.md (the record is
/// always enterprise A's).
fn expected(kind: Kind, op: Op, who: Who) -> u16 {
    if who == Anonymous {
        return 401;
    }
    if who == PlatformKey {
        return 403;
    }
    let reads = matches!(op, Op::List | Op::Get | Op::History);
    match (kind, op) {
        (Kind::Lab, _) if reads => 200,
        (_, Op::List) => 200,
        (_, Op::Get | Op::History) => {
            if who == EnterpriseB {
                404
            } else {
                200
            }
        }
        (Kind::Lab, _) => match (who, op) {
            (Regulator, Op::Create) => 201,
            (Regulator, _) => 200,
            _ => 403,
        },
        (Kind::Enterprise, Op::Create | Op::Archive) => match (who, op) {
            (Regulator, Op::Create) => 201,
            (Regulator, _) => 200,
            _ => 403,
        },
        (Kind::Enterprise, _) => match who {
            Regulator | EnterpriseA => 200,
            EnterpriseB => 404,
            _ => 403,
        },
        (Kind::Brand | Kind::Product, Op::Create) => match who {
            Regulator | EnterpriseA => 201,
            // B names A's enterprise (brand) in its body: the enterprise is refused
            // outright, the brand is "no such brand" for B.
            EnterpriseB if kind == Kind::Brand => 403,
            EnterpriseB => 422,
            w if staff(w) => 403,
            _ => 403,
        },
        (Kind::Brand | Kind::Product, _) => match who {
            Regulator | EnterpriseA => 200,
            EnterpriseB => 404,
            _ => 403,
        },
    }
}

static SEQ: AtomicU32 = AtomicU32::new(100);

fn next() -> u32 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// A fresh record of `kind` owned by enterprise A (created by the system), so each write
/// case starts from the same state.
async fn fresh(t: &TestApp, f: &Fixtures, kind: Kind) -> i64 {
    let sys = Actor::system("matrix");
    let n = next();
    match kind {
        Kind::Enterprise => {
            let code = Uscc::complete(&format!("91330482{n:08}")).unwrap();
            let d = EnterpriseDraft {
                credit_code: Some(code.to_string()),
                name: Some(format!("企业{n}")),
                address: Some("平湖".into()),
                legal_representative: Some("某".into()),
                ..Default::default()
            };
            t.app.create_enterprise(&sys, d).await.unwrap().id
        }
        Kind::Brand => {
            let d = BrandDraft {
                enterprise_id: Some(f.enterprise_a.id),
                name: Some(format!("品牌{n}")),
                trademark_no: None,
            };
            t.app.create_brand(&sys, d).await.unwrap().id
        }
        Kind::Product => {
            t.app
                .create_product(
                    &sys,
                    rongma_testkit_product(f.brand_a.id, &format!("P-{n}")),
                )
                .await
                .unwrap()
                .id
        }
        Kind::Lab => {
            let d = LabDraft {
                name: Some(format!("实验室{n}")),
                cma_no: Some(format!("2020{n:08}")),
                cma_valid_from: Some("2020-01-01".into()),
                cma_valid_until: Some("2030-01-01".into()),
                ..Default::default()
            };
            t.app.create_lab(&sys, d).await.unwrap().id
        }
    }
}

fn rongma_testkit_product(brand: i64, style: &str) -> ProductDraft {
    ProductDraft {
        brand_id: Some(brand),
        style_no: Some(style.into()),
        name: Some("款".into()),
        species: Some("duck".into()),
        colour: Some("white".into()),
        declared_down_cluster_pct: Some("80".into()),
        sizes: Some(sizes_from_text("M:150")),
        shell_fabric: Some("涤纶".into()),
        standard: Some("GB/T 14272-2021".into()),
        gtin: None,
    }
}

fn create_body(f: &Fixtures, kind: Kind) -> serde_json::Value {
    let n = next();
    match kind {
        Kind::Enterprise => json!({
            "credit_code": Uscc::complete(&format!("91330482{n:08}")).unwrap().to_string(),
            "name": format!("新企业{n}"), "address": "平湖", "legal_representative": "某"
        }),
        Kind::Brand => json!({"enterprise_id": f.enterprise_a.id, "name": format!("新品牌{n}")}),
        Kind::Product => json!({
            "brand_id": f.brand_a.id, "style_no": format!("N-{n}"), "name": "新款", "species": "goose",
            "colour": "grey", "declared_down_cluster_pct": 85, "sizes": [{"size": "L", "fill_weight_g": "210.5"}],
            "shell_fabric": "锦纶", "standard": "GB/T 14272-2021"
        }),
        Kind::Lab => json!({
            "name": format!("新实验室{n}"), "cma_no": format!("2021{n:08}"),
            "cma_valid_from": "2021-01-01", "cma_valid_until": "2031-01-01"
        }),
    }
}

/// The record's name as stored, read by the system.
async fn stored_name(t: &TestApp, kind: Kind, id: i64) -> String {
    let sys = Actor::system("check");
    match kind {
        Kind::Enterprise => t.app.get_enterprise(&sys, id).await.unwrap().name,
        Kind::Brand => t.app.get_brand(&sys, id).await.unwrap().name,
        Kind::Product => t.app.get_product(&sys, id).await.unwrap().name,
        Kind::Lab => t.app.get_lab(&sys, id).await.unwrap().name,
    }
}

async fn archived(t: &TestApp, kind: Kind, id: i64) -> bool {
    let sys = Actor::system("check");
    match kind {
        Kind::Enterprise => t
            .app
            .get_enterprise(&sys, id)
            .await
            .unwrap()
            .archived_at
            .is_some(),
        Kind::Brand => t
            .app
            .get_brand(&sys, id)
            .await
            .unwrap()
            .archived_at
            .is_some(),
        Kind::Product => t
            .app
            .get_product(&sys, id)
            .await
            .unwrap()
            .archived_at
            .is_some(),
        Kind::Lab => t.app.get_lab(&sys, id).await.unwrap().archived_at.is_some(),
    }
}

fn own_id(f: &Fixtures, kind: Kind) -> i64 {
    match kind {
        Kind::Enterprise => f.enterprise_a.id,
        Kind::Brand => f.brand_a.id,
        Kind::Product => f.product_a.id,
        Kind::Lab => f.lab.id,
    }
}

async fn run_matrix(db: TestDb) {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for kind in Kind::ALL {
        for op in [
            Op::List,
            Op::Get,
            Op::History,
            Op::Create,
            Op::Update,
            Op::Archive,
        ] {
            for who in Who::ALL {
                let token = f.token(who);
                let want = expected(kind, op, who);
                let r = match op {
                    Op::List => t.list(kind, token, "").await,
                    Op::Get => t.read(kind, token, own_id(&f, kind)).await,
                    Op::History => t.history(kind, token, own_id(&f, kind)).await,
                    Op::Create => t.create(kind, token, &create_body(&f, kind)).await,
                    Op::Update => {
                        // Enterprise A itself for enterprises (B reaches for it by id),
                        // otherwise a fresh record of A's.
                        let id = if kind == Kind::Enterprise {
                            f.enterprise_a.id
                        } else {
                            fresh(&t, &f, kind).await
                        };
                        let before = stored_name(&t, kind, id).await;
                        let r = t
                            .update(kind, token, id, &json!({"name": format!("改名{}", next())}))
                            .await;
                        let after = stored_name(&t, kind, id).await;
                        if r.status >= 400 && before != after {
                            failures.push(format!("{kind:?} {op:?} {who:?}: refused but changed"));
                        }
                        if r.status == 200 && before == after {
                            failures
                                .push(format!("{kind:?} {op:?} {who:?}: accepted but unchanged"));
                        }
                        r
                    }
                    Op::Archive => {
                        let id = fresh(&t, &f, kind).await;
                        let r = t.archive(kind, token, id, None).await;
                        if archived(&t, kind, id).await != (r.status == 200) {
                            failures.push(format!(
                                "{kind:?} {op:?} {who:?}: archived state disagrees with {}",
                                r.status
                            ));
                        }
                        r
                    }
                };
                let (status, body) = r.parts();
                checked += 1;
                if status != want {
                    failures.push(format!(
                        "{kind:?} {op:?} {who:?}: expected {want}, got {status} {body}"
                    ));
                }
                // Lists never show enterprise B's records to enterprise A and vice versa.
                if op == Op::List
                    && status == 200
                    && matches!(who, EnterpriseA | EnterpriseB)
                    && kind != Kind::Lab
                {
                    let own = if who == EnterpriseA {
                        f.enterprise_a.id
                    } else {
                        f.enterprise_b.id
                    };
                    for item in body["items"].as_array().unwrap() {
                        let owner = if kind == Kind::Enterprise {
                            item["id"].as_i64()
                        } else {
                            item["enterprise_id"].as_i64()
                        };
                        if owner != Some(own) {
                            failures.push(format!(
                                "{kind:?} list for {who:?} shows a record of enterprise {owner:?}"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 4 * 6 * 9);
    assert!(
        failures.is_empty(),
        "{} of {checked} cases wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

rongma_store::backend_test!(registry_access_matrix, |db: TestDb| async move {
    run_matrix(db).await
});

rongma_store::backend_test!(accounts_are_regulator_only, |db: TestDb| async move {
    let t = TestApp::spawn(db).await;
    let f = Fixtures::create(&t).await;
    for who in Who::ALL {
        let want = match who {
            Anonymous => 401,
            Regulator => 200,
            _ => 403,
        };
        let s = t.list_users(f.token(who)).await.status;
        assert_eq!(s, want, "list users as {who:?}");
        let s = t.list_api_keys(f.token(who)).await.status;
        assert_eq!(s, want, "list API keys as {who:?}");
        let body = json!({"username": format!("u{}", next()), "display_name": "x", "password": "long-enough-pw", "role": "inspector"});
        let s = t.create_user(f.token(who), &body).await.status;
        assert_eq!(
            s,
            if want == 200 { 201 } else { want },
            "create user as {who:?}"
        );
    }
});

rongma_store::backend_test!(
    enterprise_user_cannot_move_records_between_enterprises,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let f = Fixtures::create(&t).await;
        let a = f.token(EnterpriseA);
        // Product of A moved under B's brand: refused, naming the field, unchanged.
        let r = t
            .update_product(a, f.product_a.id, &json!({"brand_id": f.brand_b.id}))
            .await;
        assert_eq!(r.status, 422, "{r}");
        assert_eq!(r["error"]["fields"][0]["field"], "brand_id");
        assert_eq!(
            t.app
                .get_product(&Actor::system("c"), f.product_a.id)
                .await
                .unwrap()
                .brand_id,
            f.brand_a.id
        );
        // A cannot change its own credit code or pilot status.
        let pilot = |status: &str| json!({ "pilot_status": status });
        let s = t
            .update(Kind::Enterprise, a, f.enterprise_a.id, &pilot("member"))
            .await
            .status;
        assert_eq!(s, 200, "unchanged pilot status is fine");
        let s = t
            .update(Kind::Enterprise, a, f.enterprise_a.id, &pilot("suspended"))
            .await
            .status;
        assert_eq!(s, 403);
        // Lab API keys and platform keys cannot log in to pages or act as users.
        let (s, body) = t.me(f.token(LabKey)).await.parts();
        assert_eq!(
            (s, body["role"].as_str(), body["lab_id"].as_i64()),
            (200, Some("lab"), Some(f.lab.id))
        );
    }
);
