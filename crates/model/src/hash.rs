//! FNV-1a, the one fast hasher of dossier's tables built from data files and indexes (word
//! lists, the gazetteer index, the screening vocabulary).
//!
//! ```text
//! HashMap::<String, u32, BuildHasherDefault<Fnv>>::default()   a map with short keys
//! ```
//!
//! A few cycles per byte instead of SipHash's setup. Only for tables whose keys come from the
//! project's data or an index's own words, never chosen by an adversary: collisions cannot be
//! forced.

use std::hash::Hasher;

#[derive(Clone, Copy, Debug)]
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
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_is_fnv_1a() {
        // The published FNV-1a 64-bit value of "a".
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }
}
