//! The spot-check story on both databases: directories → publish (with refused bad plans)
//! → beacon → draw (re-computed, refused twice) → sample in the market (refused for a
//! forged code and an enterprise not drawn) → lab report → downgrade of the sampled lot →
//! objection → retest of the reserve → final revocation; scan pages checked at each step.

use crate::support::codes::World;
use crate::support::scans::batch_on;
use crate::support::workflow::{certified, gradable_product};
use rongma_app::supervision::{BeaconChoice, BeaconInput, InspectorDraft, SampleDraft, TaskDraft};
use rongma_app::AppError;
use rongma_domain::roles::{Actor, ActorKind, Role};
use rongma_store::{SampleState, TaskState};
use rongma_testkit::reports::report;
use rongma_testkit::{TestDb, Who};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn actor(name: &str, role: Role, enterprise_id: Option<i64>, lab_id: Option<i64>) -> Actor {
    Actor {
        kind: ActorKind::User,
        id: 1,
        name: name.into(),
        role,
        enterprise_id,
        lab_id,
    }
}

fn draft(ratio_a: &str, per: u32, beacon: BeaconChoice) -> TaskDraft {
    TaskDraft {
        title: "2026 年羽绒服装质量双随机抽查".into(),
        strata: vec![("D".into(), ratio_a.into()), ("B".into(), "0".into())],
        items: vec!["GRADE".into()],
        inspectors_per_enterprise: per,
        beacon,
        enterprise_ids: vec![],
        exclude_last_round: false,
    }
}

fn numbers() -> BeaconChoice {
    BeaconChoice::Numbers(vec!["双色球 2026140".into()])
}

/// A lab report on product A with `measured` fields replaced.
fn report_with(product_id: i64, no: &str, changes: Value) -> Value {
    let mut r = report(product_id, no);
    for (k, v) in changes.as_object().unwrap() {
        r["values"]["measured"][k] = v.clone();
    }
    r
}

