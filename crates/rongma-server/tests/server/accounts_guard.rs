//! The regulator cannot lock the service out of its own administration: nobody disables
//! their own account, and the last active regulator stays active.

use rongma_app::accounts::UserInput;
use rongma_app::{Actor, AppError};
use rongma_domain::roles::{ActorKind, Role};
use rongma_testkit::{TestApp, TestDb};

fn as_user(id: i64, name: &str) -> Actor {
    Actor {
        kind: ActorKind::User,
        id,
        name: name.into(),
        role: Role::Regulator,
        enterprise_id: None,
        lab_id: None,
    }
}

fn regulator(name: &str) -> UserInput {
    UserInput {
        username: Some(name.into()),
        display_name: Some(name.into()),
        password: Some("correct horse battery".into()),
        role: Some("regulator".into()),
        enterprise_id: None,
        lab_id: None,
    }
}

rongma_store::backend_test!(
    regulators_cannot_disable_themselves_or_the_last_one,
    |db: TestDb| async move {
        let t = TestApp::spawn(db).await;
        let sys = Actor::system("test");
        let chief = t.app.create_user(&sys, regulator("chief")).await.unwrap();
        let me = as_user(chief.id, "chief");
        // Not oneself.
        let e = t
            .app
            .set_user_active(&me, chief.id, false, None)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::InvalidState(ref m) if m.contains("own")),
            "{e:?}"
        );
        // Not the last one, even for the system.
        let e = t
            .app
            .set_user_active(&sys, chief.id, false, None)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::InvalidState(ref m) if m.contains("last")),
            "{e:?}"
        );
        // With a second regulator, one may disable the other, but then not the last.
        let deputy = t.app.create_user(&sys, regulator("deputy")).await.unwrap();
        let v = t
            .app
            .set_user_active(&me, deputy.id, false, None)
            .await
            .unwrap();
        assert!(!v.active);
        let e = t
            .app
            .set_user_active(&sys, chief.id, false, None)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::InvalidState(_)), "{e:?}");
        // Re-enabled, the deputy can retire the chief.
        t.app
            .set_user_active(&me, deputy.id, true, None)
            .await
            .unwrap();
        let v = t
            .app
            .set_user_active(&as_user(deputy.id, "deputy"), chief.id, false, None)
            .await
            .unwrap();
        assert!(!v.active);
    }
);
