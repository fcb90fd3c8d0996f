//! Signing and verifying a credit report. The signature is Ed25519 over
//! `SIGNING_CONTEXT ‖ canonical_json(report)`; the signed file is JSON
//! `{"report": {…}, "signature": {"algorithm": "ed25519", "key_name", "key_id", "value"}}`
//! with `value` the base64 of the 64-byte signature.
//!
//! Verification canonicalises the `report` value *as found in the file*, so re-indenting
//! the file or reordering its keys keeps it valid, while changing, adding or removing any
//! value breaks it. Only then is the value read as a [`CreditReport`], strictly (unknown
//! fields refused) and checked to re-serialise to the same canonical bytes, so the value
//! returned is exactly what was signed.

use super::canonical::{canonical_of, Canon, CanonicalError};
use super::report::{CreditReport, REPORT_FORMAT};
use super::verifier_key::{parse_private, private_text, KeyError, VerifierKey};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Prefixed to the canonical report before signing, so a report signature can never be
/// mistaken for a signature over anything else made with the same key.
pub const SIGNING_CONTEXT: &[u8] = b"rongma-credit-report/v1\n";
const ALGORITHM: &str = "ed25519";

/// The `signature` member of a signed report file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureBlock {
    pub algorithm: String,
    pub key_name: String,
    /// 8 lower-case hex digits, as in the verifier key text.
    pub key_id: String,
    /// Base64 (standard, padded) of the 64-byte Ed25519 signature.
    pub value: String,
}

#[derive(Serialize)]
struct SignedFile<'a> {
    report: &'a CreditReport,
    signature: SignatureBlock,
}

/// Why a signed report was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("not a signed credit report: {0}")]
    Malformed(String),
    #[error("signature.algorithm: {0:?} is not supported (only ed25519)")]
    Algorithm(String),
    #[error("signature: made with key {found}, not the verifier key {expected}")]
    WrongKey { found: String, expected: String },
    #[error(
        "signature does not match the report: the report was altered, or not signed by this key"
    )]
    BadSignature,
    #[error("report.format: {0:?} is not a format this rongma reads ({REPORT_FORMAT})")]
    Format(String),
}

/// The private signing key of the report issuer, with its key name.
pub struct ReportSigner {
    name: String,
    key: SigningKey,
    verifier: VerifierKey,
}

impl fmt::Debug for ReportSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ReportSigner({}, private key hidden)",
            self.verifier_key()
        )
    }
}

impl ReportSigner {
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        let key = SigningKey::from_bytes(&seed);
        let verifier = VerifierKey::new(name, key.verifying_key())?;
        Ok(Self {
            name: name.to_owned(),
            key,
            verifier,
        })
    }

    /// Reads `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`.
    pub fn from_private_text(text: &str) -> Result<Self, KeyError> {
        let (name, seed) = parse_private(text)?;
        Self::from_seed(&name, seed)
    }

    /// The private key text (secret: store it like a password, never log it).
    pub fn private_text(&self) -> String {
        private_text(
            &self.name,
            self.key.as_bytes(),
            self.key.verifying_key().as_bytes(),
        )
    }

    pub fn verifier_key(&self) -> VerifierKey {
        self.verifier.clone()
    }

    /// The signed report file (pretty-printed JSON).
    pub fn sign(&self, report: &CreditReport) -> Result<Vec<u8>, CanonicalError> {
        let mut message = SIGNING_CONTEXT.to_vec();
        message.extend(canonical_of(report)?);
        let sig: Signature = self.key.sign(&message);
        let file = SignedFile {
            report,
            signature: SignatureBlock {
                algorithm: ALGORITHM.to_owned(),
                key_name: self.name.clone(),
                key_id: self.verifier.key_id_hex(),
                value: B64.encode(sig.to_bytes()),
            },
        };
        let mut out =
            serde_json::to_vec_pretty(&file).map_err(|e| CanonicalError(e.to_string()))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// Checks a signed report file against the issuer's verifier key and returns the report.
pub fn verify(file: &[u8], key: &VerifierKey) -> Result<CreditReport, VerifyError> {
    let malformed = |m: String| VerifyError::Malformed(m);
    let top = Canon::parse(file).map_err(|e| malformed(e.0))?;
    let Canon::Object(members) = &top else {
        return Err(malformed("the file is not a JSON object".into()));
    };
    if let Some((k, _)) = members
        .iter()
        .find(|(k, _)| k != "report" && k != "signature")
    {
        return Err(malformed(format!(
            "unexpected member {k:?} (only report and signature)"
        )));
    }
    let report = top
        .get("report")
        .ok_or_else(|| malformed("missing report".into()))?;
    let sig = top
        .get("signature")
        .ok_or_else(|| malformed("missing signature".into()))?;
    let sig: SignatureBlock = serde_json::from_slice(&sig.to_bytes())
        .map_err(|e| malformed(format!("signature: {e}")))?;
    if sig.algorithm != ALGORITHM {
        return Err(VerifyError::Algorithm(sig.algorithm));
    }
    if sig.key_name != key.name() || sig.key_id != key.key_id_hex() {
        return Err(VerifyError::WrongKey {
            found: format!("{}+{}", sig.key_name, sig.key_id),
            expected: format!("{}+{}", key.name(), key.key_id_hex()),
        });
    }
    let bytes = B64
        .decode(&sig.value)
        .map_err(|_| malformed("signature.value is not base64".into()))?;
    let signature = Signature::from_slice(&bytes)
        .map_err(|_| malformed("signature.value is not 64 bytes".into()))?;
    let signed = report.to_bytes();
    let mut message = SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&signed);
    key.public_key()
        .verify_strict(&message, &signature)
        .map_err(|_| VerifyError::BadSignature)?;

    if let Some(Canon::Str(f)) = report.get("format") {
        if f != REPORT_FORMAT {
            return Err(VerifyError::Format(f.clone()));
        }
    }
    let parsed: CreditReport =
        serde_json::from_slice(&signed).map_err(|e| malformed(format!("report: {e}")))?;
    let again = canonical_of(&parsed).map_err(|e| malformed(e.0))?;
    if again != signed {
        return Err(malformed("report: signed, but not in the canonical form of this format (a value is spelt differently)".into()));
    }
    Ok(parsed)
}
