//! A fast hasher for the tables built from data files (word lists, the gazetteer index).
//!
//! ```text
//! FastSet::from_iter(["group", "front"]).contains("front")  ─►  true
//! ```
//!
//! FNV-1a: a few cycles per byte instead of SipHash's setup. Only for tables whose keys come
//! from data files, never from documents: lookups with any key stay cheap, and no document can
//! choose the keys a table is filled with, so collisions cannot be forced.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

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
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_set() {
        let s: FastSet<String> = ["group", "front"].iter().map(|w| w.to_string()).collect();
        assert!(s.contains("front"));
        assert!(!s.contains("fronts"));
    }
}
