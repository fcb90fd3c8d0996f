//! The storage suite: every test runs on SQLite and, when `RONGMA_TEST_POSTGRES_URL` is
//! set (always under CI), on PostgreSQL in a schema of its own.

use rongma_domain::registry::*;
use rongma_domain::roles::{ActorKind, Role};
use rongma_store::testing::TestDb;
use rongma_store::*;

fn enterprise(code16: &str, name: &str) -> EnterpriseFields {
    EnterpriseDraft {
        credit_code: Some(
            rongma_domain::ids::Uscc::complete(code16)
                .unwrap()
                .to_string(),
        ),
        name: Some(name.into()),
        address: Some("浙江省嘉兴市平湖市".into()),
        legal_representative: Some("王五".into()),
        contact_name: None,
        contact_phone: Some("0573-85123456".into()),
        pilot_status: Some("member".into()),
    }
    .validate()
    .unwrap()
}

fn product(brand_id: i64, style: &str) -> ProductFields {
    ProductDraft {
        brand_id: Some(brand_id),
        style_no: Some(style.into()),
        name: Some("连帽长款羽绒服".into()),
        species: Some("duck".into()),
        colour: Some("white".into()),
        declared_down_cluster_pct: Some("90.5".into()),
        sizes: Some(sizes_from_text("M:180.5, L:200")),
        shell_fabric: Some("锦纶".into()),
        standard: Some("GB/T 14272-2021".into()),
        gtin: None,
    }
    .validate()
    .unwrap()
}

fn lab() -> LabFields {
    LabDraft {
        name: Some("平湖纤维检验所".into()),
        address: None,
        cma_no: Some("241100340099".into()),
        cma_valid_from: Some("2024-01-01".into()),
        cma_valid_until: Some("2029-12-31".into()),
        cnas_no: Some("CNAS L5678".into()),
        cnas_valid_from: Some("2024-02-01".into()),
        cnas_valid_until: Some("2027-01-31".into()),
    }
    .validate()
    .unwrap()
}

fn q(search: Option<&str>) -> ListQuery {
    ListQuery {
        search: search.map(str::to_owned),
        limit: 50,
        ..ListQuery::default()
    }
}

rongma_store::backend_test!(migrations_are_idempotent, |db: TestDb| async move {
    db.store.migrate().await.unwrap();
    db.store.migrate().await.unwrap();
    db.store.ping().await.unwrap();
});

