//! drand verification against real published rounds. The values are drand's public output
//! (its HTTP API's `/info` and `/public/{round}`), as quoted in public drand client tests.

use chrono::DateTime;
use rongma_domain::supervision::{Beacon, DrandChainConfig, DrandError, DrandRound, DrandScheme};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

const QUICKNET_INFO: &str = r#"{"public_key":"83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a","period":3,"genesis_time":1692803367,"hash":"52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971","groupHash":"f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e","schemeID":"bls-unchained-g1-rfc9380","metadata":{"beaconID":"quicknet"}}"#;
const QUICKNET_1000: &str = r#"{"round":1000,"randomness":"fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd","signature":"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"}"#;
const QUICKNET_123_SIG: &str = "b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92";

const MAINNET_INFO: &str = r#"{"public_key":"868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31","period":30,"genesis_time":1595431050,"hash":"8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce","groupHash":"176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a"}"#;
const MAINNET_72785_PREV: &str = "a609e19a03c2fcc559e8dae14900aaefe517cb55c840f6e69bc8e4f66c8d18e8a609685d9917efbfb0c37f058c2de88f13d297c7e19e0ab24813079efe57a182554ff054c7638153f9b26a60e7111f71a0ff63d9571704905d3ca6df0b031747";
const MAINNET_72785_SIG: &str = "82f5d3d2de4db19d40a6980e8aa37842a0e55d1df06bd68bddc8d60002e8e959eb9cfa368b3c1b77d18f02a54fe047b80f0989315f83b12a74fd8679c4f12aae86eaf6ab5690b34f1fddd50ee3cc6f6cdf59e95526d5a5d82aaa84fa6f181e42";
const MAINNET_72785_RANDOMNESS: &str =
    "8b676484b5fb1f37f9ec5c413d7d29883504e5b669f604a1ce68b3388e9ae3d9";
/// Round 1 of the chained network: its previous signature is the group hash.
const MAINNET_1: &str = r#"{"round":1,"signature":"8d61d9100567de44682506aea1a7a6fa6e5491cd27a0a0ed349ef6910ac5ac20ff7bc3e09d7c046566c9f7f3c6f3b10104990e7cb424998203d8f7de586fb7fa5f60045417a432684f85093b06ca91c769f0e7ca19268375e659c2a2352b4655","previous_signature":"176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a"}"#;

/// drand's unchained pedersen testnet (chain 7672797f…), round 223344.
const UNCHAINED_TESTNET_PK: &str = "8200fc249deb0148eb918d6e213980c5d01acd7fc251900d9260136da3b54836ce125172399ddc69c4e3e11429b62c11";
const UNCHAINED_223344_SIG: &str = "94f6b85df7cce7237e8e7df66d794ddad092de5d8bb6a791b97e905aa89852e506ac36a792eba7021e22eebf34891f8914bf9a8dd9233ea0a4c5ca00ef8404999f899073dd2eade61fe54077fee8168f83dcb61a758b6883b38904054e64a433";
/// A G2 key of another (test) chain with the quicknet scheme: a valid point, the wrong key.
const OTHER_G2_PK: &str = "a1ee12542360bf75742bcade13d6134e7d5283d9eb782887c47d3d9725f05805d37b0106b7f744395bf82c175dd7434a169e998f188a657a030d588892c0cd2c01f996aaf331c4d8bc5b9734bbe261d09e7d2d39ef88b635077f262bd7bbb30f";

#[test]
fn the_builtin_networks_are_the_published_ones() {
    assert_eq!(
        DrandChainConfig::from_info_json(QUICKNET_INFO).unwrap(),
        DrandChainConfig::quicknet()
    );
    assert_eq!(
        DrandChainConfig::from_info_json(MAINNET_INFO).unwrap(),
        DrandChainConfig::mainnet_default()
    );
    assert_eq!(DrandChainConfig::default(), DrandChainConfig::quicknet());
}

