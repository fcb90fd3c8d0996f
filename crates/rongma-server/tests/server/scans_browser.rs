//! The consumer's journey in headless Chromium at a phone's viewport (390 × 844), over
//! WebDriver (chromedriver, started here on a free port; plain HTTP with reqwest): a
//! mistyped serial and the serial box, the scan page of a tag whose grade the reviewer
//! lowered (the grade and reason, no 正品 before the PIN, the count on the first screen),
//! a wrong then the right PIN with the answer in view and surviving a reload, a complaint,
//! and following it by link and by ticket number + phone digits. Screenshots are kept in
//! `target/ci-artifacts/`.
//!
//! Runs under CI (which installs `chromium` and `chromium-driver`, listed in
//! .ci/apt-packages), where a missing browser fails, and wherever `RONGMA_TEST_BROWSER=1`
//! is set; otherwise it is listed as ignored with the reason (build script cfg
//! `rongma_browser`).

use crate::support::codes::World;
use crate::support::scans::{batch_on, pin_of, wrong_pin};
use crate::support::workflow::{certified_with, gradable_product};
use base64::Engine;
use rongma_testkit::Who;
use serde_json::{json, Value};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    http: reqwest::Client,
    base: String,
    session: String,
    child: std::process::Child,
}

impl Driver {
    async fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver is not installed: apt-get install chromium chromium-driver");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile =
            std::env::temp_dir().join(format!("rongma-chromium-{port}-{}", std::process::id()));
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display())],
            "mobileEmulation": {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0},
                "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40"}
        }}}});
        let v: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {v}"))
            .to_owned();
        Driver {
            http,
            base,
            session,
            child,
        }
    }

    async fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Value> {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let req = match method {
            "GET" => self.http.get(url),
            _ => self.http.post(url).json(&body.unwrap_or(json!({}))),
        };
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        if v["value"]["error"].is_string() {
            return Err(v);
        }
        Ok(v["value"].clone())
    }

    async fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body.clone())
            .await
            .unwrap_or_else(|v| panic!("WebDriver {path}: {v}"))
    }

    /// Reads an element's text, waiting (up to 10 s) while a form post navigates.
    async fn read(&self, css: &str, what: &str) -> Value {
        let mut last = Value::Null;
        for _ in 0..100 {
            let found = self
                .try_cmd(
                    "POST",
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            if let Ok(e) = found {
                let id = e[ELEMENT].as_str().unwrap_or_default().to_owned();
                match self
                    .try_cmd("GET", &format!("/element/{id}/{what}"), None)
                    .await
                {
                    Ok(v) => return v,
                    Err(v) => last = v,
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never readable: {last}");
    }

    async fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url}))).await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .cmd(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v[ELEMENT].as_str().unwrap().to_owned()
    }

    async fn text(&self, css: &str) -> String {
        self.read(css, "text")
            .await
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    async fn visible(&self, css: &str) -> bool {
        self.read(css, "displayed").await.as_bool().unwrap_or(false)
    }

    async fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.cmd("POST", &format!("/element/{e}/clear"), None).await;
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.cmd("POST", &format!("/element/{e}/click"), None).await;
    }

    /// Whether the element's text comes to contain `want` within 10 s (pages load after
    /// a click).
    async fn text_eventually(&self, css: &str, want: &str) -> bool {
        for _ in 0..100 {
            if let Ok(e) = self
                .try_cmd(
                    "POST",
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await
            {
                let id = e[ELEMENT].as_str().unwrap_or_default().to_owned();
                if let Ok(t) = self
                    .try_cmd("GET", &format!("/element/{id}/text"), None)
                    .await
                {
                    if t.as_str().is_some_and(|t| t.contains(want)) {
                        return true;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never showed {want:?}: {}", self.text("main").await);
    }

    /// Whether the element is wholly inside the viewport as the page is scrolled now.
    async fn in_view(&self, css: &str) -> bool {
        let script = "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
            return [r.top, r.bottom, window.innerHeight, window.scrollY];";
        let v = self
            .cmd(
                "POST",
                "/execute/sync",
                Some(json!({"script": script, "args": [css]})),
            )
            .await;
        let n = |i: usize| v[i].as_f64().unwrap_or(-1.0);
        let inside = n(0) >= 0.0 && n(1) <= n(2) && n(1) > n(0);
        if !inside {
            eprintln!("{css} not in view: top, bottom, innerHeight, scrollY = {v}");
        }
        inside
    }

    async fn refresh(&self) {
        self.cmd("POST", "/refresh", None).await;
    }

    async fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .await
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    async fn screenshot(&self, name: &str) {
        let b64 = self.cmd("GET", "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        // Under the target directory: `target/ci-artifacts/` (CI keeps it as an artifact).
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the target directory")
            .join("ci-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), png).unwrap();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(rongma_browser),
    ignore = "needs chromium and chromedriver (apt-get install chromium chromium-driver) and RONGMA_TEST_BROWSER=1; CI runs it"
)]
async fn a_consumer_scans_checks_and_complains_on_a_phone() {
    let w = World::new(rongma_testkit::TestDb::sqlite().await).await;
    // A certificate whose grade the reviewer lowered to 3A (the engine measured 4A).
    let product = gradable_product(&w.t, w.token(Who::EnterpriseA), &w.f, "PHONE-1").await;
    let decision = json!({"decision": "approve", "grade": "3A",
        "lowering_reason": "样品代表性不足", "comment": "内部备注：临界，建议复检"});
    let cert = certified_with(&w.t, &w.f, product, "PHONE-R1", &decision).await;
    let b = batch_on(&w, cert, 5).await;
    let serial = w.serial(&b, 2);
    let pin = pin_of(&w, &serial);
    let wrong = wrong_pin(&w, &serial);
    let d = Driver::start().await;

    // A mistyped serial: the not-genuine page offers the box again (and names no right
    // character); the serial typed as printed, in groups, finds the tag.
    let typo = format!(
        "{}{}",
        &serial[..17],
        if serial.ends_with('2') { '3' } else { '2' }
    );
    d.go(&w.t.url(&format!("/c/{typo}"))).await;
    assert!(d.visible("#serial-lookup").await);
    d.screenshot("not-genuine.png").await;
    d.go(&w.t.url("/")).await;
    let grouped = format!("{} {} {}", &serial[..6], &serial[6..12], &serial[12..]);
    d.type_into("#serial-input", &grouped.to_lowercase()).await;
    d.click("#serial-lookup button").await;
    assert!(d.text_eventually("#verdict", "证书有效").await);
    assert!(d.url().await.ends_with(&format!("/c/{serial}")));

    // Before the PIN: the certificate is valid, the tag not yet shown genuine; the count is
    // on the first screen; the grade is the reviewer's with the reason.
    assert!(d.visible("#grade").await);
    assert_eq!(d.text("#grade").await, "3A");
    let indicators = d.text("#indicators").await;
    for name in ["绒子含量", "蓬松度", "浊度", "钻绒值", "色牢度"] {
        assert!(indicators.contains(name), "{indicators}");
    }
    let main = d.text("main").await;
    assert!(
        main.contains("等级经审核调整为 3A：样品代表性不足"),
        "{main}"
    );
    assert!(
        !main.contains("内部备注") && !main.contains("决定等级"),
        "{main}"
    );
    let verdict = d.text("#verdict").await;
    assert!(
        verdict.contains("刮开涂层输入防伪码以确认吊牌为正品") && !verdict.contains("正品吊牌")
    );
    assert!(d.text("#scan-count").await.contains("第 1 次扫码"));
    assert!(
        d.in_view("#scan-count").await,
        "the count is on the first screen"
    );
    d.screenshot("scan-page.png").await;

    // The answers land at the top of the screen; a reload shows the answer again.
    d.type_into("#pin-input", wrong).await;
    d.click("#pin-submit").await;
    assert!(d.text_eventually("#pin-result", "防伪码错误").await);
    assert!(
        d.in_view("#pin-result").await,
        "the wrong-PIN answer is in view"
    );
    d.type_into("#pin-input", &pin).await;
    d.click("#pin-submit").await;
    assert!(d.text_eventually("#pin-result", "首次验证").await);
    assert!(d.in_view("#pin-result").await, "the answer is in view");
    assert!(d.text("#verdict").await.contains("正品吊牌"));
    d.screenshot("scan-page-pin.png").await;
    d.refresh().await;
    assert!(d.text_eventually("#pin-result", "首次验证").await);
    assert!(d.url().await.contains("/pin?r="), "{}", d.url().await);

    d.click("#complain").await;
    assert!(d.text_eventually("h1", "投诉").await);
    assert!(d
        .url()
        .await
        .contains(&format!("/complaint/new?serial={serial}")));
    d.click("#f-category option[value='counterfeit']").await;
    d.type_into(
        "#f-description",
        "吊牌防伪码与店员说法不一致，怀疑是仿冒品。",
    )
    .await;
    d.type_into("#f-phone", "13800138000").await;
    d.click("form.form button[type='submit']").await;
    assert!(d.text_eventually("main", "投诉单").await);
    let followed = d.url().await;
    assert!(
        followed.contains("/t/") && followed.contains("key="),
        "{followed}"
    );
    let page = d.text("main").await;
    assert!(page.contains("投诉单") && page.contains(&serial), "{page}");
    // Following it later: the same private link, without the "just filed" notice.
    d.go(&followed.replace("&new=1", "")).await;
    assert!(
        d.text("main").await.contains("仿冒"),
        "{}",
        d.text("main").await
    );
    d.screenshot("complaint-ticket.png").await;

    // Without the link: the ticket number and the phone's last four digits, from the
    // home page.
    let ticket = followed
        .split("/t/")
        .nth(1)
        .and_then(|t| t.split('?').next())
        .expect("a ticket number")
        .to_owned();
    d.go(&w.t.url("/")).await;
    d.click("a[href='/t']").await;
    assert!(d.text_eventually("h1", "查询投诉进度").await);
    d.type_into("#f-ticket", &ticket).await;
    d.type_into("#f-phone_last4", "8000").await;
    d.click("form.form button[type='submit']").await;
    assert!(d.text_eventually("main", &ticket).await);
    assert!(d.text("main").await.contains("仿冒"));
    d.screenshot("complaint-follow.png").await;
}
