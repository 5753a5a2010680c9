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
use std::hash::BuildHasherDefault;

pub(crate) use dossier_model::Fnv;

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
