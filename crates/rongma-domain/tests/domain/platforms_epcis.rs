//! EPCIS 2.0 events and documents: their shapes, their event IDs (recomputable by a
//! receiver from the document alone), and validity against GS1's EPCIS 2.0 JSON schema
//! (tests/vectors/epcis-schema).

use chrono::{TimeZone, Utc};
use rongma_domain::codes::{PublicHost, Serial};
use rongma_domain::platforms::epcis::{
    BizStep, EpcisDocument, EventTime, ItemUri, ObjectEvent, EPCIS_CONTEXT,
};
use rongma_domain::platforms::epcis_hash::{document_event_hashes, EventHash};
use serde_json::{json, Value};
use std::path::Path;

const SERIAL: &str = "0123456789ABCDEFGH";

fn serial() -> Serial {
    // Format only; authenticity is the scan path's business.
    Serial::parse(SERIAL).unwrap_or_else(|e| panic!("test serial {SERIAL}: {e}"))
}

fn items() -> Vec<ItemUri> {
    let host = PublicHost::parse("rongma.example.cn").unwrap();
    vec![
        ItemUri::digital_link(&host, "6901234567892", &serial()).unwrap(),
        ItemUri::short(&host, &serial()),
    ]
}

fn at() -> EventTime {
    EventTime::china(Utc.with_ymd_and_hms(2025, 10, 20, 2, 0, 0).unwrap())
}

const CERT: &str = "https://rongma.example.cn/certificates/PH-2025-0001";

/// The schema writes "a URI outside these namespaces" as an ECMA-262 negative lookahead,
/// `"pattern": "^(?!(A|B))"`, which Rust's regex engine does not have; the same
/// constraint is `"not": {"pattern": "^(A|B)"}`. The vendored file stays unchanged.
fn without_lookahead(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let negated = map
                .get("pattern")
                .and_then(Value::as_str)
                .and_then(|p| p.strip_prefix("^(?!"))
                .and_then(|p| p.strip_suffix(')'))
                .map(|inner| format!("^{inner}"));
            if let Some(p) = negated {
                map.remove("pattern");
                map.insert("not".into(), json!({ "pattern": p }));
            }
            map.values_mut().for_each(without_lookahead);
        }
        Value::Array(items) => items.iter_mut().for_each(without_lookahead),
        _ => {}
    }
}

fn schema_check(doc: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/epcis-schema/EPCIS-JSON-Schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    without_lookahead(&mut schema);
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let url = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json";
    compiler.add_resource(url, schema).unwrap();
    let index = compiler.compile(url, &mut schemas).unwrap();
    if let Err(e) = schemas.validate(doc, index) {
        panic!("not valid EPCIS 2.0:\n{e:#}\n{doc:#}");
    }
}

fn is_valid(doc: &Value) -> bool {
    std::panic::catch_unwind(|| schema_check(doc)).is_ok()
}

#[test]
fn item_ids_are_lower_case_web_uris() {
    let [dl, short] = items().try_into().unwrap();
    assert_eq!(
        dl.as_str(),
        format!("https://rongma.example.cn/01/06901234567892/21/{SERIAL}")
    );
    assert_eq!(
        short.as_str(),
        format!("https://rongma.example.cn/C/{SERIAL}")
    );
    assert!(ItemUri::parse("urn:epc:id:sgtin:0614141.107346.2017").is_err());
    assert!(ItemUri::parse("https://x.example/a b").is_err());
    assert!(ItemUri::digital_link(
        &PublicHost::parse("a.cn").unwrap(),
        "6901234567893",
        &serial()
    )
    .is_err());
}

