//! The plan's header fields (everything but `enterprises`), from JSON values to typed
//! values, with every problem named by field and index. Cross-checks that need the
//! enterprises (a conflict naming an unknown enterprise, duplicate ids) are in
//! `plan_check`.

use super::plan::{Conflict, Inspector, PlanHash, PlanHeader, StratumRatio, ALGORITHM};
use super::plan_beacon::beacon_spec;
use super::ratio::Ratio;
use crate::{FieldError, FieldErrors};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The longest id or stratum label, in bytes.
pub const MAX_LABEL_BYTES: usize = 128;

pub(super) fn err(
    field: impl Into<String>,
    code: &str,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> FieldError {
    FieldError::new(field, code, en, zh)
}

pub(super) fn required(field: &str) -> FieldError {
    err(field, "required", "is required", "必填")
}

/// What is wrong with an id or label, if anything: it must be non-empty, at most 128
/// bytes, without control characters (the draw joins parts with 0x00, so a NUL inside one
/// would make two different inputs alike).
pub(super) fn label_problem(s: &str) -> Option<(&'static str, &'static str, &'static str)> {
    if s.is_empty() {
        Some(("empty", "must not be empty", "不能为空"))
    } else if s.len() > MAX_LABEL_BYTES {
        Some(("too_long", "must be at most 128 bytes", "不能超过 128 字节"))
    } else if s.chars().any(char::is_control) {
        Some((
            "control_character",
            "must not contain control characters",
            "不能包含控制字符",
        ))
    } else {
        None
    }
}

pub(super) fn label(field: &str, s: &str) -> Result<(), FieldError> {
    match label_problem(s) {
        Some((code, en, zh)) => Err(err(field, code, en, zh)),
        None => Ok(()),
    }
}

pub(super) fn string<'v>(field: &str, v: Option<&'v Value>) -> Result<&'v str, FieldError> {
    match v {
        None => Err(required(field)),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(err(field, "not_string", "must be a string", "必须是字符串")),
    }
}

pub(super) fn label_at<'v>(field: &str, v: Option<&'v Value>) -> Result<&'v str, FieldError> {
    let s = string(field, v)?;
    label(field, s)?;
    Ok(s)
}

/// The entries of an array of objects, each with its field prefix (`strata[2]`).
fn objects<'v>(
    field: &str,
    v: Option<&'v Value>,
    errors: &mut FieldErrors,
) -> Vec<(String, &'v Map<String, Value>)> {
    let items = match v {
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.push(err(field, "not_array", "must be an array", "必须是数组"));
            return Vec::new();
        }
        None => return Vec::new(),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{field}[{i}]");
        match item {
            Value::Object(o) => out.push((at, o)),
            _ => errors.push(err(at, "not_object", "must be an object", "必须是对象")),
        }
    }
    out
}

