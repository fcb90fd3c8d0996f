//! Choosing the QR mask. Every mask gives a valid symbol; the standard picks the one with
//! the lowest penalty (long runs, 2×2 blocks, finder look-alikes, dark/light imbalance) so
//! scanners read it more easily. The `qrcode` crate's own scoring takes ~0.65 ms a symbol,
//! which capped tag exports below 1,000 a second; this one scores the rules of ISO/IEC
//! 18004 §7.8.3 on rows and columns packed into bits, in a few microseconds.

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

/// Total penalty of a masked symbol. Rows and columns are scored alike, each packed into
/// the low bits of a `u128` (bit x = module x), which covers symbols up to version 27.
pub(crate) fn penalty(m: &[bool], w: usize) -> u32 {
    if w == 0 || w > 128 || m.len() < w * w {
        return u32::MAX;
    }
    let mut rows = vec![0u128; w];
    let mut cols = vec![0u128; w];
    for y in 0..w {
        for x in 0..w {
            if m[y * w + x] {
                rows[y] |= 1 << x;
                cols[x] |= 1 << y;
            }
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
/// light modules before or after (40 each) along one line of `w` modules; outside the
/// symbol counts as light.
fn line_penalty(line: u128, w: usize) -> u32 {
    let mut score = 0;
    let mut run = 1;
    for x in 1..=w {
        let same = x < w && ((line >> x) & 1) == ((line >> (x - 1)) & 1);
        if same {
            run += 1;
        } else {
            if run >= 5 {
                score += 3 + (run - 5);
            }
            run = 1;
        }
    }
    // Pad with four light modules on each side, then slide an 11-module window.
    let padded = line << 4;
    const CORE: u128 = 0b101_1101;
    for start in 0..(w + 8).saturating_sub(10) {
        let window = (padded >> start) & 0x7FF;
        // Bits are in module order from `start`: core at 0..7 with light 7..11 after,
        // or light 0..4 with the core at 4..11.
        if window == CORE || window == CORE << 4 {
            score += 40;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(bits: &[u8]) -> u128 {
        bits.iter()
            .enumerate()
            .map(|(i, &b)| u128::from(b) << i)
            .sum()
    }

    #[test]
    fn scores_follow_the_rules() {
        // 5×5 all light: 10 runs of 5 (3 each), 16 blocks (3 each), 0 % dark (10 × 10).
        assert_eq!(penalty(&[false; 25], 5), 30 + 48 + 100);
        // 1011101 with four light after, and (outside the symbol) four light before: the
        // look-alike counts once per side, as in the reference encoders.
        assert_eq!(
            line_penalty(line(&[1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0]), 11),
            80
        );
        assert_eq!(
            line_penalty(line(&[0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]), 11),
            80
        );
        // Dark on both sides: no look-alike.
        assert_eq!(line_penalty(line(&[1, 1, 0, 1, 1, 1, 0, 1, 1]), 9), 0);
        assert_eq!(line_penalty(line(&[1; 7]), 7), 3 + 2);
    }
}
