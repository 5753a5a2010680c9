//! The rules that say two mentions name the same thing.
//!
//! ```text
//! same group        "Malian junta" ~ "Malian government"        (inst:ML:government)
//! same name         "al Qaeda" ~ "Al Qaeda"; "Amadou Koufa" ~ "Amadou Kouffa" (spelling key)
//! parentheses       "Macina Liberation Front (MLF)"; "ACR (Long Name)"
//! alias phrases     "X—also known as Y—", "X, meaning "Y""
//! apposition        "Al Qaeda's Sahel branch, JNIM,"
//! short forms       "ag Ghali" ~ "Iyad ag Ghali"; "Wagner" ~ "Wagner Group"
//! acronyms          "IS" ~ "Islamic State" (no definition needed when only one fits)
//! inversions        "State Department" ~ "U.S. Department of State"
//! generic words     "Katibat Macina" ~ "Macina Liberation Front"
//! missions          "the U.N. peacekeeping mission" ~ "U.N. … Stabilization Mission in Mali"
//! ```

use std::collections::{HashMap, HashSet};

use dossier_model::Span;
use dossier_text::Document;

use super::union::UnionFind;
use crate::mentions::lexicon::{Lexicon, alias_phrase, lexicon};
use crate::mentions::tokens::{Shape, tokenize};
use crate::{Context, EntityKind, Mention};

/// What the rules need to know about each mention.
struct Info {
    /// Folded words joined by spaces.
    key: String,
    words: Vec<String>,
    /// The spelling-insensitive key (DESIGN §4).
    spelled: String,
    acronym: bool,
}

fn info(m: &Mention) -> Info {
    let toks = tokenize(&m.text, Span::new(0, m.text.len()));
    let mut key = String::new();
    toks.key(0, toks.len(), &mut key);
    let words: Vec<String> = key
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let acronym = words.len() == 1
        && toks.toks.iter().any(|t| t.shape() == Some(Shape::AllCaps))
        && !m.text.contains(' ');
    let spelled = if words.len() >= 2 || key.len() >= 5 {
        dossier_names::key(&key)
    } else {
        String::new()
    };
    Info {
        key,
        words,
        spelled,
        acronym,
    }
}

