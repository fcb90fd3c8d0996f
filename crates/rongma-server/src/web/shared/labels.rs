//! Labels of domain values in the page's language: species, colour, certificate state and
//! the grade badge as the hang tag prints it.

use crate::i18n::Tr;
use rongma_domain::registry::{DownColour, DownSpecies};
use rongma_domain::workflow::CertificateState;

pub fn species_label(tr: Tr, s: DownSpecies) -> &'static str {
    tr.t(match s {
        DownSpecies::Duck => "species.duck",
        DownSpecies::Goose => "species.goose",
    })
}

pub fn colour_label(tr: Tr, c: DownColour) -> &'static str {
    tr.t(match c {
        DownColour::White => "colour.white",
        DownColour::Grey => "colour.grey",
    })
}

/// Down colour and species as a label says them: 白鸭绒 / White duck down.
pub fn down_label(tr: Tr, c: DownColour, s: DownSpecies) -> String {
    match tr.0 {
        crate::i18n::Lang::Zh => format!("{}{}", c.label_zh(), s.label_zh()),
        crate::i18n::Lang::En => {
            let species = species_label(tr, s).to_lowercase();
            format!("{} {species}", colour_label(tr, c))
        }
    }
}

pub fn certificate_state_label(tr: Tr, s: CertificateState) -> &'static str {
    tr.t(match s {
        CertificateState::Active => "certificate.state.active",
        CertificateState::Suspended => "certificate.state.suspended",
        CertificateState::Revoked => "certificate.state.revoked",
        CertificateState::Expired => "certificate.state.expired",
        CertificateState::Superseded => "certificate.state.superseded",
    })
}

/// A grade as on the hang tag: "AAAA 级 / 4A".
pub fn badge(g: rongma_domain::grading::Grade) -> String {
    let s = g.to_string();
    let n: usize = s.trim_end_matches('A').parse().unwrap_or(0);
    format!("{} 级 / {s}", "A".repeat(n))
}
