//! The witness's `add-checkpoint` decision: it cosigns consistent checkpoints and refuses, with
//! the status the spec prescribes, stale sizes, inconsistent histories, bad proofs and bad keys.

mod common;

use common::{entry, entry_v, log_signer, published_log, witness, ORIGIN};
use rongma_tlog::{
    parse_conflict_size, AddCheckpointRequest, Checkpoint, Entry, LogSigner, MemoryLog,
    SignedCheckpoint, WitnessState, EMPTY_HASH,
};

const NOW: u64 = 1_750_000_000;

fn request(log: &MemoryLog, old: u64) -> AddCheckpointRequest {
    let proof = if old == 0 {
        Vec::new()
    } else {
        log.consistency_proof(old, log.size()).expect("proof")
    };
    let note = log.checkpoint().expect("published").to_bytes();
    let body = AddCheckpointRequest::new(old, proof, note)
        .expect("request")
        .to_bytes();
    AddCheckpointRequest::parse(&body).expect("parses its own body")
}

fn keys() -> Vec<rongma_tlog::LogVerifier> {
    vec![log_signer().verifier().clone()]
}

#[test]
fn cosigns_a_growing_log_and_its_cosignatures_verify() {
    let w = witness(1);
    let mut log = published_log(100);
    let first = request(&log, 0)
        .decide(&keys(), None, &w, NOW)
        .expect("first sight");
    assert_eq!(
        first.new_state,
        WitnessState {
            size: 100,
            root: log.root()
        }
    );
    assert!(first.state_changed);

    let entries: Vec<Entry> = (100..1000).map(entry).collect();
    log.append_many(&entries);
    log.publish();
    let next = request(&log, 100)
        .decide(&keys(), Some(&first.new_state), &w, NOW + 5)
        .expect("consistent");
    assert_eq!(next.new_state.size, 1000);

    // The response body attaches to the log's checkpoint and verifies with the witness key.
    let signed = log.checkpoint_mut().expect("published");
    assert_eq!(
        signed
            .add_cosignatures(&next.response_body, &[w.verifier().clone()])
            .expect("attach"),
        1
    );
    let found = signed
        .verify_cosignatures(&[w.verifier().clone()])
        .expect("verify");
    assert_eq!(found[0].timestamp, NOW + 5);

    // The same checkpoint again: cosigned afresh, nothing new to persist.
    let again = request(&log, 1000)
        .decide(&keys(), Some(&next.new_state), &w, NOW + 9)
        .expect("same");
    assert!(!again.state_changed);
}

#[test]
fn refuses_an_inconsistent_checkpoint() {
    // The log key signs a forked history: same first 50 leaves, a different 51st.
    let w = witness(1);
    let honest = published_log(60);
    let seen = request(&honest, 0)
        .decide(&keys(), None, &w, NOW)
        .expect("first")
        .new_state;

    let mut fork = MemoryLog::new(log_signer());
    let forked: Vec<Entry> = (0..80)
        .map(|i| {
            if i == 50 {
                entry_v(i, "forged")
            } else {
                entry(i)
            }
        })
        .collect();
    fork.append_many(&forked);
    fork.publish();
    // The fork's own (valid) proof from 60 proves consistency with *its* size-60 root, not with
    // the root the witness saw.
    let refusal = request(&fork, 60)
        .decide(&keys(), Some(&seen), &w, NOW)
        .expect_err("fork");
    assert_eq!(refusal.status, 422, "{refusal}");

    // A fork at the same size, different root.
    let mut same_size = MemoryLog::new(log_signer());
    let entries: Vec<Entry> = (0..60)
        .map(|i| {
            if i == 7 {
                entry_v(i, "forged")
            } else {
                entry(i)
            }
        })
        .collect();
    same_size.append_many(&entries);
    same_size.publish();
    let refusal = request(&same_size, 60)
        .decide(&keys(), Some(&seen), &w, NOW)
        .expect_err("same size fork");
    assert_eq!(refusal.status, 422, "{refusal}");
}

#[test]
fn refuses_a_stale_old_size_with_409_and_its_size() {
    let w = witness(1);
    let mut log = published_log(10);
    let state = request(&log, 0)
        .decide(&keys(), None, &w, NOW)
        .expect("first")
        .new_state;
    log.append_many(&(10..30).map(entry).collect::<Vec<_>>());
    log.publish();
    for old in [0, 5, 11] {
        let refusal = request(&log, old)
            .decide(&keys(), Some(&state), &w, NOW)
            .expect_err("stale");
        assert_eq!(refusal.status, 409);
        assert_eq!(refusal.content_type, "text/x.tlog.size");
        assert_eq!(refusal.body, "10\n");
        assert_eq!(parse_conflict_size(&refusal.body), Some(10));
    }
    // Retrying from the size the witness announced succeeds.
    assert!(request(&log, 10)
        .decide(&keys(), Some(&state), &w, NOW)
        .is_ok());
}

