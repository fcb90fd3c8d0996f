//! PIN checks: first and repeated verifications, durability (the check is in the database
//! when the answer arrives), the lock of a guessing network on a tag (persisted across a
//! restart; the owner elsewhere is not locked out), the per-network limit (429 with
//! Retry-After), bursts of wrong PINs flagged for the regulator, and PINs that are not
//! 8 digits.

use crate::support::codes::World;
use crate::support::scans::{code_state, pin_answer, pin_of, seq_of, settings, world, wrong_pin};
use rongma_app::scans::{PinResult, ScanClient, UaFamily};
use rongma_app::App;
use rongma_testkit::TestDb;

rongma_store::backend_test!(
    pin_checks_are_durable_and_limited,
    |db: TestDb| async move {
        let mut s = settings();
        s.scans.pin_wrong_per_network = 6;
        let w = World::with_settings(db, s.clone()).await;
        let b = w.batch_a(10).await;
        let serial = w.serial(&b, 0);
        let pin = pin_of(&w, &serial);
        let seq = seq_of(&w, &serial);
        let net = |ip: &str| w.t.from_network(ip);

        // First correct check: durable when answered.
        let (st, v) = net("198.51.100.1").check_pin(&serial, &pin).await.parts();
        assert_eq!(
            (st, v["result"].as_str(), v["first_verification"].as_bool()),
            (200, Some("correct"), Some(true)),
            "{v}"
        );
        let state = code_state(&w, &serial).await.unwrap();
        assert_eq!(state.pin_ok_count, 1);
        let events =
            w.t.db
                .store
                .read()
                .await
                .unwrap()
                .list_scan_events(seq, 10)
                .await
                .unwrap();
        assert_eq!(
            (events[0].kind.as_str(), events[0].outcome.as_str()),
            ("pin", "correct")
        );

        // Again: genuine, but already verified, with the first date.
        let v = net("198.51.100.1")
            .check_pin(&serial, &format!("{} {}", &pin[..4], &pin[4..]))
            .await
            .body;
        assert_eq!(
            (
                v["result"].as_str(),
                v["first_verification"].as_bool(),
                v["verified_count"].as_i64()
            ),
            (Some("correct"), Some(false), Some(2))
        );
        assert!(
            v["message_zh"]
                .as_str()
                .unwrap()
                .contains("已被验证过 1 次"),
            "{v}"
        );

        // Not 8 digits: a clear error, not an attempt.
        for bad in ["1234", "12345678901", "1234abcd"] {
            let (st, v) = net("198.51.100.1").check_pin(&serial, bad).await.parts();
            assert_eq!(
                (st, v["error"]["fields"][0]["field"].as_str()),
                (422, Some("pin")),
                "{bad}: {v}"
            );
        }

        // Five wrong PINs from one network lock that network's checks of the tag for an
        // hour; the right PIN from it is then refused too …
        let other = w.serial(&b, 1);
        let wrong = wrong_pin(&w, &other);
        for left in (0..5).rev() {
            let (st, v) = net("10.0.0.1").check_pin(&other, wrong).await.parts();
            assert_eq!(
                (st, v["result"].as_str(), v["attempts_left"].as_i64()),
                (200, Some("wrong"), Some(left)),
                "{v}"
            );
        }
        let r = net("10.0.0.77")
            .check_pin(&other, &pin_of(&w, &other))
            .await;
        assert_eq!(r.status, 429, "the same /24 is the same network");
        let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((3500..=3600).contains(&retry), "{retry}");
        // … but the owner on another network is not locked out.
        let (st, v) = net("198.51.100.3")
            .check_pin(&other, &pin_of(&w, &other))
            .await
            .parts();
        assert_eq!((st, v["result"].as_str()), (200, Some("correct")), "{v}");
        // The lock is in the database: a new instance over the same store refuses too.
        let restarted = App::new(
            w.t.db.store.clone(),
            s.clone(),
            w.t.app.secrets().clone(),
            rongma_app::Clock::System,
        );
        let client = ScanClient {
            network: w.t.app.network_fingerprint("10.0.0.1".parse().unwrap()),
            ua: UaFamily::Ios,
            channel: "api",
        };
        let v = restarted.verify_serial(&other).unwrap();
        let check = restarted
            .check_pin(&v, &pin_of(&w, &other), &client)
            .await
            .unwrap();
        assert_eq!(check.result, PinResult::Locked);
        // The page says so, with Retry-After.
        let r = pin_answer(&net("10.0.0.4"), &other, &pin_of(&w, &other)).await;
        assert_eq!(r.status, 200);
        assert!(r.text().contains("错误次数过多"));

        // Per network: 6 wrong PINs (on six tags) from one /24, then 429 on any tag.
        for i in 2..8 {
            let t = w.serial(&b, i);
            let st = net("192.0.2.10")
                .check_pin(&t, wrong_pin(&w, &t))
                .await
                .status;
            assert_eq!(st, 200);
        }
        let third = w.serial(&b, 8);
        let r = net("192.0.2.99")
            .check_pin(&third, &pin_of(&w, &third))
            .await;
        assert_eq!(
            (r.status, r["error"]["code"].as_str()),
            (429, Some("rate_limited")),
            "the same /24 is one network"
        );
        assert!(r.headers.contains_key("retry-after"));
        let st = net("198.51.100.9")
            .check_pin(&third, &pin_of(&w, &third))
            .await
            .status;
        assert_eq!(st, 200, "other networks are not affected");
    }
);

rongma_store::backend_test!(the_pin_form_on_the_page, |db: TestDb| async move {
    let w = world(db).await;
    let b = w.batch_a(2).await;
    let serial = w.serial(&b, 0);
    let phone = w.t.from_network("203.0.113.50");
    let r = phone.pin_form(&serial, "12").await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("8 位数字"), "{}", r.text());
    let r = pin_answer(&phone, &serial, &pin_of(&w, &serial)).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("首次验证"), "{}", r.text());
    let html = pin_answer(&phone, &serial, &pin_of(&w, &serial))
        .await
        .text();
    assert!(
        html.contains("已被验证过 1 次") && html.contains("可能已被复制"),
        "{html}"
    );
});

rongma_store::backend_test!(
    a_burst_of_wrong_pins_is_flagged_and_slows_only_its_networks,
    |db: TestDb| async move {
        let mut s = settings();
        s.scans.pin_burst_per_tag = 4;
        let w = World::with_settings(db, s).await;
        let b = w.batch_a(2).await;
        let tag = w.serial(&b, 0);
        let wrong = wrong_pin(&w, &tag);
        for n in 0..4 {
            let st =
                w.t.from_network(&format!("203.0.{n}.9"))
                    .check_pin(&tag, wrong)
                    .await
                    .status;
            assert_eq!(st, 200);
        }
        // The regulator sees a pin_burst flag on the tag.
        let reg = w.token(rongma_testkit::Who::Regulator);
        let suspects = w.t.suspects(reg, "").await.assert_status(200);
        let kinds: Vec<&str> = suspects["items"][0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["kind"].as_str())
            .collect();
        assert!(kinds.contains(&"pin_burst"), "{suspects}");
        // A network that took part waits; the owner's does not.
        let r =
            w.t.from_network("203.0.0.9")
                .check_pin(&tag, &pin_of(&w, &tag))
                .await;
        assert_eq!(r.status, 429);
        let (st, v) =
            w.t.from_network("198.51.100.200")
                .check_pin(&tag, &pin_of(&w, &tag))
                .await
                .parts();
        assert_eq!((st, v["result"].as_str()), (200, Some("correct")), "{v}");
    }
);
