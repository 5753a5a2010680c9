//! The score of a pair of origins, with the reasons in words an analyst can check: the best
//! evidence from their names, then what types and context add or take away.
//!
//! ```text
//! "Iyad ag Ghali" (person; JNIM, Mali)  ×  "Iyad Ag Ghaly" (person; JNIM, Mali)
//!   ─►  1.0  ["names: “Iyad ag Ghali” = “Iyad Ag Ghaly” after folding (1.00)",
//!              "shared neighbours: JNIM (+0.04)", "same country: Mali (+0.03)"]
//! "ISGS"  ×  "Islamic State in the Greater Sahara" + "ISGS"
//!   ─►  0.95 ["names: both use the acronym ISGS, spelled out as … (0.95)"]
//! "Gao" (town)  ×  "Gao" (region)
//!   ─►  0.6  ["names: “Gao” = “Gao” after folding (1.00)", "types town and region differ (-0.40)"]
//! ```

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use dossier_model::Vocabulary;
use serde::Serialize;

use crate::config::Config;
use crate::profile::{CACHE_LIMIT, Origin, Universe, alike};

/// A scored pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairScore {
    pub score: f64,
    /// The name evidence before types and context.
    pub names: f64,
    /// The two names that gave the name evidence.
    pub matched: (String, String),
    pub reasons: Vec<String>,
    /// The two cannot be one entity (the same acronym spelled out differently, different
    /// identifiers of a unique scheme): the machine never joins their groups.
    pub conflict: bool,
}

/// Scores two origins; None when they cannot be the same entity (top-level types differ) or
/// their names are too far apart to bother.
pub(crate) fn score(
    a: &Origin,
    b: &Origin,
    u: &Universe,
    config: &Config,
    vocabulary: &Vocabulary,
) -> Option<PairScore> {
    if a.root_type != b.root_type {
        return None;
    }
    let (evidence, mut conflict) = name_evidence(a, b, u, config);
    let Some((names, matched, why)) = evidence else {
        return conflict.map(|c| PairScore {
            score: 0.0,
            names: 0.0,
            matched: (a.name.clone(), b.name.clone()),
            reasons: vec![c],
            conflict: true,
        });
    };
    let mut reasons = vec![why];
    if let Some(c) = &conflict {
        reasons.push(c.clone());
    }
    let mut score = names;
    let mut add = |delta: f64, reason: String, reasons: &mut Vec<String>| {
        if delta != 0.0 {
            score += delta;
            reasons.push(format!("{reason} ({delta:+.2})"));
        }
    };

    if a.entity_type != b.entity_type {
        let (x, y) = (&a.entity_type, &b.entity_type);
        if vocabulary.is_a(x, y) || vocabulary.is_a(y, x) {
            add(
                config.types.ancestor,
                format!("types {x} and {y} are compatible"),
                &mut reasons,
            );
        } else {
            let w = config
                .types
                .sibling_by_root
                .get(&a.root_type)
                .copied()
                .unwrap_or(config.types.sibling);
            add(w, format!("types {x} and {y} differ"), &mut reasons);
        }
    }

    let c = &config.context;
    let shared = intersection(&a.neighbours, &b.neighbours);
    if !shared.is_empty() {
        let w = (c.shared_neighbour * shared.len() as f64).min(c.shared_neighbour_max);
        add(
            w,
            format!("shared neighbours: {}", labels(u, &shared)),
            &mut reasons,
        );
    }
    if a.neighbours.contains(&b.live) || b.neighbours.contains(&a.live) {
        add(
            c.direct_link,
            format!("a statement links “{}” to “{}”", a.name, b.name),
            &mut reasons,
        );
    }
    if !a.countries.is_empty() && !b.countries.is_empty() {
        let common = intersection(&a.countries, &b.countries);
        if common.is_empty() {
            add(
                c.disjoint_countries,
                format!(
                    "no country in common ({} / {})",
                    labels(u, &a.countries),
                    labels(u, &b.countries)
                ),
                &mut reasons,
            );
        } else {
            add(
                c.shared_country,
                format!("same country: {}", labels(u, &common)),
                &mut reasons,
            );
        }
    }
    if !intersection(&a.sources, &b.sources).is_empty() {
        add(
            c.same_source,
            "one document names both, apart".to_string(),
            &mut reasons,
        );
    }
    if let (Some((af, al)), Some((bf, bl))) = (a.dates, b.dates) {
        let gap = (af - bl).max(bf - al);
        if gap >= c.date_gap_years * 365 {
            add(
                c.date_gap,
                format!("their dated facts are {} years apart", gap / 365),
                &mut reasons,
            );
        }
    }
    let common_ids: Vec<&(String, String)> = a
        .identifiers
        .iter()
        .filter(|x| b.identifiers.contains(x))
        .collect();
    if !common_ids.is_empty() {
        let list: Vec<String> = common_ids.iter().map(|(s, v)| format!("{s} {v}")).collect();
        add(
            c.shared_identifier,
            format!("same identifier: {}", list.join(", ")),
            &mut reasons,
        );
    }
    for scheme in &c.unique_schemes {
        let ours: Vec<&str> = ids_of(a, scheme);
        let theirs: Vec<&str> = ids_of(b, scheme);
        if !ours.is_empty() && !theirs.is_empty() && !ours.iter().any(|x| theirs.contains(x)) {
            conflict = Some(format!("different {scheme}"));
            add(
                c.conflicting_identifier,
                format!(
                    "different {scheme}: {} / {}",
                    ours.join(", "),
                    theirs.join(", ")
                ),
                &mut reasons,
            );
        }
    }
    Some(PairScore {
        score: (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0,
        names,
        matched,
        reasons,
        conflict: conflict.is_some(),
    })
}

fn ids_of<'a>(o: &'a Origin, scheme: &str) -> Vec<&'a str> {
    o.identifiers
        .iter()
        .filter(|(s, _)| s == scheme)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The best evidence from a name of `a` and a name of `b`: (score, names, why), or None when
