//! The draw's keyed hashes: seed = SHA-256("rongma-draw-v1" ‖ 0x00 ‖ plan hash ‖ beacon),
//! and MAC(parts…) = HMAC-SHA256(key = seed, parts joined by single 0x00 bytes). The HMAC
//! key schedule is done once; each MAC clones the keyed state (two SHA-256 blocks for the
//! short messages used here).

use super::beacon::Beacon;
use super::plan::{PlanHash, Weight, ALGORITHM};
use sha2::digest::generic_array::GenericArray;
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

/// A tag as two big-endian halves: comparing the pairs is comparing the bytes, in two
/// integer comparisons instead of a `memcmp`.
pub(super) fn halves(t: &Tag) -> (u128, u128) {
    let mut hi = [0u8; 16];
    let mut lo = [0u8; 16];
    hi.copy_from_slice(&t[..16]);
    lo.copy_from_slice(&t[16..]);
    (u128::from_be_bytes(hi), u128::from_be_bytes(lo))
}

/// HMAC-SHA256 keyed with the seed, with the key schedule done once: the states after
/// the key⊕ipad and key⊕opad blocks are kept, so a MAC of a message under 56 bytes costs
/// exactly two SHA-256 compressions (`sha2::compress256`) and no allocation. The draw
/// computes tens of millions of these; the `hmac` crate's clone-update-finalise path
/// costs about twice as much. Tested against the `hmac` crate and RFC 4231.
#[derive(Clone)]
pub(super) struct Keyed {
    inner: [u32; 8],
    outer: [u32; 8],
}

const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Room for the longest message the draw makes: "E" or "I", two labels of at most 128
/// bytes, a ticket number and three separators.
const MAX_MESSAGE: usize = 272;

fn compress(state: &mut [u32; 8], block: &[u8]) {
    for b in block.chunks_exact(64) {
        sha2::compress256(state, std::slice::from_ref(GenericArray::from_slice(b)));
    }
}

/// SHA-256 of (one 64-byte block already absorbed into `state`) ‖ `msg`.
fn finish(mut state: [u32; 8], msg: &[u8]) -> Tag {
    let full = msg.len() / 64 * 64;
    compress(&mut state, &msg[..full]);
    let rest = &msg[full..];
    let mut block = [0u8; 128];
    block[..rest.len()].copy_from_slice(rest);
    block[rest.len()] = 0x80;
    let end = if rest.len() < 56 { 64 } else { 128 };
    let bits = (64 + msg.len() as u64) * 8;
    block[end - 8..end].copy_from_slice(&bits.to_be_bytes());
    compress(&mut state, &block[..end]);
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

impl Keyed {
    pub fn new(seed: &Seed) -> Self {
        Self::with_key(seed.as_bytes())
    }

    /// Keys of at most 64 bytes (the seed is 32).
    fn with_key(key: &[u8; 32]) -> Self {
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for (i, k) in key.iter().enumerate() {
            ipad[i] ^= k;
            opad[i] ^= k;
        }
        let (mut inner, mut outer) = (IV, IV);
        compress(&mut inner, &ipad);
        compress(&mut outer, &opad);
        Self { inner, outer }
    }

    fn mac(&self, msg: &[u8]) -> Tag {
        finish(self.outer, &finish(self.inner, msg))
    }

    /// The MAC of a message already in `block[..len]` (len < 56, the rest zero): one
    /// inner and one outer compression, no other copying.
    fn mac_short(&self, mut block: [u8; 64], len: usize) -> Tag {
        block[len] = 0x80;
        block[56..].copy_from_slice(&((64 + len as u64) * 8).to_be_bytes());
        let mut inner = self.inner;
        compress(&mut inner, &block);
        // Outer message: the 32-byte inner digest, padded; its length is 64 + 32 bytes.
        let mut outer_block = [0u8; 64];
        for (o, w) in outer_block.chunks_exact_mut(4).zip(inner) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        outer_block[32] = 0x80;
        outer_block[56..].copy_from_slice(&(96u64 * 8).to_be_bytes());
        let mut outer = self.outer;
        compress(&mut outer, &outer_block);
        let mut out = [0u8; 32];
        for (o, w) in out.chunks_exact_mut(4).zip(outer) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        out
    }

    /// MAC(parts…): the parts joined by single 0x00 bytes.
    pub fn tag(&self, parts: &[&[u8]]) -> Tag {
        let len = parts
            .iter()
            .map(|p| p.len() + 1)
            .sum::<usize>()
            .saturating_sub(1);
        if len < 56 {
            let mut block = [0u8; 64];
            let mut at = 0;
            for (i, p) in parts.iter().enumerate() {
                at += usize::from(i > 0); // the 0x00 separator, already zero
                block[at..at + p.len()].copy_from_slice(p);
                at += p.len();
            }
            return self.mac_short(block, len);
        }
        let mut stack = [0u8; MAX_MESSAGE];
        let mut heap = Vec::new();
        let buf: &mut [u8] = if len <= MAX_MESSAGE {
            &mut stack[..len]
        } else {
            heap.resize(len, 0);
            &mut heap
        };
        let mut at = 0;
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                at += 1; // the 0x00 separator, already zero
            }
            buf[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        self.mac(buf)
    }

    /// score(e) = min over j = 0 … w−1 of MAC("E", stratum, id, decimal(j)).
    pub fn score(&self, stratum: &str, id: &str, weight: Weight) -> Tag {
        let mut digits = [0u8; 5];
        let mut best = [0xff; 32];
        for j in 0..weight.get() {
            let t = self.tag(&[
                b"E",
                stratum.as_bytes(),
                id.as_bytes(),
                decimal(j, &mut digits),
            ]);
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
    use hmac::{Hmac, Mac};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn equals_the_hmac_crate(key in proptest::array::uniform32(any::<u8>()), parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..140), 0..4)) {
            let mut m = Hmac::<Sha256>::new_from_slice(&key).unwrap();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 { m.update(&[0]); }
                m.update(p);
            }
            let slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            let expected: Tag = m.finalize().into_bytes().into();
            prop_assert_eq!(Keyed::with_key(&key).tag(&slices), expected);
        }
    }

    #[test]
    fn matches_rfc_4231_test_case_1() {
        // RFC 4231 test case 1 uses a 20-byte key: zero-padded to 32 bytes it is the same
        // HMAC key (keys shorter than a block are zero-padded).
        let mut key = [0u8; 32];
        key[..20].copy_from_slice(&[0x0b; 20]);
        assert_eq!(
            hex::encode(Keyed::with_key(&key).tag(&[b"Hi There"])),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

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
