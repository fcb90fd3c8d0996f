//! The scan page as a shopper meets it: no "正品" before the PIN (a copied QR gets the same
//! page), the scan count near the top, the PIN answer at the top of the page after a
//! post/redirect/get (reloading shows it again and checks nothing), "already verified"
//! with date and time once, and the serial box on the home and not-found pages, whose
//! answers give nothing away that helps forge a serial.

use crate::support::scans::{pin_of, world, wrong_pin};
use rongma_testkit::TestDb;

fn pos(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("missing {needle:?} in {html}"))
}

#[tokio::test]
async fn before_the_pin_the_page_does_not_say_genuine_and_counts_at_the_top() {
    let w = world(TestDb::sqlite().await).await;
    let b = w.batch_a(2).await;
    let serial = w.serial(&b, 0);
    let phone = w.t.from_network("203.0.113.7");
    let html = phone.scan_page(&serial).await.text();
    assert!(
        html.contains("证书有效；刮开涂层输入防伪码以确认吊牌为正品"),
        "{html}"
    );
    assert!(
        !html.contains("正品吊牌") && !html.contains("正品："),
        "{html}"
    );
    // The count and first-scan time sit in the verdict box, above the grade and the PIN.
    assert!(pos(&html, "id=\"scan-count\"") < pos(&html, "id=\"grade\""));
    assert!(pos(&html, "这是第 1 次扫码") < pos(&html, "id=\"pin\""));
    let en = phone.scan_page_in(&serial, "en").await.text();
    assert!(
        en.contains("Certificate valid; scratch the coating and enter the PIN to confirm the tag is genuine"),
        "{en}"
    );
    assert!(!en.contains("Genuine tag"), "{en}");
}

#[tokio::test]
async fn the_pin_answer_is_at_the_top_after_a_redirect_and_survives_a_reload() {
    let w = world(TestDb::sqlite().await).await;
    let b = w.batch_a(2).await;
    let serial = w.serial(&b, 0);
    let phone = w.t.from_network("203.0.113.8");
    phone.scan_page(&serial).await;

    // A wrong PIN: redirected to the answer, anchored at it.
    let r = phone.pin_form(&serial, wrong_pin(&w, &serial)).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.location();
    assert!(
        to.starts_with(&format!("/c/{serial}/pin?r=")) && to.ends_with("#pin-result"),
        "{to}"
    );
    let path = to.trim_end_matches("#pin-result").to_owned();
    let html = phone.get(&path).await.text();
    assert!(
        html.contains("防伪码错误") && html.contains("还可尝试"),
        "{html}"
    );
    assert!(pos(&html, "id=\"pin-result\"") < pos(&html, "id=\"verdict\""));

    // The right PIN: 正品 now, at the top; reloading shows the same page, no 405, and
    // records no scan.
    let r = phone.pin_form(&serial, &pin_of(&w, &serial)).await;
    let path = r.location().trim_end_matches("#pin-result").to_owned();
    for _ in 0..2 {
        let page = phone.get(&path).await;
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(
            html.contains("首次验证") && html.contains("正品吊牌"),
            "{html}"
        );
        assert!(pos(&html, "id=\"pin-result\"") < pos(&html, "id=\"grade\""));
        assert!(
            html.contains("这是第 1 次扫码"),
            "a reload is not a scan: {html}"
        );
    }
    let en = phone.get(&format!("{path}&lang=en")).await.text();
    assert!(
        en.contains("first verification") && en.contains("Genuine tag"),
        "{en}"
    );

    // A receipt cannot be made up: a changed answer or another serial shows no answer.
    let forged = path
        .replacen("?r=w", "?r=f", 1)
        .replacen("?r=f.0", "?r=a.0", 1);
    let html = phone.get(&forged).await.text();
    assert!(!html.contains("id=\"pin-result\""), "{html}");
    let other = w.serial(&b, 1);
    let moved = path.replace(&serial, &other);
    let html = phone.get(&moved).await.text();
    assert!(
        !html.contains("id=\"pin-result\"") && !html.contains("正品吊牌"),
        "{html}"
    );

    // Verified again: date and time of the first verification, said once.
    let r = phone.pin_form(&serial, &pin_of(&w, &serial)).await;
    let html = phone
        .get(r.location().trim_end_matches("#pin-result"))
        .await
        .text();
    assert!(html.contains("此前已被验证过 1 次，首次验证于 "), "{html}");
    let at = html
        .split("首次验证于 ")
        .nth(1)
        .and_then(|t| t.get(..16))
        .expect("a time")
        .to_owned();
    assert!(
        at.as_bytes()[4] == b'-' && at.as_bytes()[10] == b' ' && at.as_bytes()[13] == b':',
        "{at}"
    );
    // Said once: not again in the PIN box ("已验证 2 次，首次于 …").
    assert_eq!(html.matches("首次验证于").count(), 1, "{html}");
    assert!(!html.contains("已验证 2 次"), "{html}");
    assert!(
        !html.contains("正品吊牌"),
        "a second check is no proof: {html}"
    );
}

#[tokio::test]
async fn the_serial_box_finds_a_tag_and_a_bad_serial_reveals_nothing() {
    let w = world(TestDb::sqlite().await).await;
    let b = w.batch_a(1).await;
    let serial = w.serial(&b, 0);
    let browser = w.t.browser();
    let (_, home) = browser.page("/").await;
    assert!(
        home.contains("id=\"serial-lookup\"") && home.contains("action=\"/c\""),
        "{home}"
    );
    let (_, home_en) = browser.page("/?lang=en").await;
    assert!(home_en.contains("Type the serial on the tag"), "{home_en}");
    let (status, missing) = browser.page("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(missing.contains("id=\"serial-lookup\""), "{missing}");

    // Typed as printed, in groups and lower case: the tag's page.
    let grouped = format!("{} {}-{}", &serial[..6], &serial[6..12], &serial[12..]).to_lowercase();
    let q: String = form_urlencoded::byte_serialize(grouped.as_bytes()).collect();
    let r =
        w.t.from_network("203.0.113.9")
            .get(&format!("/c?serial={q}"))
            .await;
    assert_eq!((r.status, r.location()), (303, format!("/c/{serial}")));

    // One character mistyped: a not-genuine page with the box again, and neither the page
    // nor the JSON names the right check character or serial.
    let last = serial.chars().last().unwrap();
    let typo_char = if last == '2' { '3' } else { '2' };
    let typo = format!("{}{typo_char}", &serial[..17]);
    let r = w.t.from_network("203.0.113.9").scan_page(&typo).await;
    let html = r.text();
    assert_eq!(r.status, 404);
    assert!(
        html.contains("id=\"serial-lookup\"") && html.contains("有字符输入错误"),
        "{html}"
    );
    assert!(!html.contains(&serial) && !html.contains("应为"), "{html}");
    let j = w.t.from_network("203.0.113.9").scan(&typo).await;
    assert!(
        !j.text().contains(&serial)
            && !j.text().contains("should be")
            && !j.text().contains("应为"),
        "{}",
        j.text()
    );
}