pub(super) fn apply(
    doc: &Document,
    ctx: &Context<'_>,
    mentions: &mut [Mention],
    uf: &mut UnionFind,
) {
    let lex = lexicon();
    let text = doc.text.as_str();
    missions(doc, ctx, text, lex, mentions);
    let mut cache: HashMap<&str, usize> = HashMap::new();
    let mut distinct: Vec<Info> = Vec::new();
    let mut which: Vec<usize> = Vec::with_capacity(mentions.len());
    for m in mentions.iter() {
        let k = *cache.entry(m.text.as_str()).or_insert_with(|| {
            distinct.push(info(m));
            distinct.len() - 1
        });
        which.push(k);
    }
    let infos: Vec<&Info> = which.iter().map(|&k| &distinct[k]).collect();
    let n = mentions.len();

    // A bare surname that several full names of the document end with ("Dicko" for Ibrahim
    // Malam Dicko and his brother Jafar Dicko) is not one person everywhere: each use goes to
    // the nearest full name before it (`short_forms`), not to every other use of the word.
    let mut full_names: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (m, inf) in mentions.iter().zip(&infos) {
        if m.kind == EntityKind::Person
            && inf.words.len() >= 2
            && let Some(last) = inf.words.last()
        {
            full_names
                .entry(last.as_str())
                .or_default()
                .insert(inf.key.as_str());
        }
    }
    let shared_surname = |m: &Mention, inf: &Info| {
        m.kind == EntityKind::Person
            && inf.words.len() == 1
            && full_names
                .get(inf.words[0].as_str())
                .is_some_and(|f| f.len() >= 2)
    };

    // Same identity from the finder; same folded name; same spelling key.
    let mut by_group: HashMap<&str, usize> = HashMap::new();
    let mut by_known: HashMap<&str, usize> = HashMap::new();
    let mut by_key: HashMap<(EntityKind, &str), usize> = HashMap::new();
    let mut by_spelled: HashMap<(EntityKind, &str), usize> = HashMap::new();
    for i in 0..n {
        let m = &mentions[i];
        if let Some(g) = m.group.as_deref() {
            join(uf, &mut by_group, g, i);
        }
        if let Some(k) = m.known.as_deref() {
            join(uf, &mut by_known, k, i);
        }
        let inf = &infos[i];
        if (m.group.is_none() || m.kind != EntityKind::Location) && !shared_surname(m, inf) {
            if !inf.key.is_empty() {
                join(uf, &mut by_key, (m.kind, inf.key.as_str()), i);
            }
            if !inf.spelled.is_empty() && !inf.acronym {
                join(uf, &mut by_spelled, (m.kind, inf.spelled.as_str()), i);
            }
        }
    }

    // Text around mentions: parentheses, alias phrases, appositions.
    for i in 0..n {
        let m = &mentions[i];
        if m.citation.is_some() {
            continue;
        }
        let Some(j) = next_mention(mentions, i) else {
            continue;
        };
        let between = text.get(m.span.end..mentions[j].span.start).unwrap_or("");
        let after_j = text.get(mentions[j].span.end..).unwrap_or("");
        let same_kind = mentions[j].kind == m.kind;
        // "Long Name (ACR)", "ACR (Long Name)".
        if same_kind && between.trim() == "(" && after_j.trim_start().starts_with(')') {
            uf.union(i, j);
            continue;
        }
        // "X—also known as Y", "X (JNIM), meaning "Y"".
        if same_kind && alias_phrase(between, lex) {
            uf.union(i, j);
            continue;
        }
        // "known as Ibrahim Malam Dicko or Malam Ibrahim Dicko": names offered as names.
        if same_kind && between.trim() == "or" && named_as_before(text, m.span.start, lex) {
            uf.union(i, j);
            continue;
        }
        // "Al Qaeda's Sahel branch, Jama'at Nusrat … (JNIM),"
        if same_kind
            && m.kind == EntityKind::Organization
            && matches!(
                between.trim().trim_start_matches(')').trim(),
                "," | "\u{2014}" | "\u{2013}"
            )
            && (is_branch_form(&m.text, lex) || is_branch_form(&mentions[j].text, lex))
            && !after_j.trim_start().starts_with("and ")
        {
            uf.union(i, j);
        }
    }

    short_forms(mentions, &infos, lex, uf);
    acronyms(mentions, &infos, uf);
    inversions(mentions, &infos, uf);
    generic_words(mentions, &infos, lex, uf);
    variants(mentions, &infos, lex, uf);
}

/// Whether the words right before `at` (in its sentence) introduce a name: an alias phrase
/// ("known as", "also spelled") or "appears as".
fn named_as_before(text: &str, at: usize, lex: &Lexicon) -> bool {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..at).unwrap_or("");
    let before = before.rsplit(['.', ';', ':', '\n']).next().unwrap_or("");
    let words = crate::mentions::lexicon::phrase(before);
    let tail = |n: usize| words.get(words.len().saturating_sub(n)..).unwrap_or(&[]);
    (1..=4).any(|n| words.len() >= n && alias_phrase(&tail(n).join(" "), lex))
        || words.ends_with(&["appears".to_string(), "as".to_string()])
}

fn join<K: std::hash::Hash + Eq>(uf: &mut UnionFind, seen: &mut HashMap<K, usize>, k: K, i: usize) {
    match seen.get(&k) {
        Some(&first) => uf.union(first, i),
        None => {
            seen.insert(k, i);
        }
    }
}

