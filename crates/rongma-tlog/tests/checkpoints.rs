//! Signing and opening checkpoints, refusing wrong keys and tampered notes, and witness
//! cosignatures: attaching them, verifying them, and quorum policies.

mod common;

use common::{log_signer, published_log, witness, ORIGIN};
use rongma_tlog::{
    Checkpoint, CheckpointError, LogSigner, LogVerifier, SignedCheckpoint, WitnessPolicy,
    WitnessVerifier,
};

#[test]
fn signed_checkpoint_round_trips() {
    let log = published_log(10);
    let signer = log_signer();
    let note = log.checkpoint().expect("published").to_bytes();
    let text = String::from_utf8(note.clone()).expect("utf8");
    assert!(
        text.starts_with(&format!("{ORIGIN}\n10\n{}\n\n— {ORIGIN} ", log.root())),
        "{text}"
    );

    let verifier = LogVerifier::parse(signer.verifier_key()).expect("vkey");
    let opened = SignedCheckpoint::open(&note, &verifier).expect("opens");
    assert_eq!(opened.checkpoint().size(), 10);
    assert_eq!(opened.checkpoint().root(), log.root());
    assert_eq!(opened.to_bytes(), note, "re-serialises byte for byte");
    let mut parts = signer.verifier_key().splitn(3, '+');
    assert_eq!(parts.next(), Some(ORIGIN));
    assert_eq!(
        parts.next(),
        Some(format!("{:08x}", signer.key_id()).as_str())
    );
    use base64::Engine as _;
    let key = base64::engine::general_purpose::STANDARD
        .decode(parts.next().expect("key"))
        .expect("base64");
    assert_eq!(
        (key.len(), key[0]),
        (33, 0x01),
        "0x01 ‖ 32-byte Ed25519 key"
    );
}

#[test]
fn wrong_key_and_tampering_are_refused() {
    let note = published_log(4).checkpoint().expect("published").to_bytes();
    let other = LogSigner::from_seed(ORIGIN, &[8; 32]).expect("key");
    let err = SignedCheckpoint::open(&note, other.verifier()).expect_err("other key, same name");
    assert!(
        matches!(err, CheckpointError::NotSignedByLog { .. }),
        "{err}"
    );

    let text = String::from_utf8(note).expect("utf8");
    let tampered = text.replacen("\n4\n", "\n5\n", 1);
    let err = SignedCheckpoint::open(tampered.as_bytes(), log_signer().verifier())
        .expect_err("tampered size");
    assert!(matches!(err, CheckpointError::BadSignature { .. }), "{err}");

    let err = SignedCheckpoint::open(b"not a note", log_signer().verifier()).expect_err("garbage");
    assert_eq!(err, CheckpointError::MalformedNote);
}

#[test]
fn origin_must_be_the_key_name() {
    let checkpoint =
        Checkpoint::new("other.example/log", 0, rongma_tlog::EMPTY_HASH).expect("checkpoint");
    let err = checkpoint.sign(&log_signer()).expect_err("mismatch");
    assert!(
        matches!(err, CheckpointError::OriginMismatch { .. }),
        "{err}"
    );
    assert!(Checkpoint::new("has space", 0, rongma_tlog::EMPTY_HASH).is_err());
    assert!(Checkpoint::new("has+plus", 0, rongma_tlog::EMPTY_HASH).is_err());
}

#[test]
fn cosignatures_attach_verify_and_count_towards_a_quorum() {
    let mut log = published_log(20);
    let (w1, w2, w3) = (witness(1), witness(2), witness(3));
    let verifiers: Vec<WitnessVerifier> = [&w1, &w2, &w3]
        .iter()
        .map(|w| w.verifier().clone())
        .collect();
    let signed = log.checkpoint_mut().expect("published");
    let text = signed.text().to_vec();
    let lines = format!(
        "{}{}",
        w1.cosign(&text, 1_700_000_001).expect("cosign"),
        w2.cosign(&text, 1_700_000_002).expect("cosign")
    );
    assert_eq!(
        signed.add_cosignatures(&lines, &verifiers).expect("attach"),
        2
    );

    // Served with the cosignatures; a reader with only the log key still opens it.
    let served = signed.to_bytes();
    let opened = SignedCheckpoint::open(&served, log_signer().verifier()).expect("opens");
    assert_eq!(opened.other_signatures().len(), 2);
    let found = opened.verify_cosignatures(&verifiers).expect("verify");
    let names: Vec<(&str, u64)> = found
        .iter()
        .map(|c| (c.witness.as_str(), c.timestamp))
        .collect();
    assert_eq!(
        names,
        [(w1.name(), 1_700_000_001), (w2.name(), 1_700_000_002)]
    );

    let two_of_three = WitnessPolicy::new(verifiers.clone(), 2).expect("policy");
    opened.check_policy(&two_of_three).expect("quorum met");
    let three = WitnessPolicy::new(verifiers.clone(), 3).expect("policy");
    assert_eq!(
        opened.check_policy(&three).expect_err("short"),
        CheckpointError::QuorumNotMet { have: 2, need: 3 }
    );
    assert!(WitnessPolicy::new(verifiers.clone(), 4).is_none());

    // A newer cosignature by the same witness replaces the older one.
    let signed = log.checkpoint_mut().expect("published");
    signed
        .add_cosignatures(
            &w1.cosign(&text, 1_700_000_100).expect("cosign"),
            &verifiers,
        )
        .expect("attach");
    let found = signed.verify_cosignatures(&verifiers).expect("verify");
    assert_eq!(found.len(), 2);
    assert!(found
        .iter()
        .any(|c| c.witness == w1.name() && c.timestamp == 1_700_000_100));
}

#[test]
fn cosignatures_over_another_checkpoint_are_refused() {
    let mut log = published_log(5);
    let stale_text = log.checkpoint().expect("published").text().to_vec();
    let w = witness(1);
    let stale = w.cosign(&stale_text, 1_700_000_000).expect("cosign");
    log.append(&common::entry(5));
    log.publish();
    let signed = log.checkpoint_mut().expect("published");
    let err = signed
        .add_cosignatures(&stale, &[w.verifier().clone()])
        .expect_err("stale");
    assert!(
        matches!(err, CheckpointError::BadCosignature { .. }),
        "{err}"
    );

    // A forged line on a served note: a known witness whose line fails rejects the note.
    let mut served = String::from_utf8(signed.to_bytes()).expect("utf8");
    served.push_str(&stale);
    let opened = SignedCheckpoint::open(served.as_bytes(), log_signer().verifier())
        .expect("log signature still fine");
    let err = opened
        .verify_cosignatures(&[w.verifier().clone()])
        .expect_err("bad cosignature");
    assert!(
        matches!(err, CheckpointError::BadCosignature { .. }),
        "{err}"
    );
}

#[test]
fn witness_verifier_keys_parse_strictly() {
    let w = witness(1);
    let vkey = w.verifier_key().to_owned();
    assert_eq!(
        WitnessVerifier::parse(&vkey).expect("parses").key_id(),
        w.key_id()
    );
    // A log key (type 0x01) is not a cosignature key, and vice versa.
    assert!(WitnessVerifier::parse(log_signer().verifier_key()).is_err());
    assert!(LogVerifier::parse(&vkey).is_err());
    let wrong_id = format!(
        "{}+00000000+{}",
        w.name(),
        vkey.splitn(3, '+').nth(2).expect("key")
    );
    assert!(WitnessVerifier::parse(&wrong_id).is_err());
}
