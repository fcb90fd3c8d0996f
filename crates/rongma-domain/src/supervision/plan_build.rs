//! Writing a plan document from typed values, for plans the product builds and publishes.
//!
//! Field order is fixed: `algorithm`, the free fields (ascending key order), then
//! `inspectors_per_enterprise`, `strata`, `enterprises`, `inspectors`, `conflicts`,
//! `beacon`; inside each entry its known keys first (as in lottery.md's example), then its
//! other keys in ascending order; nested objects in free fields have their keys sorted
//! too. So the bytes do not depend on map implementations, and lottery.md's worked
//! example is reproduced byte for byte. The bytes are read back before they are returned:
//! [`PlanDraft::build`] never hands out a document that [`Plan::parse`] would refuse.

use super::beacon::BeaconSpec;
use super::plan::{Conflict, Enterprise, Inspector, Plan, StratumRatio, ALGORITHM};
use super::plan_fields::err;
use crate::FieldErrors;
use serde_json::{Map, Value};

/// A plan to be published, as typed values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanDraft {
    pub strata: Vec<StratumRatio>,
    pub enterprises: Vec<Enterprise>,
    pub inspectors: Vec<Inspector>,
    pub inspectors_per_enterprise: u32,
    pub conflicts: Vec<Conflict>,
    pub beacon: Option<BeaconSpec>,
    /// Free top-level fields: task id, items, times, texts, risk-weight notes …
    pub extra: Map<String, Value>,
}

type W = serde_json::Result<()>;

fn key(out: &mut Vec<u8>, first: &mut bool, k: &str) -> W {
    out.push(if std::mem::take(first) { b'{' } else { b',' });
    serde_json::to_writer(&mut *out, k)?;
    out.push(b':');
    Ok(())
}

fn field(out: &mut Vec<u8>, first: &mut bool, k: &str, v: &impl serde::Serialize) -> W {
    key(out, first, k)?;
    serde_json::to_writer(&mut *out, v)
}

/// Any JSON value with object keys in ascending order at every depth.
fn value(out: &mut Vec<u8>, v: &Value) -> W {
    match v {
        Value::Object(o) => {
            let mut first = true;
            sorted(out, &mut first, o, &[])?;
            close(out, first, b'}');
            Ok(())
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                value(out, item)?;
            }
            out.push(b']');
            Ok(())
        }
        scalar => serde_json::to_writer(&mut *out, scalar),
    }
}

/// The keys of `o` not in `skip`, ascending.
fn sorted(out: &mut Vec<u8>, first: &mut bool, o: &Map<String, Value>, skip: &[&str]) -> W {
    let mut keys: Vec<&String> = o.keys().filter(|k| !skip.contains(&k.as_str())).collect();
    keys.sort_unstable();
    for k in keys {
        key(out, first, k)?;
        value(out, &o[k.as_str()])?;
    }
    Ok(())
}

fn close(out: &mut Vec<u8>, first: bool, end: u8) {
    if first {
        out.push(b'{');
    }
    out.push(end);
}

fn array<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut each: impl FnMut(&mut Vec<u8>, &mut bool, &T) -> W,
    extra: impl Fn(&T) -> &Map<String, Value>,
) -> W {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let mut first = true;
        each(out, &mut first, item)?;
        sorted(out, &mut first, extra(item), &[])?;
        close(out, first, b'}');
    }
    out.push(b']');
    Ok(())
}

impl PlanDraft {
    fn write(&self, out: &mut Vec<u8>) -> W {
        let mut first = true;
        field(out, &mut first, "algorithm", &ALGORITHM)?;
        sorted(out, &mut first, &self.extra, &[])?;
        field(
            out,
            &mut first,
            "inspectors_per_enterprise",
            &self.inspectors_per_enterprise,
        )?;
        key(out, &mut first, "strata")?;
        array(
            out,
            &self.strata,
            |o, f, s| {
                field(o, f, "stratum", &s.stratum)?;
                field(o, f, "ratio", &s.ratio.to_string())
            },
            |s| &s.extra,
        )?;
        key(out, &mut first, "enterprises")?;
        array(
            out,
            &self.enterprises,
            |o, f, e| {
                field(o, f, "id", &e.id)?;
                field(o, f, "stratum", &e.stratum)?;
                field(o, f, "weight", &e.weight.get())
            },
            |e| &e.extra,
        )?;
        key(out, &mut first, "inspectors")?;
        array(
            out,
            &self.inspectors,
            |o, f, i| {
                field(o, f, "id", &i.id)?;
                field(o, f, "name", &i.name)
            },
            |i| &i.extra,
        )?;
        key(out, &mut first, "conflicts")?;
        array(
            out,
            &self.conflicts,
            |o, f, c| {
                field(o, f, "enterprise", &c.enterprise)?;
                field(o, f, "inspector", &c.inspector)
            },
            |c| &c.extra,
        )?;
        match &self.beacon {
            None => {}
            Some(BeaconSpec::Drand { chain, round }) => {
                key(out, &mut first, "beacon")?;
                let mut f = true;
                field(out, &mut f, "source", &"drand")?;
                field(out, &mut f, "chain", &hex::encode(chain))?;
                field(out, &mut f, "round", round)?;
                out.push(b'}');
            }
            Some(BeaconSpec::Numbers { draws }) => {
                key(out, &mut first, "beacon")?;
                let mut f = true;
                field(out, &mut f, "source", &"numbers")?;
                field(out, &mut f, "draws", draws)?;
                out.push(b'}');
            }
        }
        out.push(b'}');
        Ok(())
    }

    /// The document's bytes and the plan read back from them (with its hash).
    pub fn build(&self) -> Result<(Vec<u8>, Plan), FieldErrors> {
        let mut out = Vec::new();
        self.write(&mut out).map_err(|e| {
            err(
                "plan",
                "write",
                format!("could not be written: {e}"),
                format!("无法写出：{e}"),
            )
        })?;
        let plan = Plan::parse(&out)?;
        Ok((out, plan))
    }
}

impl Plan {
    /// The typed values of this plan, to edit and build again.
    pub fn to_draft(&self) -> PlanDraft {
        let h = &self.header;
        PlanDraft {
            strata: h.strata.clone(),
            enterprises: self.enterprises.clone(),
            inspectors: h.inspectors.clone(),
            inspectors_per_enterprise: h.per_enterprise,
            conflicts: h.conflicts.clone(),
            beacon: h.beacon.clone(),
            extra: h.extra.clone(),
        }
    }
}
