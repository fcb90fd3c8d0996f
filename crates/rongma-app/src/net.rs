//! Coarse network fingerprints: which network a request came from, never the address.
//! The client's /24 (IPv4) or /48 (IPv6) prefix is hashed with a secret salt, so events can
//! be grouped by network without storing or being able to recover anyone's address.

use crate::App;
use hmac::{Hmac, Mac};
use rustc_hash::FxHashMap;
use sha2::Sha256;
use std::net::IpAddr;
use std::sync::Mutex;

/// The network prefix of an address: /24 for IPv4, /48 for IPv6 (IPv4-mapped IPv6
/// addresses count as IPv4).
pub fn network_prefix(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => network_prefix(IpAddr::V4(v4)),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
            }
        },
    }
}

/// Networks remembered by [`FingerprintKey`]; past this many the memory starts over.
const REMEMBERED_NETWORKS: usize = 4096;

/// The fingerprint salt, keyed once: [`App::network_fingerprint`] runs on every scan, and
/// keying HMAC-SHA-256 (decoding the salt, hashing the inner and outer pads) cost as much
/// as the hash itself. The fingerprints of recent networks are remembered too: consumers
/// reach the service through a few carrier gateways, so most scans come from a network
/// seen moments before, and a map lookup costs a fraction of formatting and hashing the
/// prefix.
pub(crate) struct FingerprintKey {
    mac: Hmac<Sha256>,
    recent: Mutex<FxHashMap<u64, String>>,
}

/// A network prefix as one number: the /24 or the /48, tagged by family.
fn prefix_key(ip: IpAddr) -> u64 {
    match ip {
        IpAddr::V4(v4) => (1 << 60) | (u64::from(u32::from(v4)) >> 8),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => prefix_key(IpAddr::V4(v4)),
            None => (2 << 60) | (u128::from(v6) >> 80) as u64,
        },
    }
}

impl FingerprintKey {
    /// From the hex salt of the secrets file (checked when loaded; an unreadable one
    /// keys with zeros rather than failing every request).
    pub(crate) fn new(salt_hex: &str) -> Self {
        let salt = hex::decode(salt_hex).unwrap_or_default();
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(&salt).unwrap_or_else(|_| {
            <Hmac<Sha256> as Mac>::new_from_slice(&[0u8; 32]).expect("HMAC takes any key length")
        });
        Self {
            mac,
            recent: Mutex::new(FxHashMap::default()),
        }
    }

    fn fingerprint(&self, ip: IpAddr) -> String {
        let key = prefix_key(ip);
        let lock = || self.recent.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = lock().get(&key) {
            return f.clone();
        }
        let f = self.compute(ip);
        let mut recent = lock();
        if recent.len() >= REMEMBERED_NETWORKS {
            recent.clear();
        }
        recent.insert(key, f.clone());
        f
    }

    fn compute(&self, ip: IpAddr) -> String {
        let mut mac = self.mac.clone();
        mac.update(network_prefix(ip).as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..8])
    }
}

impl App {
    /// A salted hash of the client's network prefix (16 hex digits).
    pub fn network_fingerprint(&self, ip: IpAddr) -> String {
        self.inner.fingerprint_key.fingerprint(ip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_the_salted_hmac_of_the_prefix() {
        let salt = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let key = FingerprintKey::new(salt);
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&hex::decode(salt).unwrap()).unwrap();
        mac.update(b"203.0.113.0/24");
        let expected = hex::encode(&mac.finalize().into_bytes()[..8]);
        // Keyed once, the same for every use, and by network, not address.
        assert_eq!(key.fingerprint("203.0.113.77".parse().unwrap()), expected);
        assert_eq!(key.fingerprint("203.0.113.9".parse().unwrap()), expected);
        assert_ne!(key.fingerprint("203.0.114.9".parse().unwrap()), expected);
        let other = FingerprintKey::new(&salt.replace('0', "1"));
        assert_ne!(other.fingerprint("203.0.113.77".parse().unwrap()), expected);
    }

    #[test]
    fn remembered_fingerprints_are_the_ones_computed_and_the_memory_is_bounded() {
        let key = FingerprintKey::new(&"ab".repeat(32));
        let ips: Vec<IpAddr> = vec![
            "198.51.100.7".parse().unwrap(),
            "198.51.101.7".parse().unwrap(),
            "::ffff:198.51.100.200".parse().unwrap(),
            "2001:db8:1:2::1".parse().unwrap(),
            "2001:db8:1:3::1".parse().unwrap(),
            "2001:db8:2:2::1".parse().unwrap(),
        ];
        for _ in 0..2 {
            for ip in &ips {
                assert_eq!(key.fingerprint(*ip), key.compute(*ip), "{ip}");
            }
        }
        // Same /24 or /48, same fingerprint; the mapped address is its IPv4 network.
        assert_eq!(key.fingerprint(ips[0]), key.fingerprint(ips[2]));
        assert_eq!(key.fingerprint(ips[3]), key.fingerprint(ips[4]));
        assert_ne!(key.fingerprint(ips[0]), key.fingerprint(ips[1]));
        assert_ne!(key.fingerprint(ips[3]), key.fingerprint(ips[5]));
        // Many networks: the memory never holds more than its bound, answers stay right.
        for i in 0..(REMEMBERED_NETWORKS as u32 + 100) {
            let ip = IpAddr::V4((0x0a00_0000 | (i << 8)).into());
            assert_eq!(key.fingerprint(ip), key.compute(ip));
        }
        assert!(key.recent.lock().unwrap().len() <= REMEMBERED_NETWORKS);
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            network_prefix("203.0.113.77".parse().unwrap()),
            "203.0.113.0/24"
        );
        assert_eq!(
            network_prefix("::ffff:203.0.113.9".parse().unwrap()),
            "203.0.113.0/24"
        );
        assert_eq!(
            network_prefix("2001:db8:abcd:12::1".parse().unwrap()),
            "2001:db8:abcd::/48"
        );
    }
}
