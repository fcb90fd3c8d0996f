//! The draw's keyed hashes: seed = SHA-256("rongma-draw-v1" ‖ 0x00 ‖ plan hash ‖ beacon),
//! and MAC(parts…) = HMAC-SHA256(key = seed, parts joined by single 0x00 bytes). The HMAC
//! key schedule is done once; each MAC clones the keyed state (two SHA-256 blocks for the
//! short messages used here).

use super::beacon::Beacon;
use super::plan::{PlanHash, Weight, ALGORITHM};
use hmac::{Hmac, Mac as _};
use sha2::{Digest, Sha256};
use std::fmt;

/// The draw's seed.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Seed([u8; 32]);

impl Seed {
    /// SHA-256("rongma-draw-v1" ‖ 0x00 ‖ plan hash ‖ beacon).
    pub fn derive(plan: &PlanHash, beacon: &Beacon) -> Seed {
        let mut h = Sha256::new();
        h.update(ALGORITHM.as_bytes());
        h.update([0u8]);
        h.update(plan.as_bytes());
        h.update(beacon.as_bytes());
        Seed(h.finalize().into())
    }
    pub const fn from_bytes(b: [u8; 32]) -> Self {
        Self(b)
    }
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
    pub fn from_hex(text: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).ok()?;
        Some(Self(out))
    }
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Seed({})", self.to_hex())
    }
}

/// A 32-byte MAC; arrays compare lexicographically, i.e. as big-endian numbers.
pub(super) type Tag = [u8; 32];

/// HMAC-SHA256 keyed with the seed.
#[derive(Clone)]
pub(super) struct Keyed(Hmac<Sha256>);

impl Keyed {
    pub fn new(seed: &Seed) -> Self {
        // HMAC takes keys of any length, so this cannot fail; an empty key is the fallback
        // only to avoid a panic path.
        let mac = Hmac::<Sha256>::new_from_slice(seed.as_bytes())
            .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
        Self(mac)
    }

    /// MAC(parts…).
    pub fn tag(&self, parts: &[&[u8]]) -> Tag {
        let mut m = self.0.clone();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                m.update(&[0]);
            }
            m.update(p);
        }
        m.finalize().into_bytes().into()
    }

    /// score(e) = min over j = 0 … w−1 of MAC("E", stratum, id, decimal(j)).
    pub fn score(&self, stratum: &str, id: &str, weight: Weight) -> Tag {
        let mut prefix = self.0.clone();
        for p in [b"E".as_slice(), stratum.as_bytes(), id.as_bytes()] {
            prefix.update(p);
            prefix.update(&[0]);
        }
        let mut best = [0xff; 32];
        let mut digits = [0u8; 5];
        for j in 0..weight.get() {
            let mut m = prefix.clone();
            m.update(decimal(j, &mut digits));
            let t: Tag = m.finalize().into_bytes().into();
            if t < best {
                best = t;
            }
        }
        best
    }
}

/// `j` in decimal ASCII without leading zeros.
fn decimal(mut j: u16, buf: &mut [u8; 5]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (j % 10) as u8;
        j /= 10;
        if j == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_has_no_leading_zeros() {
        let mut b = [0u8; 5];
        for (j, s) in [
            (0u16, "0"),
            (7, "7"),
            (10, "10"),
            (999, "999"),
            (65535, "65535"),
        ] {
            assert_eq!(decimal(j, &mut b), s.as_bytes());
        }
    }

    #[test]
    fn a_score_is_the_least_of_its_tickets_and_one_ticket_is_a_plain_mac() {
        let k = Keyed::new(&Seed([7; 32]));
        let one = k.score("A", "E1", Weight::ONE);
        assert_eq!(one, k.tag(&[b"E", b"A", b"E1", b"0"]));
        let three = k.score("A", "E1", Weight::new(3).unwrap());
        let tickets = [b"0", b"1", b"2"].map(|j| k.tag(&[b"E", b"A", b"E1", j]));
        assert_eq!(Some(&three), tickets.iter().min());
    }
}
