//! The pure core of the e-commerce platform API: what a platform sends us, what we send
//! it, and the rules in between, as functions of their inputs (clocks, random values and
//! DNS answers are passed in). The app layer adds storage, HTTP and scheduling.
//!
//! Layout:
//! - [`webhooks`]: Standard Webhooks — secrets, signatures, headers, verification, and the
//!   delivery policy (response classes, `Retry-After`, retry schedule, payload limit).
//! - [`address`]: which endpoint URLs we may call (https, no internal addresses).
//! - [`claims`]: a listing's claims (grade, 绒子含量, 充绒量, species) read from seller text
//!   and compared with the certificate.
//! - [`epcis`]: EPCIS 2.0 JSON-LD ObjectEvents for codes issued, graded and revoked, and
//!   the document wrapper.
//! - [`epcis_hash`]: CBV 2.0 event hashes (`ni:///sha-256;…?ver=CBV2.0`), the event IDs.
//! - [`linkset`]: RFC 9264 linksets for a Digital Link item and the
//!   `/.well-known/gs1resolver` description.

pub mod address;
pub mod claims;
pub mod epcis;
pub mod epcis_hash;
pub mod linkset;
pub mod webhooks;
