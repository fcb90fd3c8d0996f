//! Choosing the QR mask. Every mask gives a valid symbol; the standard picks the one with
//! the lowest penalty (long runs, 2×2 blocks, finder look-alikes, dark/light imbalance) so
//! scanners read it more easily. The `qrcode` crate's own scoring takes ~0.65 ms a symbol,
//! which capped tag exports below 1,000 a second. Here the eight masked symbols are built
//! by XOR from cached function patterns and scored by the rules of ISO/IEC 18004 §7.8.3 on
//! rows and columns packed into bits, in a few microseconds.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Rows of a symbol, bit x of row y = module (x, y) dark; with four bits of padding each
/// side a u128 holds symbols up to 120 modules (version 25).
type Rows = Vec<u128>;

/// The function patterns of one version and level, unmasked and under each mask (with
/// that mask's format information). Masking a data module is an XOR and function modules
/// are never masked, so symbol under mask p = `masked[p]` XOR (data modules).
struct MaskSet {
    unmasked: Rows,
    masked: Vec<Rows>,
}

/// Masks `canvas` (function patterns and data drawn, unmasked) with the best mask and
/// returns its modules, dark = `true`.
pub(crate) fn best_masked(canvas: Canvas, version: Version, level: EcLevel) -> Vec<bool> {
    let w = version.width() as usize;
    if w > 120 {
        // Far beyond any tag URL (version 26+); the crate's own slower choice is fine there.
        return dark_modules(canvas.apply_best_mask());
    }
    let set = mask_set(version, level);
    let data: Rows = pack(&dark_modules(canvas), w)
        .iter()
        .zip(&set.unmasked)
        .map(|(a, b)| a ^ b)
        .collect();
    let mut best: Option<(u32, Rows)> = None;
    for masked in &set.masked {
        let rows: Rows = masked.iter().zip(&data).map(|(m, d)| m ^ d).collect();
        let score = penalty_rows(&rows, w);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, rows));
        }
    }
    let rows = best.map(|(_, r)| r).unwrap_or_default();
    (0..w * w)
        .map(|i| (rows[i / w] >> (i % w)) & 1 == 1)
        .collect()
}

/// Mask sets by (symbol width, error-correction level); tags use two or three of them.
type MaskCache = Mutex<HashMap<(i16, u8), Arc<MaskSet>>>;

fn mask_set(version: Version, level: EcLevel) -> Arc<MaskSet> {
    static CACHE: OnceLock<MaskCache> = OnceLock::new();
    let w = version.width();
    let key = (w, level as u8);
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    // A poisoned lock only means another thread panicked mid-insert; the map is intact.
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    let set = map.entry(key).or_insert_with(|| {
        let mut functions = Canvas::new(version, level);
        functions.draw_all_functional_patterns();
        let masked = PATTERNS
            .iter()
            .map(|&p| {
                let mut c = functions.clone();
                c.apply_mask(p);
                pack(&dark_modules(c), w as usize)
            })
            .collect();
        Arc::new(MaskSet {
            unmasked: pack(&dark_modules(functions), w as usize),
            masked,
        })
    });
    Arc::clone(set)
}

fn dark_modules(canvas: Canvas) -> Vec<bool> {
    canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect()
}

fn pack(m: &[bool], w: usize) -> Rows {
    (0..w)
        .map(|y| {
            (0..w)
                .filter(|&x| m[y * w + x])
                .fold(0u128, |r, x| r | 1 << x)
        })
        .collect()
}

/// Total penalty of a masked symbol given as modules, dark = `true`.
#[cfg(test)]
pub(crate) fn penalty(m: &[bool], w: usize) -> u32 {
    penalty_rows(&pack(m, w), w)
}

/// Total penalty of a symbol given as packed rows; columns are scored like rows.
fn penalty_rows(rows: &[u128], w: usize) -> u32 {
    if w == 0 || w > 120 || rows.len() < w {
        return u32::MAX;
    }
    let mut cols = vec![0u128; w];
    for (y, &row) in rows.iter().enumerate().take(w) {
        let mut bits = row;
        while bits != 0 {
            let x = bits.trailing_zeros() as usize;
            cols[x] |= 1 << y;
            bits &= bits - 1;
        }
    }
    let full: u128 = if w == 128 {
        u128::MAX
    } else {
        (1u128 << w) - 1
    };
    let mut score: u32 = rows.iter().chain(&cols).map(|&l| line_penalty(l, w)).sum();
    // 2×2 blocks of one colour: x and x+1 agree in both rows, and the rows agree.
    let pairs = full >> 1;
    for y in 0..w - 1 {
        let (a, b) = (rows[y], rows[y + 1]);
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & pairs;
        score += 3 * same.count_ones();
    }
    let dark: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let percent = dark * 100 / (w * w) as u32;
    score + 10 * (percent.abs_diff(50) / 5)
}

/// Runs of five or more (3 + extra length each) and finder look-alikes 1011101 with four
/// light modules before or after (40 each, once per side) along one line of `w` ≤ 120
/// modules; outside the symbol counts as light. Bit-parallel: a line costs a few dozen
/// operations, not one per module.
fn line_penalty(line: u128, w: usize) -> u32 {
    let full: u128 = (1u128 << w) - 1;
    let mut score = 0;
    // Bit x of `eq` is set when modules x and x+1 match; k set bits in a row are k+1
    // modules of one colour.
    let mut eq = !(line ^ (line >> 1)) & (full >> 1);
    while eq != 0 {
        let start = eq.trailing_zeros();
        let ones = (!(eq >> start)).trailing_zeros();
        let modules = ones + 1;
        if modules >= 5 {
            score += 3 + (modules - 5);
        }
        eq &= !(((1u128 << ones) - 1) << start);
    }
    // Four light modules of padding on each side; bit t of `core` marks 1011101 from t.
    let p = (line & full) << 4;
    let core = p & !(p >> 1) & (p >> 2) & (p >> 3) & (p >> 4) & !(p >> 5) & (p >> 6);
    let light_after = !(p >> 7) & !(p >> 8) & !(p >> 9) & !(p >> 10);
    let light_before = !(p << 1) & !(p << 2) & !(p << 3) & !(p << 4);
    score + 40 * ((core & light_after).count_ones() + (core & light_before).count_ones())
}

#[cfg(test)]
mod tests;
