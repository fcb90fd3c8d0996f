//! The human-readable output of `rongma grade`: a small table per report.

use super::Lang;
use rongma_domain::grading::GradingResult;
use std::io::{self, Write};

/// A value or "-" for a table cell.
fn text<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

pub(super) fn field_name(field: &str) -> &str {
    if field.is_empty() {
        "report"
    } else {
        field
    }
}

/// The readable table: overall grade, one line per indicator and component, limiting
/// indicators, baseline failures and the explanations.
pub(super) fn human(
    out: &mut impl Write,
    row: u64,
    single: bool,
    r: &GradingResult,
    lang: Lang,
) -> io::Result<()> {
    if !single {
        writeln!(out, "── report {row} ──")?;
    }
    match r.grade {
        Some(g) => writeln!(out, "grade {g} ({})", g.badge())?,
        None => writeln!(out, "not gradable (不予分级)")?,
    }
    let short = r.profile.hash.get(..12).unwrap_or(&r.profile.hash);
    writeln!(
        out,
        "profile {} {} (sha256 {short}…)",
        r.profile.id, r.profile.version
    )?;
    writeln!(
        out,
        "{:<30} {:>8} {:>8} {:>5} {:>8} {:>6}  note",
        "indicator", "value", "rounded", "grade", "next", "gap"
    )?;
    for i in &r.indicators {
        let note = if i.borderline {
            "borderline — retest advised"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<30} {:>8} {:>8} {:>5} {:>8} {:>6}  {note}",
            i.id.as_str(),
            text(i.value),
            text(i.rounded),
            text(i.grade),
            text(i.next_threshold),
            text(i.gap)
        )?;
        for c in &i.components {
            let note = if c.borderline {
                "borderline — retest advised"
            } else {
                ""
            };
            writeln!(
                out,
                "  {:<28} {:>8} {:>8} {:>5} {:>8} {:>6}  {note}",
                c.id.as_str(),
                c.value,
                c.rounded,
                text(c.grade),
                text(c.next_threshold),
                text(c.gap)
            )?;
        }
    }
    let limiting: Vec<&str> = r.limiting.iter().map(|i| i.as_str()).collect();
    writeln!(
        out,
        "limiting: {}",
        if limiting.is_empty() {
            "none".to_owned()
        } else {
            limiting.join(", ")
        }
    )?;
    if r.baseline_failures.is_empty() {
        writeln!(out, "baseline failures: none")?;
    } else {
        writeln!(out, "baseline failures:")?;
        for f in &r.baseline_failures {
            let msg = if lang == Lang::Zh {
                &f.message_zh
            } else {
                &f.message
            };
            writeln!(out, "  {}: {msg}", f.id)?;
        }
    }
    let pick = |e: rongma_domain::grading::Explanation| if lang == Lang::Zh { e.zh } else { e.en };
    for i in &r.indicators {
        writeln!(out, "  · {}", pick(i.explanation()))?;
    }
    writeln!(out, "{}", pick(r.explanation()))?;
    writeln!(out)?;
    Ok(())
}
