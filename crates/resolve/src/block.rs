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
    for members in blocks.values() {
        if members.len() < 2 || members.len() > config.blocking.max_block {
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
    let mut out: Vec<(usize, usize)> = pairs.into_iter().collect();
    out.sort_unstable();
    out
}
