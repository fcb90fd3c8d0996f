//! drand beacons: a chain's parameters (public key, scheme, genesis, period), a round's
//! signature checked against the chain's key, and the round published at a given time.
//!
//! The beacon value of a verified round is drand's own randomness, SHA-256(signature), so
//! anyone can compare it with what drand serves. Verification is a BLS pairing check on
//! BLS12-381 (zkcrypto `bls12_381`, RFC 9380 hash-to-curve); points are decoded with their
//! subgroup check, and the identity is refused for both key and signature (with both at
//! infinity any message would "verify").

use super::beacon::Beacon;
use bls12_381::hash_to_curve::{ExpandMsgXmd, HashToCurve};
use bls12_381::{
    multi_miller_loop, G1Affine, G1Projective, G2Affine, G2Prepared, G2Projective, Gt,
};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// DST of signatures on G1 (quicknet), RFC 9380 suite `BLS12381G1_XMD:SHA-256_SSWU_RO_`.
const DST_G1: &[u8] = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
/// DST of signatures on G2 (the League of Entropy's classic chained network).
const DST_G2: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_";

/// The signature schemes rongma can verify, by drand's `schemeID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrandScheme {
    /// Classic: key on G1, signature on G2, message SHA-256(previous signature ‖ round).
    PedersenBlsChained,
    /// Key on G1, signature on G2, message SHA-256(round).
    PedersenBlsUnchained,
    /// quicknet: key on G2, signature on G1, message SHA-256(round).
    BlsUnchainedG1Rfc9380,
}

impl DrandScheme {
    pub const ALL: [DrandScheme; 3] = [
        DrandScheme::PedersenBlsChained,
        DrandScheme::PedersenBlsUnchained,
        DrandScheme::BlsUnchainedG1Rfc9380,
    ];

    /// drand's `schemeID`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DrandScheme::PedersenBlsChained => "pedersen-bls-chained",
            DrandScheme::PedersenBlsUnchained => "pedersen-bls-unchained",
            DrandScheme::BlsUnchainedG1Rfc9380 => "bls-unchained-g1-rfc9380",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the message signed includes the previous round's signature.
    pub const fn is_chained(self) -> bool {
        matches!(self, DrandScheme::PedersenBlsChained)
    }

    /// The message signed for a round: SHA-256(previous signature ‖ round as u64 BE), the
    /// previous signature being empty for unchained schemes.
    pub fn message(self, round: u64, previous_signature: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        if self.is_chained() {
            h.update(previous_signature);
        }
        h.update(round.to_be_bytes());
        h.finalize().into()
    }
}

/// Why a drand chain or round was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrandError {
    #[error("unknown drand scheme {0:?}: expected pedersen-bls-chained, pedersen-bls-unchained or bls-unchained-g1-rfc9380")]
    UnknownScheme(String),
    #[error("public key: {0}")]
    BadPublicKey(String),
    #[error("period: must be at least one second")]
    BadPeriod,
    #[error("round {round}: signature: {reason}")]
    BadSignature { round: u64, reason: String },
    #[error("round {0}: previous_signature is required by the chained scheme")]
    MissingPreviousSignature(u64),
    #[error("round {0}: the signature does not verify against the chain's public key")]
    InvalidSignature(u64),
    #[error("round {0}: randomness is not SHA-256 of the signature")]
    RandomnessMismatch(u64),
    #[error("round 0 does not exist: drand rounds start at 1")]
    RoundZero,
    #[error("drand JSON: {0}")]
    Json(String),
    #[error("the plan's beacon is {expected}, not {found}")]
    NotThePlansBeacon { expected: String, found: String },
}

/// One drand network, from configuration: `chain_hash` names it in plans.
#[derive(Debug, Clone)]
pub struct DrandChain {
    chain_hash: [u8; 32],
    scheme: DrandScheme,
    key: PublicKey,
    genesis_time: i64,
    period_secs: u32,
}

#[derive(Debug, Clone)]
enum PublicKey {
    G1(G1Affine),
    G2(G2Affine),
}

impl DrandChain {
    /// A chain from its parameters; the key is the compressed point drand publishes
    /// (48 bytes on G1 for the pedersen schemes, 96 bytes on G2 for quicknet).
    pub fn new(
        chain_hash: [u8; 32],
        scheme: DrandScheme,
        public_key: &[u8],
        genesis_time: i64,
        period_secs: u32,
    ) -> Result<Self, DrandError> {
        if period_secs == 0 {
            return Err(DrandError::BadPeriod);
        }
        let key = match scheme {
            DrandScheme::BlsUnchainedG1Rfc9380 => {
                PublicKey::G2(g2(public_key).map_err(DrandError::BadPublicKey)?)
            }
            _ => PublicKey::G1(g1(public_key).map_err(DrandError::BadPublicKey)?),
        };
        Ok(Self {
            chain_hash,
            scheme,
            key,
            genesis_time,
            period_secs,
        })
    }

