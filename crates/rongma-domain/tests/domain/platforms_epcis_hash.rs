//! CBV 2.0 event hashes against the published vectors of GS1's reference implementation
//! (tests/vectors/epcis-hash, MIT). Every JSON-LD example file is read; each event's hash
//! must equal the line of the `.hashes` file, and where the `.prehashes` line is the
//! pre-image of that hash our pre-hash string must equal it character for character.

use rongma_domain::platforms::epcis_hash::{
    document_events, event_hash, prehash, EventHash, Namespaces,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/epcis-hash")
}

/// The reference's demo of repository bookkeeping: a document may list top-level keys
/// to leave out of the hash under a prefix bound to `https://repository-x.example.com/`.
fn ignored_fields(doc: &Value) -> Vec<String> {
    let Some(ctx) = doc["@context"].as_array() else {
        return Vec::new();
    };
    let prefix = ctx.iter().filter_map(Value::as_object).find_map(|m| {
        m.iter()
            .find(|(_, iri)| iri.as_str() == Some("https://repository-x.example.com/"))
            .map(|(p, _)| p.clone())
    });
    let Some(prefix) = prefix else {
        return Vec::new();
    };
    let key = format!("{prefix}:ignoreFields");
    let list = doc.get(&key).or_else(|| {
        doc.pointer("/epcisBody/queryResults")
            .and_then(|q| q.get(&key))
    });
    list.and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

struct FileResult {
    name: String,
    events: usize,
    matched: usize,
    prehash_checked: usize,
    mismatches: Vec<String>,
}

fn run(name: &str) -> FileResult {
    let read = |ext: &str| std::fs::read_to_string(dir().join(format!("{name}.{ext}")));
    let doc: Value = serde_json::from_str(&read("jsonld").unwrap()).unwrap();
    let expected: Vec<String> = read("hashes")
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let published_prehashes: Vec<String> = read("prehashes")
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let ignore = ignored_fields(&doc);
    let ignore: Vec<&str> = ignore.iter().map(String::as_str).collect();
    let (ns, events) = document_events(&doc).unwrap();
    let mut r = FileResult {
        name: name.to_owned(),
        events: events.len(),
        matched: 0,
        prehash_checked: 0,
        mismatches: Vec::new(),
    };
    assert_eq!(events.len(), expected.len(), "{name}: events vs hashes");
    for (i, event) in events.iter().enumerate() {
        let ours = prehash(event, &ns, &ignore).unwrap();
        let hash = EventHash::of_prehash(&ours);
        if hash.as_str() == expected[i] {
            r.matched += 1;
        } else {
            r.mismatches.push(format!("{name}[{i}]\n  ours: {ours}\n"));
        }
        if let Some(p) = published_prehashes.get(i) {
            if EventHash::of_prehash(p).as_str() == expected[i] {
                r.prehash_checked += 1;
                assert_eq!(&ours, p, "{name}[{i}] pre-hash string");
            }
        }
    }
    r
}

fn vector_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".jsonld").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn reproduces_every_published_json_vector() {
    let results: Vec<FileResult> = vector_names().iter().map(|n| run(n)).collect();
    for r in &results {
        println!(
            "{:<48} {}/{} events, {} pre-hash strings compared",
            r.name, r.matched, r.events, r.prehash_checked
        );
    }
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.mismatches).collect();
    assert!(results.len() >= 22, "vector files missing");
    assert!(
        failures.is_empty(),
        "{} events differ:\n{failures:#?}",
        failures.len()
    );
}

#[test]
fn key_order_time_zone_and_identifier_spelling_do_not_change_the_hash() {
    let ns = Namespaces::default();
    let a = json!({
        "type": "ObjectEvent",
        "eventTime": "2025-10-20T10:00:00.000+08:00",
        "eventTimeZoneOffset": "+08:00",
        "epcList": ["https://rongma.example.cn/01/06901234567892/21/ABC", "urn:epc:id:sgtin:0614141.107346.2017"],
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "active"
    });
    let b = json!({
        "disposition": "urn:epcglobal:cbv:disp:active",
        "bizStep": "https://ref.gs1.org/cbv/BizStep-commissioning",
        "action": "ADD",
        "epcList": ["https://example.com/gtin/10614141073464/ser/2017?x=1", "https://id.gs1.org/01/06901234567892/21/ABC"],
        "eventTimeZoneOffset": "+08:00",
        "eventTime": "2025-10-20T02:00:00Z",
        "type": "ObjectEvent",
        "recordTime": "2025-10-21T00:00:00Z",
        "eventID": "ni:///sha-256;00?ver=CBV2.0"
    });
    assert_eq!(event_hash(&a, &ns), event_hash(&b, &ns));
    assert_eq!(
        prehash(&a, &ns, &[]).unwrap(),
        "eventType=ObjectEventeventTime=2025-10-20T02:00:00.000ZeventTimeZoneOffset=+08:00\
         epcListepc=https://id.gs1.org/01/06901234567892/21/ABC\
         epc=https://id.gs1.org/01/10614141073464/21/2017action=ADD\
         bizStep=https://ref.gs1.org/cbv/BizStep-commissioning\
         disposition=https://ref.gs1.org/cbv/Disp-active"
    );
    let mut c = a.clone();
    c["disposition"] = json!("inactive");
    assert_ne!(event_hash(&a, &ns), event_hash(&c, &ns));
}

mod props {
    use super::*;
    use chrono::{FixedOffset, TimeZone, Utc};
    use proptest::prelude::*;

    fn event(serials: &[String], offset_hours: i32, secs: i64) -> Value {
        let offset = FixedOffset::east_opt(offset_hours * 3600).unwrap();
        let t = Utc.timestamp_opt(secs, 0).unwrap().with_timezone(&offset);
        let epcs: Vec<String> = serials
            .iter()
            .map(|s| format!("https://rongma.example.cn/01/06901234567892/21/{s}"))
            .collect();
        json!({
            "type": "ObjectEvent",
            "eventTime": t.to_rfc3339(),
            "eventTimeZoneOffset": "+08:00",
            "epcList": epcs,
            "action": "OBSERVE",
            "bizStep": "inspecting",
            "disposition": "conformant",
            "certificationInfo": "https://rongma.example.cn/certificates/PH-2025-0001"
        })
    }

    proptest! {
        #[test]
        fn order_and_offset_do_not_matter_but_serials_do(
            serials in proptest::collection::btree_set("[0-9A-Z]{18}", 1..8),
            offset in -12i32..=14,
            secs in 1_600_000_000i64..1_900_000_000,
            seed in any::<u64>(),
        ) {
            let ns = Namespaces::default();
            let sorted: Vec<String> = serials.into_iter().collect();
            let mut shuffled = sorted.clone();
            shuffled.rotate_left((seed as usize) % sorted.len());
            shuffled.reverse();
            let a = event_hash(&event(&sorted, 8, secs), &ns).unwrap();
            prop_assert_eq!(&a, &event_hash(&event(&shuffled, offset, secs), &ns).unwrap());
            let mut changed = sorted.clone();
            let other = if changed[0].starts_with('Z') { "Y" } else { "Z" };
            changed[0].replace_range(0..1, other);
            prop_assert_ne!(&a, &event_hash(&event(&changed, 8, secs), &ns).unwrap());
            prop_assert_ne!(&a, &event_hash(&event(&sorted, 8, secs + 1), &ns).unwrap());
        }
    }
}