fn rest(o: &Map<String, Value>, known: &[&str]) -> Map<String, Value> {
    o.iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Reads the header; `enterprises` tells whether that field was present and an array.
pub(super) fn header(
    mut fields: Map<String, Value>,
    enterprises: Option<bool>,
    hash: PlanHash,
) -> Result<PlanHeader, FieldErrors> {
    let mut errors = FieldErrors::new();
    match string("algorithm", fields.get("algorithm")) {
        Ok(ALGORITHM) => {}
        Ok(other) => errors.push(err(
            "algorithm",
            "unknown_algorithm",
            format!("unknown algorithm {other:?}; expected {ALGORITHM:?}"),
            format!("未知算法“{other}”，应为“{ALGORITHM}”"),
        )),
        Err(e) => errors.push(e),
    }
    match enterprises {
        None => errors.push(required("enterprises")),
        Some(false) => errors.push(err(
            "enterprises",
            "not_array",
            "must be an array",
            "必须是数组",
        )),
        Some(true) => {}
    }

    let mut strata = Vec::new();
    let mut seen: HashMap<&str, String> = HashMap::new();
    if !fields.contains_key("strata") {
        errors.push(required("strata"));
    }
    for (at, o) in objects("strata", fields.get("strata"), &mut errors) {
        let stratum = errors.collect(label_at(&format!("{at}.stratum"), o.get("stratum")));
        let ratio = match string(&format!("{at}.ratio"), o.get("ratio")) {
            Ok(t) => Ratio::parse(t).map_err(|e| {
                err(
                    format!("{at}.ratio"),
                    "ratio",
                    e.to_string(),
                    "必须是 0 到 1 之间的普通小数字符串（如 \"0.05\"）",
                )
            }),
            Err(e) => Err(e),
        };
        let ratio = errors.collect(ratio);
        if let Some(s) = stratum {
            if let Some(first) = seen.insert(s, at.clone()) {
                errors.push(err(
                    format!("{at}.stratum"),
                    "duplicate_stratum",
                    format!("stratum {s:?} is already listed at {first}"),
                    format!("层级“{s}”已在 {first} 列出"),
                ));
            }
        }
        if let (Some(s), Some(ratio)) = (stratum, ratio) {
            strata.push(StratumRatio {
                stratum: s.to_owned(),
                ratio,
                extra: rest(o, &["stratum", "ratio"]),
            });
        }
    }

    let mut inspectors = Vec::new();
    let mut ids: HashMap<&str, String> = HashMap::new();
    for (at, o) in objects("inspectors", fields.get("inspectors"), &mut errors) {
        let id = errors.collect(label_at(&format!("{at}.id"), o.get("id")));
        let name = errors.collect(string(&format!("{at}.name"), o.get("name")));
        if let Some(id) = id {
            if let Some(first) = ids.insert(id, at.clone()) {
                errors.push(err(
                    format!("{at}.id"),
                    "duplicate_inspector",
                    format!("inspector id {id:?} is already used by {first}"),
                    format!("检查人员编号“{id}”已被 {first} 使用"),
                ));
            }
        }
        if let (Some(id), Some(name)) = (id, name) {
            inspectors.push(Inspector {
                id: id.to_owned(),
                name: name.to_owned(),
                extra: rest(o, &["id", "name"]),
            });
        }
    }
    if matches!(fields.get("inspectors"), Some(Value::Array(a)) if a.is_empty()) {
        errors.push(err(
            "inspectors",
            "no_inspectors",
            "at least one inspector is required",
            "至少需要一名检查人员",
        ));
    } else if !fields.contains_key("inspectors") {
        errors.push(required("inspectors"));
    }

    let per_enterprise = match fields.get("inspectors_per_enterprise") {
        None => Err(required("inspectors_per_enterprise")),
        Some(v) => v
            .as_u64()
            .and_then(|m| u32::try_from(m).ok())
            .filter(|m| *m >= 1)
            .ok_or_else(|| {
                err(
                    "inspectors_per_enterprise",
                    "per_enterprise",
                    "must be an integer of at least 1",
                    "必须是不小于 1 的整数",
                )
            }),
    };
    let per_enterprise = errors.collect(per_enterprise).unwrap_or(1);
    if !inspectors.is_empty() && per_enterprise as usize > ids.len() {
        errors.push(err(
            "inspectors_per_enterprise",
            "per_enterprise_too_large",
            format!(
                "{per_enterprise} is more than the {} inspectors listed",
                ids.len()
            ),
            format!("{per_enterprise} 超过了所列检查人员人数 {}", ids.len()),
        ));
    }

    let mut conflicts = Vec::new();
    for (at, o) in objects("conflicts", fields.get("conflicts"), &mut errors) {
        let enterprise = errors.collect(label_at(&format!("{at}.enterprise"), o.get("enterprise")));
        let inspector = errors.collect(label_at(&format!("{at}.inspector"), o.get("inspector")));
        if let Some(i) = inspector.filter(|i| !ids.contains_key(i)) {
            errors.push(err(
                format!("{at}.inspector"),
                "unknown_inspector",
                format!("no inspector has id {i:?}"),
                format!("没有编号为“{i}”的检查人员"),
            ));
        }
        if let (Some(e), Some(i)) = (enterprise, inspector) {
            let extra = rest(o, &["enterprise", "inspector"]);
            conflicts.push(Conflict {
                enterprise: e.to_owned(),
                inspector: i.to_owned(),
                extra,
            });
        }
    }

    let beacon = match fields.get("beacon") {
        None => None,
        Some(v) => errors.collect(beacon_spec(v)),
    };
    errors.into_result(())?;
    for known in [
        "algorithm",
        "strata",
        "inspectors",
        "inspectors_per_enterprise",
        "conflicts",
        "beacon",
    ] {
        fields.remove(known);
    }
    Ok(PlanHeader {
        hash,
        strata,
        inspectors,
        per_enterprise,
        conflicts,
        beacon,
        extra: fields,
    })
}