    pub fn chain_hash(&self) -> &[u8; 32] {
        &self.chain_hash
    }

    pub fn scheme(&self) -> DrandScheme {
        self.scheme
    }

    pub fn genesis_time(&self) -> i64 {
        self.genesis_time
    }

    pub fn period_secs(&self) -> u32 {
        self.period_secs
    }

    /// Checks a round's signature and returns its randomness, SHA-256(signature).
    pub fn verify(
        &self,
        round: u64,
        signature: &[u8],
        previous_signature: Option<&[u8]>,
    ) -> Result<Beacon, DrandError> {
        if round == 0 {
            return Err(DrandError::RoundZero);
        }
        let previous = match (self.scheme.is_chained(), previous_signature) {
            (true, None) => return Err(DrandError::MissingPreviousSignature(round)),
            (true, Some(p)) => p,
            (false, _) => &[],
        };
        let msg = self.scheme.message(round, previous);
        let bad = |reason| DrandError::BadSignature { round, reason };
        let ok = match &self.key {
            PublicKey::G2(pk) => {
                let sig = g1(signature).map_err(bad)?;
                let h = G1Affine::from(
                    <G1Projective as HashToCurve<ExpandMsgXmd<Sha256>>>::hash_to_curve(
                        [msg],
                        DST_G1,
                    ),
                );
                // e(sig, g2) = e(H(m), pk)  ⇔  e(sig, −g2) · e(H(m), pk) = 1
                let neg_g2 = G2Prepared::from(-G2Affine::generator());
                let pk = G2Prepared::from(*pk);
                multi_miller_loop(&[(&sig, &neg_g2), (&h, &pk)]).final_exponentiation()
                    == Gt::identity()
            }
            PublicKey::G1(pk) => {
                let sig = g2(signature).map_err(bad)?;
                let h = G2Affine::from(
                    <G2Projective as HashToCurve<ExpandMsgXmd<Sha256>>>::hash_to_curve(
                        [msg],
                        DST_G2,
                    ),
                );
                // e(g1, sig) = e(pk, H(m))  ⇔  e(−g1, sig) · e(pk, H(m)) = 1
                let neg_g1 = -G1Affine::generator();
                let (sig, h) = (G2Prepared::from(sig), G2Prepared::from(h));
                multi_miller_loop(&[(&neg_g1, &sig), (pk, &h)]).final_exponentiation()
                    == Gt::identity()
            }
        };
        if !ok {
            return Err(DrandError::InvalidSignature(round));
        }
        Ok(Beacon::from_bytes(Sha256::digest(signature).into()))
    }

    /// The latest round published at time `t` (0 before genesis):
    /// ⌊(t − genesis) / period⌋ + 1, with `t` in whole seconds.
    pub fn round_at(&self, t: DateTime<Utc>) -> u64 {
        let since = t.timestamp().saturating_sub(self.genesis_time);
        if since < 0 {
            return 0;
        }
        since.unsigned_abs() / u64::from(self.period_secs) + 1
    }

    /// When a round is published: genesis + (round − 1)·period, `None` for round 0 or a
    /// time beyond what chrono represents.
    pub fn round_time(&self, round: u64) -> Option<DateTime<Utc>> {
        let steps = i64::try_from(round.checked_sub(1)?).ok()?;
        let secs = steps
            .checked_mul(i64::from(self.period_secs))?
            .checked_add(self.genesis_time)?;
        DateTime::from_timestamp(secs, 0)
    }

    /// Whether a plan published at `published_at` may name `round`: only a round not yet
    /// published then (its randomness unknown to whoever wrote the plan).
    pub fn is_future_round(&self, round: u64, published_at: DateTime<Utc>) -> bool {
        round > self.round_at(published_at)
    }
}

fn g1(bytes: &[u8]) -> Result<G1Affine, String> {
    let arr: &[u8; 48] = bytes.try_into().map_err(|_| {
        format!(
            "expected 48 bytes (a compressed G1 point), got {}",
            bytes.len()
        )
    })?;
    let p = Option::<G1Affine>::from(G1Affine::from_compressed(arr))
        .ok_or("not a point of the G1 subgroup")?;
    if bool::from(p.is_identity()) {
        return Err("the point at infinity is not allowed".to_owned());
    }
    Ok(p)
}

fn g2(bytes: &[u8]) -> Result<G2Affine, String> {
    let arr: &[u8; 96] = bytes.try_into().map_err(|_| {
        format!(
            "expected 96 bytes (a compressed G2 point), got {}",
            bytes.len()
        )
    })?;
    let p = Option::<G2Affine>::from(G2Affine::from_compressed(arr))
        .ok_or("not a point of the G2 subgroup")?;
    if bool::from(p.is_identity()) {
        return Err("the point at infinity is not allowed".to_owned());
    }
    Ok(p)
}
