//! Checks on `enterprises`: each entry's fields, then across entries: ids are unique and
//! every conflict names a listed enterprise. Memory stays small for millions of entries:
//! ids are remembered as 64-bit hashes (8 bytes each), sorted once; only a hash seen
//! twice sends the caller back over the entries to compare the actual ids.

use super::plan::{Census, Conflict, EnterpriseRef, Weight};
use super::plan_fields::{err, label_problem, required};
use super::plan_json::RawEnterprise;
use super::strict_json::Loose;
use crate::{FieldError, FieldErrors};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};

/// Errors past this many are counted, not listed.
const MAX_ERRORS: usize = 100;

/// One entry's fields, checked.
pub(super) fn validate<'r>(
    i: usize,
    raw: &'r RawEnterprise<'_>,
) -> Result<EnterpriseRef<'r>, Vec<FieldError>> {
    if raw.not_object {
        return Err(vec![err(
            format!("enterprises[{i}]"),
            "not_object",
            "must be an object",
            "必须是对象",
        )]);
    }
    let mut errors = Vec::new();
    let mut text = |name: &str, v: &'r Option<Loose<'_>>| -> Option<&'r str> {
        // Field names are only formatted for errors: this runs once per enterprise.
        let field = || format!("enterprises[{i}].{name}");
        let r = match v {
            None => Err(required(&field())),
            Some(Loose::Str(s)) => match label_problem(s) {
                None => Ok(s.as_ref()),
                Some((code, en, zh)) => Err(err(field(), code, en, zh)),
            },
            Some(_) => Err(err(
                field(),
                "not_string",
                "must be a string",
                "必须是字符串",
            )),
        };
        r.map_err(|e| errors.push(e)).ok()
    };
    let id = text("id", &raw.id);
    let stratum = text("stratum", &raw.stratum);
    let bad = || {
        err(
            format!("enterprises[{i}].weight"),
            "weight",
            "must be 1–1000",
            "必须是 1–1000 的整数",
        )
    };
    let weight = match &raw.weight {
        None => Err(required(&format!("enterprises[{i}].weight"))),
        Some(Loose::UInt(w)) => Weight::new(*w).ok_or_else(bad),
        Some(_) => Err(bad()),
    };
    let weight = weight.map_err(|e| errors.push(e)).ok();
    match (id, stratum, weight) {
        (Some(id), Some(stratum), Some(weight)) if errors.is_empty() => Ok(EnterpriseRef {
            id,
            stratum,
            weight,
        }),
        _ => Err(errors),
    }
}

/// The cross-entry state of one pass over `enterprises`.
pub(super) struct Checker<'h> {
    conflicts: HashMap<&'h str, bool>,
    hashes: Vec<u64>,
    members: BTreeMap<String, u32>,
    total: u64,
    errors: FieldErrors,
    unlisted: u64,
}

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(id.as_bytes());
    h.finish()
}

impl<'h> Checker<'h> {
    pub fn new(conflicts: &'h [Conflict]) -> Self {
        Self {
            conflicts: conflicts
                .iter()
                .map(|c| (c.enterprise.as_str(), false))
                .collect(),
            hashes: Vec::new(),
            members: BTreeMap::new(),
            total: 0,
            errors: FieldErrors::new(),
            unlisted: 0,
        }
    }

    pub fn error(&mut self, e: FieldError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        } else {
            self.unlisted += 1;
        }
    }

    /// Checks and counts one raw entry; the checked entry when it is valid.
    pub fn entry<'r>(&mut self, i: usize, raw: &'r RawEnterprise<'_>) -> Option<EnterpriseRef<'r>> {
        match validate(i, raw) {
            Ok(e) => {
                self.count(e);
                Some(e)
            }
            Err(es) => {
                self.total += 1;
                es.into_iter().for_each(|e| self.error(e));
                None
            }
        }
    }

    fn count(&mut self, e: EnterpriseRef<'_>) {
        self.total += 1;
        self.hashes.push(id_hash(e.id));
        if let Some(seen) = self.conflicts.get_mut(e.id) {
            *seen = true;
        }
        match self.members.get_mut(e.stratum) {
            Some(n) => *n = n.saturating_add(1),
            None => {
                self.members.insert(e.stratum.to_owned(), 1);
            }
        }
    }

    /// Finishes the checks. `ids` re-visits every valid entry's (index, id); it is only
    /// called when two ids share a hash.
    pub fn finish(
        mut self,
        conflicts: &[Conflict],
        ids: impl FnOnce(&mut dyn FnMut(usize, &str)),
    ) -> Result<Census, FieldErrors> {
        for (i, c) in conflicts.iter().enumerate() {
            if self.conflicts.get(c.enterprise.as_str()) == Some(&false) {
                self.error(err(
                    format!("conflicts[{i}].enterprise"),
                    "unknown_enterprise",
                    format!("no enterprise has id {:?}", c.enterprise),
                    format!("没有编号为“{}”的企业", c.enterprise),
                ));
            }
        }
        let total = u32::try_from(self.total);
        if total.is_err() {
            self.error(err(
                "enterprises",
                "too_many",
                "more than 4,294,967,295 entries",
                "条目超过 4,294,967,295 个",
            ));
        }
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.sort_unstable();
        let twice: HashSet<u64> = hashes
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        drop(hashes);
        if !twice.is_empty() {
            let mut first: HashMap<String, usize> = HashMap::new();
            let mut found = Vec::new();
            ids(&mut |i, id| {
                if twice.contains(&id_hash(id)) {
                    match first.get(id) {
                        Some(&f) => found.push((i, id.to_owned(), f)),
                        None => {
                            first.insert(id.to_owned(), i);
                        }
                    }
                }
            });
            for (i, id, f) in found {
                self.error(err(
                    format!("enterprises[{i}].id"),
                    "duplicate_enterprise",
                    format!("enterprise id {id:?} is already used by enterprises[{f}]"),
                    format!("企业编号“{id}”已被 enterprises[{f}] 使用"),
                ));
            }
        }
        if self.unlisted > 0 {
            let n = self.unlisted;
            self.errors.push(err(
                "enterprises",
                "more_errors",
                format!("… and {n} more errors"),
                format!("……另有 {n} 处错误"),
            ));
        }
        let total = total.unwrap_or(u32::MAX);
        self.errors.into_result(Census {
            members: self.members,
            total,
        })
    }
}