#[test]
fn codes_issued_event_and_its_id() {
    let e = ObjectEvent::codes_issued(items(), at())
        .with_read_point("https://rongma.example.cn/enterprises/91330482MA2B3C4D5E");
    let j = e.to_json();
    assert_eq!(j["type"], "ObjectEvent");
    assert_eq!(j["eventTime"], "2025-10-20T10:00:00.000+08:00");
    assert_eq!(j["eventTimeZoneOffset"], "+08:00");
    assert_eq!(j["action"], "ADD");
    assert_eq!(j["bizStep"], "commissioning");
    assert_eq!(j["disposition"], "active");
    assert_eq!(j["epcList"].as_array().unwrap().len(), 2);
    // The pre-hash string written out by hand from the CBV algorithm: times in UTC,
    // the Digital Link on id.gs1.org, EPCs sorted, vocabulary as Web URIs.
    let expected = format!(
        "eventType=ObjectEventeventTime=2025-10-20T02:00:00.000ZeventTimeZoneOffset=+08:00\
         epcListepc=https://id.gs1.org/01/06901234567892/21/{SERIAL}\
         epc=https://rongma.example.cn/C/{SERIAL}action=ADD\
         bizStep=https://ref.gs1.org/cbv/BizStep-commissioning\
         disposition=https://ref.gs1.org/cbv/Disp-active\
         readPointid=https://rongma.example.cn/enterprises/91330482MA2B3C4D5E"
    );
    assert_eq!(j["eventID"], EventHash::of_prehash(&expected).as_str());
}

#[test]
fn graded_and_revoked_events() {
    let g = ObjectEvent::graded(items(), at(), BizStep::Inspecting, true, CERT).to_json();
    assert_eq!(
        (
            &g["action"],
            &g["bizStep"],
            &g["disposition"],
            &g["certificationInfo"]
        ),
        (
            &json!("OBSERVE"),
            &json!("inspecting"),
            &json!("conformant"),
            &json!(CERT)
        )
    );
    let spot = ObjectEvent::graded(items(), at(), BizStep::Sampling, false, CERT).to_json();
    assert_eq!(
        (&spot["bizStep"], &spot["disposition"]),
        (&json!("sampling"), &json!("non_conformant"))
    );
    assert_ne!(g["eventID"], spot["eventID"]);
    let r = ObjectEvent::revoked(items(), at()).to_json();
    assert_eq!(
        (&r["action"], &r["bizStep"], &r["disposition"]),
        (
            &json!("DELETE"),
            &json!("decommissioning"),
            &json!("inactive")
        )
    );
    assert!(r.get("certificationInfo").is_none());
}

#[test]
fn documents_validate_and_their_event_ids_recompute() {
    let events = vec![
        ObjectEvent::codes_issued(items(), at()),
        ObjectEvent::graded(items(), at(), BizStep::Inspecting, true, CERT)
            .with_read_point("https://rongma.example.cn/labs/7"),
        ObjectEvent::revoked(items(), at()),
    ];
    let mut doc = EpcisDocument::new(Utc.with_ymd_and_hms(2025, 10, 21, 0, 0, 0).unwrap(), events);
    doc.id = Some("https://rongma.example.cn/api/platform/v1/epcis/batches/17".into());
    let j = doc.to_json();
    assert_eq!(j["@context"], json!([EPCIS_CONTEXT]));
    assert_eq!(
        (&j["type"], &j["schemaVersion"]),
        (&json!("EPCISDocument"), &json!("2.0"))
    );
    assert_eq!(j["creationDate"], "2025-10-21T00:00:00.000Z");
    schema_check(&j);
    // A receiver recomputes each eventID from the document alone.
    let ids: Vec<String> = document_event_hashes(&j)
        .unwrap()
        .iter()
        .map(|h| h.to_string())
        .collect();
    let stated: Vec<&str> = j["epcisBody"]["eventList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventID"].as_str().unwrap())
        .collect();
    assert_eq!(ids, stated);
}

#[test]
fn the_schema_check_can_fail() {
    let mut bad = EpcisDocument::new(
        Utc.with_ymd_and_hms(2025, 10, 21, 0, 0, 0).unwrap(),
        vec![ObjectEvent::codes_issued(items(), at())],
    )
    .to_json();
    assert!(is_valid(&bad), "the unchanged document is valid");
    let mut wrong_action = bad.clone();
    wrong_action["epcisBody"]["eventList"][0]["action"] = json!("CREATE");
    assert!(!is_valid(&wrong_action), "an unknown action");
    // The rewritten lookahead still bites: a CBV URN is not an "other" bizStep URI.
    bad["epcisBody"]["eventList"][0]["bizStep"] = json!("urn:epcglobal:cbv:bizstep:commissioning");
    assert!(!is_valid(&bad), "a CBV URN as bizStep");
}
