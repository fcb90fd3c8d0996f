//! A direct JSON writer for results, byte-for-byte the same as serde_json's compact
//! output of the `Serialize` impls (a property test holds the two together).
//!
//! Why: a result is mostly fixed keys and decimals around twelve sentences, and going
//! through serde_json's general serializer costs more than grading the report, so it
//! would bound `rongma grade` on large CSV files. Writing known-safe keys and decimals as
//! raw bytes and escaping only free text leaves grading the larger cost.

use super::{BaselineFailure, ComponentResult, GradingResult, IndicatorResult};
use crate::grading::decimal::DecText;
use crate::grading::explain::{Explain, Lang};
use crate::grading::grade::Grade;
use rust_decimal::Decimal;

impl GradingResult {
    /// Appends this result as compact JSON (the same bytes as `serde_json::to_vec`).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let mut text = String::with_capacity(256);
        out.extend_from_slice(b"{\"gradable\":");
        out.extend_from_slice(if self.gradable { b"true" } else { b"false" });
        out.extend_from_slice(b",\"grade\":");
        grade(out, self.grade);
        out.extend_from_slice(b",\"profile\":{\"id\":");
        string(out, &self.profile.id);
        out.extend_from_slice(b",\"version\":");
        string(out, &self.profile.version);
        out.extend_from_slice(b",\"hash\":");
        raw(out, &self.profile.hash);
        out.extend_from_slice(b"},\"fill_power_method\":");
        raw(out, self.fill_power_method.as_str());
        out.extend_from_slice(b",\"indicators\":");
        array(out, &self.indicators, |out, ind| {
            indicator(out, ind, &mut text)
        });
        out.extend_from_slice(b",\"limiting\":");
        array(out, &self.limiting, |out, id| raw(out, id.as_str()));
        out.extend_from_slice(b",\"baseline_failures\":");
        array(out, &self.baseline_failures, failure);
        out.push(b',');
        explanation(out, self, &mut text);
        out.push(b'}');
    }
}

fn indicator(out: &mut Vec<u8>, r: &IndicatorResult, text: &mut String) {
    out.extend_from_slice(b"{\"id\":");
    raw(out, r.id.as_str());
    out.extend_from_slice(b",\"name\":{\"zh\":");
    string(out, r.name.zh());
    out.extend_from_slice(b",\"en\":");
    string(out, r.name.en());
    out.extend_from_slice(b"},\"unit\":");
    raw(out, r.unit.as_str());
    out.extend_from_slice(b",\"direction\":");
    raw(out, r.direction.as_str());
    out.extend_from_slice(b",\"grade\":");
    grade(out, r.grade);
    facts(
        out,
        r.value,
        r.rounded,
        r.threshold,
        r.next_threshold,
        r.gap,
        r.borderline,
    );
    if !r.components.is_empty() {
        out.extend_from_slice(b",\"components\":");
        array(out, &r.components, component);
    }
    out.push(b',');
    explanation(out, r, text);
    out.push(b'}');
}

fn component(out: &mut Vec<u8>, c: &ComponentResult) {
    out.extend_from_slice(b"{\"id\":");
    raw(out, c.id.as_str());
    out.extend_from_slice(b",\"grade\":");
    grade(out, c.grade);
    facts(
        out,
        Some(c.value),
        Some(c.rounded),
        c.threshold,
        c.next_threshold,
        c.gap,
        c.borderline,
    );
    out.push(b'}');
}

fn failure(out: &mut Vec<u8>, f: &BaselineFailure) {
    out.extend_from_slice(b"{\"id\":");
    raw(out, f.id.as_str());
    if let Some(ind) = f.indicator {
        out.extend_from_slice(b",\"indicator\":");
        raw(out, ind.as_str());
    }
    out.extend_from_slice(b",\"message\":");
    string(out, &f.message);
    out.extend_from_slice(b",\"message_zh\":");
    string(out, &f.message_zh);
    out.push(b'}');
}

/// `[item,item,…]`, each item written by `item`.
fn array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

/// `,"value":…,"rounded":…,"threshold":…,"next_threshold":…,"gap":…,"borderline":…`
fn facts(
    out: &mut Vec<u8>,
    value: Option<Decimal>,
    rounded: Option<Decimal>,
    threshold: Option<Decimal>,
    next: Option<Decimal>,
    gap: Option<Decimal>,
    borderline: bool,
) {
    for (key, v) in [
        (&b",\"value\":"[..], value),
        (b",\"rounded\":", rounded),
        (b",\"threshold\":", threshold),
        (b",\"next_threshold\":", next),
        (b",\"gap\":", gap),
    ] {
        out.extend_from_slice(key);
        match v {
            // Decimal text is digits, '-' and '.', never anything to escape.
            Some(d) => {
                out.push(b'"');
                DecText(d).push_bytes(out);
                out.push(b'"');
            }
            None => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(if borderline {
        b",\"borderline\":true"
    } else {
        b",\"borderline\":false"
    });
}

/// `"explanation":{"zh":…,"en":…}`, from stored text when there is some.
fn explanation<T: Explain>(out: &mut Vec<u8>, item: &T, text: &mut String) {
    out.extend_from_slice(b"\"explanation\":{\"zh\":");
    match item.stored() {
        Some(e) => {
            string(out, &e.zh);
            out.extend_from_slice(b",\"en\":");
            string(out, &e.en);
        }
        None => {
            text.clear();
            item.render(Lang::Zh, text);
            string(out, text);
            out.extend_from_slice(b",\"en\":");
            text.clear();
            item.render(Lang::En, text);
            string(out, text);
        }
    }
    out.push(b'}');
}

fn grade(out: &mut Vec<u8>, g: Option<Grade>) {
    match g {
        Some(g) => {
            out.push(b'"');
            out.extend_from_slice(g.as_str().as_bytes());
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string known to need no escaping (catalogue ids, units, hex).
fn raw(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// A JSON string escaped exactly as serde_json does: quote, backslash and control
/// characters; everything else (including all non-ASCII) as is.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Free text almost never needs escaping: check in one pass, copy in one go.
    if !bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\') {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xf) as usize],
            ]);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}
