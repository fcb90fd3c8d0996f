//! Wrong passwords slow whoever sends them: an attacker's network is refused for the
//! account it attacks while the owner logs in from elsewhere, a network trying many
//! accounts (password spraying) is refused, and the counters survive a restart.

use crate::support::scans::settings;
use rongma_testkit::{Fixtures, TestApp, TestDb, PASSWORD};
use serde_json::json;

async fn login(t: &TestApp, ip: &str, username: &str, password: &str) -> u16 {
    t.client
        .post(t.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", ip)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

rongma_store::backend_test!(
    an_attackers_failures_slow_the_attacker_not_the_owner,
    |db: TestDb| async move {
        let s = settings();
        let t = TestApp::spawn_with(db, s.clone(), rongma_app::Clock::System).await;
        Fixtures::create(&t).await;
        // Ten wrong passwords from one network: refused, then that network is locked out …
        for _ in 0..10 {
            assert_eq!(
                login(&t, "203.0.113.7", "t-regulator", "wrong-password").await,
                401
            );
        }
        assert_eq!(
            login(&t, "203.0.113.99", "t-regulator", PASSWORD).await,
            429,
            "the attacker's /24 is refused even with the right password"
        );
        // … while the owner on another network logs in.
        assert_eq!(
            login(&t, "198.51.100.5", "t-regulator", PASSWORD).await,
            200
        );

        // Spraying: one network trying many accounts is refused after 30 failures.
        for i in 0..30 {
            let st = login(&t, "192.0.2.44", &format!("user{i}"), "guess-1234").await;
            assert_eq!(st, 401, "attempt {i}");
        }
        assert_eq!(login(&t, "192.0.2.44", "user99", "guess-1234").await, 429);
        assert_eq!(login(&t, "192.0.2.44", "t-reviewer", PASSWORD).await, 429);
        assert_eq!(login(&t, "198.51.100.5", "t-reviewer", PASSWORD).await, 200);

        // The counters are in the database: another instance over the same store agrees.
        let other = rongma_app::App::new(
            t.db.store.clone(),
            s,
            t.app.secrets().clone(),
            rongma_app::Clock::System,
        );
        let net = |ip: &str| t.app.network_fingerprint(ip.parse().unwrap());
        for (ip, user) in [("203.0.113.7", "t-regulator"), ("192.0.2.44", "t-reviewer")] {
            let e = other.login(user, PASSWORD, &net(ip)).await.unwrap_err();
            assert!(
                matches!(e, rongma_app::AppError::RateLimited { .. }),
                "{ip}: {e:?}"
            );
        }
    }
);
