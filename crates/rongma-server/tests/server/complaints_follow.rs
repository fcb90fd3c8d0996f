//! Following a complaint without the private link: the ticket number plus the last four
//! digits of the phone given, in both languages; a wrong pair is "no such ticket", and a
//! network gets ten wrong tries an hour. The form states the photo limit.

use crate::support::codes::World;
use rongma_testkit::csrf_from;
use serde_json::json;

#[tokio::test]
async fn a_consumer_follows_by_ticket_number_and_phone_digits() {
    let w = World::new(rongma_testkit::TestDb::sqlite().await).await;
    let b = w.batch_a(1).await;
    let serial = w.serial(&b, 0);
    let filed =
        w.t.file_complaint(&json!({"serial": serial, "category": "grade_doubt",
            "description": "蓬松度不像 4A", "phone": "13800138000"}))
            .await
            .assert_status(201);
    let ticket = filed["ticket_no"].as_str().unwrap().to_owned();

    let consumer = w.t.browser();
    let (status, form) = consumer.page("/t").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("手机号后四位") && form.contains("name=\"ticket\""),
        "{form}"
    );
    let (_, home) = consumer.page("/").await;
    assert!(home.contains("href=\"/t\""), "{home}");
    let csrf = csrf_from(&form);
    let wrong = consumer
        .post_form(
            "/t",
            &[
                ("_csrf", csrf.as_str()),
                ("ticket", ticket.as_str()),
                ("phone_last4", "0000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 404);
    assert!(
        wrong.text().contains("不匹配") && wrong.text().contains(&ticket),
        "keeps the input"
    );
    let lower = ticket.to_lowercase();
    let right = consumer
        .post_form(
            "/t",
            &[
                ("_csrf", csrf.as_str()),
                ("ticket", lower.as_str()),
                ("phone_last4", "8000"),
            ],
        )
        .await;
    assert_eq!(right.status, 200, "{}", right.text());
    let html = right.text();
    assert!(
        html.contains(&ticket) && html.contains("蓬松度不像 4A"),
        "{html}"
    );
    assert!(!html.contains("13800138000"), "the phone is never shown");

    // English; the photo limit is stated on the complaint form.
    let (_, en) = consumer.page("/t?lang=en").await;
    assert!(en.contains("Last four digits of the phone"), "{en}");
    let (_, new) = consumer
        .page(&format!("/complaint/new?serial={serial}&lang=zh"))
        .await;
    assert!(new.contains("不超过 5 MB"), "{new}");

    // Ten wrong tries from one network, then 429.
    for _ in 0..9 {
        let r = consumer
            .post_form(
                "/t",
                &[
                    ("_csrf", csrf.as_str()),
                    ("ticket", ticket.as_str()),
                    ("phone_last4", "1111"),
                ],
            )
            .await;
        assert_eq!(r.status, 404);
    }
    let r = consumer
        .post_form(
            "/t",
            &[
                ("_csrf", csrf.as_str()),
                ("ticket", ticket.as_str()),
                ("phone_last4", "8000"),
            ],
        )
        .await;
    assert_eq!(r.status, 429, "{}", r.text());
}

#[tokio::test]
async fn the_queue_names_product_enterprise_assignee_and_days_left() {
    let w = World::new(rongma_testkit::TestDb::sqlite().await).await;
    let b = w.batch_a(1).await;
    let serial = w.serial(&b, 0);
    let filed =
        w.t.file_complaint(
            &json!({"serial": serial, "category": "fill_weight", "description": "充绒量不足"}),
        )
        .await
        .assert_status(201);
    let ticket = filed["ticket_no"].as_str().unwrap().to_owned();
    let reg = w.token(rongma_testkit::Who::Regulator);
    let list = w.t.list_complaints(reg, "").await.assert_status(200);
    let id = list["items"][0]["id"].as_i64().unwrap();

    let regulator = w.t.logged_in("t-regulator", "/complaints").await;
    let (_, queue) = regulator.page("/complaints").await;
    for text in [
        ticket.as_str(),
        &w.f.product_a.name,
        &w.f.enterprise_a.name,
        "未分派",
        "剩 ",
    ] {
        assert!(queue.contains(text), "missing {text:?}: {queue}");
    }
    let (_, queue_en) = regulator.page("/complaints?lang=en").await;
    assert!(
        queue_en.contains("not assigned") && queue_en.contains(" days ("),
        "{queue_en}"
    );
    // Assignment picks from the staff; the history says who.
    let (_, page) = regulator.page(&format!("/complaints/{id}?lang=zh")).await;
    assert!(
        page.contains("<option value=\"t-inspector\"")
            && !page.contains("<option value=\"t-ent-a\""),
        "{page}"
    );
    w.t.assign_complaint(reg, id, "t-inspector")
        .await
        .assert_status(200);
    let (_, page) = regulator.page(&format!("/complaints/{id}")).await;
    assert!(
        page.contains("分派给 t-inspector") && page.contains("指派承办人"),
        "{page}"
    );
    assert!(!page.contains(">assigned<"), "no raw action names: {page}");

    // The inspector's "my cases".
    let inspector = w.t.logged_in("t-inspector", "/complaints").await;
    let (_, mine) = inspector.page("/complaints?mine=true").await;
    assert!(
        mine.contains("我的案件") && mine.contains(&ticket),
        "{mine}"
    );
    let (_, reg_mine) = regulator.page("/complaints?mine=true").await;
    assert!(!reg_mine.contains(&ticket), "{reg_mine}");
}
