//! The check character of a serial: a weighted sum over the field of 32 elements.
//!
//! Symbol values are read as elements of GF(2⁵) (polynomial x⁵ + x² + 1, α = x). Data
//! position `i` (0-based) has weight αⁱ⁺¹ and the check character weight α⁰ = 1, and the
//! check is chosen so that the weighted sum of all eighteen symbols is zero. Why this works:
//! - a single substitution a→b changes the sum by w·(a+b), non-zero because w ≠ 0 and a ≠ b;
//! - swapping neighbours a,b changes it by (wᵢ + wᵢ₊₁)(a+b), non-zero because the powers
//!   α⁰…α¹⁷ are distinct (α has order 31) and a ≠ b;
//! - the same argument covers jump swaps (a x b → b x a) and twin errors (aa → bb).
//!
//! A prime modulus would need 37 check values and so five extra symbols; the field of 32
//! gives the same guarantees within the alphabet. `tests/domain/codes_check.rs` proves the
//! single-error and adjacent-swap claims exhaustively.

/// Multiplication table of GF(32), built at compile time.
const MUL: [[u8; 32]; 32] = build_mul();

/// Reduction polynomial x⁵ + x² + 1 (primitive, so x generates the multiplicative group).
const POLY: u16 = 0b10_0101;

const fn gf_mul(a: u8, b: u8) -> u8 {
    let mut acc: u16 = 0;
    let mut a = a as u16;
    let mut b = b;
    while b != 0 {
        if b & 1 == 1 {
            acc ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0b10_0000 != 0 {
            a ^= POLY;
        }
    }
    acc as u8
}

const fn build_mul() -> [[u8; 32]; 32] {
    let mut t = [[0u8; 32]; 32];
    let mut a = 0;
    while a < 32 {
        let mut b = 0;
        while b < 32 {
            t[a][b] = gf_mul(a as u8, b as u8);
            b += 1;
        }
        a += 1;
    }
    t
}

/// Weight of data position `i`: αⁱ⁺¹. Seventeen data positions, all distinct and non-zero.
const WEIGHTS: [u8; 17] = build_weights();

const fn build_weights() -> [u8; 17] {
    let mut w = [0u8; 17];
    let mut power = 1u8;
    let mut i = 0;
    while i < 17 {
        power = gf_mul(power, 2);
        w[i] = power;
        i += 1;
    }
    w
}

/// The check value for 17 data symbol values: the sum that makes the total zero.
#[inline]
pub(crate) fn check_value(data: &[u8; 17]) -> u8 {
    // Addition in GF(2⁵) is XOR, and −x = x, so the check equals the weighted data sum.
    data.iter().zip(WEIGHTS.iter()).fold(0u8, |acc, (&v, &w)| {
        acc ^ MUL[usize::from(w)][usize::from(v & 0x1F)]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_distinct_non_zero_and_not_one() {
        for (i, &a) in WEIGHTS.iter().enumerate() {
            assert_ne!(a, 0);
            // 1 is the check position's weight.
            assert_ne!(a, 1);
            for &b in &WEIGHTS[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn field_multiplication_has_inverses() {
        for a in 1..32u8 {
            let inverses = (1..32u8).filter(|&b| gf_mul(a, b) == 1).count();
            assert_eq!(inverses, 1, "element {a}");
        }
    }
}