rongma_store::backend_test!(
    enterprise_round_trip_search_paging_archive,
    |db: TestDb| async move {
        let at = now();
        let mut tx = db.store.begin().await.unwrap();
        let a = tx
            .insert_enterprise(&enterprise("9133048200000001", "平湖甲服饰有限公司"), at)
            .await
            .unwrap();
        let b = tx
            .insert_enterprise(&enterprise("9133048200000002", "平湖乙羽绒制品厂"), at)
            .await
            .unwrap();
        tx.insert_enterprise(&enterprise("9133048200000003", "嘉兴丙服装公司"), at)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let mut r = db.store.read().await.unwrap();
        let got = r.get_enterprise(a).await.unwrap().unwrap();
        assert_eq!(got.name, "平湖甲服饰有限公司");
        assert_eq!(got.pilot_status, PilotStatus::Member);
        assert_eq!(got.created_at, at);
        let by_code = r
            .find_enterprise_by_credit_code(got.credit_code.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(by_code.id, a);

        let found = r.list_enterprises(&q(Some("平湖"))).await.unwrap();
        assert_eq!(found.total, 2);
        assert_eq!(found.items.len(), 2);
        // Search by part of the credit code, case-insensitively.
        let code_tail = got.credit_code.as_str()[10..].to_lowercase();
        assert_eq!(
            r.list_enterprises(&q(Some(&code_tail)))
                .await
                .unwrap()
                .items[0]
                .id,
            a
        );
        // LIKE wildcards in the search text are literal.
        assert_eq!(r.list_enterprises(&q(Some("%"))).await.unwrap().total, 0);
        let page = r
            .list_enterprises(&ListQuery {
                limit: 2,
                offset: 2,
                ..q(None)
            })
            .await
            .unwrap();
        assert_eq!((page.total, page.items.len()), (3, 1));
        let own = r
            .list_enterprises(&ListQuery {
                enterprise_id: Some(b),
                ..q(None)
            })
            .await
            .unwrap();
        assert_eq!(own.items.iter().map(|e| e.id).collect::<Vec<_>>(), vec![b]);
        drop(r);

        let mut tx = db.store.begin().await.unwrap();
        let mut f = enterprise("9133048200000001", "平湖甲服饰股份有限公司");
        f.pilot_status = PilotStatus::Suspended;
        assert!(tx.update_enterprise(a, &f, now()).await.unwrap());
        assert!(!tx.update_enterprise(9999, &f, now()).await.unwrap());
        assert!(tx
            .set_enterprise_archived(b, Some(now()), now())
            .await
            .unwrap());
        tx.commit().await.unwrap();

        let mut r = db.store.read().await.unwrap();
        let got = r.get_enterprise(a).await.unwrap().unwrap();
        assert_eq!(got.name, "平湖甲服饰股份有限公司");
        assert_eq!(got.pilot_status, PilotStatus::Suspended);
        assert_eq!(r.list_enterprises(&q(None)).await.unwrap().total, 2);
        assert_eq!(
            r.list_enterprises(&ListQuery {
                include_archived: true,
                ..q(None)
            })
            .await
            .unwrap()
            .total,
            3
        );
        let suspended = r
            .list_enterprises(&ListQuery {
                status: Some("suspended".into()),
                ..q(None)
            })
            .await
            .unwrap();
        assert_eq!(suspended.items.len(), 1);
    }
);

rongma_store::backend_test!(duplicates_are_conflicts_by_key, |db: TestDb| async move {
    // A failed statement ends the transaction's usefulness (PostgreSQL refuses anything
    // after it), so each expected failure gets its own transaction, dropped = rolled back.
    let mut tx = db.store.begin().await.unwrap();
    let e = tx
        .insert_enterprise(&enterprise("9133048200000011", "甲"), now())
        .await
        .unwrap();
    let brand = BrandFields {
        enterprise_id: e,
        name: "雪域".into(),
        trademark_no: None,
    };
    let b = tx.insert_brand(&brand, now()).await.unwrap();
    tx.insert_product(e, &product(b, "X-1"), now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.begin().await.unwrap();
    let err = tx
        .insert_enterprise(&enterprise("9133048200000011", "乙"), now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict("enterprises.credit_code")),
        "{err:?}"
    );
    drop(tx);
    let mut tx = db.store.begin().await.unwrap();
    let err = tx.insert_brand(&brand, now()).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict("brands.name")),
        "{err:?}"
    );
    drop(tx);
    let mut tx = db.store.begin().await.unwrap();
    let err = tx
        .insert_product(e, &product(b, "X-1"), now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict("products.style_no")),
        "{err:?}"
    );
    drop(tx);

    // A transaction dropped without commit leaves nothing behind.
    let mut tx = db.store.begin().await.unwrap();
    let ghost = tx
        .insert_enterprise(&enterprise("9133048200000012", "丙"), now())
        .await
        .unwrap();
    drop(tx);
    let mut r = db.store.read().await.unwrap();
    assert!(r.get_enterprise(ghost).await.unwrap().is_none());
    assert_eq!(r.list_enterprises(&q(None)).await.unwrap().total, 1);
});

