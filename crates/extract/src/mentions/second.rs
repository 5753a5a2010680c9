//! The second pass: the document's own names, everywhere, and the words the patterns left
//! untyped.
//!
//! ```text
//! first pass:  "Iyad Ag Ghaly" (person) · "Ghaly" (untyped) · "Wagner Group" (organization)
//! second pass: "Ghaly" → person (the surname of a person of the document)
//!              "Wagner's atrocities" → Wagner (organization: "Wagner Group" without its cue)
//!              citation title "IYAD AG GHALI" → person (spelled like "Iyad Ag Ghaly")
//!              "the capital" → the group of Bamako (the capital of the document's country)
//! ```
//!
//! Places are settled first: homonyms are chosen by the countries the document names (by name
//! and by adjective), and a town that fits no country of the document is dropped.

use std::collections::{HashMap, HashSet};

use dossier_geo::{Gazetteer, PlaceKind};
use dossier_model::Span;

use super::known::KnownIndex;
use super::lexicon::Lexicon;
use super::places::{PlaceHit, PlaceIndex, choose};
use super::tokens::{Shape, Tokens, tokenize, tokenize_into};
use super::{Cand, DocWords, Piece, country_weights};
use crate::{EntityKind, MentionOrigin};

pub(crate) struct Env<'a> {
    pub text: &'a str,
    pub lex: &'a Lexicon,
    pub places: &'a PlaceIndex,
    pub known: &'a KnownIndex,
    pub gazetteer: &'a Gazetteer<'a>,
    #[allow(dead_code)]
    pub words: &'a DocWords,
    pub demonyms: &'a HashMap<String, u32>,
}

#[derive(Clone, Debug)]
struct Entry {
    kind: EntityKind,
    group: Option<String>,
}

/// The document's names: folded words, and spelling keys for headlines and citation titles.
#[derive(Default)]
struct Dict {
    folded: HashMap<String, Entry>,
    /// Surnames and other short forms of the document's persons.
    person_short: HashSet<String>,
    spelled: HashMap<String, Entry>,
    max_words: usize,
}

impl Dict {
    fn add(&mut self, key: String, words: usize, e: Entry) {
        if key.len() < 2 {
            return;
        }
        self.max_words = self.max_words.max(words);
        self.folded.entry(key).or_insert(e);
    }
}

pub(crate) fn settle(cands: &mut Vec<Cand>, pieces: &[Piece], env: &Env<'_>) {
    let weights = country_weights(cands, env.gazetteer, env.demonyms);
    settle_places(cands, env, &weights);
    let mut spell = Spell::default();
    let dict = dictionary(cands, env, &mut spell);
    // Untyped names the document names elsewhere.
    follow_appositions(cands, env);
    strong_org_context(cands, env);
    type_from(cands, env, &dict);
    family_names(cands, env, &dict);
    surnames_over_towns(cands, env, &dict);
    find_again(cands, pieces, env, &dict, &mut spell);
    drop_sources(cands, env);
    let untyped_before = cands.iter().filter(|c| c.kind.is_none()).count();
    settle_untyped(cands, env);
    settle_acronyms(cands, env);
    // Names typed only now by their context ("the Taliban took power" makes "Taliban" an
    // actor) are looked for again everywhere ("Taliban spokesman …", "Taliban forces").
    if cands.iter().filter(|c| c.kind.is_none()).count() < untyped_before {
        let mut late = dictionary(cands, env, &mut spell);
        late.folded.retain(|k, _| !dict.folded.contains_key(k));
        late.spelled.clear();
        if !late.folded.is_empty() {
            type_from(cands, env, &late);
            find_again(cands, pieces, env, &late, &mut spell);
        }
    }
    settle_references(cands, env, &weights);
    cands.retain(|c| c.kind.is_some());
}

/// Types the untyped candidates that spell a name of `dict`.
fn type_from(cands: &mut [Cand], env: &Env<'_>, dict: &Dict) {
    let mut key = String::new();
    let mut toks = Tokens::default();
    for c in cands.iter_mut().filter(|c| c.kind.is_none()) {
        fold_span(env.text, c.span, &mut toks, &mut key);
        if let Some(e) = dict.folded.get(&key) {
            c.kind = Some(e.kind);
            c.group = c.group.take().or_else(|| e.group.clone());
        }
    }
}

