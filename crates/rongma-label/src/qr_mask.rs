//! Choosing the QR mask. Every mask gives a valid symbol; the standard picks the one with
//! the lowest penalty (long runs, 2×2 blocks, finder look-alikes, dark/light imbalance) so
//! scanners read it more easily. The `qrcode` crate's own scoring takes ~0.65 ms a symbol,
//! which capped tag exports below 1,000 a second; this one scores the same rules
//! (ISO/IEC 18004 §7.8.3) on a flat bit grid in a few microseconds.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::Color;

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

/// Applies each mask to `canvas` and returns the modules (dark = `true`) of the best.
pub(crate) fn best_masked(canvas: &Canvas, width: usize) -> Vec<bool> {
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in PATTERNS {
        let mut c = canvas.clone();
        c.apply_mask(pattern);
        let modules: Vec<bool> = c
            .into_colors()
            .into_iter()
            .map(|m| m == Color::Dark)
            .collect();
        let score = penalty(&modules, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, modules));
        }
    }
    best.map(|(_, m)| m).unwrap_or_default()
}

/// Total penalty of a masked symbol (rows and columns scored alike).
pub(crate) fn penalty(m: &[bool], w: usize) -> u32 {
    let at = |x: usize, y: usize| m[y * w + x];
    let mut score = 0;
    for i in 0..w {
        score += line_penalty((0..w).map(|j| at(j, i)));
        score += line_penalty((0..w).map(|j| at(i, j)));
    }
    for y in 0..w.saturating_sub(1) {
        for x in 0..w - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    let dark = m.iter().filter(|&&d| d).count() as u32;
    let total = (w * w).max(1) as u32;
    let percent = dark * 100 / total;
    score + 10 * (percent.abs_diff(50) / 5)
}

/// Runs of five or more (N1) and finder look-alikes 1011101 with four light modules on
/// one side (N3) along one row or column; outside the symbol counts as light.
fn line_penalty(line: impl Iterator<Item = bool>) -> u32 {
    let cells: Vec<bool> = line.collect();
    let mut score = 0;
    let mut run = 0;
    let mut prev = None;
    for &c in &cells {
        if Some(c) == prev {
            run += 1;
        } else {
            if run >= 5 {
                score += 3 + (run - 5);
            }
            run = 1;
            prev = Some(c);
        }
    }
    if run >= 5 {
        score += 3 + (run - 5);
    }
    const CORE: [bool; 7] = [true, false, true, true, true, false, true];
    let n = cells.len() as isize;
    let get = |i: isize| i >= 0 && i < n && cells[i as usize];
    for start in 0..=(n - 7).max(-1) {
        if (0..7).all(|k| get(start + k) == CORE[k as usize]) {
            let light_before = (1..=4).all(|k| !get(start - k));
            let light_after = (7..11).all(|k| !get(start + k));
            if light_before || light_after {
                score += 40;
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_the_rules() {
        // 5×5 all light: 10 runs of 5 (3 each), 16 blocks (3 each), 0% dark (10 × 10).
        assert_eq!(penalty(&[false; 25], 5), 30 + 48 + 100);
        let finder = [
            true, false, true, true, true, false, true, false, false, false, false,
        ];
        assert_eq!(line_penalty(finder.iter().copied()), 40);
        assert_eq!(line_penalty([true; 7].into_iter()), 3 + 2);
    }
}