rongma_store::backend_test!(
    product_keeps_exact_decimals_and_sizes,
    |db: TestDb| async move {
        let mut tx = db.store.begin().await.unwrap();
        let e = tx
            .insert_enterprise(&enterprise("9133048200000021", "甲"), now())
            .await
            .unwrap();
        let b = tx
            .insert_brand(
                &BrandFields {
                    enterprise_id: e,
                    name: "北极".into(),
                    trademark_no: Some("30123456".into()),
                },
                now(),
            )
            .await
            .unwrap();
        let mut f = product(b, "PH-100");
        f.gtin = Some(rongma_domain::ids::Gtin::parse("6901234567892").unwrap());
        let p = tx.insert_product(e, &f, now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut r = db.store.read().await.unwrap();
        let got = r.get_product(p).await.unwrap().unwrap();
        assert_eq!(got.enterprise_id, e);
        assert_eq!(got.declared_down_cluster_pct.to_string(), "90.5");
        assert_eq!(got.sizes.len(), 2);
        assert_eq!(got.fill_weight("M").unwrap().to_string(), "180.5");
        assert_eq!(got.gtin.as_ref().unwrap().as_str(), "06901234567892");
        let by_brand = r
            .list_products(&ListQuery {
                brand_id: Some(b),
                ..q(None)
            })
            .await
            .unwrap();
        assert_eq!(by_brand.total, 1);
        let by_species = r
            .list_products(&ListQuery {
                status: Some("goose".into()),
                ..q(None)
            })
            .await
            .unwrap();
        assert_eq!(by_species.total, 0);
        drop(r);

        let mut tx = db.store.begin().await.unwrap();
        let mut f2 = product(b, "PH-100");
        f2.sizes.truncate(1);
        assert!(tx.update_product(p, e, &f2, now()).await.unwrap());
        tx.commit().await.unwrap();
        let got = db
            .store
            .read()
            .await
            .unwrap()
            .get_product(p)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.sizes.len(), 1);
        assert_eq!(got.gtin, None);
    }
);

rongma_store::backend_test!(lab_accreditations_round_trip, |db: TestDb| async move {
    let mut tx = db.store.begin().await.unwrap();
    let id = tx.insert_lab(&lab(), now()).await.unwrap();
    tx.commit().await.unwrap();
    let got = db
        .store
        .read()
        .await
        .unwrap()
        .get_lab(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.cma.number, "241100340099");
    assert_eq!(got.cnas.as_ref().unwrap().number, "CNAS L5678");
    assert!(got.accredited_on("2025-06-01".parse().unwrap()));
    assert!(
        !got.accredited_on("2027-06-01".parse().unwrap()),
        "CNAS expired by then"
    );
});

rongma_store::backend_test!(accounts_sessions_and_keys, |db: TestDb| async move {
    let mut tx = db.store.begin().await.unwrap();
    let e = tx
        .insert_enterprise(&enterprise("9133048200000031", "甲"), now())
        .await
        .unwrap();
    let uid = tx
        .insert_user(
            &NewUser {
                username: "ent1".into(),
                display_name: "企业用户".into(),
                password_hash: "$argon2id$fake".into(),
                role: Role::Enterprise,
                enterprise_id: Some(e),
                lab_id: None,
            },
            now(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // An enterprise user without an enterprise is refused by the database itself.
    let bad = NewUser {
        username: "lost".into(),
        display_name: "x".into(),
        password_hash: "h".into(),
        role: Role::Enterprise,
        enterprise_id: None,
        lab_id: None,
    };
    let mut tx = db.store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_user(&bad, now()).await.unwrap_err(),
        StoreError::Constraint(_)
    ));
    drop(tx);

    let at = now();
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_session(&Session {
        token_hash: "h1".into(),
        user_id: uid,
        created_at: at,
        expires_at: at + chrono::Duration::hours(1),
        last_seen_at: at,
    })
    .await
    .unwrap();
    tx.insert_session(&Session {
        token_hash: "h2".into(),
        user_id: uid,
        created_at: at,
        expires_at: at - chrono::Duration::hours(1),
        last_seen_at: at,
    })
    .await
    .unwrap();
    let (s, u) = tx.get_session("h1").await.unwrap().unwrap();
    assert_eq!(
        (s.user_id, u.username.as_str(), u.role, u.enterprise_id),
        (uid, "ent1", Role::Enterprise, Some(e))
    );
    assert_eq!(tx.delete_expired_sessions(at).await.unwrap(), 1);
    assert!(tx.get_session("h2").await.unwrap().is_none());
    let lab_id = tx.insert_lab(&lab(), now()).await.unwrap();
    let kid = tx
        .insert_api_key(
            &NewApiKey {
                prefix: "abcd1234".into(),
                secret_hash: "sh".into(),
                name: "lab LIMS".into(),
                role: Role::Lab,
                lab_id: Some(lab_id),
                created_by: "admin".into(),
            },
            now(),
        )
        .await
        .unwrap();
    let k = tx.get_api_key_by_prefix("abcd1234").await.unwrap().unwrap();
    assert_eq!((k.id, k.role, k.lab_id), (kid, Role::Lab, Some(lab_id)));
    assert!(tx.revoke_api_key(kid, now()).await.unwrap());
    assert!(
        !tx.revoke_api_key(kid, now()).await.unwrap(),
        "revoking twice changes nothing"
    );
    tx.commit().await.unwrap();
});

