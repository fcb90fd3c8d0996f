//! CBV 2.0 EPCIS event hashes: `ni:///sha-256;<hex>?ver=CBV2.0` (RFC 6920) over an
//! event's canonical pre-hash string, as GS1's epcis-event-hash-generator specifies and
//! its published vectors fix. The same event in any JSON key order, time zone, EPC URN or
//! Digital Link spelling hashes the same; any change of a hashed value changes the hash.
//! Capturing an event whose hash is already stored is a duplicate.
//!
//! Layout: `tree` (JSON → the node tree), `vocab` (bare terms, URNs, CURIEs), `values`
//! (numbers, times), `epc_uri` and `digital_link` (GS1 identifiers in canonical form),
//! `prehash` (the property order and the string).
//!
//! Where the reference implementation behaves by accident rather than by its algorithm
//! description, this follows the description: the type of a business transaction,
//! source or destination is written first whatever the JSON key order; bare vocabulary
//! terms are expanded only in the fields the EPCIS context gives them; fields of a
//! standard field that are not in the property order are written with its extensions.

mod digital_link;
mod epc_uri;
mod prehash;
mod tree;
mod values;
mod vocab;

pub use prehash::prehash;
pub use vocab::Namespaces;

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;
use thiserror::Error;

/// An event hash ID, e.g. `ni:///sha-256;ffa4…1b4b?ver=CBV2.0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct EventHash(String);

impl EventHash {
    /// The hash ID of a pre-hash string.
    pub fn of_prehash(prehash: &str) -> Self {
        let digest = Sha256::digest(prehash.as_bytes());
        Self(format!("ni:///sha-256;{}?ver=CBV2.0", hex::encode(digest)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HashError {
    #[error("an EPCIS event is a JSON object")]
    NotAnObject,
    #[error("an EPCIS event needs a \"type\" string (ObjectEvent, AggregationEvent …)")]
    MissingType,
    #[error("no event list at epcisBody.eventList, epcisBody.queryResults.resultsBody.eventList or epcisBody.event")]
    NoEvents,
}

/// The hash ID of one event; `ns` holds the CURIE prefixes of its document's `@context`.
pub fn event_hash(event: &Value, ns: &Namespaces) -> Result<EventHash, HashError> {
    prehash(event, ns, &[]).map(|p| EventHash::of_prehash(&p))
}

/// The events of an EPCIS document or query document, with the namespaces of its context.
pub fn document_events(doc: &Value) -> Result<(Namespaces, Vec<&Value>), HashError> {
    let ns = Namespaces::from_context(doc.get("@context").unwrap_or(&Value::Null));
    let body = doc.get("epcisBody").ok_or(HashError::NoEvents)?;
    let list = body
        .get("eventList")
        .or_else(|| body.pointer("/queryResults/resultsBody/eventList"));
    let events = match (list, body.get("event")) {
        (Some(Value::Array(items)), _) => items.iter().collect(),
        (None, Some(single)) => vec![single],
        _ => return Err(HashError::NoEvents),
    };
    Ok((ns, events))
}

/// The hash ID of every event of a document, in document order.
pub fn document_event_hashes(doc: &Value) -> Result<Vec<EventHash>, HashError> {
    let (ns, events) = document_events(doc)?;
    events.into_iter().map(|e| event_hash(e, &ns)).collect()
}
