//! What resolution knows about each origin (an entity row as a document created it): its names,
//! type, sources, neighbours, countries, dates and identifiers, gathered from one store
//! snapshot.
//!
//! ```text
//! snapshot { entities: [7 "Iyad Ag Ghaly" person, root 4], names: [(7, "Ghaly", weak)], .. }
//!   ─►  Origin { id: 7, live: 4, root_type: "person",
//!                names: [Name { text: "Iyad Ag Ghaly", key: "iad ag gali", weak: false }, ..],
//!                neighbours: [12 (JNIM)], countries: [3 (Mali)], dates: Some(..), .. }
//! ```

use std::collections::{BTreeSet, HashMap};

use dossier_model::Vocabulary;
use dossier_store::ResolutionSnapshot;

use crate::config::Config;

/// One surface form of an origin.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub text: String,
    /// `dossier_names::key` of the text.
    pub key: String,
    pub weak: bool,
    /// Written as an acronym ("JNIM", "U.N."); `acro` holds its folded letters.
    pub acronym: bool,
    pub acro: String,
}

/// An entity row as resolution sees it.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    pub id: i64,
    pub entity_type: String,
    pub root_type: String,
    /// The row's preferred name (for a live entity, the one shown on its profile).
    pub name: String,
    /// The live entity it belongs to now.
    pub live: i64,
    pub names: Vec<Name>,
    /// Source sids, ascending.
    pub sources: Vec<i64>,
    /// Live entities it is linked to by statements (not countries), ascending.
    pub neighbours: Vec<i64>,
    /// Live countries it is linked to, ascending.
    pub countries: Vec<i64>,
    pub dates: Option<(i64, i64)>,
    pub identifiers: Vec<(String, String)>,
    /// Acronyms one of its own long names spells out (folded letters).
    pub defines: Vec<String>,
}

/// Every origin, with look-ups.
#[derive(Debug, Default)]
pub(crate) struct Universe {
    pub origins: Vec<Origin>,
    pub index: HashMap<i64, usize>,
    /// sid → (source id, title).
    pub labels: HashMap<i64, (String, Option<String>)>,
}

impl Universe {
    pub fn build(snap: ResolutionSnapshot, vocabulary: &Vocabulary, config: &Config) -> Universe {
        let mut u = Universe::default();
        for e in snap.entities {
            u.index.insert(e.id, u.origins.len());
            u.origins.push(Origin {
                id: e.id,
                root_type: vocabulary.root_type(&e.entity_type).to_string(),
                entity_type: e.entity_type,
                name: e.name,
                live: e.root,
                names: Vec::new(),
                sources: Vec::new(),
                neighbours: Vec::new(),
                countries: Vec::new(),
                dates: None,
                identifiers: Vec::new(),
                defines: Vec::new(),
            });
        }
        for n in snap.names {
            let Some(&i) = u.index.get(&n.origin) else {
                continue;
            };
            let o = &mut u.origins[i];
            if o.names.iter().any(|m| m.text == n.name) {
                continue;
            }
            let acronym = looks_like_acronym(&n.name);
            o.names.push(Name {
                acro: if acronym {
                    acronym_letters(&n.name)
                } else {
                    String::new()
                },
                key: dossier_names::key(&n.name),
                text: n.name,
                weak: n.weak || acronym,
                acronym,
            });
        }
        let countries: BTreeSet<&str> = config
            .context
            .country_types
            .iter()
            .map(String::as_str)
            .collect();
        let is_country: Vec<bool> = u
            .origins
            .iter()
            .map(|o| countries.iter().any(|c| vocabulary.is_a(&o.entity_type, c)))
            .collect();
        for l in snap.links {
            let (Some(&i), Some(&j)) = (u.index.get(&l.origin), u.index.get(&l.other)) else {
                continue;
            };
            let other = u.origins[j].live;
            if is_country[j] {
                u.origins[i].countries.push(other);
            } else {
                u.origins[i].neighbours.push(other);
            }
        }
        for d in snap.dates {
            if let Some(&i) = u.index.get(&d.origin) {
                u.origins[i].dates = Some((d.first, d.last));
            }
        }
        for id in snap.identifiers {
            if let Some(&i) = u.index.get(&id.origin) {
                u.origins[i].identifiers.push((id.scheme, id.value));
            }
        }
        for (origin, sid) in snap.sources {
            if let Some(&i) = u.index.get(&origin) {
                u.origins[i].sources.push(sid);
            }
        }
        for (sid, id, title) in snap.source_labels {
            u.labels.insert(sid, (id, title));
        }
        for o in &mut u.origins {
            for v in [&mut o.sources, &mut o.neighbours, &mut o.countries] {
                v.sort_unstable();
                v.dedup();
            }
            // A place in a country is a neighbour too, but a country itself is not its own.
            let id = o.live;
            o.countries.retain(|&c| c != id);
            o.neighbours.retain(|&c| c != id);
            let acronyms: Vec<String> = o
                .names
                .iter()
                .filter(|n| n.acronym)
                .map(|n| n.acro.clone())
                .collect();
            let mut defines = Vec::new();
            for acro in acronyms {
                if o.names
                    .iter()
                    .any(|n| !n.weak && dossier_names::is_acronym_of(&acro, &n.text))
                {
                    defines.push(acro);
                }
            }
            o.defines = defines;
        }
        u
    }

    /// The members of each live entity, by live id.
    pub fn clusters(&self) -> HashMap<i64, Vec<usize>> {
        let mut out: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, o) in self.origins.iter().enumerate() {
            out.entry(o.live).or_default().push(i);
        }
        out
    }

    /// The preferred name of an entity (live or not), for messages.
    pub fn label(&self, id: i64) -> String {
        match self.index.get(&id) {
            Some(&i) => self.origins[i].name.clone(),
            None => format!("#{id}"),
        }
    }
}

/// A name written as an acronym: one word, at least two capitals and more capitals than small
/// letters ("JNIM", "U.N.", "ISWAP"; not "Mali", "al-Qaeda").
pub(crate) fn looks_like_acronym(name: &str) -> bool {
    let name = name.trim();
    let upper = name.chars().filter(|c| c.is_uppercase()).count();
    let lower = name.chars().filter(|c| c.is_lowercase()).count();
    !name.contains(char::is_whitespace) && upper >= 2 && upper > lower
}

/// The folded letters of an acronym ("U.N." → "un").
pub(crate) fn acronym_letters(name: &str) -> String {
    dossier_names::fold_key(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms() {
        assert!(looks_like_acronym("JNIM"));
        assert!(looks_like_acronym("U.N."));
        assert!(!looks_like_acronym("Mali"));
        assert!(!looks_like_acronym("IYAD AG GHALI"));
        assert_eq!(acronym_letters("U.N."), "un");
        assert_eq!(acronym_letters("JNIM"), "jnim");
    }
}
