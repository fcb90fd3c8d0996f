//! Checks the class bands of a model file: A, B, C and D once each, tiling the score range
//! without gap or overlap, best first — so the class can only rise with the total.

use super::kind::CreditClass;
use super::model::{Band, ScoreRange};
use super::model_check::Issues;
use super::model_format::RawBand;
use rust_decimal::Decimal;

/// Bands must name A, B, C and D once each, and tile the score range best first: A has
/// no `below`, D no `min`, and each band's `below` is the next better band's `min`.
pub(super) fn bands(is: &mut Issues, raw: &[RawBand], score: ScoreRange) -> Vec<Band> {
    let mut slots: [Option<(usize, &RawBand)>; 4] = [None; 4];
    for (i, b) in raw.iter().enumerate() {
        let place = format!("bands[{i}].class");
        match CreditClass::parse(&b.class) {
            None => is.add(
                place,
                format!("unknown class {:?} (known: A, B, C, D)", b.class),
            ),
            Some(c) => {
                let slot = &mut slots[3 - c as usize];
                match slot {
                    Some((j, _)) => {
                        is.add(place, format!("class {c} is already given by bands[{j}]"))
                    }
                    None => *slot = Some((i, b)),
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut better_min: Option<(usize, Decimal)> = None;
    for (slot, class) in slots.iter().zip(CreditClass::BEST_FIRST) {
        let Some((i, b)) = slot else {
            is.add("bands", format!("missing the band for class {class}"));
            better_min = None;
            continue;
        };
        let min = b.min.map(|n| is.points(&format!("bands[{i}].min"), n.0));
        let below = b
            .below
            .map(|n| is.points(&format!("bands[{i}].below"), n.0));
        band_edges(is, *i, class, min, below, better_min, score);
        better_min = min.map(|m| (*i, m));
        out.push(Band { class, min });
    }
    out
}

fn band_edges(
    is: &mut Issues,
    i: usize,
    class: CreditClass,
    min: Option<Decimal>,
    below: Option<Decimal>,
    better_min: Option<(usize, Decimal)>,
    score: ScoreRange,
) {
    let at = |f: &str| format!("bands[{i}].{f}");
    let worst = class == CreditClass::D;
    match (min, worst) {
        (Some(_), true) => is.add(
            at("min"),
            "the worst band (D) takes every total below C: remove min",
        ),
        (None, false) => is.add(at("min"), format!("missing min for class {class}")),
        (Some(m), false) if m <= score.min || m > score.max => is.add(
            at("min"),
            format!(
                "{m} must lie above score.min {} and at most score.max {}",
                score.min, score.max
            ),
        ),
        _ => {}
    }
    match (class, below, better_min) {
        (CreditClass::A, Some(_), _) => is.add(
            at("below"),
            "the best band (A) reaches score.max: remove below",
        ),
        (CreditClass::A, None, _) => {}
        (_, None, _) => is.add(
            at("below"),
            format!("missing below for class {class} (the min of the band above)"),
        ),
        (_, Some(b), Some((j, m))) if b < m => is.add(
            at("below"),
            format!("{b} leaves a gap: totals from {b} to {m} (bands[{j}].min) have no class"),
        ),
        (_, Some(b), Some((j, m))) if b > m => is.add(
            at("below"),
            format!("{b} overlaps bands[{j}] (class from {m}): below must equal it"),
        ),
        _ => {}
    }
    if let (Some(m), Some(b)) = (min, below) {
        if m >= b {
            is.add(at("min"), format!("{m} must be below {b} (below)"));
        }
    }
}