#[test]
fn quicknet_rounds_verify_and_give_drands_randomness() {
    let chain = DrandChainConfig::quicknet().to_chain().unwrap();
    assert_eq!(chain.scheme(), DrandScheme::BlsUnchainedG1Rfc9380);
    let round = DrandRound::from_json(QUICKNET_1000).unwrap();
    let beacon = chain.verify_round(&round).unwrap();
    assert_eq!(
        beacon.to_hex(),
        "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd"
    );
    assert!(chain.verify(123, &h(QUICKNET_123_SIG), None).is_ok());
}

#[test]
fn quicknet_rejects_a_flipped_byte_a_wrong_round_and_a_wrong_key() {
    let chain = DrandChainConfig::quicknet().to_chain().unwrap();
    let sig = h(QUICKNET_123_SIG);
    for i in [0, 20, 47] {
        let mut bad = sig.clone();
        bad[i] ^= 0x01;
        assert!(chain.verify(123, &bad, None).is_err(), "byte {i} flipped");
    }
    assert_eq!(
        chain.verify(124, &sig, None),
        Err(DrandError::InvalidSignature(124))
    );
    assert_eq!(
        chain.verify(1000, &sig, None),
        Err(DrandError::InvalidSignature(1000))
    );
    let other = DrandChainConfig {
        public_key: OTHER_G2_PK.to_owned(),
        ..DrandChainConfig::quicknet()
    };
    assert_eq!(
        other.to_chain().unwrap().verify(123, &sig, None),
        Err(DrandError::InvalidSignature(123))
    );
}

#[test]
fn a_served_randomness_that_is_not_the_signatures_hash_is_refused() {
    let chain = DrandChainConfig::quicknet().to_chain().unwrap();
    let mut round = DrandRound::from_json(QUICKNET_1000).unwrap();
    round.randomness = Some([0; 32]);
    assert_eq!(
        chain.verify_round(&round),
        Err(DrandError::RandomnessMismatch(1000))
    );
}

#[test]
fn chained_mainnet_rounds_verify() {
    let chain = DrandChainConfig::mainnet_default().to_chain().unwrap();
    let (prev, sig) = (h(MAINNET_72785_PREV), h(MAINNET_72785_SIG));
    let beacon = chain.verify(72785, &sig, Some(&prev)).unwrap();
    assert_eq!(beacon, Beacon::from_hex(MAINNET_72785_RANDOMNESS).unwrap());
    assert!(chain
        .verify_round(&DrandRound::from_json(MAINNET_1).unwrap())
        .is_ok());

    assert_eq!(
        chain.verify(72785, &sig, None),
        Err(DrandError::MissingPreviousSignature(72785))
    );
    assert_eq!(
        chain.verify(72786, &sig, Some(&prev)),
        Err(DrandError::InvalidSignature(72786))
    );
    let mut bad_prev = prev.clone();
    bad_prev[0] ^= 0xcc;
    assert_eq!(
        chain.verify(72785, &sig, Some(&bad_prev)),
        Err(DrandError::InvalidSignature(72785))
    );
    let mut bad_sig = sig.clone();
    bad_sig[95] ^= 0x01;
    assert!(chain.verify(72785, &bad_sig, Some(&prev)).is_err());
    let other = DrandChainConfig {
        public_key: UNCHAINED_TESTNET_PK.to_owned(),
        ..DrandChainConfig::mainnet_default()
    };
    assert_eq!(
        other.to_chain().unwrap().verify(72785, &sig, Some(&prev)),
        Err(DrandError::InvalidSignature(72785))
    );
}

#[test]
fn unchained_pedersen_rounds_verify() {
    let cfg = DrandChainConfig {
        chain_hash: "7672797f548f3f4748ac4bf3352fc6c6b6468c9ad40ad456a397545c6e2df5bf".to_owned(),
        public_key: UNCHAINED_TESTNET_PK.to_owned(),
        scheme: "pedersen-bls-unchained".to_owned(),
        genesis_time: 1_651_677_099,
        period_secs: 3,
    };
    let chain = cfg.to_chain().unwrap();
    let sig = h(UNCHAINED_223344_SIG);
    assert!(chain.verify(223344, &sig, None).is_ok());
    assert_eq!(
        chain.verify(223343, &sig, None),
        Err(DrandError::InvalidSignature(223343))
    );
}

