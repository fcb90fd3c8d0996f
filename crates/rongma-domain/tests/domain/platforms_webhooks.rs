//! Standard Webhooks: the specification's published test vector, signing and verifying
//! round trips, secret rotation and the receiver's refusals.

use proptest::prelude::*;
use rongma_domain::platforms::webhooks::{
    sign, verify, MessageId, ReceivedHeaders, VerifyError, WebhookHeaders, WebhookSecret,
    TOLERANCE_SECONDS,
};

const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
const TS: i64 = 1649367553;
const BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
const EXPECTED: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

fn secret() -> WebhookSecret {
    WebhookSecret::parse(SECRET).unwrap()
}

fn id() -> MessageId {
    MessageId::parse(ID).unwrap()
}

fn received(h: &WebhookHeaders) -> ReceivedHeaders<'_> {
    ReceivedHeaders {
        id: Some(&h.id),
        timestamp: Some(&h.timestamp),
        signature: Some(&h.signature),
    }
}

#[test]
fn reproduces_the_spec_test_vector() {
    assert_eq!(sign(&secret(), &id(), TS, BODY).to_string(), EXPECTED);
    let h = WebhookHeaders::new(&[&secret()], &id(), TS, BODY);
    assert_eq!(
        h.pairs(),
        [
            ("webhook-id", ID),
            ("webhook-timestamp", "1649367553"),
            ("webhook-signature", EXPECTED)
        ]
    );
}

#[test]
fn receiver_accepts_the_spec_message_within_five_minutes() {
    let headers = ReceivedHeaders {
        id: Some(ID),
        timestamp: Some("1649367553"),
        signature: Some(EXPECTED),
    };
    for now in [TS, TS - TOLERANCE_SECONDS, TS + TOLERANCE_SECONDS] {
        assert_eq!(verify(&[&secret()], &headers, BODY, now), Ok(()));
    }
    assert_eq!(
        verify(&[&secret()], &headers, BODY, TS + TOLERANCE_SECONDS + 1),
        Err(VerifyError::TooOld { seconds: 301 })
    );
    assert_eq!(
        verify(&[&secret()], &headers, BODY, TS - TOLERANCE_SECONDS - 1),
        Err(VerifyError::TooNew { seconds: 301 })
    );
}

#[test]
fn any_signature_of_a_rotation_verifies_and_other_versions_are_skipped() {
    let old = secret();
    let new = WebhookSecret::from_random_bytes(&[42; 32]).unwrap();
    let h = WebhookHeaders::new(&[&new, &old], &id(), TS, BODY);
    assert_eq!(h.signature.split(' ').count(), 2);
    assert!(h.signature.ends_with(EXPECTED));
    assert_eq!(verify(&[&old], &received(&h), BODY, TS), Ok(()));
    assert_eq!(verify(&[&new], &received(&h), BODY, TS), Ok(()));
    let other = WebhookSecret::from_random_bytes(&[9; 24]).unwrap();
    assert_eq!(
        verify(&[&other], &received(&h), BODY, TS),
        Err(VerifyError::Mismatch)
    );
    let mixed = format!("v1a,abcd v2,{} {EXPECTED}", &EXPECTED[3..]);
    let headers = ReceivedHeaders {
        signature: Some(&mixed),
        ..received(&h)
    };
    assert_eq!(verify(&[&old], &headers, BODY, TS), Ok(()));
}

#[test]
fn receiver_refusals_name_the_problem() {
    let h = WebhookHeaders::new(&[&secret()], &id(), TS, BODY);
    let s = [&secret()];
    let missing = ReceivedHeaders {
        timestamp: None,
        ..received(&h)
    };
    assert_eq!(
        verify(&s, &missing, BODY, TS),
        Err(VerifyError::MissingHeader {
            name: "webhook-timestamp"
        })
    );
    let bad_ts = ReceivedHeaders {
        timestamp: Some("1649367553.5"),
        ..received(&h)
    };
    assert!(matches!(
        verify(&s, &bad_ts, BODY, TS),
        Err(VerifyError::BadTimestamp { .. })
    ));
    let no_v1 = ReceivedHeaders {
        signature: Some("v2,AAAA"),
        ..received(&h)
    };
    assert_eq!(verify(&s, &no_v1, BODY, TS), Err(VerifyError::NoSignature));
    // One changed byte of the body, the id or the timestamp breaks the signature.
    assert_eq!(
        verify(
            &s,
            &received(&h),
            br#"{"email":"test@example.com","username":"test_usex"}"#,
            TS
        ),
        Err(VerifyError::Mismatch)
    );
    let other_id = ReceivedHeaders {
        id: Some("msg_27UH4WbU6Z5A5EzD8u03UvzRbpK"),
        ..received(&h)
    };
    assert_eq!(verify(&s, &other_id, BODY, TS), Err(VerifyError::Mismatch));
    let other_ts = ReceivedHeaders {
        timestamp: Some("1649367554"),
        ..received(&h)
    };
    assert_eq!(verify(&s, &other_ts, BODY, TS), Err(VerifyError::Mismatch));
}

proptest! {
    #[test]
    fn what_is_signed_verifies(
        key in proptest::collection::vec(any::<u8>(), 24..=64),
        body in proptest::collection::vec(any::<u8>(), 0..512),
        token in "[A-Za-z0-9_-]{1,40}",
        ts in 0i64..4_000_000_000,
        skew in -TOLERANCE_SECONDS..=TOLERANCE_SECONDS,
    ) {
        let secret = WebhookSecret::from_random_bytes(&key).unwrap();
        prop_assert_eq!(WebhookSecret::parse(&secret.to_text()), Ok(secret.clone()));
        let id = MessageId::from_token(&token).unwrap();
        let h = WebhookHeaders::new(&[&secret], &id, ts, &body);
        prop_assert_eq!(verify(&[&secret], &received(&h), &body, ts + skew), Ok(()));
    }
}
