//! Reads a report from JSON: `{"declared": {…}, "measured": {…, "colour_fastness": {…}}}`.
//!
//! Numbers may be JSON numbers or strings. A JSON number reaches us as an `f64` (the
//! workspace does not enable serde_json's `arbitrary_precision`, which would change
//! `serde_json::Number` for every crate), and is read through its shortest round-trip
//! text: 15.95 stays exactly 15.95. Values needing more than 15 significant digits must
//! be sent as strings.

use super::fields::{error, turbidity_ntu, Group, Raw, FIELDS};
use super::{build, Cell, FIELD_COUNT};
use crate::error::FieldErrors;
use crate::grading::profile::Profile;
use crate::grading::report::Report;
use serde_json::{Map, Value};

impl Report {
    /// Parses a report from JSON text (one object).
    pub fn from_json_str(text: &str, profile: &Profile) -> Result<Report, FieldErrors> {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Report::from_json(&v, profile),
            Err(e) => Err(error(
                "",
                "invalid_json",
                format!("not valid JSON: {e}"),
                format!("不是有效的 JSON：{e}"),
            )
            .into()),
        }
    }

    /// Parses a report from a JSON value, collecting every field error.
    pub fn from_json(value: &Value, profile: &Profile) -> Result<Report, FieldErrors> {
        let mut errs = FieldErrors::new();
        let root = object(value, "", &mut errs);
        let declared = root.and_then(|r| child(r, "declared", "declared", &mut errs));
        let measured = root.and_then(|r| child(r, "measured", "measured", &mut errs));
        let fastness = measured
            .and_then(|m| child(m, "colour_fastness", "measured.colour_fastness", &mut errs));

        // A turbidimeter reading sent instead of the transparency depth.
        let mut ntu = false;
        if let Some(m) = measured {
            for key in m.keys().filter(|k| k.to_ascii_lowercase().contains("ntu")) {
                errs.push(turbidity_ntu(&format!("measured.{key}")));
                ntu = true;
            }
        }

        let mut cells = [Cell::Reported; FIELD_COUNT];
        for (cell, spec) in cells.iter_mut().zip(FIELDS.iter()) {
            let parent = match spec.group {
                Group::Declared => declared,
                Group::Measured => measured,
                Group::Fastness => fastness,
            };
            let Some(parent) = parent else { continue };
            *cell = match parent.get(spec.leaf) {
                None | Some(Value::Null) if ntu && spec.leaf == "turbidity_mm" => Cell::Reported,
                None | Some(Value::Null) => Cell::Absent,
                Some(Value::String(s)) => Cell::Given(Raw::Text(s)),
                Some(Value::Number(n)) => Cell::Given(Raw::Number(n)),
                Some(Value::Bool(_)) => Cell::Given(Raw::Other("a boolean")),
                Some(Value::Array(_)) => Cell::Given(Raw::Other("an array")),
                Some(Value::Object(_)) => Cell::Given(Raw::Other("an object")),
            };
        }
        build(&cells, profile, errs)
    }
}

fn object<'v>(
    value: &'v Value,
    field: &str,
    errs: &mut FieldErrors,
) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(m) => Some(m),
        _ => {
            errs.push(error(
                field,
                "wrong_type",
                "must be a JSON object",
                "必须是 JSON 对象",
            ));
            None
        }
    }
}

fn child<'v>(
    parent: &'v Map<String, Value>,
    key: &str,
    field: &str,
    errs: &mut FieldErrors,
) -> Option<&'v Map<String, Value>> {
    match parent.get(key) {
        None | Some(Value::Null) => {
            errs.push(super::fields::missing(field));
            None
        }
        Some(v) => object(v, field, errs),
    }
}
