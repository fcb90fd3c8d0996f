//! The client's address behind a proxy: a client that rotates the leftmost
//! `X-Forwarded-For` entry stays one network (the trusted proxy's appended entry counts),
//! and the header is ignored when the peer is not a trusted proxy.

use crate::support::codes::World;
use crate::support::scans::{pin_of, settings};
use rongma_testkit::TestDb;

fn wrong_pin(right: &str) -> &'static str {
    if right == "00000000" {
        "11111111"
    } else {
        "00000000"
    }
}

async fn pin_status(w: &World, serial: &str, pin: &str, xff: &str) -> u16 {
    w.t.client
        .post(w.t.url(&format!("/api/v1/codes/{serial}/pin")))
        .header("X-Forwarded-For", xff)
        .json(&serde_json::json!({"pin": pin}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn rotating_the_leftmost_entry_does_not_escape_the_per_network_limit() {
    let mut s = settings();
    s.scans.pin_wrong_per_network = 3;
    let w = World::with_settings(TestDb::sqlite().await, s).await;
    let b = w.batch_a(6).await;
    // Each attempt forges a different first entry; the proxy appended the real client.
    for i in 0..3 {
        let t = w.serial(&b, i);
        let forged = format!("203.0.{i}.1, 198.51.100.20");
        assert_eq!(
            pin_status(&w, &t, wrong_pin(&pin_of(&w, &t)), &forged).await,
            200
        );
    }
    let t = w.serial(&b, 4);
    let forged = "192.0.2.99, 198.51.100.20";
    assert_eq!(
        pin_status(&w, &t, wrong_pin(&pin_of(&w, &t)), forged).await,
        429,
        "the fourth wrong PIN from the same real network is refused"
    );
    // Another real network is not affected.
    assert_eq!(
        pin_status(
            &w,
            &t,
            wrong_pin(&pin_of(&w, &t)),
            "192.0.2.99, 198.51.77.20"
        )
        .await,
        200
    );
}

#[tokio::test]
async fn the_header_is_ignored_from_a_peer_that_is_not_a_trusted_proxy() {
    let mut s = settings();
    s.scans.pin_wrong_per_network = 3;
    s.server.trusted_proxies = vec!["10.0.0.0/8".into()];
    let w = World::with_settings(TestDb::sqlite().await, s).await;
    let b = w.batch_a(6).await;
    // Every request comes from 127.0.0.1, whatever the header claims.
    for i in 0..3 {
        let t = w.serial(&b, i);
        let claimed = format!("198.51.{i}.20");
        assert_eq!(
            pin_status(&w, &t, wrong_pin(&pin_of(&w, &t)), &claimed).await,
            200
        );
    }
    let t = w.serial(&b, 4);
    assert_eq!(
        pin_status(&w, &t, wrong_pin(&pin_of(&w, &t)), "198.51.200.20").await,
        429
    );
}