fn fold_span(text: &str, span: Span, toks: &mut Tokens, out: &mut String) {
    tokenize_into(text, span, toks);
    toks.key(0, toks.len(), out);
}

fn settle_places(cands: &mut [Cand], env: &Env<'_>, weights: &HashMap<String, u32>) {
    let weight = |cc: &str| weights.get(cc).copied().unwrap_or(0);
    let places = env.gazetteer.places();
    for c in cands.iter_mut() {
        if c.hits.is_empty() {
            continue;
        }
        match choose(
            places,
            &c.hits,
            &weight,
            c.place_key.as_deref(),
            &env.places.theatres,
        ) {
            Some(PlaceHit::Macro) => {
                let key = c.place_key.clone().unwrap_or_default();
                let base = key
                    .strip_suffix(" region")
                    .filter(|b| env.lex.macro_regions.contains_key(*b))
                    .unwrap_or(&key)
                    .to_string();
                c.group = Some(format!("macro:{base}"));
                c.subtype = Some("region".to_string());
                c.hits = vec![PlaceHit::Macro];
            }
            Some(PlaceHit::Place(i)) => {
                if let Some(p) = places.get(i as usize) {
                    c.group = Some(format!("place:{}", p.id));
                    c.subtype = Some(p.kind.as_str().to_string());
                }
                c.hits = vec![PlaceHit::Place(i)];
            }
            None => {
                c.hits.clear();
                c.kind = None;
                c.origin = MentionOrigin::Pattern;
            }
        }
    }
}

/// Words of a person's name after its last particle or article: the forms a document uses
/// alone ("Ghali", "ag Ghali" for "Iyad ag Ghali"; "al-Zawahiri", "Zawahiri").
fn person_short_forms(toks: &Tokens, lex: &Lexicon) -> Vec<(String, usize)> {
    let words: Vec<usize> = (0..toks.len())
        .filter(|&i| toks.toks[i].is_word())
        .collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let last = words[words.len() - 1];
    let lastf = toks.fold(last);
    if lastf.len() >= 3 && !lex.particles.contains(lastf) && !lex.is_given_name(lastf) {
        out.push((lastf.to_string(), 1));
    }
    // With the particles before the last word.
    let mut k = words.len() - 1;
    while k > 1 && lex.particles.contains(toks.fold(words[k - 1])) {
        k -= 1;
    }
    if k < words.len() - 1 && k >= 1 {
        let mut s = String::new();
        for &w in &words[k..] {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(toks.fold(w));
        }
        out.push((s, words.len() - k));
    }
    // "Le Drian", two last words after a hyphenated given name.
    out
}

/// Spelling keys ([`dossier_names::key`]) of folded names, each computed once per document.
#[derive(Default)]
struct Spell(HashMap<String, String>);

impl Spell {
    fn key(&mut self, folded: &str) -> &str {
        if !self.0.contains_key(folded) {
            let spelled = dossier_names::key(folded);
            self.0.insert(folded.to_string(), spelled);
        }
        self.0.get(folded).map_or("", String::as_str)
    }
}

