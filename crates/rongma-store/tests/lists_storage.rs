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

/// `base` with the change `f` makes.
fn with<Q: Clone>(base: &Q, f: impl FnOnce(&mut Q)) -> Q {
    let mut q = base.clone();
    f(&mut q);
    q
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

        let jan = public("2026-01-01");
        let listed = r.list_public(&jan).await.unwrap();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].certificate_id, cert);
        assert_eq!(listed.items[0].brand_name, "丙牌");
        let grade = Grade::G4A.to_string();
        for (what, q, hits) in [
            (
                "its grade",
                with(&jan, |q| q.grade = Some(grade.clone())),
                1,
            ),
            (
                "another grade",
                with(&jan, |q| q.grade = Some("1A".into())),
                0,
            ),
            (
                "its species",
                with(&jan, |q| q.species = Some("goose".into())),
                1,
            ),
            (
                "another species",
                with(&jan, |q| q.species = Some("duck".into())),
                0,
            ),
            (
                "its enterprise",
                with(&jan, |q| q.enterprise_id = Some(e)),
                1,
            ),
            (
                "another enterprise",
                with(&jan, |q| q.enterprise_id = Some(e + 1)),
                0,
            ),
            (
                "its brand's name",
                with(&jan, |q| q.search = Some("丙牌".into())),
                1,
            ),
            (
                "its style, any case",
                with(&jan, |q| q.search = Some("c-1".into())),
                1,
            ),
            (
                "a name nobody has",
                with(&jan, |q| q.search = Some("乙".into())),
                0,
            ),
            ("its last day", public("2026-10-09"), 1),
            ("the day after it ends", public("2026-10-10"), 0),
        ] {
            assert_eq!(r.list_public(&q).await.unwrap().total, hits, "{what}");
        }
        let brands = r.public_brands(day("2026-01-01")).await.unwrap();
        let brands: Vec<_> = brands.iter().map(|b| (b.enterprise_id, b.listed)).collect();
        assert_eq!(brands, [(e, 1)]);
        assert!(r.public_brands(day("2026-10-10")).await.unwrap().is_empty());

        let all = WorkflowQuery {
            limit: 10,
            ..WorkflowQuery::default()
        };
        let end = |d: &str| Some(day(d));
        for (what, q, hits) in [
            ("every certificate", all.clone(), 1),
            ("its product", with(&all, |q| q.product_id = Some(p)), 1),
            (
                "another product",
                with(&all, |q| q.product_id = Some(p + 1)),
                0,
            ),
            (
                "its state",
                with(&all, |q| q.status = Some("active".into())),
                1,
            ),
            (
                "another state",
                with(&all, |q| q.status = Some("revoked".into())),
                0,
            ),
            (
                "ending by its end",
                with(&all, |q| q.valid_until_before = end("2026-10-09")),
                1,
            ),
            (
                "ending before its end",
                with(&all, |q| q.valid_until_before = end("2026-10-08")),
                0,
            ),
        ] {
            assert_eq!(r.list_certificates(&q).await.unwrap().total, hits, "{what}");
        }
        let of_e = with(&all, |q| q.enterprise_id = Some(e));
        assert_eq!(r.list_reports(&of_e).await.unwrap().total, 1);
        let other_lab = with(&all, |q| q.lab_id = Some(-1));
        assert_eq!(r.list_reports(&other_lab).await.unwrap().total, 0);
        let pending = with(&all, |q| q.status = Some("pending".into()));
        assert_eq!(r.list_applications(&pending).await.unwrap().total, 1);
        let approved = with(&all, |q| q.status = Some("approved".into()));
        assert_eq!(r.list_applications(&approved).await.unwrap().total, 0);
    }
);

rongma_store::backend_test!(
    complaints_list_open_ones_first_and_page_over_the_filtered_total,
    |db: TestDb| async move {
        let mut tx = db.store.begin().await.unwrap();
        let (e, _, _) = certificate(&mut *tx).await;
        let at = now();
        let mut filed = Vec::new();
        for (ticket, accept_due) in [
            ("T1", "2026-01-20"),
            ("T2", "2026-01-10"),
            ("T3", "2026-01-05"),
        ] {
            let c = complaint(ticket, e, accept_due);
            filed.push(tx.insert_complaint(&c, at).await.unwrap());
        }
        let [late, early, closed]: [i64; 3] = filed.try_into().unwrap();
        let close = ComplaintUpdate {
            status: Some(ComplaintStatus::Closed),
            outcome: Some("已处理".into()),
            ..ComplaintUpdate::default()
        };
        let from = ComplaintStatus::Received;
        assert!(tx.update_complaint(closed, from, &close, at).await.unwrap());
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
        let second = with(&all, |q| (q.limit, q.offset) = (1, 1));
        let second = r.list_complaints(&second).await.unwrap();
        assert_eq!((second.total, ids(second)), (3, vec![late]));
        let on = |d: &str| Some(day(d));
        for (what, q, expected) in [
            (
                "received",
                with(&all, |q| q.status = Some("received".into())),
                vec![early, late],
            ),
            (
                "its category",
                with(&all, |q| q.category = Some("fill_weight".into())),
                vec![early, late, closed],
            ),
            (
                "another category",
                with(&all, |q| q.category = Some("other".into())),
                vec![],
            ),
            (
                "another enterprise",
                with(&all, |q| q.enterprise_id = Some(e + 1)),
                vec![],
            ),
            (
                "overdue on 15 Jan",
                with(&all, |q| q.overdue_on = on("2026-01-15")),
                vec![early],
            ),
            (
                "overdue on 2 Mar",
                with(&all, |q| q.overdue_on = on("2026-03-02")),
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
