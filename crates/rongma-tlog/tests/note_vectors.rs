//! Published signed-note, checkpoint, cosignature and witness vectors: Go sumdb's PeterNeumann
//! key and note, and the worked examples of the C2SP specs.

mod common;

use base64::Engine as _;
use common::{b64_hash, vector, vector_text};
use ed25519_dalek::Verifier as _;
use rongma_tlog::{
    note_signatures, AddCheckpointRequest, Checkpoint, CheckpointError, LogSigner, LogVerifier,
    SignedCheckpoint, WitnessSigner, WitnessVerifier,
};
use sha2::{Digest, Sha256};
use signed_note::{Note, VerifierList};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn peter_seed() -> [u8; 32] {
    // PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ 32-byte seed)
    let skey = vector_text("go-sumdb-note/peter.skey");
    let b64 = skey.trim().splitn(5, '+').nth(4).expect("key part");
    let bytes = B64.decode(b64).expect("base64");
    assert_eq!(bytes[0], 0x01);
    bytes[1..].try_into().expect("32-byte seed")
}

#[test]
fn go_peter_neumann_key_and_signature() {
    let signer = LogSigner::from_seed("PeterNeumann", &peter_seed()).expect("key");
    assert_eq!(
        signer.verifier_key(),
        vector_text("go-sumdb-note/peter.vkey").trim()
    );
    assert_eq!(signer.key_id(), 0xc74f_20a3);

    let published = vector_text("go-sumdb-note/peter-and-enoch.note");
    let (text, sigs) = published.rsplit_once("\n\n").expect("note");
    let mut note = Note::new(format!("{text}\n").as_bytes(), &[]).expect("text");
    note.add_sigs(&[&signer]).expect("sign");
    let ours = String::from_utf8(note.to_bytes()).expect("utf8");
    let peter_line = sigs.lines().next().expect("line");
    assert_eq!(
        ours,
        format!("{text}\n\n{peter_line}\n"),
        "Ed25519 is deterministic: same bytes as Go"
    );

    // Both published signature lines, read without verifying.
    let listed = note_signatures(published.as_bytes()).expect("note");
    let ids: Vec<(String, u32)> = listed.iter().map(|s| (s.name.clone(), s.key_id)).collect();
    assert_eq!(
        ids,
        vec![
            ("PeterNeumann".into(), 0xc74f_20a3),
            ("EnochRoot".into(), 0xaf0c_fe78)
        ]
    );
    // The Enoch key verifies its line (and the Peter line is ignored as unknown).
    let enoch = LogVerifier::parse(&vector_text("go-sumdb-note/enoch.vkey")).expect("vkey");
    let parsed = Note::from_bytes(published.as_bytes()).expect("note");
    let (verified, unverified) = parsed
        .verify(&VerifierList::new(vec![Box::new(enoch)]))
        .expect("verifies");
    assert_eq!((verified.len(), unverified.len()), (1, 1));
}

#[test]
fn c2sp_signed_note_example_verifies() {
    let verifier = LogVerifier::parse(&vector_text("c2sp/signed-note-example.vkey")).expect("vkey");
    assert_eq!(
        (verifier.name(), verifier.key_id()),
        ("example.com/foo", 0x530d_903a)
    );
    let note = vector("c2sp/signed-note-example.note");
    let parsed = Note::from_bytes(&note).expect("note");
    parsed
        .verify(&VerifierList::new(vec![Box::new(verifier.clone())]))
        .expect("the spec's example verifies");

    let tampered = String::from_utf8(note)
        .expect("utf8")
        .replace("an example", "an exemple");
    let parsed = Note::from_bytes(tampered.as_bytes()).expect("note");
    assert!(parsed
        .verify(&VerifierList::new(vec![Box::new(verifier)]))
        .is_err());
}

#[test]
fn c2sp_note_text_ends_at_the_last_empty_line() {
    let note = vector("c2sp/signed-note-quasimodo.note");
    let parsed = Note::from_bytes(&note).expect("note");
    assert!(parsed.text().ends_with("ed è subito sera.\n".as_bytes()));
    assert!(parsed.text().starts_with(b"Ognuno sta solo"));
    let sigs = note_signatures(&note).expect("sigs");
    assert_eq!(sigs.len(), 1);
    assert_eq!(sigs[0].name, "quasimodo.example/salvatore");
}

