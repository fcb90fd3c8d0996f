//! Mask scoring checked against the rules written out module by module, and the cached
//! XOR construction checked against masking the canvas.

use super::*;

fn line(bits: &[u8]) -> u128 {
    bits.iter()
        .enumerate()
        .map(|(i, &b)| u128::from(b) << i)
        .sum()
}

#[test]
fn xor_with_cached_function_patterns_equals_masking_the_canvas() {
    use qrcode::bits::Bits;
    for (v, level, text) in [(3, EcLevel::M, "HTTPS://A.CN/C/1"), (7, EcLevel::H, "X")] {
        let version = Version::Normal(v);
        let mut bits = Bits::new(version);
        bits.push_alphanumeric_data(text.as_bytes()).unwrap();
        bits.push_terminator(level).unwrap();
        let (data, ecc) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).unwrap();
        let mut canvas = Canvas::new(version, level);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ecc);
        let w = version.width() as usize;
        let set = mask_set(version, level);
        let data_rows: Rows = pack(&dark_modules(canvas.clone()), w)
            .iter()
            .zip(&set.unmasked)
            .map(|(a, b)| a ^ b)
            .collect();
        for (p, masked) in PATTERNS.iter().zip(&set.masked) {
            let mut c = canvas.clone();
            c.apply_mask(*p);
            let ours: Rows = masked.iter().zip(&data_rows).map(|(m, d)| m ^ d).collect();
            assert_eq!(pack(&dark_modules(c), w), ours, "version {v}, mask {p:?}");
        }
    }
}

/// The rules written out module by module, to check the bit-parallel version against.
fn naive_penalty(m: &[bool], w: usize) -> u32 {
    let at = |x: isize, y: isize| -> bool {
        x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < w && m[y as usize * w + x as usize]
    };
    let n = w as isize;
    let mut score = 0;
    for transpose in [false, true] {
        let get = |i: isize, j: isize| if transpose { at(i, j) } else { at(j, i) };
        for i in 0..n {
            let mut run = 1;
            for j in 1..=n {
                if j < n && get(i, j) == get(i, j - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += 3 + (run - 5);
                    }
                    run = 1;
                }
            }
            let core = [true, false, true, true, true, false, true];
            for j in -4..n {
                if (0..7).all(|k| get(i, j + k) == core[k as usize]) {
                    score += 40 * u32::from((1..=4).all(|k| !get(i, j - k)));
                    score += 40 * u32::from((7..11).all(|k| !get(i, j + k)));
                }
            }
        }
    }
    for y in 0..n - 1 {
        for x in 0..n - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    let dark = m.iter().filter(|&&d| d).count() as u32;
    score + 10 * ((dark * 100 / (w * w) as u32).abs_diff(50) / 5)
}

#[test]
fn bit_parallel_scoring_matches_the_rules_module_by_module() {
    // A small xorshift generator: varied grids, including long runs and finder shapes.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for w in [5, 21, 29, 57, 120] {
        for density in [2, 4, 8] {
            let m: Vec<bool> = (0..w * w).map(|_| next() % density == 0).collect();
            assert_eq!(
                penalty(&m, w),
                naive_penalty(&m, w),
                "width {w}, 1/{density} dark"
            );
        }
    }
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
