//! One ObjectEvent as data, and its JSON-LD with `eventID` set to its CBV 2.0 hash.

use super::item::ItemUri;
use crate::platforms::epcis_hash::{event_hash, EventHash, Namespaces};
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

/// China Standard Time, +08:00.
pub const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Add,
    Observe,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Observe => "OBSERVE",
            Self::Delete => "DELETE",
        }
    }
}

/// The CBV business steps rongma reports (bare JSON-LD terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BizStep {
    Commissioning,
    Inspecting,
    Sampling,
    Decommissioning,
}

impl BizStep {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Commissioning => "commissioning",
            Self::Inspecting => "inspecting",
            Self::Sampling => "sampling",
            Self::Decommissioning => "decommissioning",
        }
    }
}

/// The CBV dispositions rongma reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Active,
    Conformant,
    NonConformant,
    Inactive,
}

impl Disposition {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Conformant => "conformant",
            Self::NonConformant => "non_conformant",
            Self::Inactive => "inactive",
        }
    }
}

/// When an event happened and the offset it is reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTime {
    pub at: DateTime<FixedOffset>,
}

impl EventTime {
    /// `utc` reported at +08:00.
    pub fn china(utc: DateTime<Utc>) -> Self {
        // +08:00 is within ±24 h, so the offset always exists.
        let offset = FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("+08:00 is a valid offset");
        Self {
            at: utc.with_timezone(&offset),
        }
    }

    /// `2025-10-20T10:00:00.000+08:00`
    pub fn event_time(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// `+08:00` (`+00:00` for UTC, as EPCIS writes it).
    pub fn offset(&self) -> String {
        let secs = self.at.offset().local_minus_utc();
        let sign = if secs < 0 { '-' } else { '+' };
        let m = secs.unsigned_abs() / 60;
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

/// An EPCIS ObjectEvent about serialised items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEvent {
    pub time: EventTime,
    pub action: Action,
    pub items: Vec<ItemUri>,
    pub biz_step: BizStep,
    pub disposition: Disposition,
    /// Where it happened, as a URI (an enterprise's or lab's page, a GLN URI …).
    pub read_point: Option<String>,
    /// The certificate(s) an inspection rests on.
    pub certification_info: Vec<String>,
}

impl ObjectEvent {
    /// A batch's codes were issued: ADD, commissioning, active.
    pub fn codes_issued(items: Vec<ItemUri>, time: EventTime) -> Self {
        Self {
            time,
            action: Action::Add,
            items,
            biz_step: BizStep::Commissioning,
            disposition: Disposition::Active,
            read_point: None,
            certification_info: Vec::new(),
        }
    }

    /// Items were sampled and graded: OBSERVE, inspecting (or sampling for a market spot
    /// check), conformant or not, with the certificate URL.
    pub fn graded(
        items: Vec<ItemUri>,
        time: EventTime,
        step: BizStep,
        conformant: bool,
        certificate_url: &str,
    ) -> Self {
        Self {
            time,
            action: Action::Observe,
            items,
            biz_step: step,
            disposition: if conformant {
                Disposition::Conformant
            } else {
                Disposition::NonConformant
            },
            read_point: None,
            certification_info: vec![certificate_url.to_owned()],
        }
    }

    /// The certificate was revoked and the codes withdrawn: DELETE, decommissioning,
    /// inactive.
    pub fn revoked(items: Vec<ItemUri>, time: EventTime) -> Self {
        Self {
            time,
            action: Action::Delete,
            items,
            biz_step: BizStep::Decommissioning,
            disposition: Disposition::Inactive,
            read_point: None,
            certification_info: Vec::new(),
        }
    }

    pub fn with_read_point(mut self, uri: &str) -> Self {
        self.read_point = Some(uri.to_owned());
        self
    }

    /// The event's JSON-LD without `eventID`.
    fn body(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), json!("ObjectEvent"));
        m.insert("eventTime".into(), json!(self.time.event_time()));
        m.insert("eventTimeZoneOffset".into(), json!(self.time.offset()));
        m.insert("epcList".into(), json!(self.items));
        m.insert("action".into(), json!(self.action.as_str()));
        m.insert("bizStep".into(), json!(self.biz_step.as_str()));
        m.insert("disposition".into(), json!(self.disposition.as_str()));
        if let Some(rp) = &self.read_point {
            m.insert("readPoint".into(), json!({ "id": rp }));
        }
        match self.certification_info.as_slice() {
            [] => {}
            [one] => {
                m.insert("certificationInfo".into(), json!(one));
            }
            many => {
                m.insert("certificationInfo".into(), json!(many));
            }
        }
        m
    }

    /// The CBV 2.0 event hash, the event's ID.
    pub fn event_id(&self) -> EventHash {
        let body = Value::Object(self.body());
        // The body is an object with a type, so hashing cannot fail.
        event_hash(&body, &Namespaces::default()).expect("an ObjectEvent body hashes")
    }

    /// The event's JSON-LD with `eventID`.
    pub fn to_json(&self) -> Value {
        let mut m = self.body();
        m.insert("eventID".into(), json!(self.event_id()));
        Value::Object(m)
    }
}