fn dictionary(cands: &[Cand], env: &Env<'_>, spell: &mut Spell) -> Dict {
    let mut d = Dict::default();
    let mut key = String::new();
    let mut done: HashSet<(String, Option<String>)> = HashSet::new();
    for c in cands {
        let Some(kind) = c.kind else { continue };
        if c.citation.is_some() || c.confidence < 0.5 {
            continue;
        }
        let toks = tokenize(env.text, c.span);
        toks.key(0, toks.len(), &mut key);
        // Each name once: the same words and group give the same entries.
        if !done.insert((key.clone(), c.group.clone())) {
            continue;
        }
        let words = key.split(' ').count();
        if kind == EntityKind::Location
            && c.group
                .as_deref()
                .is_some_and(|g| g.starts_with("dir:") && g.matches(':').count() == 1)
        {
            continue;
        }
        let entry = Entry {
            kind,
            group: c.group.clone(),
        };
        d.add(key.clone(), words, entry.clone());
        if words >= 2 || key.len() >= 5 {
            let spelled = spell.key(&key);
            if !spelled.is_empty() && !d.spelled.contains_key(spelled) {
                d.spelled.insert(spelled.to_string(), entry.clone());
            }
        }
        match kind {
            EntityKind::Person => {
                for (short, n) in person_short_forms(&toks, env.lex) {
                    d.person_short.insert(short.clone());
                    d.add(short, n, Entry { kind, group: None });
                }
            }
            EntityKind::Organization if c.group.is_none() => {
                // "Wagner Group" → "Wagner".
                let ws: Vec<usize> = (0..toks.len())
                    .filter(|&i| toks.toks[i].is_word())
                    .collect();
                if ws.len() == 2 {
                    let (w0, w1) = (toks.fold(ws[0]), toks.fold(ws[1]));
                    if env.lex.org_cues.contains(w1)
                        && !env.lex.org_cues.contains(w0)
                        && !env.lex.peoples.contains(w0)
                        && !env.lex.not_names.contains(w0)
                        && !env.lex.articles.contains(w0)
                        && env.places.get(w0).is_none()
                        && toks.toks[ws[0]].shape() == Some(Shape::Upper)
                        && env
                            .gazetteer
                            .country_by_demonym(toks.text(env.text, ws[0]))
                            .is_none()
                        && !matches!(w1, "militia" | "militias" | "state" | "nations")
                    {
                        d.add(w0.to_string(), 1, Entry { kind, group: None });
                    }
                }
            }
            _ => {}
        }
    }
    d
}

/// Looks for the document's names in every piece, where the first pass found nothing.
fn find_again(
    cands: &mut Vec<Cand>,
    pieces: &[Piece],
    env: &Env<'_>,
    dict: &Dict,
    spell: &mut Spell,
) {
    let mut covered: Vec<Span> = cands.iter().map(|c| c.span).collect();
    covered.sort();
    let overlaps = |covered: &[Span], s: Span| {
        let i = covered.partition_point(|c| c.end <= s.start);
        covered.get(i).is_some_and(|c| c.overlaps(s))
    };
    let mut found = Vec::new();
    // `covered` holds each span once, and `found[..added]` is in it.
    let (mut as_set, mut added) = (false, 0);
    let mut key = String::new();
    let max = dict.max_words.max(env.known.max_words).clamp(1, 12);
    for p in pieces {
        let toks = &p.toks;
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let t = toks.toks[i];
            let startable = t.is_cap()
                || t.shape() == Some(Shape::Uncased)
                || (t.is_lower() && env.lex.particles.contains(toks.fold(i)));
            if !startable || (p.citation.is_none() && overlaps(&covered, t.span)) {
                i += 1;
                continue;
            }
            // Runs of words from i.
            let mut ends = Vec::new();
            let mut k = i;
            loop {
                if !toks.toks[k].is_word() {
                    break;
                }
                ends.push(k + 1);
                if ends.len() >= max || toks.toks[k].possessive {
                    break;
                }
                let next = k + 1;
                if next < n && toks.toks[next].is_word() && toks.toks[next].spaced {
                    k = next;
                } else if next + 1 < n
                    && toks.is_punct(next, '-')
                    && toks.glued(next)
                    && toks.toks[next + 1].is_word()
                    && toks.glued(next + 1)
                {
                    k = next + 1;
                } else {
                    break;
                }
            }
            let mut hit = None;
            for &e in ends.iter().rev() {
                let last = toks.toks[e - 1];
                if !last.is_cap() && last.shape() != Some(Shape::Uncased) {
                    continue;
                }
                toks.key(i, e, &mut key);
                let span = Span::new(t.span.start, last.span.end);
                if p.citation.is_none() && overlaps(&covered, span) {
                    continue;
                }
                if let Some(entry) = dict.folded.get(&key) {
                    hit = Some((e, span, entry.clone(), MentionOrigin::Pattern));
                    break;
                }
                if let Some(entry) = env.known.get(&key) {
                    hit = Some((
                        e,
                        span,
                        Entry {
                            kind: entry.kind,
                            group: None,
                        },
                        MentionOrigin::Known,
                    ));
                    break;
                }
                if p.headline
                    && (e - i > 1 || key.len() >= 5)
                    && let Some(entry) = dict.spelled.get(spell.key(&key))
                {
                    hit = Some((e, span, entry.clone(), MentionOrigin::Pattern));
                    break;
                }
            }
            match hit {
                Some((e, span, entry, origin)) => {
                    let mut c = Cand::new(span, p.sentence, Some(entry.kind));
                    c.citation = p.citation;
                    c.group = entry.group;
                    c.origin = origin;
                    c.confidence = 0.6;
                    found.push(c);
                    i = e;
                }
                None => i += 1,
            }
        }
        // Keep spans of this piece covered for the next look-ups of the same piece: from the
        // first piece with a find on, `covered` is the sorted set of every span (the first time
        // sorted whole, then each new span put in its place, which costs no sort per piece).
        if p.citation.is_none() && !found.is_empty() {
            if as_set {
                for c in &found[added..] {
                    if let Err(at) = covered.binary_search(&c.span) {
                        covered.insert(at, c.span);
                    }
                }
            } else {
                covered.extend(found.iter().map(|c| c.span));
                covered.sort();
                covered.dedup();
                as_set = true;
            }
            added = found.len();
        }
    }
    // Spans found twice (a sentence's words are covered once) are kept once.
    found.sort_by_key(|c| (c.span.start, c.span.end, c.citation));
    found.dedup_by_key(|c| (c.span.start, c.span.end));
    cands.extend(found);
}