/// The next mention of the body after mention `i` (mentions are sorted by start); of nested
/// mentions starting at the same place, the longest.
fn next_mention(mentions: &[Mention], i: usize) -> Option<usize> {
    let end = mentions[i].span.end;
    let first = (i + 1..mentions.len())
        .find(|&j| mentions[j].span.start >= end && mentions[j].citation.is_none())
        .filter(|&j| mentions[j].span.start - end <= 40)?;
    let start = mentions[first].span.start;
    (first..mentions.len())
        .take_while(|&j| mentions[j].span.start == start)
        .filter(|&j| mentions[j].citation.is_none())
        .max_by_key(|&j| mentions[j].span.end)
}

/// "Al Qaeda's Sahel branch", "the Islamic State's West Africa Province".
fn is_branch_form(text: &str, lex: &Lexicon) -> bool {
    // After the first "'s " or "’s " (the two apostrophes are one).
    let straight = text.find("'s ").map(|at| at + "'s ".len());
    let curly = text.find("\u{2019}s ").map(|at| at + "\u{2019}s ".len());
    let start = match (straight, curly) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => match a.or(b) {
            Some(at) => at,
            None => return false,
        },
    };
    text.get(start..)
        .and_then(|rest| rest.split_whitespace().last())
        .is_some_and(|w| {
            let w = w.replace('\u{2019}', "'").to_lowercase();
            lex.branch_nouns.contains(&w)
        })
}

/// The name without a leading country adjective, as an extra alias of an organization
/// ("Algerian Salafi Group for Call and Combat" → "Salafi Group for Call and Combat").
pub(super) fn demonym_free(m: &Mention) -> Option<String> {
    if m.kind != EntityKind::Organization || m.group.is_some() {
        return None;
    }
    let (first, rest) = m.text.split_once(' ')?;
    if rest.split_whitespace().count() < 2 || !rest.starts_with(char::is_uppercase) {
        return None;
    }
    dossier_geo::Gazetteer::builtin().country_by_demonym(first)?;
    let lex = lexicon();
    let distinctive = crate::mentions::lexicon::phrase(rest).iter().any(|w| {
        !lex.org_cues.contains(w)
            && !lex.org_generic_words.contains(w)
            && !lex.connectors.contains(w)
    });
    distinctive.then(|| rest.to_string())
}

/// Surnames and particle forms of persons; an organisation's name without its cue word.
fn short_forms(mentions: &[Mention], infos: &[&Info], lex: &Lexicon, uf: &mut UnionFind) {
    // Short form → long mentions it may stand for.
    let mut person: HashMap<String, Vec<usize>> = HashMap::new();
    let mut org: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (m, inf)) in mentions.iter().zip(infos).enumerate() {
        let w = &inf.words;
        if w.len() < 2 {
            continue;
        }
        match m.kind {
            EntityKind::Person => {
                let last = &w[w.len() - 1];
                if !lex.particles.contains(last) {
                    for form in [last.clone(), dossier_names::key(last)] {
                        person.entry(form).or_default().push(i);
                    }
                    let mut k = w.len() - 1;
                    while k > 1 && lex.particles.contains(&w[k - 1]) {
                        k -= 1;
                    }
                    if k < w.len() - 1 {
                        let tail = w[k..].join(" ");
                        person.entry(dossier_names::key(&tail)).or_default().push(i);
                        person.entry(tail).or_default().push(i);
                    }
                }
            }
            EntityKind::Organization
                if w.len() == 2
                    && m.group.is_none()
                    && lex.org_cues.contains(&w[1])
                    && !lex.org_cues.contains(&w[0]) =>
            {
                org.entry(w[0].clone()).or_default().push(i);
            }
            _ => {}
        }
    }
    for (i, (m, inf)) in mentions.iter().zip(infos).enumerate() {
        let table = match m.kind {
            EntityKind::Person => &person,
            EntityKind::Organization if !inf.acronym => &org,
            _ => continue,
        };
        let candidates = table.get(&inf.key).or_else(|| {
            (!inf.spelled.is_empty())
                .then(|| table.get(&inf.spelled))
                .flatten()
        });
        let Some(cands) = candidates else { continue };
        let mut roots: Vec<usize> = cands
            .iter()
            .filter(|&&c| c != i)
            .map(|&c| uf.find(c))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 {
            uf.union(i, roots[0]);
        } else if roots.len() > 1 {
            // Several persons share the surname: the nearest one named before.
            if let Some(&c) = cands.iter().filter(|&&c| c < i).max() {
                uf.union(i, c);
            }
        }
    }
}

