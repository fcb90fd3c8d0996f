//! The canonical pre-hash string of one event (CBV 2.0, section "EPCIS event hash ID"):
//! `eventType=…`, then the standard fields in the canonical property order, then every
//! other field (ILMD, business transactions, sources and destinations, user extensions)
//! as sorted `key=value` strings. Repeated items are sorted; user extensions inside a
//! standard field follow that field's own values; nothing is separated.

use super::tree::{build, regroup, Node};
use super::values::{canonical_time, canonical_value};
use super::vocab::Namespaces;
use super::HashError;
use serde_json::Value;

/// A field of the canonical property order; `sub` orders its children.
struct Field {
    name: &'static str,
    sub: &'static [Field],
}

const fn f(name: &'static str) -> Field {
    Field { name, sub: &[] }
}

const fn nested(name: &'static str, sub: &'static [Field]) -> Field {
    Field { name, sub }
}

const EPC: &[Field] = &[f("epc")];
const QUANTITY: &[Field] = &[nested(
    "quantityElement",
    &[f("epcClass"), f("quantity"), f("uom")],
)];
const ID: &[Field] = &[f("id")];
const SENSOR_METADATA: &[Field] = &[
    f("time"),
    f("startTime"),
    f("endTime"),
    f("deviceID"),
    f("deviceMetadata"),
    f("rawData"),
    f("dataProcessingMethod"),
    f("bizRules"),
];
#[rustfmt::skip]
const SENSOR_REPORT: &[Field] = &[
    f("type"), f("exception"), f("deviceID"), f("deviceMetadata"), f("rawData"),
    f("dataProcessingMethod"), f("time"), f("microorganism"), f("chemicalSubstance"),
    f("value"), f("component"), f("stringValue"), f("booleanValue"), f("hexBinaryValue"),
    f("uriValue"), f("minValue"), f("maxValue"), f("meanValue"), f("sDev"), f("percRank"),
    f("percValue"), f("uom"), f("coordinateReferenceSystem"),
];
const SENSOR_ELEMENT: &[Field] = &[nested(
    "sensorElement",
    &[
        nested("sensorMetadata", SENSOR_METADATA),
        nested("sensorReport", SENSOR_REPORT),
    ],
)];

/// The canonical property order (the reference implementation places
/// `certificationInfo` third, and the published hashes depend on it).
const EVENT: &[Field] = &[
    f("eventTime"),
    f("eventTimeZoneOffset"),
    f("certificationInfo"),
    f("parentID"),
    nested("epcList", EPC),
    nested("inputEPCList", EPC),
    nested("childEPCs", EPC),
    nested("quantityList", QUANTITY),
    nested("childQuantityList", QUANTITY),
    nested("inputQuantityList", QUANTITY),
    nested("outputEPCList", EPC),
    nested("outputQuantityList", QUANTITY),
    f("action"),
    f("transformationID"),
    f("bizStep"),
    f("disposition"),
    nested("persistentDisposition", &[f("set"), f("unset")]),
    nested("readPoint", ID),
    nested("bizLocation", ID),
    nested("sensorElementList", SENSOR_ELEMENT),
];

/// Top-level keys that take no part in the hash: the hash is the event's ID, the record
/// time is the receiving repository's, and an error declaration is a later statement
/// about the event rather than the event.
const NOT_HASHED: [&str; 5] = [
    "type",
    "eventID",
    "recordTime",
    "errorDeclaration",
    "@context",
];

/// Lists whose items pair a value with its type; the type comes first.
const TYPED_LISTS: [&str; 3] = ["bizTransactionList", "sourceList", "destinationList"];

fn is_time(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("time") && !n.contains("offset")
}

fn sorted_concat(mut parts: Vec<String>) -> String {
    parts.sort_unstable();
    parts.concat()
}

/// A standard field: `name=value` and its ordered children; empty when it has neither.
fn ordered(node: &Node, sub: &[Field]) -> String {
    let text = node
        .value
        .as_deref()
        .map(|v| {
            if is_time(&node.name) {
                canonical_time(v)
            } else {
                canonical_value(v)
            }
        })
        .filter(|t| !t.is_empty());
    let inner = ordered_children(&node.children, sub);
    if text.is_none() && inner.is_empty() {
        return String::new();
    }
    let mut out = node.name.clone();
    if let Some(t) = text {
        out.push('=');
        out.push_str(&t);
    }
    out.push_str(&inner);
    out
}

/// Children in `order`, then the rest (user extensions) sorted.
fn ordered_children(children: &[Node], order: &[Field]) -> String {
    let mut out = String::new();
    for field in order {
        let parts = children
            .iter()
            .filter(|c| c.name == field.name)
            .map(|c| ordered(c, field.sub))
            .filter(|s| !s.is_empty())
            .collect();
        out.push_str(&sorted_concat(parts));
    }
    let rest = children
        .iter()
        .filter(|c| !order.iter().any(|f| f.name == c.name))
        .map(generic)
        .collect();
    out.push_str(&sorted_concat(rest));
    out
}

/// Any other field: `name`, `=value` if it has one, its children sorted.
fn generic(node: &Node) -> String {
    let mut out = node.name.clone();
    if let Some(v) = node
        .value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        out.push('=');
        out.push_str(&canonical_value(v));
    }
    let children = if TYPED_LISTS.contains(&node.name.as_str()) {
        node.children.iter().map(typed_item).collect()
    } else {
        node.children.iter().map(generic).collect()
    };
    out.push_str(&sorted_concat(children));
    out
}

/// `type=…` then `bizTransaction=…` (or `source=…`, `destination=…`).
fn typed_item(item: &Node) -> String {
    let kv = |n: &Node| {
        let v = n.value.as_deref().unwrap_or_default().trim();
        format!("{}={}", n.name, canonical_value(v))
    };
    let types = item.children.iter().filter(|c| c.name == "type").map(kv);
    let values = item.children.iter().filter(|c| c.name == item.name).map(kv);
    let others = item
        .children
        .iter()
        .filter(|c| c.name != "type" && c.name != item.name)
        .map(generic)
        .collect();
    types.chain(values).collect::<String>() + &sorted_concat(others)
}

/// The pre-hash string of `event`; `ignore` lists further top-level keys to leave out
/// (as written in the JSON, e.g. a repository's own bookkeeping fields).
pub fn prehash(event: &Value, ns: &Namespaces, ignore: &[&str]) -> Result<String, HashError> {
    let map = event.as_object().ok_or(HashError::NotAnObject)?;
    let event_type = map
        .get("type")
        .and_then(Value::as_str)
        .ok_or(HashError::MissingType)?;
    let mut children = Vec::with_capacity(map.len());
    for (k, v) in map {
        let skip = NOT_HASHED.contains(&k.as_str())
            || ignore.contains(&k.as_str())
            || k == "rdfs:comment"
            || k == "comment";
        if !skip {
            build(event_type, k, v, ns, &mut children);
        }
    }
    let children = regroup(children);
    Ok(format!(
        "eventType={event_type}{}",
        ordered_children(&children, EVENT)
    ))
}
