//! No raw internal values on pages: a history shows field labels and value labels
//! (试点状态：试点成员 → 已暂停), issuing codes is 签发吊牌码 (not 发证), scan evidence is in
//! words, and neither language leaks into the other (fibres, white goose down).

use crate::support::codes::World;
use crate::support::scans::{batch_on, pin_answer, pin_of};
use crate::support::workflow::{certified, gradable_product};
use rongma_testkit::{Kind, TestDb, Who};
use serde_json::json;

#[tokio::test]
async fn pages_speak_in_words_in_either_language() {
    let w = World::new(TestDb::sqlite().await).await;
    let reg = w.token(Who::Regulator);
    let e = w.f.enterprise_a.id;
    w.t.update(
        Kind::Enterprise,
        reg,
        e,
        &json!({"pilot_status": "suspended"}),
    )
    .await
    .assert_status(200);
    let regulator = w.t.logged_in("t-regulator", "/").await;
    let (_, page) = regulator.page(&format!("/enterprises/{e}")).await;
    assert!(page.contains("试点状态：试点成员 → 已暂停"), "{page}");
    assert!(!page.contains("pilot_status"), "{page}");

    // Issuing codes is not 发证; scan evidence in words.
    let b = w.batch_a(2).await;
    let id = b["id"].as_i64().unwrap();
    let (_, batch) = regulator.page(&format!("/codes/{id}")).await;
    assert!(
        batch.contains("签发吊牌码") && !batch.contains("发证"),
        "{batch}"
    );
    let serial = w.serial(&b, 0);
    pin_answer(&w.t.from_network("10.7.0.1"), &serial, &pin_of(&w, &serial)).await;
    let (_, evidence) = regulator.page(&format!("/scans/codes/{serial}")).await;
    assert!(
        evidence.contains("防伪码正确") && evidence.contains("网页"),
        "{evidence}"
    );
    assert!(
        !evidence.contains(">pin<") && !evidence.contains("pin correct"),
        "{evidence}"
    );

    // English pages have no Chinese units or labels glued together.
    let product = gradable_product(&w.t, w.token(Who::EnterpriseA), &w.f, "WORDS-1").await;
    let cert = certified(&w.t, &w.f, product, "WORDS-R1").await;
    let tag = w.serial(&batch_on(&w, cert, 1).await, 0);
    let en =
        w.t.from_network("10.7.0.2")
            .scan_page_in(&tag, "en")
            .await
            .text();
    assert!(en.contains(" fibres") && !en.contains(" 根"), "{en}");
    assert!(en.contains("White goose down"), "{en}");
    let zh = w.t.from_network("10.7.0.3").scan_page(&tag).await.text();
    assert!(zh.contains("白鹅绒") && zh.contains(" 根"), "{zh}");
}