/// An acronym written without its definition joins the one organization it abbreviates.
fn acronyms(mentions: &[Mention], infos: &[&Info], uf: &mut UnionFind) {
    // Acronym → long names that give it (each distinct name once).
    let mut by_acronym: HashMap<String, Vec<usize>> = HashMap::new();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (j, m) in mentions.iter().enumerate() {
        if infos[j].acronym || m.kind != EntityKind::Organization || m.citation.is_some() {
            continue;
        }
        if seen.insert(infos[j].key.as_str(), ()).is_some() {
            continue;
        }
        for acr in dossier_names::acronym(&m.text) {
            by_acronym.entry(acr).or_default().push(j);
        }
    }
    for (i, inf) in infos.iter().enumerate() {
        if !inf.acronym || mentions[i].kind != EntityKind::Organization {
            continue;
        }
        let acr = mentions[i].text.replace('.', "").to_uppercase();
        let Some(longs) = by_acronym.get(&acr) else {
            continue;
        };
        let mut roots: Vec<usize> = longs.iter().map(|&j| uf.find(j)).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 {
            uf.union(i, roots[0]);
        }
    }
}

/// "State Department" and "Department of State"; "Defence Ministry" and "Ministry of Defence".
fn inversions(mentions: &[Mention], infos: &[&Info], uf: &mut UnionFind) {
    const HEADS: [&str; 4] = ["department", "ministry", "office", "agency"];
    let mut tails: HashMap<String, usize> = HashMap::new();
    for (j, inf) in infos.iter().enumerate() {
        if mentions[j].kind != EntityKind::Organization {
            continue;
        }
        let w = &inf.words;
        for k in 0..w.len().saturating_sub(2) {
            if HEADS.contains(&w[k].as_str()) && w[k + 1] == "of" {
                tails.insert(format!("{} {}", w[k + 2..].join(" "), w[k]), j);
            }
        }
    }
    for (i, inf) in infos.iter().enumerate() {
        if mentions[i].kind == EntityKind::Organization
            && let Some(&j) = tails.get(&inf.key)
        {
            uf.union(i, j);
        }
    }
}

/// An Arabic head word and a name, and the same name before English cue words: "Katibat
/// Macina" and "Macina Liberation Front" (generic words aside, the same single word).
fn generic_words(mentions: &[Mention], infos: &[&Info], lex: &Lexicon, uf: &mut UnionFind) {
    let residue = |inf: &Info| -> Option<String> {
        let rest: Vec<&String> = inf
            .words
            .iter()
            .filter(|w| {
                !lex.org_cues.contains(*w)
                    && !lex.org_initial_cues.contains(*w)
                    && !lex.org_generic_words.contains(*w)
                    && !lex.particles.contains(*w)
            })
            .collect();
        (rest.len() == 1 && rest[0].len() >= 4).then(|| rest[0].clone())
    };
    let mut headed: HashMap<String, usize> = HashMap::new();
    let mut leading: Vec<(String, usize)> = Vec::new();
    for (i, inf) in infos.iter().enumerate() {
        let m = &mentions[i];
        if m.kind != EntityKind::Organization || inf.acronym || m.group.is_some() {
            continue;
        }
        let Some(r) = residue(inf) else { continue };
        let w = &inf.words;
        if w.len() == 2 && lex.org_initial_cues.contains(&w[0]) && w[1] == r {
            headed.entry(r).or_insert(i);
        } else if w.len() >= 2 && w[0] == r {
            leading.push((r, i));
        }
    }
    for (r, i) in leading {
        if let Some(&j) = headed.get(&r) {
            uf.union(i, j);
        }
    }
}

