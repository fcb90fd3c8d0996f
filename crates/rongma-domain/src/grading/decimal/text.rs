//! Writing decimals as text quickly. A result carries dozens of decimals and the CLI writes
//! results in bulk, so this formats the integer mantissa on the stack instead of going
//! through `Decimal`'s general `Display`; the text is identical.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// A decimal shown with exactly its own scale ("16.0", "0.5", "712").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::grading) struct DecText(pub Decimal);

impl DecText {
    /// Formats into `buf`, returning the ASCII bytes. `None` (use `Decimal`'s own
    /// `Display`) for mantissas beyond 64 bits, which no lab value reaches.
    fn digits(self, buf: &mut [u8; 48]) -> Option<&[u8]> {
        let d = self.0;
        let negative = d.is_sign_negative() && !d.is_zero();
        let mut m = u64::try_from(d.mantissa().unsigned_abs()).ok()?;
        let scale = d.scale() as usize;
        let mut pos = buf.len();
        let mut digits = 0usize;
        // Digits right to left, with the point after `scale` of them and at least one
        // digit before it ("0.5").
        while m > 0 || digits <= scale {
            if digits == scale && scale > 0 {
                pos -= 1;
                buf[pos] = b'.';
            }
            pos -= 1;
            buf[pos] = b'0' + (m % 10) as u8;
            m /= 10;
            digits += 1;
            if pos < 2 {
                return None;
            }
        }
        if negative {
            pos -= 1;
            buf[pos] = b'-';
        }
        Some(&buf[pos..])
    }

    fn render(self, buf: &mut [u8; 48]) -> Option<&str> {
        self.digits(buf).and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Appends the text to a byte buffer.
    pub fn push_bytes(self, out: &mut Vec<u8>) {
        let mut buf = [0u8; 48];
        match self.digits(&mut buf) {
            Some(b) => out.extend_from_slice(b),
            None => out.extend_from_slice(self.0.to_string().as_bytes()),
        }
    }
}

impl DecText {
    /// Appends the text to `out`.
    pub fn push_to(self, out: &mut String) {
        let mut buf = [0u8; 48];
        match self.render(&mut buf) {
            Some(s) => out.push_str(s),
            None => out.push_str(&self.0.to_string()),
        }
    }
}

impl fmt::Display for DecText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 48];
        match self.render(&mut buf) {
            Some(s) => f.write_str(s),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl Serialize for DecText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 48];
        match self.render(&mut buf) {
            Some(text) => s.serialize_str(text),
            None => s.collect_str(&self.0),
        }
    }
}

/// Serialises an optional decimal as text or null.
pub(in crate::grading) fn opt(d: Option<Decimal>) -> Option<DecText> {
    d.map(DecText)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn same_text_as_decimal_display() {
        for s in [
            "0",
            "0.0",
            "0.5",
            "16.0",
            "15.95",
            "712",
            "-1.6",
            "0.001",
            "100.00",
            "123456789.123",
        ] {
            let d = Decimal::from_str(s).expect("decimal");
            assert_eq!(DecText(d).to_string(), d.to_string(), "{s}");
        }
        let big = Decimal::MAX;
        assert_eq!(DecText(big).to_string(), big.to_string());
    }
}
