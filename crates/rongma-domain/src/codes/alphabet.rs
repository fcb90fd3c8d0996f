//! The 32 symbols a serial is written in, and how typed characters map onto them.
//!
//! The alphabet is Crockford's base 32: the ten digits and the upper-case letters
//! without I, L, O and U. Leaving those four out means a serial printed on a tag never
//! holds a pair that people confuse (0/O, 1/I/L) and never spells the worst words. Every
//! symbol is valid in a GS1 AI 21 serial and in QR alphanumeric mode.

/// Symbol values 0..32 in order; a symbol's value is its index.
pub(crate) const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Marks a byte that is not a symbol in [`DECODE`].
const INVALID: u8 = 0xFF;

/// ASCII byte → symbol value. Lower case is the same symbol (people type it); O, I and L
/// are read as 0, 1 and 1 because that is what someone copying a tag meant — those
/// letters never appear in a serial, so the reading is unambiguous.
const DECODE: [u8; 128] = build_decode();

const fn build_decode() -> [u8; 128] {
    let mut table = [INVALID; 128];
    let mut i = 0;
    while i < 32 {
        let c = ALPHABET[i];
        table[c as usize] = i as u8;
        table[c.to_ascii_lowercase() as usize] = i as u8;
        i += 1;
    }
    table[b'O' as usize] = 0;
    table[b'o' as usize] = 0;
    table[b'I' as usize] = 1;
    table[b'i' as usize] = 1;
    table[b'L' as usize] = 1;
    table[b'l' as usize] = 1;
    table
}

/// The value of a typed character, or `None` when it is no symbol (nor an alias of one).
#[inline]
pub(crate) fn value_of(c: char) -> Option<u8> {
    let b = u32::from(c);
    if b < 128 {
        let v = DECODE[b as usize];
        (v != INVALID).then_some(v)
    } else {
        None
    }
}

/// The symbol of a value; values are masked to five bits so this cannot go out of range.
#[inline]
pub(crate) fn symbol(value: u8) -> u8 {
    ALPHABET[usize::from(value & 0x1F)]
}

/// Reads symbol values (already decoded) back into an integer, most significant first.
#[inline]
pub(crate) fn decode_values(values: &[u8]) -> u64 {
    values
        .iter()
        .fold(0u64, |acc, &v| (acc << 5) | u64::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_round_trips_and_aliases_read_as_digits() {
        for (i, &c) in ALPHABET.iter().enumerate() {
            assert_eq!(value_of(c as char), Some(i as u8));
            assert_eq!(value_of(c.to_ascii_lowercase() as char), Some(i as u8));
            assert_eq!(symbol(i as u8), c);
        }
        assert_eq!(value_of('O'), Some(0));
        assert_eq!(value_of('l'), Some(1));
        assert_eq!(value_of('U'), None);
        assert_eq!(value_of('-'), None);
        assert_eq!(value_of('绒'), None);
    }

    #[test]
    fn values_read_most_significant_first() {
        assert_eq!(decode_values(&[0, 0, 1, 9]), 41);
        assert_eq!(decode_values(&[31; 8]), (1 << 40) - 1);
    }
}
