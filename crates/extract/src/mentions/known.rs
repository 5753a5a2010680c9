//! The knowledge base's names as a dictionary of folded word runs.
//!
//! ```text
//! known: "Jama'at Nusrat al-Islam wal-Muslimin" (organization, e17), "Iyad ag Ghali" (person, e3)
//! text:  "… JAMA’AT NUSRAT AL-ISLAM WAL-MUSLIMIN claimed … iyad ag ghali …"
//!   ─► both found, whatever the case, the apostrophes or the hyphens
//! ```
//!
//! Names are folded word by word like the text ([`super::tokens`]) and filed under the folded
//! run; a sentence is looked up at each word for runs up to the longest name, so the cost per
//! word is bounded however many names the knowledge base holds (linear time, one pass).

use std::collections::HashMap;

use dossier_model::Span;

use super::tokens::tokenize;
use crate::{EntityKind, KnownName};

/// What a folded run of words is known as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KnownEntry {
    pub kind: EntityKind,
    pub entity: Option<String>,
}

/// Folded names → entries.
#[derive(Clone, Debug, Default)]
pub(crate) struct KnownIndex {
    pub names: HashMap<String, KnownEntry>,
    pub max_words: usize,
}

/// Names shorter than this (folded, in bytes) are not matched alone: two letters match too much.
const MIN_KEY_LEN: usize = 2;
/// Longer names are not indexed (nothing real is that long; it bounds the look-ups per word).
pub(crate) const MAX_WORDS: usize = 12;

impl KnownIndex {
    pub fn build(names: &[KnownName]) -> KnownIndex {
        let mut idx = KnownIndex {
            names: HashMap::with_capacity(names.len()),
            max_words: 0,
        };
        for n in names {
            let toks = tokenize(&n.name, Span::new(0, n.name.len()));
            let mut key = String::new();
            let words = (0..toks.len())
                .filter(|&i| !toks.fold(i).is_empty())
                .count();
            if words == 0 || words > MAX_WORDS {
                continue;
            }
            toks.key(0, toks.len(), &mut key);
            if key.len() < MIN_KEY_LEN {
                continue;
            }
            idx.max_words = idx.max_words.max(words);
            // The first entry of a name wins: the caller lists preferred names first.
            idx.names.entry(key).or_insert(KnownEntry {
                kind: n.entity_type,
                entity: n.entity.clone(),
            });
        }
        idx
    }

    pub fn get(&self, key: &str) -> Option<&KnownEntry> {
        self.names.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_like_text() {
        let idx = KnownIndex::build(&[
            KnownName {
                name: "Jama\u{2019}at Nusrat al-Islam".to_string(),
                entity_type: EntityKind::Organization,
                entity: Some("e1".to_string()),
            },
            KnownName {
                name: "X".to_string(),
                entity_type: EntityKind::Person,
                entity: None,
            },
        ]);
        assert_eq!(idx.max_words, 4);
        assert_eq!(
            idx.get("jamaat nusrat al islam").map(|e| e.entity.clone()),
            Some(Some("e1".to_string()))
        );
        assert!(idx.get("x").is_none());
    }
}
