//! Which record ids a source already used, for million-row files: a
//! 128-bit fingerprint per id instead of the id itself, so a row costs no
//! allocation and no SipHash. Two different ids share a fingerprint with a
//! probability of about n²/2¹²⁹ (10⁻²⁷ for a million ids).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// The fingerprint is already well mixed: its low bits are the hash.
#[derive(Default)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b) ^ (self.0 >> 56);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

/// FNV-1a: a fast hash for short keys (column names), where SipHash's
/// protection against chosen keys is not needed.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

pub type FnvMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Default)]
pub struct SeenIds(HashSet<u128, BuildHasherDefault<PassThrough>>);

/// Two FNV-1a 64 hashes with different offsets, in one pass.
fn fingerprint(id: &str) -> u128 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let (mut a, mut b) = (0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64);
    for byte in id.bytes() {
        a = (a ^ u64::from(byte)).wrapping_mul(PRIME);
        b = (b ^ u64::from(byte)).wrapping_mul(PRIME).rotate_left(29);
    }
    (u128::from(a) << 64) | u128::from(b)
}

impl SeenIds {
    pub fn new() -> SeenIds {
        SeenIds::default()
    }

    /// `true` the first time an id is seen.
    pub fn insert(&mut self, id: &str) -> bool {
        self.0.insert(fingerprint(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_distinct_ids_are_all_new_and_a_repeat_is_not() {
        let mut seen = SeenIds::new();
        for i in 0..1_000_000 {
            assert!(seen.insert(&format!("venue-{i}")), "venue-{i}");
        }
        assert!(!seen.insert("venue-123456"));
        assert!(seen.insert("venue-1000000"));
    }
}
