//! Listing claim checks: does what a shop says about a down jacket (grade, 绒子含量,
//! 充绒量, species) stand on the product's certificate?
//!
//! 1. [`ListingDraft::parse`] / [`parse_listings`] read the seller's text ("5A", "AAAAA",
//!    "90%", "白鹅绒") into a [`ListingClaim`], or name every unreadable field as
//!    `listings[i].field`.
//! 2. The caller looks the product up ([`ListingClaim::product`]) and passes what it
//!    found as a [`Lookup`].
//! 3. [`check_claim`] answers with a [`Verdict`], the certificate as it may be shown, and
//!    one [`Finding`] per unsupported claim with the excess as an exact decimal.
//!
//! Layout: `seller_text` (reading claims), `listing` (drafts and claims), `compare`
//! (verdicts), `findings` (one unsupported claim each).

mod compare;
mod findings;
mod listing;
mod seller_text;

pub use compare::{check_claim, CertificateFacts, CertificateSummary, ClaimCheck, Lookup, Verdict};
pub use findings::{Finding, FindingKind};
pub use listing::{parse_listings, ListingClaim, ListingDraft, ProductKey};
pub use seller_text::{parse_grade, parse_grams, parse_percent, parse_species};
