//! The lists outside the registry on both backends: each filter of the workflow lists, the
//! public list and the complaint list keeps what it names and leaves the rest out, and the
//! total counts the whole filtered list, not the page.

mod common;

use common::{certificate, day};
use rongma_domain::grading::Grade;
use rongma_domain::workflow::{ComplaintCategory, ComplaintStatus};
use rongma_store::testing::TestDb;
use rongma_store::*;

fn public(today: &str) -> PublicQuery {
    PublicQuery {
        search: None,
        today: day(today),
        grade: None,
        species: None,
        brand_id: None,
        enterprise_id: None,
        limit: 10,
        offset: 0,
    }
}

fn complaint(ticket: &str, enterprise_id: i64, accept_due: &str) -> NewComplaint {
    NewComplaint {
        ticket_no: ticket.into(),
        access_hash: format!("hash-{ticket}"),
        serial: "S1".into(),
        genuine: true,
        batch_id: None,
        product_id: None,
        enterprise_id: Some(enterprise_id),
        category: ComplaintCategory::FillWeight,
        description: "充绒量不足".into(),
        photo_key: None,
        photo_type: None,
        phone: None,
        network: "3f2a9c01d4e5".into(),
        accept_due: day(accept_due),
        close_due: day("2026-03-01"),
    }
}

rongma_store::backend_test!(
    workflow_and_public_lists_filter_by_what_they_name,
    |db: TestDb| async move {
        let mut tx = db.store.begin().await.unwrap();
        let (e, p, cert) = certificate(&mut *tx).await;
        tx.commit().await.unwrap();
        let mut r = db.store.read().await.unwrap();

        let ids = |page: Page<PublicListing>| {
            let ids: Vec<i64> = page.items.iter().map(|l| l.certificate_id).collect();
            (page.total, ids)
        };
        let listed = r.list_public(&public("2026-01-01")).await.unwrap();
        assert_eq!(listed.items[0].brand_name, "丙牌");
        assert_eq!(ids(listed), (1, vec![cert]));
        let grade = Grade::G4A.to_string();
        for (what, q, hits) in [
            (
                "its grade",
                PublicQuery {
                    grade: Some(grade.clone()),
                    ..public("2026-01-01")
                },
                1,
            ),
            (
                "another grade",
                PublicQuery {
                    grade: Some("1A".into()),
                    ..public("2026-01-01")
                },
                0,
            ),
            (
                "its species",
                PublicQuery {
                    species: Some("goose".into()),
                    ..public("2026-01-01")
                },
                1,
            ),
            (
                "another species",
                PublicQuery {
                    species: Some("duck".into()),
                    ..public("2026-01-01")
                },
                0,
            ),
            (
                "its enterprise",
                PublicQuery {
                    enterprise_id: Some(e),
                    ..public("2026-01-01")
                },
                1,
            ),
            (
                "another enterprise",
                PublicQuery {
                    enterprise_id: Some(e + 1),
                    ..public("2026-01-01")
                },
                0,
            ),
            (
                "its brand's name",
                PublicQuery {
                    search: Some("丙牌".into()),
                    ..public("2026-01-01")
                },
                1,
            ),
            (
                "its style, any case",
                PublicQuery {
                    search: Some("c-1".into()),
                    ..public("2026-01-01")
                },
                1,
            ),
            (
                "a name nobody has",
                PublicQuery {
                    search: Some("乙".into()),
                    ..public("2026-01-01")
                },
                0,
            ),
            ("its last day", public("2026-10-09"), 1),
            ("the day after it ends", public("2026-10-10"), 0),
        ] {
            assert_eq!(r.list_public(&q).await.unwrap().total, hits, "{what}");
        }
        let brands = r.public_brands(day("2026-01-01")).await.unwrap();
        assert_eq!(
            brands
                .iter()
                .map(|b| (b.enterprise_id, b.listed))
                .collect::<Vec<_>>(),
            [(e, 1)]
        );
        assert!(r.public_brands(day("2026-10-10")).await.unwrap().is_empty());

        let all = WorkflowQuery {
            limit: 10,
            ..WorkflowQuery::default()
        };
        for (what, q, hits) in [
            ("every certificate", all.clone(), 1),
            (
                "its product",
                WorkflowQuery {
                    product_id: Some(p),
                    ..all.clone()
                },
                1,
            ),
            (
                "another product",
                WorkflowQuery {
                    product_id: Some(p + 1),
                    ..all.clone()
                },
                0,
            ),
            (
                "its state",
                WorkflowQuery {
                    status: Some("active".into()),
                    ..all.clone()
                },
                1,
            ),
            (
                "another state",
                WorkflowQuery {
                    status: Some("revoked".into()),
                    ..all.clone()
                },
                0,
            ),
            (
                "ending by its end",
                WorkflowQuery {
                    valid_until_before: Some(day("2026-10-09")),
                    ..all.clone()
                },
                1,
            ),
            (
                "ending before its end",
                WorkflowQuery {
                    valid_until_before: Some(day("2026-10-08")),
                    ..all.clone()
                },
                0,
            ),
        ] {
            assert_eq!(r.list_certificates(&q).await.unwrap().total, hits, "{what}");
        }
        let reports = r
            .list_reports(&WorkflowQuery {
                enterprise_id: Some(e),
                ..all.clone()
            })
            .await
            .unwrap();
        assert_eq!(reports.total, 1);
        let other_lab = WorkflowQuery {
            lab_id: Some(-1),
            ..all.clone()
        };
        assert_eq!(r.list_reports(&other_lab).await.unwrap().total, 0);
        let pending = WorkflowQuery {
            status: Some("pending".into()),
            ..all.clone()
        };
        assert_eq!(r.list_applications(&pending).await.unwrap().total, 1);
        let decided = WorkflowQuery {
            status: Some("approved".into()),
            ..all
        };
        assert_eq!(r.list_applications(&decided).await.unwrap().total, 0);
    }
);

