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

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use dossier_model::Vocabulary;
use dossier_store::ResolutionSnapshot;

use crate::config::Config;

/// What the name rules say about one surface form; computed once per process and name.
#[derive(Debug, Default)]
pub(crate) struct NameInfo {
    /// `dossier_names::key` of the text.
    pub key: String,
    /// Written as an acronym ("JNIM", "U.N."); `acro` holds its folded letters.
    pub acronym: bool,
    pub acro: String,
    /// The skeletons of its content words.
    pub words: Vec<String>,
    /// The acronyms its words make (lower case), for a name that is not an acronym.
    pub makes: Vec<String>,
}

/// One surface form of an origin.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub text: String,
    pub weak: bool,
    pub info: Arc<NameInfo>,
}

impl Name {
    pub fn key(&self) -> &str {
        &self.info.key
    }
    pub fn acronym(&self) -> bool {
        self.info.acronym
    }
    pub fn acro(&self) -> &str {
        &self.info.acro
    }
}

/// Entries kept before the caches start over (bounds memory on huge knowledge bases).
pub(crate) const CACHE_LIMIT: usize = 1 << 20;

/// The rules' view of a name, from the cache.
pub(crate) fn name_info(text: &str) -> Arc<NameInfo> {
    static CACHE: Mutex<Option<HashMap<String, Arc<NameInfo>>>> = Mutex::new(None);
    if let Ok(guard) = CACHE.lock()
        && let Some(hit) = guard.as_ref().and_then(|m| m.get(text))
    {
        return hit.clone();
    }
    let acronym = looks_like_acronym(text);
    let info = Arc::new(NameInfo {
        key: dossier_names::key(text),
        acronym,
        acro: if acronym {
            acronym_letters(text)
        } else {
            String::new()
        },
        words: if acronym {
            Vec::new()
        } else {
            dossier_names::tokens(text)
                .into_iter()
                .filter(|t| t.kind == dossier_names::TokenKind::Content)
                .map(|t| t.skeleton)
                .collect()
        },
        makes: if acronym {
            Vec::new()
        } else {
            dossier_names::acronym(text)
                .into_iter()
                .map(|a| a.to_lowercase())
                .collect()
        },
    });
    if let Ok(mut guard) = CACHE.lock() {
        let map = guard.get_or_insert_with(HashMap::new);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(text.to_string(), info.clone());
    }
    info
}

/// Whether `short` (folded acronym letters) stands for `long`, from the cache.
pub(crate) fn spells(short: &str, long: &str) -> bool {
    type Key = (String, String);
    static CACHE: Mutex<Option<HashMap<Key, bool>>> = Mutex::new(None);
    let key = (short.to_string(), long.to_string());
    if let Ok(guard) = CACHE.lock()
        && let Some(&hit) = guard.as_ref().and_then(|m| m.get(&key))
    {
        return hit;
    }
    let v = dossier_names::is_acronym_of(short, long);
    if let Ok(mut guard) = CACHE.lock() {
        let map = guard.get_or_insert_with(HashMap::new);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(key, v);
    }
    v
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
    /// Acronyms one of its own long names spells out: (folded letters, long name).
    pub defines: Vec<(String, String)>,
}

/// Every origin, with look-ups.
#[derive(Debug, Default)]
pub(crate) struct Universe {
    pub origins: Vec<Origin>,
    pub index: HashMap<i64, usize>,
    /// sid → (source id, title).
    pub labels: HashMap<i64, (String, Option<String>)>,
    /// Acronyms the knowledge base spells out in more than one way ("AD": "Army of the
    /// Dunes", "Alliance for Democracy").
    pub ambiguous: HashSet<String>,
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
            let info = name_info(&n.name);
            o.names.push(Name {
                text: n.name,
                weak: n.weak || info.acronym,
                info,
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
                .filter(|n| n.acronym())
                .map(|n| n.acro().to_string())
                .collect();
            let mut defines = Vec::new();
            for acro in acronyms {
                for n in o.names.iter().filter(|n| !n.weak) {
                    if spells(&acro, &n.text) {
                        defines.push((acro.clone(), n.text.clone()));
                    }
                }
            }
            o.defines = defines;
        }
        // An acronym is ambiguous when two of the long names it stands for are not alike.
        let mut spelled: HashMap<&str, Vec<&str>> = HashMap::new();
        for o in &u.origins {
            for (acro, long) in &o.defines {
                let longs = spelled.entry(acro).or_default();
                if !longs.contains(&long.as_str()) {
                    longs.push(long);
                }
            }
        }
        let mut ambiguous = HashSet::new();
        for (acro, longs) in spelled {
            'pairs: for (i, a) in longs.iter().enumerate() {
                for b in &longs[i + 1..] {
                    if !alike(a, b, config.thresholds.auto_merge) {
                        ambiguous.insert(acro.to_string());
                        break 'pairs;
                    }
                }
            }
        }
        u.ambiguous = ambiguous;
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

/// Two long names close enough to be one name (same key, or compared at `threshold` or more).
pub(crate) fn alike(a: &str, b: &str, threshold: f64) -> bool {
    name_info(a).key == name_info(b).key
        || f64::from(dossier_names::compare(a, b).score) >= threshold
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
