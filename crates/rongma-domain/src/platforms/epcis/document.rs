//! The EPCIS document that carries events to a platform or repository.

use super::event::ObjectEvent;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
pub const SCHEMA_VERSION: &str = "2.0";

/// `EPCISDocument` with its creation date and events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpcisDocument {
    pub creation_date: DateTime<Utc>,
    /// Optional document id (a URI), e.g. the feed page's URL.
    pub id: Option<String>,
    pub events: Vec<ObjectEvent>,
}

impl EpcisDocument {
    pub fn new(creation_date: DateTime<Utc>, events: Vec<ObjectEvent>) -> Self {
        Self {
            creation_date,
            id: None,
            events,
        }
    }

    pub fn to_json(&self) -> Value {
        let mut doc = json!({
            "@context": [EPCIS_CONTEXT],
            "type": "EPCISDocument",
            "schemaVersion": SCHEMA_VERSION,
            "creationDate": self.creation_date.to_rfc3339_opts(SecondsFormat::Millis, true),
            "epcisBody": {
                "eventList": self.events.iter().map(ObjectEvent::to_json).collect::<Vec<_>>()
            }
        });
        if let Some(id) = &self.id {
            doc["id"] = json!(id);
        }
        doc
    }
}