#[test]
fn c2sp_checkpoint_example_parses_and_unknown_keys_are_ignored() {
    let note = vector("c2sp/tlog-checkpoint-example.note");
    let text = Note::from_bytes(&note).expect("note").text().to_vec();
    let checkpoint = Checkpoint::parse_text(&text).expect("checkpoint");
    assert_eq!(checkpoint.origin(), "example.com/behind-the-sofa");
    assert_eq!(checkpoint.size(), 20_852_163);
    assert_eq!(
        checkpoint.root(),
        b64_hash("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    );
    assert_eq!(
        checkpoint.to_text().as_bytes(),
        &text[..],
        "formats back byte for byte"
    );
    // Signed by a key we do not know: ignored, so nothing verifies and the note is rejected.
    let ours = common::log_signer();
    let err = SignedCheckpoint::open(&note, ours.verifier()).expect_err("unknown key");
    assert!(
        matches!(err, CheckpointError::NotSignedByLog { .. }),
        "{err}"
    );
}

#[test]
fn c2sp_cosignature_example_timestamp_and_layout() {
    let note = vector("c2sp/tlog-cosignature-example.note");
    let sigs = note_signatures(&note).expect("sigs");
    assert_eq!(sigs.len(), 2);
    assert_eq!(sigs[1].name, "witness.example.com/w1");
    // The spec's signed-message example carries `time 1679315147`: the same timestamp is the
    // first 8 bytes (big-endian) of the example cosignature.
    assert_eq!(sigs[1].cosignature_timestamp(), Some(1_679_315_147));
    assert_eq!(
        sigs[0].cosignature_timestamp(),
        None,
        "the log's plain Ed25519 signature"
    );
}

#[test]
fn our_cosignature_signs_exactly_the_spec_message() {
    let witness = WitnessSigner::from_seed("witness.example.com/w1", &[42; 32]).expect("key");
    let note = vector("c2sp/tlog-cosignature-example.note");
    let text = Note::from_bytes(&note).expect("note").text().to_vec();
    let line = witness.cosign(&text, 1_679_315_147).expect("cosign");

    let b64 = line.trim_end().rsplit(' ').next().expect("b64");
    let payload = B64.decode(b64).expect("base64");
    assert_eq!(payload.len(), 4 + 8 + 64);
    assert_eq!(
        u32::from_be_bytes(payload[..4].try_into().expect("id")),
        witness.key_id()
    );
    assert_eq!(
        u64::from_be_bytes(payload[4..12].try_into().expect("ts")),
        1_679_315_147
    );

    // Key id per tlog-cosignature: SHA-256(name ‖ "\n" ‖ 0x04 ‖ key)[:4].
    let vkey = witness.verifier_key();
    let public = B64
        .decode(vkey.splitn(3, '+').nth(2).expect("key"))
        .expect("base64");
    assert_eq!(public[0], 0x04);
    let digest = Sha256::new()
        .chain_update(b"witness.example.com/w1\n")
        .chain_update(&public)
        .finalize();
    assert_eq!(
        witness.key_id(),
        u32::from_be_bytes(digest[..4].try_into().expect("4"))
    );

    // The signature is over the spec's signed-message example, byte for byte.
    let message = vector("c2sp/tlog-cosignature-signed-message-example.txt");
    let key = ed25519_dalek::VerifyingKey::from_bytes(&public[1..].try_into().expect("32"))
        .expect("point");
    let sig = ed25519_dalek::Signature::from_slice(&payload[12..]).expect("sig");
    key.verify(&message, &sig)
        .expect("signed message is cosignature/v1\\ntime …\\n‖checkpoint");

    assert!(
        witness.cosign(&text, 0).is_none(),
        "timestamps must be non-zero"
    );
    assert!(
        witness.cosign(&text, 1 << 63).is_none(),
        "timestamps must fit 2^63-1"
    );
    WitnessVerifier::parse(vkey).expect("our vkey parses");
}

#[test]
fn c2sp_witness_request_example_round_trips() {
    let body = vector("c2sp/tlog-witness-add-checkpoint-request-example.txt");
    let request = AddCheckpointRequest::parse(&body).expect("request");
    assert_eq!(request.old_size(), 20_852_014);
    assert_eq!(request.proof().len(), 4);
    assert_eq!(
        request.proof()[0],
        b64_hash("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=")
    );
    assert_eq!(request.origin(), "example.com/behind-the-sofa");
    assert_eq!(request.to_bytes(), body, "formats back byte for byte");
    assert_eq!(
        note_signatures(request.checkpoint_note())
            .expect("sigs")
            .len(),
        2
    );

    let witness = common::witness(1);
    let refusal = request
        .decide(&[], None, &witness, 1_700_000_000)
        .expect_err("unknown origin");
    assert_eq!(refusal.status, 404);
}

#[test]
fn c2sp_witness_response_example_is_signature_lines() {
    let body = vector_text("c2sp/tlog-witness-add-checkpoint-response-example.txt");
    let lines: Vec<_> = body
        .lines()
        .map(|l| signed_note::Signature::from_bytes(l.as_bytes()).expect("line"))
        .collect();
    let names: Vec<&str> = lines.iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        [
            "witness.example/w1",
            "witness.example/w1",
            "witness.example/w2"
        ]
    );
    // Attaching them to one of our checkpoints is refused: we know no such witness.
    let mut log = common::published_log(3);
    let signed = log.checkpoint_mut().expect("published");
    let err = signed
        .add_cosignatures(&body, &[common::witness(1).verifier().clone()])
        .expect_err("unknown");
    assert!(
        matches!(err, CheckpointError::UnknownWitness { .. }),
        "{err}"
    );
}