/// it is under the floor; and the reason the two cannot be one, when there is one (the same
/// acronym spelled out differently by each).
type Evidence = (Option<(f64, (String, String), String)>, Option<String>);

fn name_evidence(a: &Origin, b: &Origin, u: &Universe, config: &Config) -> Evidence {
    let w = &config.names;
    let mut best: Option<(f64, (String, String), String)> = None;
    let mut conflict = None;
    let mut consider = |v: f64, x: &str, y: &str, why: String| {
        if best.as_ref().is_none_or(|(s, _, _)| v > *s) {
            best = Some((v, (x.to_string(), y.to_string()), why));
        }
    };
    for x in &a.names {
        for y in &b.names {
            if x.acronym() && y.acronym() && !x.acro().is_empty() && x.acro() == y.acro() {
                let acro = x.acro();
                let longs = |o: &'_ Origin| -> Vec<String> {
                    o.defines
                        .iter()
                        .filter(|(a, _)| a == acro)
                        .map(|(_, l)| l.clone())
                        .collect()
                };
                let (la, lb) = (longs(a), longs(b));
                if !la.is_empty() && !lb.is_empty() {
                    let agree = la
                        .iter()
                        .any(|p| lb.iter().any(|q| alike(p, q, config.thresholds.auto_merge)));
                    if !agree {
                        conflict = Some(format!(
                            "{} stands for “{}” in one and “{}” in the other",
                            y.text, la[0], lb[0]
                        ));
                        continue;
                    }
                }
                let definer = la.first().or(lb.first());
                match definer {
                    Some(long) if !u.ambiguous.contains(acro) => consider(
                        w.shared_acronym_defined,
                        &x.text,
                        &y.text,
                        format!(
                            "names: both use the acronym {}, which “{long}” spells out ({:.2})",
                            y.text, w.shared_acronym_defined
                        ),
                    ),
                    Some(_) => consider(
                        w.shared_acronym,
                        &x.text,
                        &y.text,
                        format!(
                            "names: both use the acronym {}, which the knowledge base spells out in more than one way ({:.2})",
                            y.text, w.shared_acronym
                        ),
                    ),
                    None => consider(
                        w.shared_acronym,
                        &x.text,
                        &y.text,
                        format!(
                            "names: both use the acronym {}, spelled out by neither ({:.2})",
                            y.text, w.shared_acronym
                        ),
                    ),
                }
                continue;
            }
            let (mut v, mut why) = if !x.key().is_empty() && x.key() == y.key() {
                (
                    1.0,
                    format!("names: “{}” = “{}” after folding", x.text, y.text),
                )
            } else {
                let (score, explanation) = compared(&x.text, &y.text);
                (
                    score,
                    format!("names: “{}” ~ “{}”: {explanation}", x.text, y.text),
                )
            };
            if (x.weak || y.weak) && v > w.weak_cap {
                v = w.weak_cap;
                why.push_str(&format!(" (a weak name alone: at most {:.2})", w.weak_cap));
            }
            why.push_str(&format!(" ({v:.2})"));
            consider(v, &x.text, &y.text, why);
        }
    }
    (best.filter(|(v, _, _)| *v >= w.floor), conflict)
}

/// `dossier_names::compare` of two names, remembered: the same pairs of names come back for
/// every document that uses them.
fn compared(a: &str, b: &str) -> (f64, Arc<str>) {
    type Cache = HashMap<(String, String), (f64, Arc<str>)>;
    static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
    let key = if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    };
    if let Ok(guard) = CACHE.lock()
        && let Some(hit) = guard.as_ref().and_then(|m| m.get(&key))
    {
        return hit.clone();
    }
    let c = dossier_names::compare(&key.0, &key.1);
    let v = (f64::from(c.score), Arc::from(c.explanation.join("; ")));
    if let Ok(mut guard) = CACHE.lock() {
        let map = guard.get_or_insert_with(HashMap::new);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(key, v.clone());
    }
    v
}

fn intersection(a: &[i64], b: &[i64]) -> Vec<i64> {
    a.iter()
        .copied()
        .filter(|x| b.binary_search(x).is_ok())
        .collect()
}

fn labels(u: &Universe, ids: &[i64]) -> String {
    let names: Vec<String> = ids.iter().take(5).map(|&id| u.label(id)).collect();
    let more = ids.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}