/// "after Keita was ousted": a town of the gazetteer that is the surname of a person of the
/// document is the person.
fn surnames_over_towns(cands: &mut [Cand], env: &Env<'_>, dict: &Dict) {
    let mut key = String::new();
    let mut toks = Tokens::default();
    for c in cands.iter_mut() {
        let town = c.kind == Some(EntityKind::Location) && c.subtype.as_deref() == Some("town");
        // "al-Barnawi" alone reads like "al-Qaeda" (an article and a name); in a document that
        // names Abu Musab al-Barnawi it is his surname.
        let article_name = c.kind == Some(EntityKind::Organization) && c.org_hint;
        if !town && !article_name {
            continue;
        }
        fold_span(env.text, c.span, &mut toks, &mut key);
        if article_name
            && !key
                .split_once(' ')
                .is_some_and(|(first, _)| env.lex.articles.contains(first))
        {
            continue;
        }
        if dict.person_short.contains(&key) {
            c.kind = Some(EntityKind::Person);
            c.hits.clear();
            c.group = None;
            c.subtype = None;
            c.origin = MentionOrigin::Pattern;
        }
    }
}

/// "Abu Sayyaf, a militant group based in …": the name is an organisation everywhere in the
/// document, also where its shape alone made it a person ("Abu Sayyaf pledged …").
fn follow_appositions(cands: &mut [Cand], env: &Env<'_>) {
    persons_to_organisations(cands, env, |c, _| c.apposition);
}

/// "the armed wing of Markaz Dawa-ul-Irshad": words only an organisation can follow beat the
/// shape of a person's name, for that name everywhere in the document.
fn strong_org_context(cands: &mut [Cand], env: &Env<'_>) {
    let mut toks = Tokens::default();
    persons_to_organisations(cands, env, |c, env| {
        c.kind == Some(EntityKind::Person)
            && !c.person_hint
            && c.citation.is_none()
            && super::lexicon::ends_with_any(
                context_before(env.text, c.span.start),
                &env.lex.org_context_strong,
                &mut toks,
            )
    });
}

