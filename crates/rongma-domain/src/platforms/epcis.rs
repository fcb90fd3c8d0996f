//! EPCIS 2.0 in JSON-LD: the three ObjectEvents a hang-tag code goes through, and the
//! document that carries them.
//!
//! | what happened | action | bizStep | disposition |
//! |---|---|---|---|
//! | codes issued for a batch | ADD | commissioning | active |
//! | sampled and graded (lab or spot check) | OBSERVE | inspecting / sampling | conformant / non_conformant, with the certificate in certificationInfo |
//! | certificate revoked, codes withdrawn | DELETE | decommissioning | inactive |
//!
//! Items are named by their Digital Link URI (`https://{host}/01/{GTIN}/21/{serial}`), or
//! by the short code URL for products without a GTIN. Times are written in the local
//! offset (+08:00 in China) and every event carries its CBV 2.0 hash as `eventID`, so a
//! receiver can recompute it and a second capture of the same event is recognisable.
//! Corrections are new events with an `errorDeclaration`, never edits; this module
//! builds only the original events.

mod document;
mod event;
mod item;

pub use document::{EpcisDocument, EPCIS_CONTEXT, SCHEMA_VERSION};
pub use event::{Action, BizStep, Disposition, EventTime, ObjectEvent, CHINA_OFFSET_SECONDS};
pub use item::{ItemUri, ItemUriError};