fn field_of(e: &AppError) -> Vec<String> {
    match e {
        AppError::Validation(f) => f.0.iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

rongma_store::backend_test!(spot_check_story, |db: TestDb| async move {
    let w = World::new(db).await;
    let app = &w.t.app;
    let f = &w.f;
    let regulator = actor("t-regulator", Role::Regulator, None, None);
    let inspector = actor("t-inspector", Role::Inspector, None, None);
    let lab = actor("t-lab", Role::Lab, None, Some(f.lab.id));
    let ent_a = actor("t-ent-a", Role::Enterprise, Some(f.enterprise_a.id), None);

    // Directories: two inspectors (one is the signed-in inspector), one check item, strata.
    let i1 = InspectorDraft {
        cert_no: "ZF-001".into(),
        name: "张检查".into(),
        field: "产品质量".into(),
        username: "t-inspector".into(),
    };
    let i2 = InspectorDraft {
        cert_no: "ZF-002".into(),
        name: "李检查".into(),
        field: "产品质量".into(),
        username: String::new(),
    };
    app.add_inspector(&regulator, i1).await.unwrap();
    let second = app.add_inspector(&regulator, i2.clone()).await.unwrap();
    let dup = app.add_inspector(&regulator, i2).await.unwrap_err();
    assert!(matches!(dup, AppError::Conflict(_)), "{dup:?}");
    assert!(matches!(
        app.add_inspector(&inspector, InspectorDraft::default())
            .await,
        Err(AppError::Forbidden(_))
    ));
    app.add_check_item(&regulator, "GRADE", "等级符合性", "Grade conformity", "key")
        .await
        .unwrap();
    app.set_stratum(&regulator, f.enterprise_a.id, Some("D"))
        .await
        .unwrap();
    app.add_conflict(&regulator, second.id, f.enterprise_b.id, "亲属在该企业任职")
        .await
        .unwrap();

    // Bad plans are refused, naming the field, and nothing is published.
    let e = app
        .publish_task(&regulator, draft("1.5", 2, numbers()))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["strata[0].ratio"]);
    let e = app
        .publish_task(&regulator, draft("1", 1, numbers()))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["inspectors_per_enterprise"]);
    let e = app
        .publish_task(&regulator, draft("1", 2, BeaconChoice::DrandRound(1)))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["beacon_round"]);
    assert_eq!(app.list_tasks(10, 0).await.unwrap().total, 0);

    // Publish: the plan's exact bytes are served and hashed; the hash is logged.
    let task = app
        .publish_task(&regulator, draft("1", 2, numbers()))
        .await
        .unwrap();
    assert_eq!(task.state, TaskState::Published);
    let plan =
        w.t.browser()
            .get(&format!("/spot-checks/{}/plan.json", task.code))
            .await;
    assert_eq!(plan.status, 200);
    assert_eq!(hex::encode(Sha256::digest(&plan.bytes)), task.plan_hash);
    let (status, page) =
        w.t.browser()
            .page(&format!("/spot-checks/{}", task.code))
            .await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&task.plan_hash) && page.contains("双色球 2026140"),
        "{page}"
    );
    let leaf = app
        .latest_leaf(&rongma_app::supervision::task_subject(&task.code))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(leaf.kind, "spot_check.plan");

    // The beacon: a wrong count of draws is refused; then the draw, once.
    let e = app
        .draw_task(&regulator, task.id, BeaconInput::Numbers(vec![]))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["numbers"]);
    let entered = vec![vec![
        "03".into(),
        "09".into(),
        "12".into(),
        "20".into(),
        "27".into(),
        "31".into(),
        "07".into(),
    ]];
    let drawn = app
        .draw_task(&regulator, task.id, BeaconInput::Numbers(entered.clone()))
        .await
        .unwrap();
    assert_eq!(drawn.state, TaskState::Drawn);
    let again = app
        .draw_task(&regulator, task.id, BeaconInput::Numbers(entered))
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::InvalidState(_)), "{again:?}");
    let result =
        w.t.browser()
            .get(&format!("/spot-checks/{}/result.json", task.code))
            .await;
    assert_eq!(result.status, 200);
    let beacon =
        rongma_domain::supervision::Beacon::from_hex(drawn.beacon.as_deref().unwrap()).unwrap();
    let recomputed = rongma_domain::supervision::verify(&plan.bytes, &beacon, &result.bytes)
        .expect("the published draw re-computes");
    // Stratum D at ratio 1 draws enterprise A; B (ratio 0) is not drawn.
    assert_eq!(recomputed.enterprises.len(), 1);
    assert_eq!(
        recomputed.enterprises[0].id,
        f.enterprise_a.credit_code.as_str()
    );
    let mine = app.my_assignments(&inspector).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].1.enterprise_id, f.enterprise_a.id);

    // Two lots of A in shops, one of B.
    let product = gradable_product(&w.t, w.token(Who::EnterpriseA), f, "SC-1").await;
    let cert = certified(&w.t, f, product, "SC-R0").await;
    let sampled_lot = batch_on(&w, cert, 3).await;
    let other_lot = batch_on(&w, cert, 2).await;
    let sampled_tag = w.serial(&sampled_lot, 0);
    let other_tag = w.serial(&other_lot, 0);
    let b_lot = w
        .issue(Who::EnterpriseB, &json!({"certificate_id": w.cert_b.id, "quantity": 1, "lot_no": "LOT-B", "production_date": "2025-11-01"}))
        .await
        .assert_status(201)["batch"]
        .clone();
    let before = w.t.scan(&sampled_tag).await.assert_status(200);
    let certified_grade = before["certificate"]["grade"].as_str().unwrap().to_owned();

    // Samples: a forged code and an enterprise not drawn are refused.
    let sample = |code: String| SampleDraft {
        code,
        shop: "城东商场 2 楼".into(),
        address: "平湖市城东路 1 号".into(),
        sampled_on: None,
        seal_no: "FY-0001".into(),
    };
    let mut forged = sampled_tag.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let e = app
        .record_sample(&inspector, task.id, sample(forged), vec![])
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["code"]);
    let e = app
        .record_sample(&inspector, task.id, sample(w.serial(&b_lot, 0)), vec![])
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    let url = format!("https://rongma.example.cn/C/{sampled_tag}");
    let s = app
        .record_sample(&inspector, task.id, sample(url), vec![])
        .await
        .unwrap();
    assert_eq!(s.state, SampleState::Sampled);
    assert_eq!(s.serial, sampled_tag);
    let s = app.hand_to_lab(&inspector, s.id, f.lab.id).await.unwrap();
    assert_eq!(s.state, SampleState::AtLab);

    // The lab's report grades lower: the sampled lot moves to a downgraded version.
    let lower =
        w.t.submit_report(
            f.token(Who::LabUser),
            &report_with(product, "SC-R1", json!({"fill_power_cm": "16.0"})),
        )
        .await
        .assert_status(201)["id"]
            .as_i64()
            .unwrap();
    let s = app.attach_sample_report(&lab, s.id, lower).await.unwrap();
    assert_eq!(
        s.outcome.as_ref().unwrap()["kind"],
        "lower_grade",
        "{:?}",
        s.outcome
    );
    assert_eq!(s.state, SampleState::Decided);
    let measured = s.outcome.as_ref().unwrap()["measured"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(measured, certified_grade);
    let now = w.t.scan(&sampled_tag).await.assert_status(200);
    assert_eq!(now["verdict"], "valid", "{now}");
    assert_eq!(now["certificate"]["grade"], measured.as_str(), "{now}");
    let untouched = w.t.scan(&other_tag).await.assert_status(200);
    assert_eq!(
        untouched["certificate"]["grade"],
        certified_grade.as_str(),
        "the other lot keeps its grade: {untouched}"
    );

    // The enterprise objects; the reserve is retested and fails the baseline: final revoke.
    let s = app
        .object_to_sample(&ent_a, s.id, "送检样品保存不当，申请复检备样")
        .await
        .unwrap();
    assert_eq!(s.state, SampleState::Objected);
    let retest = app.order_retest(&regulator, s.id, f.lab.id).await.unwrap();
    assert_eq!(retest.retest_of, Some(s.id));
    let failing =
        w.t.submit_report(
            f.token(Who::LabUser),
            &report_with(product, "SC-R2", json!({"odour": "fail"})),
        )
        .await
        .assert_status(201)["id"]
            .as_i64()
            .unwrap();
    let retest = app
        .attach_sample_report(&lab, retest.id, failing)
        .await
        .unwrap();
    assert_eq!(
        retest.outcome.as_ref().unwrap()["kind"],
        "fails_baseline",
        "{:?}",
        retest.outcome
    );
    assert_eq!(retest.state, SampleState::Final);
    let original = app.get_sample(&regulator, s.id).await.unwrap();
    assert_eq!(original.state, SampleState::Final);
    for tag in [&sampled_tag, &other_tag] {
        let j = w.t.scan(tag).await.assert_status(200);
        assert_eq!(j["verdict"], "certificate_revoked", "{j}");
    }
    // Each step is a log leaf of the sample.
    let leaf = app
        .latest_leaf(&rongma_app::supervision::sample_subject(
            &original.sample_no,
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(leaf.kind, "sample.final");
    // 一公开: the task's results are public JSON.
    let results =
        w.t.browser()
            .get(&format!("/spot-checks/{}/results.json", task.code))
            .await;
    assert_eq!(results.status, 200);
    let j: Value = serde_json::from_slice(&results.bytes).unwrap();
    assert_eq!(j["samples"].as_array().unwrap().len(), 2, "{j}");
});
