//! Offline proofs (tlog-proof): build from a log, write, parse, verify with no network; and
//! refuse tampered entries, proofs, indexes, checkpoints and unmet witness policies.

mod common;

use common::{log_signer, published_log, witness};
use rongma_tlog::{OfflineProof, OfflineProofError, ProofError, WitnessPolicy};

fn cosigned_log(size: u64) -> (rongma_tlog::MemoryLog, WitnessPolicy) {
    let mut log = published_log(size);
    let (w1, w2) = (witness(1), witness(2));
    let verifiers = vec![w1.verifier().clone(), w2.verifier().clone()];
    let signed = log.checkpoint_mut().expect("published");
    let text = signed.text().to_vec();
    let lines = format!(
        "{}{}",
        w1.cosign(&text, 1_700_000_000).expect("c"),
        w2.cosign(&text, 1_700_000_001).expect("c")
    );
    signed.add_cosignatures(&lines, &verifiers).expect("attach");
    (log, WitnessPolicy::new(verifiers, 2).expect("policy"))
}

#[test]
fn proof_file_round_trips_and_verifies_offline() {
    let (log, policy) = cosigned_log(1_000);
    let proof = log.offline_proof(777).expect("proof");
    let text = proof.to_text();
    let s = String::from_utf8(text.clone()).expect("utf8");
    assert!(s.starts_with("c2sp.org/tlog-proof@v1\nextra "), "{s}");
    assert!(s.contains("\nindex 777\n"));
    assert_eq!(
        s.matches('—').count(),
        3,
        "log signature and two cosignatures"
    );

    let parsed = OfflineProof::parse(&text).expect("parses");
    assert_eq!(parsed, proof);
    let verified = parsed
        .verify_embedded_entry(log_signer().verifier(), &policy)
        .expect("verifies");
    assert_eq!((verified.index, verified.checkpoint.size()), (777, 1_000));
    assert_eq!(verified.cosignatures.len(), 2);
    assert_eq!(verified.leaf_hash, log.leaf_hash(777).expect("leaf"));
    parsed
        .verify_entry(
            log.entry(777).expect("entry"),
            log_signer().verifier(),
            &policy,
        )
        .expect("explicit entry");
}

#[test]
fn tampering_is_caught() {
    let (log, policy) = cosigned_log(300);
    let key = log_signer();
    let good = log.offline_proof(42).expect("proof");

    let mut wrong_entry = good.clone();
    wrong_entry.extra = Some(log.entry(43).expect("entry").to_vec());
    let err = wrong_entry
        .verify_embedded_entry(key.verifier(), &policy)
        .expect_err("other entry");
    assert_eq!(
        err,
        OfflineProofError::Inclusion(ProofError::Inclusion {
            index: 42,
            size: 300
        })
    );

    let mut wrong_hash = good.clone();
    wrong_hash.proof[3].0[7] ^= 0x40;
    assert!(matches!(
        wrong_hash.verify_embedded_entry(key.verifier(), &policy),
        Err(OfflineProofError::Inclusion(_))
    ));

    let mut wrong_index = good.clone();
    wrong_index.index = 43;
    assert!(wrong_index
        .verify_embedded_entry(key.verifier(), &policy)
        .is_err());

    let mut short = good.clone();
    short.proof.pop();
    assert!(short
        .verify_embedded_entry(key.verifier(), &policy)
        .is_err());

    // A text edit to the checkpoint breaks the log signature.
    let text = String::from_utf8(good.to_text())
        .expect("utf8")
        .replacen("\n300\n", "\n301\n", 1);
    let parsed = OfflineProof::parse(text.as_bytes()).expect("still parses");
    assert!(matches!(
        parsed.verify_embedded_entry(key.verifier(), &policy),
        Err(OfflineProofError::Checkpoint(_))
    ));

    let other = rongma_tlog::LogSigner::from_seed(common::ORIGIN, &[1; 32]).expect("key");
    assert!(matches!(
        good.verify_embedded_entry(other.verifier(), &policy),
        Err(OfflineProofError::Checkpoint(_))
    ));
}

#[test]
fn witness_policy_is_enforced() {
    let log = published_log(50);
    let proof = log.offline_proof(3).expect("proof");
    let key = log_signer();
    proof
        .verify_embedded_entry(key.verifier(), &WitnessPolicy::none())
        .expect("no witnesses required");
    let policy = WitnessPolicy::new(vec![witness(1).verifier().clone()], 1).expect("policy");
    let err = proof
        .verify_embedded_entry(key.verifier(), &policy)
        .expect_err("uncosigned");
    assert!(matches!(
        err,
        OfflineProofError::Checkpoint(rongma_tlog::CheckpointError::QuorumNotMet {
            have: 0,
            need: 1
        })
    ));
}

#[test]
fn malformed_files_are_refused() {
    let (log, _) = cosigned_log(10);
    let good = String::from_utf8(log.offline_proof(0).expect("proof").to_text()).expect("utf8");
    for bad in [
        good.replacen("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2", 1),
        good.replacen("index 0", "index 00", 1),
        good.replacen("index 0\n", "", 1),
        good.replacen("extra ", "extra !", 1),
        good.replacen("\n\n", "\n", 1),
    ] {
        assert!(
            matches!(
                OfflineProof::parse(bad.as_bytes()),
                Err(OfflineProofError::Malformed(_))
            ),
            "{bad}"
        );
    }
    let no_extra = OfflineProof {
        extra: None,
        ..log.offline_proof(0).expect("proof")
    };
    let parsed = OfflineProof::parse(&no_extra.to_text()).expect("extra is optional");
    assert_eq!(parsed.extra, None);
    assert_eq!(
        parsed.verify_embedded_entry(log_signer().verifier(), &WitnessPolicy::none()),
        Err(OfflineProofError::NoEntry)
    );
}