/// Makes organisations of the names `evidence` picks, and of every person of the document
/// spelled like one of them that nothing else marks as a person.
fn persons_to_organisations(
    cands: &mut [Cand],
    env: &Env<'_>,
    mut evidence: impl FnMut(&Cand, &Env<'_>) -> bool,
) {
    let mut key = String::new();
    let mut toks = Tokens::default();
    let mut orgs: HashSet<String> = HashSet::new();
    for c in cands.iter() {
        if evidence(c, env) {
            fold_span(env.text, c.span, &mut toks, &mut key);
            orgs.insert(key.clone());
        }
    }
    if orgs.is_empty() {
        return;
    }
    for c in cands
        .iter_mut()
        .filter(|c| c.kind == Some(EntityKind::Person) && !c.person_hint)
    {
        fold_span(env.text, c.span, &mut toks, &mut key);
        if orgs.contains(&key) {
            c.kind = Some(EntityKind::Organization);
        }
    }
}

/// "Jafar Dicko" in a document about Ibrahim Malam Dicko: an untyped name of two or three
/// words whose last word is the surname of a person of the document is a person (a relative,
/// or the same man under another given name), unless its words say organisation or place.
fn family_names(cands: &mut [Cand], env: &Env<'_>, dict: &Dict) {
    let mut key = String::new();
    let mut toks = Tokens::default();
    for c in cands
        .iter_mut()
        .filter(|c| c.kind.is_none() && c.citation.is_none())
    {
        fold_span(env.text, c.span, &mut toks, &mut key);
        let words: Vec<&str> = key.split(' ').collect();
        if !(2..=3).contains(&words.len()) {
            continue;
        }
        let (Some(last), Some(first)) = (words.last(), words.first()) else {
            continue;
        };
        if dict.person_short.contains(*last)
            && !words.iter().any(|w| {
                env.lex.org_cues.contains(*w)
                    || env.lex.place_cues.contains(*w)
                    || env.lex.not_names.contains(*w)
            })
            && !env.lex.articles.contains(*first)
            && env.places.get(&key).is_none()
        {
            c.kind = Some(EntityKind::Person);
            c.confidence = c.confidence.min(0.6);
        }
    }
}

/// Names written only after "according to" are sources, not actors.
fn drop_sources(cands: &mut [Cand], env: &Env<'_>) {
    if !cands.iter().any(|c| c.source) {
        return;
    }
    let mut key = String::new();
    let mut toks = Tokens::default();
    let mut elsewhere: HashSet<String> = HashSet::new();
    for c in cands.iter().filter(|c| !c.source && c.citation.is_none()) {
        fold_span(env.text, c.span, &mut toks, &mut key);
        elsewhere.insert(key.clone());
    }
    for c in cands
        .iter_mut()
        .filter(|c| c.source && c.kind == Some(EntityKind::Organization))
    {
        fold_span(env.text, c.span, &mut toks, &mut key);
        if !elsewhere.contains(&key) {
            c.kind = None;
        }
    }
}

/// Up to 40 bytes of `text` before `at`, not reaching back over a sentence or clause end.
fn context_before(text: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let s = text.get(from..at).unwrap_or("");
    match s.rfind(['.', ';', ':', '\n', '(', ')']) {
        Some(k) => &s[k + 1..],
        None => s,
    }
}

/// Up to 30 bytes of `text` after `at`, up to a sentence or clause end.
fn context_after(text: &str, at: usize) -> &str {
    let mut to = (at + 30).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let s = text.get(at..to).unwrap_or("");
    match s.find(['.', ';', ':', '\n', ',', '(', ')']) {
        Some(k) => &s[..k],
        None => s,
    }
}

fn settle_untyped(cands: &mut [Cand], env: &Env<'_>) {
    // Single untyped words, counted: a run whose last word also stands alone is a person.
    let mut alone: HashSet<String> = HashSet::new();
    let mut key = String::new();
    let mut toks = Tokens::default();
    for c in cands.iter().filter(|c| c.kind.is_none()) {
        fold_span(env.text, c.span, &mut toks, &mut key);
        if !key.contains(' ') {
            alone.insert(key.clone());
        }
    }
    // "X, better known as Y", "X (Y)": Y is what X is.
    let mut typed: Vec<(Span, EntityKind)> = cands
        .iter()
        .filter(|c| c.citation.is_none())
        .filter_map(|c| c.kind.map(|k| (c.span, k)))
        .collect();
    typed.sort_by_key(|(s, _)| s.start);
    for c in cands
        .iter_mut()
        .filter(|c| c.kind.is_none() && c.citation.is_none())
    {
        let i = typed.partition_point(|(s, _)| s.end <= c.span.start);
        let Some(&(prev, kind)) = i.checked_sub(1).and_then(|i| typed.get(i)) else {
            continue;
        };
        let between = env.text.get(prev.end..c.span.start).unwrap_or("");
        if between.len() <= 40
            && (between.trim() == "(" || super::lexicon::alias_phrase(between, env.lex))
        {
            c.kind = Some(kind);
        }
    }
    for c in cands.iter_mut().filter(|c| c.kind.is_none()) {
        // "led Boko Haram", "members of Al Irchad", "Danab fighters": the words around a name
        // no list knows say it is an organisation.
        if !c.person_hint && !c.place_hint && c.citation.is_none() {
            let before = context_before(env.text, c.span.start);
            let after = context_after(env.text, c.span.end);
            if super::lexicon::ends_with_any(before, &env.lex.org_context_before, &mut toks)
                || super::lexicon::starts_with_any(after, &env.lex.org_context_after, &mut toks)
            {
                c.kind = Some(EntityKind::Organization);
                c.confidence = c.confidence.min(0.55);
                continue;
            }
        }
        if c.place_hint && !c.person_hint {
            // "in Pashto", "in Quranic schools": a language or an adjective, not a place.
            fold_span(env.text, c.span, &mut toks, &mut key);
            if !env.lex.not_places.contains(key.as_str()) {
                c.kind = Some(EntityKind::Location);
                continue;
            }
        }
        if c.person_hint {
            c.kind = Some(EntityKind::Person);
            continue;
        }
        if c.org_hint {
            c.kind = Some(EntityKind::Organization);
            continue;
        }
        fold_span(env.text, c.span, &mut toks, &mut key);
        if c.confidence >= 0.5
            && let Some((_, last)) = key.rsplit_once(' ')
            && alone.contains(last)
        {
            c.kind = Some(EntityKind::Person);
            c.confidence = 0.5;
        }
    }
}

fn settle_acronyms(cands: &mut [Cand], env: &Env<'_>) {
    let long: Vec<String> = cands
        .iter()
        .filter(|c| c.kind == Some(EntityKind::Organization) && !c.acronym)
        .map(|c| c.span.slice(env.text).to_string())
        .collect();
    for c in cands.iter_mut().filter(|c| c.needs_definition) {
        let acr = c.span.slice(env.text).replace('.', "");
        if !long.iter().any(|l| dossier_names::is_acronym_of(&acr, l)) {
            c.kind = None;
        }
    }
}

/// "the north", "the capital", "the Kingdom": the places they stand for in this document.
fn settle_references(cands: &mut [Cand], env: &Env<'_>, weights: &HashMap<String, u32>) {
    let main = weights
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(cc, _)| cc.clone());
    let groups: HashSet<String> = cands.iter().filter_map(|c| c.group.clone()).collect();
    let places = env.gazetteer.places();
    // The capital of the main country, if the document names it.
    let capital_group = main.as_deref().and_then(|cc| {
        let capital = env.gazetteer.country(cc)?.capital;
        let ck = dossier_geo::fold(capital);
        cands.iter().find_map(|c| match c.hits.first() {
            Some(PlaceHit::Place(i)) => places
                .get(*i as usize)
                .filter(|p| {
                    p.country == cc && p.kind == PlaceKind::Town && dossier_geo::fold(p.name) == ck
                })
                .and_then(|_| c.group.clone()),
            _ => None,
        })
    });
    // Countries in order of mention, for "the Kingdom".
    let countries: Vec<(usize, String, String)> = cands
        .iter()
        .filter_map(|c| match c.hits.first() {
            Some(PlaceHit::Place(i)) => places
                .get(*i as usize)
                .filter(|p| p.kind == PlaceKind::Country)
                .map(|p| {
                    (
                        c.span.start,
                        p.country.to_string(),
                        c.group.clone().unwrap_or_default(),
                    )
                }),
            _ => None,
        })
        .collect();
    for c in cands.iter_mut() {
        let Some(g) = c.group.clone() else { continue };
        if let Some(adj) = g.strip_prefix("dir:")
            && !adj.contains(':')
        {
            c.group = main
                .as_deref()
                .map(|cc| format!("dir:{adj}:{cc}"))
                .filter(|full| groups.contains(full));
            if c.group.is_none() {
                c.kind = None;
            }
        } else if g == "capital" {
            c.group = capital_group.clone();
            if c.group.is_none() {
                c.kind = None;
            }
        } else if let Some(word) = g.strip_prefix("title:") {
            let found = countries.iter().rev().find(|(at, cc, _)| {
                *at < c.span.start
                    && env.gazetteer.country(cc).is_some_and(|country| {
                        std::iter::once(country.name)
                            .chain(country.alternate_names())
                            .any(|n| dossier_geo::fold(n).split(' ').any(|w| w == word))
                    })
            });
            c.group = found.map(|(_, _, g)| g.clone());
            if c.group.is_none() {
                c.kind = None;
            }
        }
    }
}