#[test]
fn refuses_bad_proofs_with_422() {
    let w = witness(1);
    let mut log = published_log(33);
    let state = request(&log, 0)
        .decide(&keys(), None, &w, NOW)
        .expect("first")
        .new_state;
    log.append_many(&(33..90).map(entry).collect::<Vec<_>>());
    log.publish();
    let note = log.checkpoint().expect("published").to_bytes();
    let mut proof = log.consistency_proof(33, 90).expect("proof");
    proof[0].0[0] ^= 1;
    let bad = AddCheckpointRequest::new(33, proof, note.clone()).expect("request");
    assert_eq!(
        bad.decide(&keys(), Some(&state), &w, NOW)
            .expect_err("bad proof")
            .status,
        422
    );
    let truncated = AddCheckpointRequest::new(33, Vec::new(), note.clone()).expect("request");
    assert_eq!(
        truncated
            .decide(&keys(), Some(&state), &w, NOW)
            .expect_err("no proof")
            .status,
        422
    );
    let junk_from_zero = AddCheckpointRequest::new(0, vec![EMPTY_HASH], note).expect("request");
    assert_eq!(
        junk_from_zero
            .decide(&keys(), None, &w, NOW)
            .expect_err("proof from 0")
            .status,
        422
    );
}

#[test]
fn refuses_untrusted_signatures_with_403_and_unknown_origins_with_404() {
    let w = witness(1);
    let log = published_log(3);
    let other = LogSigner::from_seed(ORIGIN, &[9; 32]).expect("key");
    let refusal = request(&log, 0)
        .decide(&[other.verifier().clone()], None, &w, NOW)
        .expect_err("wrong key");
    assert_eq!(refusal.status, 403);

    let note = String::from_utf8(log.checkpoint().expect("published").to_bytes()).expect("utf8");
    let forged = note.replacen("\n3\n", "\n4\n", 1);
    let req = AddCheckpointRequest::new(0, Vec::new(), forged.into_bytes()).expect("request");
    assert_eq!(
        req.decide(&keys(), None, &w, NOW)
            .expect_err("bad signature")
            .status,
        403
    );

    assert_eq!(
        request(&log, 0)
            .decide(&[], None, &w, NOW)
            .expect_err("unknown")
            .status,
        404
    );
}

#[test]
fn refuses_malformed_requests_and_old_sizes_above_the_checkpoint_with_400() {
    let w = witness(1);
    let log = published_log(3);
    let note = log.checkpoint().expect("published").to_bytes();
    let req = AddCheckpointRequest::new(4, Vec::new(), note.clone()).expect("request");
    assert_eq!(
        req.decide(&keys(), None, &w, NOW)
            .expect_err("old > size")
            .status,
        400
    );

    let mut body = b"old 01\n\n".to_vec();
    body.extend_from_slice(&note);
    assert_eq!(
        AddCheckpointRequest::parse(&body)
            .expect_err("leading zero")
            .status,
        400
    );
    assert_eq!(
        AddCheckpointRequest::parse(b"old 0\nnot-a-hash\n\nx\n")
            .expect_err("bad line")
            .status,
        400
    );
    assert_eq!(
        AddCheckpointRequest::parse(b"old 0\n")
            .expect_err("no checkpoint")
            .status,
        400
    );
    assert_eq!(
        AddCheckpointRequest::new(0, vec![EMPTY_HASH; 64], note)
            .expect_err("64 lines")
            .status,
        400
    );
}

#[test]
fn empty_tree_checkpoints_need_the_empty_root() {
    let w = witness(1);
    let signer = log_signer();
    let good = Checkpoint::new(ORIGIN, 0, EMPTY_HASH)
        .expect("cp")
        .sign(&signer)
        .expect("signed");
    let req = AddCheckpointRequest::new(0, Vec::new(), good.to_bytes()).expect("request");
    assert!(req.decide(&keys(), None, &w, NOW).is_ok());
    let bad: SignedCheckpoint = Checkpoint::new(ORIGIN, 0, entry(0).leaf_hash())
        .expect("cp")
        .sign(&signer)
        .expect("signed");
    let req = AddCheckpointRequest::new(0, Vec::new(), bad.to_bytes()).expect("request");
    assert_eq!(
        req.decide(&keys(), None, &w, NOW)
            .expect_err("wrong empty root")
            .status,
        422
    );
}
