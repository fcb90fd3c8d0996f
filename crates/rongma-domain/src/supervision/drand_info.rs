//! drand chains as configuration (hex strings, as drand's `/info` serves them), the two
//! League of Entropy networks rongma knows by default, and a round as drand's
//! `/public/{round}` serves it.

use super::beacon::{numbers_beacon, Beacon, BeaconSpec, NumbersBeacon};
use super::drand::{DrandChain, DrandError, DrandScheme};
use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// A drand chain in configuration. The default is quicknet, drand's default network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrandChainConfig {
    /// 64 hex digits; plans name the chain by it.
    pub chain_hash: String,
    /// The compressed group public key, hex.
    pub public_key: String,
    /// drand's `schemeID`.
    pub scheme: String,
    /// Unix seconds of round 1.
    pub genesis_time: i64,
    /// Seconds between rounds.
    pub period_secs: u32,
}

impl Default for DrandChainConfig {
    fn default() -> Self {
        Self::quicknet()
    }
}

impl DrandChainConfig {
    /// quicknet (League of Entropy, 3 s rounds, `bls-unchained-g1-rfc9380`).
    pub fn quicknet() -> Self {
        Self {
            chain_hash: "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971".to_owned(),
            public_key: "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a".to_owned(),
            scheme: DrandScheme::BlsUnchainedG1Rfc9380.as_str().to_owned(),
            genesis_time: 1_692_803_367,
            period_secs: 3,
        }
    }

    /// The classic chained network ("default", 30 s rounds, `pedersen-bls-chained`).
    pub fn mainnet_default() -> Self {
        Self {
            chain_hash: "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce".to_owned(),
            public_key: "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31".to_owned(),
            scheme: DrandScheme::PedersenBlsChained.as_str().to_owned(),
            genesis_time: 1_595_431_050,
            period_secs: 30,
        }
    }

    /// Reads drand's `/info` body (`hash` or `chain_hash`; `schemeID` or `scheme`, absent
    /// on old chained networks).
    pub fn from_info_json(text: &str) -> Result<Self, DrandError> {
        #[derive(Deserialize)]
        struct Info {
            public_key: String,
            period: u32,
            genesis_time: i64,
            #[serde(alias = "chain_hash")]
            hash: String,
            #[serde(default, alias = "scheme", rename = "schemeID")]
            scheme_id: Option<String>,
        }
        let info: Info = serde_json::from_str(text).map_err(|e| DrandError::Json(e.to_string()))?;
        Ok(Self {
            chain_hash: info.hash,
            public_key: info.public_key,
            scheme: info
                .scheme_id
                .unwrap_or_else(|| DrandScheme::PedersenBlsChained.as_str().to_owned()),
            genesis_time: info.genesis_time,
            period_secs: info.period,
        })
    }

    /// The chain, with its key decoded and checked.
    pub fn to_chain(&self) -> Result<DrandChain, DrandError> {
        let scheme = DrandScheme::parse(&self.scheme)
            .ok_or_else(|| DrandError::UnknownScheme(self.scheme.clone()))?;
        let mut chain_hash = [0u8; 32];
        hex::decode_to_slice(&self.chain_hash, &mut chain_hash).map_err(|_| {
            DrandError::Json(format!(
                "chain_hash {:?} is not 64 hex digits",
                self.chain_hash
            ))
        })?;
        let key = hex::decode(&self.public_key)
            .map_err(|_| DrandError::BadPublicKey("not hex".to_owned()))?;
        DrandChain::new(
            chain_hash,
            scheme,
            &key,
            self.genesis_time,
            self.period_secs,
        )
    }
}

/// One round as drand serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrandRound {
    pub round: u64,
    pub signature: Vec<u8>,
    /// Present on chained networks.
    pub previous_signature: Option<Vec<u8>>,
    /// What the server said the randomness is; checked against SHA-256(signature).
    pub randomness: Option<[u8; 32]>,
}

impl DrandRound {
    /// Reads drand's `/public/{round}` body.
    pub fn from_json(text: &str) -> Result<Self, DrandError> {
        #[derive(Deserialize)]
        struct Raw {
            round: u64,
            signature: String,
            #[serde(default)]
            previous_signature: Option<String>,
            #[serde(default)]
            randomness: Option<String>,
        }
        let raw: Raw = serde_json::from_str(text).map_err(|e| DrandError::Json(e.to_string()))?;
        let bytes = |field: &str, v: &str| {
            hex::decode(v).map_err(|_| DrandError::Json(format!("{field}: not hex")))
        };
        let randomness = match raw.randomness {
            None => None,
            Some(r) => Some(
                <[u8; 32]>::try_from(bytes("randomness", &r)?)
                    .map_err(|_| DrandError::Json("randomness: expected 32 bytes".to_owned()))?,
            ),
        };
        Ok(Self {
            round: raw.round,
            signature: bytes("signature", &raw.signature)?,
            previous_signature: raw
                .previous_signature
                .as_deref()
                .map(|p| bytes("previous_signature", p))
                .transpose()?,
            randomness,
        })
    }
}

impl DrandChain {
    /// Verifies a served round; its `randomness`, when given, must be SHA-256(signature).
    pub fn verify_round(&self, r: &DrandRound) -> Result<Beacon, DrandError> {
        let beacon = self.verify(r.round, &r.signature, r.previous_signature.as_deref())?;
        match r.randomness {
            Some(claimed) if claimed != *beacon.as_bytes() => {
                Err(DrandError::RandomnessMismatch(r.round))
            }
            _ => Ok(beacon),
        }
    }
}

impl BeaconSpec {
    /// The beacon value from a served drand round, which must be the chain and round the
    /// plan names.
    pub fn drand_beacon(
        &self,
        chain: &DrandChain,
        round: &DrandRound,
    ) -> Result<Beacon, DrandError> {
        let found = format!(
            "drand chain {} round {}",
            hex::encode(chain.chain_hash()),
            round.round
        );
        match self {
            BeaconSpec::Drand { chain: c, round: r }
                if c == chain.chain_hash() && *r == round.round =>
            {
                chain.verify_round(round)
            }
            BeaconSpec::Drand { chain: c, round: r } => Err(DrandError::NotThePlansBeacon {
                expected: format!("drand chain {} round {r}", hex::encode(c)),
                found,
            }),
            BeaconSpec::Numbers { .. } => Err(DrandError::NotThePlansBeacon {
                expected: "a numbers beacon".to_owned(),
                found,
            }),
        }
    }

    /// The beacon value from the official numbers entered for the plan's draws (`None`
    /// when the plan names a drand round instead).
    pub fn numbers_beacon(
        &self,
        entered: &[Vec<String>],
    ) -> Option<Result<NumbersBeacon, FieldErrors>> {
        match self {
            BeaconSpec::Numbers { draws } => Some(numbers_beacon(draws, entered)),
            BeaconSpec::Drand { .. } => None,
        }
    }
}