rongma_store::backend_test!(events_are_append_only, |db: TestDb| async move {
    let mut tx = db.store.begin().await.unwrap();
    for action in ["created", "updated"] {
        tx.append_event(&NewEvent {
            entity_type: "enterprise",
            entity_id: 7,
            enterprise_id: Some(7),
            action,
            actor_kind: ActorKind::User,
            actor_id: 1,
            actor_name: "reg".into(),
            reason: Some("年度复核".into()),
            data: serde_json::json!({"name": "甲"}),
            at: now(),
        })
        .await
        .unwrap();
    }
    let events = tx.list_events("enterprise", 7).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["created", "updated"]
    );
    assert_eq!(events[0].data["name"], "甲");
    tx.commit().await.unwrap();

    // The database refuses to rewrite history, whoever asks.
    let rewrite = match db.store.backend() {
        Backend::Sqlite => {
            let s = rongma_store::sqlite::open(&db.url, &db.options)
                .await
                .unwrap();
            sqlx::query("UPDATE events SET action = 'forged'")
                .execute(s.write_pool())
                .await
                .map(|_| ())
        }
        Backend::Postgres => {
            let s = rongma_store::postgres::open(&db.url, &db.options)
                .await
                .unwrap();
            sqlx::query("DELETE FROM events")
                .execute(s.write_pool())
                .await
                .map(|_| ())
        }
    };
    assert!(rewrite.unwrap_err().to_string().contains("append-only"));
});

/// A new SQLite database is made with the larger page size the scan writer is tuned for,
/// and a database made earlier with SQLite's default opens and works with the size it has.
#[tokio::test]
async fn a_new_sqlite_database_gets_large_pages_and_an_old_one_keeps_its_own() {
    let page_size = |path: &std::path::Path| -> u32 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    };
    let db = TestDb::sqlite().await;
    let path = db.url.trim_start_matches("sqlite://").to_owned();
    assert_eq!(
        page_size(path.as_ref()),
        rongma_store::sqlite::SQLITE_PAGE_SIZE
    );
    assert_ne!(rongma_store::sqlite::SQLITE_PAGE_SIZE, 4096);

    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
        .unwrap();
    let options = ConnectOptions {
        max_connections: 2,
        ..ConnectOptions::default()
    };
    let store = connect(&format!("sqlite://{}", old.display()), &options)
        .await
        .unwrap();
    assert_eq!(page_size(&old), 4096);
    let mut tx = store.read().await.unwrap();
    let users = tx.list_users(&ListQuery::default()).await.unwrap();
    assert_eq!(users.total, 0);
}
