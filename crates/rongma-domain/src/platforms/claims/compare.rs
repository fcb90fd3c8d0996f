//! A listing's claims against its product's certificate. Claiming less than certified is
//! allowed (a 5A jacket may be sold as 4A); claiming more is reported field by field with
//! the excess. The answer is plain data a platform can act on without knowing rongma.

use super::findings::{
    content_finding, differs, fill_finding, grade_finding, Finding, FindingKind,
};
use super::listing::ListingClaim;
use crate::grading::Grade;
use crate::ids::Uscc;
use crate::registry::{DownSpecies, SizeFill};
use crate::workflow::CertificateState;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the registry holds for the listed product's current certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFacts {
    pub number: String,
    /// The state on the day of the check (`Certificate::state_on`).
    pub state: CertificateState,
    pub grade: Grade,
    /// Grade of each indicator, by indicator id, as on the certificate.
    pub indicator_grades: BTreeMap<String, Grade>,
    pub species: DownSpecies,
    /// The 绒子含量 the product's label declares.
    pub declared_down_cluster_pct: Decimal,
    /// The declared 充绒量 of each size.
    pub sizes: Vec<SizeFill>,
    pub enterprise: Uscc,
}

/// The registry's answer for the product a listing names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    UnknownProduct,
    NoCertificate,
    Certificate(&'a CertificateFacts),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Consistent,
    /// Some claim is higher than the certificate supports (and none contradicts it).
    ExceedsCertificate,
    /// Some claim contradicts the certificate: another species, enterprise or size.
    ContradictsCertificate,
    NoCertificate,
    CertificateSuspended,
    CertificateRevoked,
    CertificateExpired,
    CertificateSuperseded,
    UnknownProduct,
}

/// The certificate as a listing may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    pub number: String,
    pub state: CertificateState,
    pub grade: Grade,
    pub indicator_grades: BTreeMap<String, Grade>,
}

/// The result for one listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimCheck {
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSummary>,
    pub findings: Vec<Finding>,
}

/// Compares one listing with what the registry found for its product.
pub fn check_claim(claim: &ListingClaim, found: Lookup<'_>) -> ClaimCheck {
    let facts = match found {
        Lookup::UnknownProduct => return bare(Verdict::UnknownProduct),
        Lookup::NoCertificate => return bare(Verdict::NoCertificate),
        Lookup::Certificate(f) => f,
    };
    let summary = CertificateSummary {
        number: facts.number.clone(),
        state: facts.state,
        grade: facts.grade,
        indicator_grades: facts.indicator_grades.clone(),
    };
    let inactive = match facts.state {
        CertificateState::Active => None,
        CertificateState::Suspended => Some(Verdict::CertificateSuspended),
        CertificateState::Revoked => Some(Verdict::CertificateRevoked),
        CertificateState::Expired => Some(Verdict::CertificateExpired),
        CertificateState::Superseded => Some(Verdict::CertificateSuperseded),
    };
    if let Some(verdict) = inactive {
        return ClaimCheck {
            verdict,
            certificate: Some(summary),
            findings: Vec::new(),
        };
    }
    let mut findings = Vec::new();
    if let Some(e) = claim
        .enterprise
        .as_ref()
        .filter(|e| **e != facts.enterprise)
    {
        findings.push(differs(
            "enterprise_credit_code",
            e.as_str().to_owned(),
            facts.enterprise.as_str().to_owned(),
            format!(
                "the listing names enterprise {}, the certificate belongs to {}",
                e.as_str(),
                facts.enterprise.as_str()
            ),
            format!(
                "商品标注企业 {}，证书属于企业 {}",
                e.as_str(),
                facts.enterprise.as_str()
            ),
        ));
    }
    if let Some(s) = claim.species.filter(|s| *s != facts.species) {
        findings.push(differs(
            "species",
            s.as_str().to_owned(),
            facts.species.as_str().to_owned(),
            format!(
                "claimed {} down, certified {} down",
                s.as_str(),
                facts.species.as_str()
            ),
            format!("标称{}，证书为{}", s.label_zh(), facts.species.label_zh()),
        ));
    }
    findings.extend(claim.grade.and_then(|g| grade_finding(g, facts.grade)));
    findings.extend(
        claim
            .down_cluster_pct
            .and_then(|p| content_finding(p, facts.declared_down_cluster_pct)),
    );
    findings.extend(
        claim
            .fill_weight_g
            .and_then(|g| fill_finding(claim, g, &facts.sizes)),
    );
    ClaimCheck {
        verdict: if findings.is_empty() {
            Verdict::Consistent
        } else if findings.iter().any(|f| f.kind == FindingKind::Differs) {
            Verdict::ContradictsCertificate
        } else {
            Verdict::ExceedsCertificate
        },
        certificate: Some(summary),
        findings,
    }
}

fn bare(verdict: Verdict) -> ClaimCheck {
    ClaimCheck {
        verdict,
        certificate: None,
        findings: Vec::new(),
    }
}
