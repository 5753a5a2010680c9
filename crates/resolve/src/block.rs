//! Blocking: which pairs of origins are worth scoring. Every origin gets keys (each content
//! word's skeleton, each whole name's key, each acronym it uses or its long names make); two
//! origins are compared when they share a key that is not too common.
//!
//! ```text
//! "Iyad ag Ghali"                         ─►  w:iad  w:gali  k:iad ag gali
//! "Islamic State in the Greater Sahara"   ─►  w:islamic w:state w:greater w:sahara
//!                                             k:islamic state greater sahara  a:isgs  a:isitgs
//! "ISGS"                                  ─►  k:isgs  a:isgs
//! ```

use std::collections::{HashMap, HashSet};

use dossier_names::Rules;
use dossier_names::index::{Entry, NameIndex, NameType, Query};

use crate::config::Config;
use crate::profile::{Origin, Universe};

/// The blocking keys of one origin, deduplicated.
pub(crate) fn keys(o: &Origin, config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for n in &o.names {
        let info = &n.info;
        if !info.key.is_empty() {
            out.push(format!("k:{}", info.key));
        }
        if info.acronym {
            if info.acro.len() >= 2 {
                out.push(format!("a:{}", info.acro));
            }
            continue;
        }
        for w in &info.words {
            if w.chars().count() >= config.blocking.min_word {
                out.push(format!("w:{w}"));
            }
        }
        if !n.weak {
            for acro in &info.makes {
                out.push(format!("a:{acro}"));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The pairs (i < j, indices into `u.origins`) that share a usable key and may be the same
/// entity (same top-level type; with `apart`, not one entity already). With `only`, at least
/// one side of each pair is in it.
pub(crate) fn candidate_pairs(
    u: &Universe,
    config: &Config,
    only: Option<&HashSet<usize>>,
    apart: bool,
) -> Vec<(usize, usize)> {
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    // With `only`, the blocks of its origins' keys are all that matter.
    let wanted: Option<HashSet<String>> = only.map(|only| {
        only.iter()
            .flat_map(|&i| keys(&u.origins[i], config))
            .collect()
    });
    for (i, o) in u.origins.iter().enumerate() {
        for k in keys(o, config) {
            if wanted.as_ref().is_none_or(|w| w.contains(&k)) {
                blocks.entry(k).or_default().push(i);
            }
        }
    }
    let mut pairs = HashSet::new();
    let keep = |i: usize, j: usize| {
        let (a, b) = (&u.origins[i], &u.origins[j]);
        a.root_type == b.root_type
            && !(apart && a.live == b.live)
            && only.is_none_or(|only| only.contains(&i) || only.contains(&j))
    };
    for (key, members) in &blocks {
        if members.len() < 2 {
            continue;
        }
        if members.len() > config.blocking.max_block {
            // A whole name many entities share (a town every report names): each is compared
            // with the last one of its type before it, so equal names still chain together;
            // a common word or acronym alone is not worth comparing on.
            if key.starts_with("k:") {
                let mut last: HashMap<&str, usize> = HashMap::new();
                for &i in members {
                    if let Some(&j) = last.get(u.origins[i].entity_type.as_str())
                        && keep(i, j)
                    {
                        pairs.insert((i.min(j), i.max(j)));
                    }
                    last.insert(&u.origins[i].entity_type, i);
                }
            }
            continue;
        }
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (a, b) = (&u.origins[i], &u.origins[j]);
                if a.root_type != b.root_type || (apart && a.live == b.live) {
                    continue;
                }
                if only.is_some_and(|only| !only.contains(&i) && !only.contains(&j)) {
                    continue;
                }
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    // Near spellings no key shares ("Sangare" / "Sangarre" / "Sangharé"): the screening index.
    for (i, j) in index_pairs(u, config, only) {
        let (a, b) = (&u.origins[i], &u.origins[j]);
        if i != j && a.root_type == b.root_type && !(apart && a.live == b.live) {
            pairs.insert((i.min(j), i.max(j)));
        }
    }
    let mut out: Vec<(usize, usize)> = pairs.into_iter().collect();
    out.sort_unstable();
    out
}

/// The screening kind of an origin's names.
fn name_type(root_type: &str) -> NameType {
    match root_type {
        "person" => NameType::Person,
        "organization" => NameType::Organization,
        _ => NameType::Other,
    }
}

/// Pairs the screening index (`dossier_names::index`) finds: each name of an origin of `only`
/// (every origin without it) looked up among the names of all origins, the best
/// `blocking.index_limit` records at or above `names.floor`.
fn index_pairs(
    u: &Universe,
    config: &Config,
    only: Option<&HashSet<usize>>,
) -> Vec<(usize, usize)> {
    let limit = config.blocking.index_limit;
    if limit == 0 || u.origins.len() < 2 {
        return Vec::new();
    }
    let entries = u.origins.iter().enumerate().flat_map(|(i, o)| {
        let kind = name_type(&o.root_type);
        o.names.iter().map(move |n| Entry {
            record: i as u32,
            name: &n.text,
            kind,
            weak: n.weak,
        })
    });
    let index = NameIndex::build(Rules::standard(), entries);
    let mut searcher = index.searcher();
    let mut out = Vec::new();
    for (i, o) in u.origins.iter().enumerate() {
        if only.is_some_and(|only| !only.contains(&i)) {
            continue;
        }
        let kind = Some(name_type(&o.root_type));
        for n in &o.names {
            let query = Query::new(&n.text).kind(kind).limit(limit + 1);
            for c in index.search_with(&query, &mut searcher) {
                let j = c.record as usize;
                if j != i && f64::from(c.score) >= config.names.floor {
                    out.push((i, j));
                }
            }
        }
    }
    out
}
