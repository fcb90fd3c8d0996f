//! Reading a plan from its bytes: a header pass (everything but the enterprises), then an
//! enterprise pass that checks and counts every entry, and — only if two ids share a
//! 64-bit hash — a pass comparing the actual ids. [`Plan::parse`] keeps the enterprises;
//! [`PlanBytes::parse`] keeps only the bytes and re-reads them for each pass of the draw.

use super::plan::{Census, Enterprise, EnterpriseRef, Plan, PlanBytes, PlanHash, PlanHeader};
use super::plan_check::{validate, Checker};
use super::plan_fields::{err, header};
use super::plan_json::{read, Pass, RawEnterprise};
use crate::FieldErrors;

/// Something the draw can walk over, once per pass, in document order.
pub(super) trait EnterpriseSource {
    type Error;
    fn each(&self, f: &mut dyn FnMut(EnterpriseRef<'_>)) -> Result<(), Self::Error>;
}

fn syntax(e: String) -> FieldErrors {
    err(
        "plan",
        "json",
        format!("not a valid plan document: {e}"),
        format!("不是有效的计划文件：{e}"),
    )
    .into()
}

/// The header, or the header's errors (the enterprise pass still runs to report its own).
fn read_header(bytes: &[u8]) -> Result<Result<PlanHeader, FieldErrors>, FieldErrors> {
    let top = read(bytes, Pass::Header).map_err(syntax)?;
    Ok(header(top.fields, top.enterprises, PlanHash::of(bytes)))
}

/// Runs the enterprise pass and the cross-checks, calling `keep` with each valid entry.
fn check_enterprises(
    bytes: &[u8],
    head: Result<PlanHeader, FieldErrors>,
    keep_extra: bool,
    keep: &mut dyn FnMut(usize, EnterpriseRef<'_>, &RawEnterprise<'_>),
) -> Result<(PlanHeader, Census), FieldErrors> {
    let no_conflicts = Vec::new();
    let conflicts = head.as_ref().map_or(&no_conflicts, |h| &h.conflicts);
    let mut checker = Checker::new(conflicts);
    read(
        bytes,
        Pass::Enterprises {
            keep_extra,
            f: &mut |i, raw| {
                if let Some(e) = checker.entry(i, &raw) {
                    keep(i, e, &raw);
                }
            },
        },
    )
    .map_err(syntax)?;
    let census = checker.finish(conflicts, |f| {
        // Same bytes, so the same entries are valid and this pass cannot fail.
        let _ = read(
            bytes,
            Pass::Enterprises {
                keep_extra: false,
                f: &mut |i, raw| {
                    if let Ok(e) = validate(i, &raw) {
                        f(i, e.id);
                    }
                },
            },
        );
    });
    match (head, census) {
        (Ok(h), Ok(c)) => Ok((h, c)),
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(a)
        }
        (Err(a), Ok(_)) | (Ok(_), Err(a)) => Err(a),
    }
}

impl Plan {
    /// Reads and checks a plan document, keeping everything in memory.
    pub fn parse(bytes: &[u8]) -> Result<Plan, FieldErrors> {
        let head = read_header(bytes)?;
        let mut enterprises = Vec::new();
        let (header, census) = check_enterprises(bytes, head, true, &mut |_, e, raw| {
            enterprises.push(Enterprise {
                id: e.id.to_owned(),
                stratum: e.stratum.to_owned(),
                weight: e.weight,
                extra: raw.extra.clone(),
            });
        })?;
        Ok(Plan {
            header,
            enterprises,
            census,
        })
    }
}

impl<'a> PlanBytes<'a> {
    /// Reads and checks a plan document without keeping its enterprises.
    pub fn parse(bytes: &'a [u8]) -> Result<PlanBytes<'a>, FieldErrors> {
        let head = read_header(bytes)?;
        let (header, census) = check_enterprises(bytes, head, false, &mut |_, _, _| {})?;
        Ok(PlanBytes {
            bytes,
            header,
            census,
        })
    }
}

impl EnterpriseSource for Plan {
    type Error = std::convert::Infallible;
    fn each(&self, f: &mut dyn FnMut(EnterpriseRef<'_>)) -> Result<(), Self::Error> {
        for e in &self.enterprises {
            f(EnterpriseRef {
                id: &e.id,
                stratum: &e.stratum,
                weight: e.weight,
            });
        }
        Ok(())
    }
}

impl EnterpriseSource for PlanBytes<'_> {
    type Error = FieldErrors;
    fn each(&self, f: &mut dyn FnMut(EnterpriseRef<'_>)) -> Result<(), FieldErrors> {
        let mut bad = None;
        read(
            self.bytes,
            Pass::Enterprises {
                keep_extra: false,
                f: &mut |i, raw| match validate(i, &raw) {
                    Ok(e) => f(e),
                    Err(mut es) => bad = bad.take().or(es.pop()),
                },
            },
        )
        .map_err(syntax)?;
        match bad {
            None => Ok(()),
            Some(e) => Err(e.into()),
        }
    }
}