rongma_store::backend_test!(
    complaints_list_open_ones_first_and_page_over_the_filtered_total,
    |db: TestDb| async move {
        let mut tx = db.store.begin().await.unwrap();
        let (e, _, _) = certificate(&mut *tx).await;
        let at = now();
        let late = tx
            .insert_complaint(&complaint("T1", e, "2026-01-20"), at)
            .await
            .unwrap();
        let early = tx
            .insert_complaint(&complaint("T2", e, "2026-01-10"), at)
            .await
            .unwrap();
        let closed = tx
            .insert_complaint(&complaint("T3", e, "2026-01-05"), at)
            .await
            .unwrap();
        let close = ComplaintUpdate {
            status: Some(ComplaintStatus::Closed),
            outcome: Some("已处理".into()),
            ..ComplaintUpdate::default()
        };
        assert!(tx
            .update_complaint(closed, ComplaintStatus::Received, &close, at)
            .await
            .unwrap());
        tx.commit().await.unwrap();
        let mut r = db.store.read().await.unwrap();

        let all = ComplaintQuery {
            limit: 10,
            ..ComplaintQuery::default()
        };
        let ids = |page: Page<Complaint>| page.items.iter().map(|c| c.id).collect::<Vec<_>>();
        // Open ones by acceptance deadline, then the closed one.
        assert_eq!(
            ids(r.list_complaints(&all).await.unwrap()),
            [early, late, closed]
        );
        let second = r
            .list_complaints(&ComplaintQuery {
                limit: 1,
                offset: 1,
                ..all.clone()
            })
            .await
            .unwrap();
        assert_eq!((second.total, ids(second)), (3, vec![late]));
        for (what, q, expected) in [
            (
                "received",
                ComplaintQuery {
                    status: Some("received".into()),
                    ..all.clone()
                },
                vec![early, late],
            ),
            (
                "its category",
                ComplaintQuery {
                    category: Some("fill_weight".into()),
                    ..all.clone()
                },
                vec![early, late, closed],
            ),
            (
                "another category",
                ComplaintQuery {
                    category: Some("other".into()),
                    ..all.clone()
                },
                vec![],
            ),
            (
                "another enterprise",
                ComplaintQuery {
                    enterprise_id: Some(e + 1),
                    ..all.clone()
                },
                vec![],
            ),
            (
                "overdue on 2026-01-15",
                ComplaintQuery {
                    overdue_on: Some(day("2026-01-15")),
                    ..all.clone()
                },
                vec![early],
            ),
            (
                "overdue on 2026-03-02",
                ComplaintQuery {
                    overdue_on: Some(day("2026-03-02")),
                    ..all.clone()
                },
                vec![early, late],
            ),
        ] {
            assert_eq!(
                ids(r.list_complaints(&q).await.unwrap()),
                expected,
                "{what}"
            );
        }
    }
);
