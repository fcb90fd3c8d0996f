//! The plan's `beacon` field: which drand round, or which public lottery draws, will
//! supply the randomness. Strict: no keys beyond the source's own.

use super::beacon::BeaconSpec;
use super::plan_fields::{err, label_at, required, string};
use crate::FieldError;
use serde_json::Value;

/// `beacon`: `{"source":"drand","chain":hex,"round":R}` or `{"source":"numbers","draws":[…]}`,
/// with no other keys (a beacon is too important to carry unread text).
pub(super) fn beacon_spec(v: &Value) -> Result<BeaconSpec, FieldError> {
    let o = v
        .as_object()
        .ok_or_else(|| err("beacon", "not_object", "must be an object", "必须是对象"))?;
    let source = string("beacon.source", o.get("source"))?;
    let allowed: &[&str] = match source {
        "drand" => &["source", "chain", "round"],
        "numbers" => &["source", "draws"],
        _ => {
            return Err(err(
                "beacon.source",
                "beacon_source",
                "must be \"drand\" or \"numbers\"",
                "必须是 \"drand\" 或 \"numbers\"",
            ))
        }
    };
    if let Some(k) = o.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(err(
            format!("beacon.{k}"),
            "unknown_key",
            "is not a beacon field",
            "不是随机源字段",
        ));
    }
    if source == "drand" {
        let chain = string("beacon.chain", o.get("chain"))?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(chain, &mut bytes).map_err(|_| {
            err(
                "beacon.chain",
                "chain_hash",
                "must be 64 hex digits",
                "必须是 64 位十六进制数",
            )
        })?;
        let round = o.get("round").ok_or_else(|| required("beacon.round"))?;
        let round = round.as_u64().filter(|r| *r >= 1).ok_or_else(|| {
            err(
                "beacon.round",
                "round",
                "must be an integer of at least 1",
                "必须是不小于 1 的整数",
            )
        })?;
        return Ok(BeaconSpec::Drand {
            chain: bytes,
            round,
        });
    }
    let draws = match o.get("draws") {
        None => return Err(required("beacon.draws")),
        Some(Value::Array(d)) if !d.is_empty() => d,
        Some(_) => {
            return Err(err(
                "beacon.draws",
                "draws",
                "must be a non-empty array of draw names",
                "必须是非空的开奖名称数组",
            ))
        }
    };
    let mut names = Vec::with_capacity(draws.len());
    for (i, d) in draws.iter().enumerate() {
        names.push(label_at(&format!("beacon.draws[{i}]"), Some(d))?.to_owned());
    }
    Ok(BeaconSpec::Numbers { draws: names })
}
