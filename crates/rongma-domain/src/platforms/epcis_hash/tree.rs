//! An event's JSON as the tree the pre-hash string is read from: one node per value,
//! array items as repeated siblings, CURIE keys as `{iri}local`, bare vocabulary terms
//! expanded. The JSON binding's shortcuts are undone so that JSON and XML events hash
//! alike: `xxxList` arrays become one `xxxList` node whose items are named `xxx`,
//! `childEPCs` items become `epc`, and the quantity and EPC items of the input, output
//! and child lists get the XML element names `quantityElement` and `epc`.

use super::vocab::{expand_bare, Namespaces};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Node {
    pub name: String,
    pub value: Option<String>,
    pub children: Vec<Node>,
}

/// Keys that are annotations, not data, at any level.
const COMMENTS: [&str; 3] = ["#text", "rdfs:comment", "comment"];

fn scalar_text(v: &Value) -> String {
    // As the reference implementation (Python) writes them.
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

/// Appends the nodes for `key: v` (several for an array) to `out`.
pub(super) fn build(parent: &str, key: &str, v: &Value, ns: &Namespaces, out: &mut Vec<Node>) {
    match v {
        Value::Array(items) => {
            for item in items {
                build(parent, key, item, ns, out);
            }
        }
        Value::Object(map) => {
            let mut children = Vec::with_capacity(map.len());
            for (k, child) in map.iter().filter(|(k, _)| !COMMENTS.contains(&k.as_str())) {
                build(key, k, child, ns, &mut children);
            }
            out.push(Node {
                name: ns.key(key),
                value: map.get("#text").map(scalar_text),
                children: regroup(children),
            });
        }
        scalar => {
            let text = scalar_text(scalar);
            let text = expand_bare(parent, key, &text).unwrap_or_else(|| ns.value(&text));
            out.push(Node {
                name: ns.key(key),
                value: Some(text),
                children: Vec::new(),
            });
        }
    }
}

fn xml_name(node: Node) -> Node {
    let name = match node.name.as_str() {
        "inputEPC" | "outputEPC" => "epc",
        "inputQuantity" | "outputQuantity" | "childQuantity" => "quantityElement",
        "quantity" if !node.children.is_empty() => "quantityElement",
        _ => return node,
    };
    Node {
        name: name.to_owned(),
        ..node
    }
}

/// Gathers list items under one list node each, in first-seen order.
pub(super) fn regroup(children: Vec<Node>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(children.len());
    for child in children {
        let (list, item) = if let Some(stem) = child.name.strip_suffix("List") {
            (child.name.clone(), stem.to_owned())
        } else if child.name == "childEPCs" {
            (child.name.clone(), "epc".to_owned())
        } else {
            out.push(xml_name(child));
            continue;
        };
        let item = xml_name(Node {
            name: item,
            ..child
        });
        match out.iter_mut().find(|n| n.name == list && n.value.is_none()) {
            Some(group) => group.children.push(item),
            None => out.push(Node {
                name: list,
                value: None,
                children: vec![item],
            }),
        }
    }
    out
}