#[test]
fn keys_and_signatures_must_be_points_and_not_infinity() {
    let mut infinity_g2 = [0u8; 96];
    infinity_g2[0] = 0xc0;
    let cfg = DrandChainConfig {
        public_key: hex::encode(infinity_g2),
        ..DrandChainConfig::quicknet()
    };
    assert!(matches!(cfg.to_chain(), Err(DrandError::BadPublicKey(_))));
    let cfg = DrandChainConfig {
        public_key: "00".repeat(96),
        ..DrandChainConfig::quicknet()
    };
    assert!(matches!(cfg.to_chain(), Err(DrandError::BadPublicKey(_))));
    let cfg = DrandChainConfig {
        scheme: "bls-unchained-on-g1".to_owned(),
        ..DrandChainConfig::quicknet()
    };
    assert!(matches!(cfg.to_chain(), Err(DrandError::UnknownScheme(_))));

    let chain = DrandChainConfig::quicknet().to_chain().unwrap();
    let mut infinity_g1 = [0u8; 48];
    infinity_g1[0] = 0xc0;
    assert!(matches!(
        chain.verify(1, &infinity_g1, None),
        Err(DrandError::BadSignature { .. })
    ));
    assert!(matches!(
        chain.verify(1, &[0u8; 47], None),
        Err(DrandError::BadSignature { .. })
    ));
    assert_eq!(
        chain.verify(0, &h(QUICKNET_123_SIG), None),
        Err(DrandError::RoundZero)
    );
}

#[test]
fn round_numbers_follow_genesis_and_period() {
    let chain = DrandChainConfig::quicknet().to_chain().unwrap();
    let t1000 = DateTime::from_timestamp(1_692_803_367 + 999 * 3, 0).unwrap();
    assert_eq!(chain.round_time(1000), Some(t1000));
    assert_eq!(chain.round_at(t1000), 1000);
    assert_eq!(chain.round_at(t1000 - chrono::Duration::seconds(1)), 999);
    assert_eq!(chain.round_at(t1000 + chrono::Duration::seconds(2)), 1000);
    assert_eq!(
        chain.round_at(DateTime::from_timestamp(1_692_803_366, 0).unwrap()),
        0
    );
    assert_eq!(chain.round_time(0), None);
    // Publishing at round 1000's time: 1000 is already out, 1001 is not.
    assert!(!chain.is_future_round(1000, t1000));
    assert!(chain.is_future_round(1001, t1000));

    let main = DrandChainConfig::mainnet_default().to_chain().unwrap();
    let t = DateTime::from_timestamp(1_595_431_050 + 72784 * 30 + 29, 0).unwrap();
    assert_eq!(main.round_at(t), 72785);
}

#[test]
fn a_plans_drand_beacon_must_be_the_round_it_named() {
    use rongma_domain::supervision::BeaconSpec;
    let chain = DrandChainConfig::quicknet().to_chain().unwrap();
    let round = DrandRound::from_json(QUICKNET_1000).unwrap();
    let spec = BeaconSpec::Drand {
        chain: *chain.chain_hash(),
        round: 1000,
    };
    assert_eq!(
        spec.drand_beacon(&chain, &round).unwrap().to_hex(),
        "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd"
    );
    let other_round = BeaconSpec::Drand {
        chain: *chain.chain_hash(),
        round: 1001,
    };
    assert!(matches!(
        other_round.drand_beacon(&chain, &round),
        Err(DrandError::NotThePlansBeacon { .. })
    ));
    let other_chain = BeaconSpec::Drand {
        chain: [0; 32],
        round: 1000,
    };
    assert!(matches!(
        other_chain.drand_beacon(&chain, &round),
        Err(DrandError::NotThePlansBeacon { .. })
    ));
    let numbers = BeaconSpec::Numbers {
        draws: vec!["a".to_owned()],
    };
    assert!(numbers.drand_beacon(&chain, &round).is_err());
    assert_eq!(
        numbers
            .numbers_beacon(&[vec!["7".to_owned()]])
            .unwrap()
            .unwrap()
            .key_text,
        "7./"
    );
    assert!(spec.numbers_beacon(&[]).is_none());
}