/// "Russian Wagner Group" and "Wagner Group"; "the Islamic State's Sahel branch" and "the
/// Islamic State's Sahel Province" (one parent, one region).
fn variants(mentions: &[Mention], infos: &[&Info], lex: &Lexicon, uf: &mut UnionFind) {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == EntityKind::Organization && m.group.is_none() {
            by_key.entry(infos[i].key.clone()).or_insert(i);
        }
    }
    let mut branches: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Organization {
            continue;
        }
        if let Some(rest) = demonym_free(m) {
            let toks = tokenize(&rest, Span::new(0, rest.len()));
            let mut key = String::new();
            toks.key(0, toks.len(), &mut key);
            if let Some(&j) = by_key.get(&key) {
                uf.union(i, j);
            }
        }
        if is_branch_form(&m.text, lex) {
            let w = &infos[i].words;
            // Drop the branch noun: "islamic state sahel".
            let key = w[..w.len().saturating_sub(1)].join(" ");
            join(uf, &mut branches, key, i);
        }
    }
}

/// "the U.N. peacekeeping mission": an organisation's acronym or name, lower-case words, and a
/// mission noun, standing for the one mission of the document whose name starts with that
/// organisation. The mention is widened to the whole phrase and shares a group with the mission.
fn missions(
    doc: &Document,
    ctx: &Context<'_>,
    text: &str,
    lex: &Lexicon,
    mentions: &mut [Mention],
) {
    // Missions of the document: organisations whose name has a mission noun.
    let missions: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let m = &mentions[i];
            m.kind == EntityKind::Organization
                && m.text.split_whitespace().count() >= 3
                && m.text.split_whitespace().any(|w| {
                    let w = w.to_lowercase();
                    lex.mission_nouns.iter().any(|p| p.len() == 1 && p[0] == w)
                })
        })
        .collect();
    if missions.is_empty() {
        return;
    }
    for i in 0..mentions.len() {
        let m = &mentions[i];
        if m.kind != EntityKind::Organization || m.citation.is_some() || missions.contains(&i) {
            continue;
        }
        let rest = text.get(m.span.end..).unwrap_or("");
        // Up to three lower-case words after the name, the last a mission noun.
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut offset = 0;
        for w in rest.split(' ').take(4) {
            if !w.is_empty() {
                words.push((offset, w));
            }
            offset += w.len() + 1;
        }
        let words: Vec<(usize, &str)> = words.into_iter().take(3).collect();
        let mut found = None;
        for k in 1..=words.len() {
            let phrase: Vec<String> = words[..k]
                .iter()
                .map(|(_, w)| w.trim_end_matches([',', '.', ';', ')']).to_lowercase())
                .collect();
            if !phrase
                .iter()
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-'))
            {
                break;
            }
            if lex.mission_nouns.iter().any(|p| phrase.ends_with(p)) {
                let (off, w) = words[k - 1];
                found = Some(off + w.trim_end_matches([',', '.', ';', ')']).len());
                break;
            }
        }
        let Some(len) = found else { continue };
        let parent = m.text.replace('.', "");
        let fitting: Vec<usize> = missions
            .iter()
            .copied()
            .filter(|&j| {
                let long = &mentions[j].text;
                let first_words: String = long
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                long.replace('.', "").starts_with(&parent)
                    || dossier_names::is_acronym_of(&parent, &first_words)
            })
            .collect();
        let Some(&target) = fitting.first() else {
            continue;
        };
        let span = Span::new(m.span.start, m.span.end + len);
        let group = mentions[target]
            .group
            .clone()
            .unwrap_or_else(|| format!("mission:{}", mentions[target].span.start));
        mentions[target].group = Some(group.clone());
        let m = &mut mentions[i];
        m.span = span;
        m.text = crate::mentions::original_text(doc, ctx, span);
        m.group = Some(group);
    }
}
