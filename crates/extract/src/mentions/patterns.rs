//! Patterns for names never seen before, over the words of one sentence.
//!
//! ```text
//! "Former Malian President Amadou Toumani Touré met the Movement for Oneness and Jihad in West
//!  Africa (MUJAO), the Russian Wagner Group and Malian forces in northern Mali."
//!   ─► Amadou Toumani Touré (person: a title before) · Movement for Oneness and Jihad in West
//!      Africa (organization: "Movement", and "in" is kept because an acronym follows) · MUJAO ·
//!      Russian Wagner Group (organization) · Malian forces (organization, inst:ML:military) ·
//!      northern Mali (location, dir:northern:ML)
//! ```
//!
//! A name is a run of capitalized words, joined by particles ("ag", "al-", "wa") and, under
//! conditions, by connectors ("of" after an organisation or place word, "in" before an acronym,
//! "for" and "and" inside an organisation's name). Then, in order: the knowledge base, the
//! gazetteer, organisation cues, person cues (given names, particles, titles, roles, verbs of
//! speech); what is left is an untyped candidate that the second pass settles. A sentence's
//! first word counts only if the document writes it capitalized elsewhere or a list knows it.

use std::collections::HashMap;

use dossier_geo::Gazetteer;
use dossier_model::Span;

use super::known::KnownIndex;
use super::lexicon::{Lexicon, Phrase, PhraseList};
use super::places::PlaceIndex;
use super::tokens::{Kind, Shape, Tokens};
use super::{Cand, DocWords};
use crate::{EntityKind, MentionOrigin};

/// Words a run of words may have at most to be looked up as one name.
const MAX_NAME_WORDS: usize = 12;

pub(crate) struct Scan<'a> {
    pub text: &'a str,
    pub toks: &'a Tokens,
    pub sentence: usize,
    pub lex: &'a Lexicon,
    pub places: &'a PlaceIndex,
    pub known: &'a KnownIndex,
    pub gazetteer: &'a Gazetteer<'a>,
    pub words: &'a DocWords,
}

/// A fold up to its first space (the first word of any key that starts with it).
fn first_part(fold: &str) -> &str {
    fold.split(' ').next().unwrap_or("")
}

/// Hints gathered around a chunk.
#[derive(Clone, Copy, Default)]
struct Hints {
    person: bool,
    the_before: bool,
    source: bool,
    /// "near X", "the town of X".
    place: bool,
    /// "X, a militant group based in …".
    org: bool,
}

impl<'a> Scan<'a> {
    fn n(&self) -> usize {
        self.toks.len()
    }
    fn f(&self, i: usize) -> &str {
        self.toks.fold(i)
    }
    fn word(&self, i: usize) -> bool {
        self.toks.toks.get(i).is_some_and(|t| t.is_word())
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.toks.get(i).is_some_and(|t| t.is_cap())
    }
    fn lower(&self, i: usize) -> bool {
        self.toks.toks.get(i).is_some_and(|t| t.is_lower())
    }
    fn shape(&self, i: usize) -> Option<Shape> {
        self.toks.toks.get(i).and_then(|t| t.shape())
    }
    fn spaced(&self, i: usize) -> bool {
        self.toks.toks.get(i).is_some_and(|t| t.spaced)
    }
    fn glued(&self, i: usize) -> bool {
        self.toks.glued(i)
    }
    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.is_punct(i, c)
    }
    fn possessive(&self, i: usize) -> bool {
        self.toks.toks.get(i).is_some_and(|t| t.possessive)
    }
    fn span(&self, a: usize, b: usize) -> Span {
        match (
            self.toks.toks.get(a),
            b.checked_sub(1).and_then(|e| self.toks.toks.get(e)),
        ) {
            (Some(x), Some(y)) if a < b => Span::new(x.span.start, y.span.end),
            _ => Span::new(0, 0),
        }
    }
    fn key(&self, a: usize, b: usize) -> String {
        let mut s = String::new();
        self.toks.key(a, b, &mut s);
        s
    }
    /// Words among tokens a..b.
    fn word_count(&self, a: usize, b: usize) -> usize {
        (a..b.min(self.n())).filter(|&i| self.word(i)).count()
    }

    /// Matches one of `phrases` (folded words) at word `i`, words apart or glued by a hyphen;
    /// gives the end (exclusive).
    fn phrase_at(&self, i: usize, phrases: &PhraseList) -> Option<usize> {
        if !phrases.may_start(self.f(i)) {
            return None;
        }
        self.phrase_in(i, phrases)
    }

    /// [`Self::phrase_at`] over any slice of phrases.
    fn phrase_in(&self, i: usize, phrases: &[Phrase]) -> Option<usize> {
        'outer: for p in phrases {
            let mut k = i;
            for (w, word) in p.iter().enumerate() {
                if w > 0 {
                    if self.punct(k, '-') && self.glued(k) && self.glued(k + 1) {
                        k += 1;
                    } else if !self.spaced(k) {
                        continue 'outer;
                    }
                }
                if !self.word(k) || self.f(k) != word {
                    continue 'outer;
                }
                k += 1;
            }
            return Some(k);
        }
        None
    }

    /// Token ends of the runs of words starting at `i` that may be one name: words apart, or
    /// glued by a hyphen or an apostrophe; at most `max` words.
    fn run_ends(&self, i: usize, max: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        if !self.word(i) {
            return ends;
        }
        let mut k = i;
        loop {
            ends.push(k + 1);
            if ends.len() >= max {
                break;
            }
            let next = k + 1;
            if self.word(next) && self.spaced(next) {
                k = next;
            } else if (self.punct(next, '-') || self.punct(next, '\u{2013}'))
                && self.glued(next)
                && self.word(next + 1)
                && self.glued(next + 1)
            {
                k = next + 1;
            } else {
                break;
            }
        }
        ends
    }

    /// The longest run of words from word `i` (at most `max` words, ending by `limit`) whose
    /// key `hit` takes: its end and its key. One string is built: the key of a shorter run is
    /// a prefix of the key of a longer one.
    fn longest_run(
        &self,
        i: usize,
        max: usize,
        limit: usize,
        hit: impl Fn(&str) -> bool,
    ) -> Option<(usize, String)> {
        let ends = self.run_ends(i, max);
        let last = *ends.last()?;
        let mut key = String::new();
        // The length of the key of each run of `ends`.
        let mut cuts = Vec::with_capacity(ends.len());
        for k in i..last {
            let f = self.f(k);
            if !f.is_empty() {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(f);
            }
            if ends.get(cuts.len()) == Some(&(k + 1)) {
                cuts.push(key.len());
            }
        }
        for (&e, &cut) in ends.iter().zip(&cuts).rev() {
            if e > limit {
                continue;
            }
            let k = key.get(..cut).unwrap_or("");
            if hit(k) {
                return Some((e, k.to_string()));
            }
        }
        None
    }

    /// The longest place name starting at word `i`, within `limit`.
    fn place_at(&self, i: usize, limit: usize) -> Option<(usize, String)> {
        // A key starts with the fold of its first word (up to a space, a fold may hold one).
        if !self.places.first_words.may_contain(first_part(self.f(i))) {
            return None;
        }
        let max = self.places.max_words.min(MAX_NAME_WORDS);
        self.longest_run(i, max, limit, |k| self.places.get(k).is_some())
    }

    /// The longest known name starting at word `i`, within `limit`.
    fn known_at(&self, i: usize, limit: usize) -> Option<(usize, String)> {
        if self.known.max_words == 0 {
            return None;
        }
        let ends = self.run_ends(i, self.known.max_words.min(MAX_NAME_WORDS));
        for &e in ends.iter().rev() {
            if e > limit {
                continue;
            }
            let k = self.key(i, e);
            if self.known.get(&k).is_some() {
                return Some((e, k));
            }
        }
        None
    }

    fn demonym(&self, i: usize) -> Option<&'a str> {
        if self.shape(i) != Some(Shape::Upper) {
            return None;
        }
        self.places.demonyms.get(self.f(i)).map(String::as_str)
    }

    fn is_particle(&self, i: usize) -> bool {
        self.word(i) && self.lex.particles.contains(self.f(i))
    }

    /// The sentence's first word.
    fn first_word(&self) -> Option<usize> {
        (0..self.n()).find(|&i| self.word(i))
    }

    /// Runs the patterns over the sentence.
    pub fn run(&self, out: &mut Vec<Cand>, demonyms: &mut HashMap<String, u32>) {
        let first = self.first_word();
        let mut i = 0;
        while i < self.n() {
            if !self.word(i) {
                i += 1;
                continue;
            }
            if let Some(end) = self.special(i, out, demonyms) {
                i = end.max(i + 1);
                continue;
            }
            if self.cap(i) || self.particle_start(i) || self.shape(i) == Some(Shape::Uncased) {
                let end = self.chunk(i, first == Some(i) || self.after_opening(i), out);
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
    }

    /// After an opening quote or bracket, or a colon: a capital there says nothing.
    fn after_opening(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.toks.toks[i - 1].kind,
                Kind::Punct('"' | '(' | '[' | ':' | '\'')
            )
    }

    /// A lower-case particle that starts a name ("al Qaeda", "ag Ghali", "al-Naba").
    fn particle_start(&self, i: usize) -> bool {
        if !self.lower(i) || !self.is_particle(i) {
            return false;
        }
        self.particle_chain(i).is_some()
    }

    /// From particle `i`, the capitalized word the particles lead to.
    fn particle_chain(&self, i: usize) -> Option<usize> {
        let mut k = i;
        for _ in 0..4 {
            if !self.is_particle(k) || !self.lower(k) {
                return None;
            }
            let hyphen_only = self.lex.hyphen_only_particles.contains(self.f(k));
            let next = if self.punct(k + 1, '-') && self.glued(k + 1) && self.glued(k + 2) {
                k + 2
            } else if !hyphen_only && self.word(k + 1) && self.spaced(k + 1) {
                k + 1
            } else {
                return None;
            };
            if self.cap(next) {
                return Some(next);
            }
            k = next;
        }
        None
    }

    /// Patterns that start with a lower-case or adjective word.
    fn special(
        &self,
        i: usize,
        out: &mut Vec<Cand>,
        demonyms: &mut HashMap<String, u32>,
    ) -> Option<usize> {
        let lex = self.lex;
        let f = self.f(i);
        // "the north", "the capital", "the Kingdom".
        if f == "the" {
            let j = i + 1;
            if self.lower(j)
                && let Some(adj) = lex.direction_nouns.get(self.f(j))
                && !self.continues_as_noun(j + 1)
            {
                let mut c = Cand::new(
                    self.span(i, j + 1),
                    self.sentence,
                    Some(EntityKind::Location),
                );
                c.group = Some(format!("dir:{adj}"));
                c.confidence = 0.5;
                out.push(c);
                return Some(j + 1);
            }
            if self.lower(j)
                && let Some(e) = self.phrase_at(j, &lex.capital_words)
                && !self.continues_as_noun(e)
            {
                let mut c = Cand::new(self.span(i, e), self.sentence, Some(EntityKind::Location));
                c.group = Some("capital".to_string());
                c.confidence = 0.5;
                out.push(c);
                return Some(e);
            }
            if self.shape(j) == Some(Shape::Upper)
                && lex.country_titles.contains(self.f(j))
                && !self.continues_as_noun(j + 1)
                && !self.possessive(j)
            {
                let mut c = Cand::new(
                    self.span(j, j + 1),
                    self.sentence,
                    Some(EntityKind::Location),
                );
                c.group = Some(format!("title:{}", self.f(j)));
                c.confidence = 0.5;
                out.push(c);
                return Some(j + 1);
            }
            return None;
        }
        // "northern Mali", "Northeastern Mali".
        if let Some(e) = self.phrase_at(i, &lex.directions)
            && self.cap(e)
            && let Some((end, key)) = self.place_at(e, self.n())
            && let Some(cc) = self.country_of(&key)
        {
            let adj = lex
                .directions
                .iter()
                .find(|p| self.phrase_in(i, std::slice::from_ref(*p)) == Some(e))
                .map(|p| p.join("-"))
                .unwrap_or_default();
            let mut c = Cand::new(self.span(i, end), self.sentence, Some(EntityKind::Location));
            c.group = Some(format!("dir:{adj}:{cc}"));
            c.subtype = Some("region".to_string());
            out.push(c);
            *demonyms.entry(cc).or_insert(0) += 1;
            return Some(end);
        }
        // Country adjectives: "Malian junta", "French troops", "French-led".
        if let Some(cc) = self.demonym(i) {
            *demonyms.entry(cc.to_string()).or_insert(0) += 1;
            if self.punct(i + 1, '-') && self.glued(i + 1) && self.lower(i + 2) {
                return Some(i + 3);
            }
            let j = i + 1;
            if self.word(j)
                && self.spaced(j)
                && !self.possessive(i)
                && lex.institution_first.contains(self.f(j))
            {
                let inst = lex.institutions.iter().find_map(|(p, id)| {
                    self.phrase_in(j, std::slice::from_ref(p))
                        .map(|e| (e, p, id))
                });
                if let Some((e, p, id)) = inst {
                    // "Malian High Council …": a capitalized institution word that goes on as a
                    // longer name is left to the name patterns.
                    let goes_on = self.cap(j) && self.cap(e) && self.spaced(e);
                    if !goes_on && !self.continues_as_compound(e) {
                        if p.len() == 1 && lex.institution_vague.contains(&p[0]) {
                            return Some(e);
                        }
                        out.push(self.institution(i, e, cc, id, 0.8));
                        return Some(e);
                    }
                }
            }
            if !self.cap(j) || !self.spaced(j) {
                return Some(i + 1);
            }
            return None;
        }
        // A country's name before an institution word: "U.S. troops", "Mali army". (An
        // institution word close after comes first: looking up places costs more.)
        if self.cap(i)
            && (i + 1..(i + 6).min(self.n()))
                .any(|k| self.lower(k) && lex.institution_first.contains(self.f(k)))
            && let Some((end, key)) = self.place_at(i, self.n())
            && end > i
            && !self.possessive(end - 1)
            && let Some(cc) = self.country_of(&key)
            && self.word(end)
            && self.lower(end)
            && self.spaced(end)
            && lex.institution_first.contains(self.f(end))
            && let Some((e, p, id)) = lex.institutions.iter().find_map(|(p, id)| {
                self.phrase_in(end, std::slice::from_ref(p))
                    .map(|e| (e, p, id))
            })
            && !(p.len() == 1 && lex.institution_vague.contains(&p[0]))
            && !self.continues_as_compound(e)
        {
            *demonyms.entry(cc.clone()).or_insert(0) += 1;
            out.push(self.institution(i, e, &cc, id, 0.75));
            return Some(e);
        }
        // Metonyms: "Kremlin-linked", "the White House".
        if self.cap(i)
            && lex.metonym_first.contains(first_part(self.f(i)))
            && let Some((e, k)) = self.longest_run(i, lex.max_phrase_words, usize::MAX, |k| {
                lex.metonyms.contains_key(k)
            })
            && let Some((cc, inst)) = lex.metonyms.get(&k)
        {
            // A longer capitalized name goes on: not the metonym.
            if !(self.cap(e) && self.spaced(e)) {
                let mut c = Cand::new(
                    self.span(i, e),
                    self.sentence,
                    Some(EntityKind::Organization),
                );
                c.group = Some(format!("inst:{cc}:{inst}"));
                c.subtype = Some(institution_subtype(inst).to_string());
                c.confidence = 0.6;
                out.push(c);
                return Some(e);
            }
        }
        None
    }

    /// The candidate of a country's institution over words `i..e` ("Malian army", "U.S.
    /// troops"): one group per country and institution.
    fn institution(&self, i: usize, e: usize, cc: &str, id: &str, confidence: f32) -> Cand {
        let mut c = Cand::new(
            self.span(i, e),
            self.sentence,
            Some(EntityKind::Organization),
        );
        c.group = Some(format!("inst:{cc}:{id}"));
        c.subtype = Some(institution_subtype(id).to_string());
        c.confidence = confidence;
        c
    }

    /// Word `i` goes on as a noun phrase ("the north of Gao", "the capital city").
    fn continues_as_noun(&self, i: usize) -> bool {
        self.word(i) && (self.f(i) == "of" || self.cap(i)) && self.spaced(i)
    }

    /// A hyphenated compound goes on at `i` ("Malian army-backed").
    fn continues_as_compound(&self, i: usize) -> bool {
        self.punct(i, '-') && self.glued(i) && self.glued(i + 1)
    }

    /// The ISO code of a country name key.
    fn country_of(&self, key: &str) -> Option<String> {
        let places = self.gazetteer.places();
        self.places.get(key)?.iter().find_map(|h| match h {
            super::places::PlaceHit::Place(i) => places
                .get(*i as usize)
                .filter(|p| p.kind == dossier_geo::PlaceKind::Country)
                .map(|p| p.country.to_string()),
            super::places::PlaceHit::Macro => None,
        })
    }

    /// Builds the chunk starting at `i` and classifies it; returns where to go on.
    fn chunk(&self, i: usize, sentence_start: bool, out: &mut Vec<Cand>) -> usize {
        let (end, connectors, adjectival) = self.build(i);
        let b = self.validate(i, end, &connectors);
        if adjectival && b == end && self.word_count(i, b) == 1 {
            // "Salafi-jihadi": an adjective, not a name.
            return end + 2;
        }
        // "a Foreign Terrorist Organization": a class, not a name. An acronym after the
        // article names who ("an ISKP suicide bomber", "a JNIM commander").
        if i > 0
            && matches!(self.f(i - 1), "a" | "an")
            && self.lower(i - 1)
            && !(self.word_count(i, b) == 1 && self.shape(i) == Some(Shape::AllCaps))
        {
            return b;
        }
        let mut a = i;
        if sentence_start && !self.recognized(a, b) {
            a = self.skip_word(a, b);
        }
        // Leading words that are never names ("The", "According").
        while a < b
            && self.cap(a)
            && self.lex.not_names.contains(self.f(a))
            && self.place_at(a, b).is_none()
        {
            a = self.skip_word(a, b);
        }
        a = self.skip_connectors(a, b);
        if a >= b {
            return b;
        }
        if a > i {
            // Scan again from the first word kept: it may start a pattern of its own ("The
            // Somali government", "The Kremlin denied").
            return a;
        }
        let mut hints = Hints {
            the_before: a > 0 && self.f(a - 1) == "the",
            source: self.after_according(a),
            // "in Kidal", and "in the Soum": a locative before the article too.
            place: self.locative_before(a)
                || (a > 0 && self.f(a - 1) == "the" && self.locative_before(a - 1)),
            ..Hints::default()
        };
        // Titles: "President X", "Malian President X", "French Foreign Minister X", "Gen. X".
        for _ in 0..2 {
            let mut t = a;
            if self.demonym(t).is_some() {
                t += 1;
            }
            if let Some(mut e) = self.phrase_at(t, &self.lex.titles) {
                if self.punct(e, '.') && self.glued(e) {
                    e += 1;
                }
                if e < b && self.cap(e) {
                    hints.person = true;
                    // "Qari Fateh": an honorific before a single name is part of it.
                    if e + 1 == b && e == t + 1 && self.lex.name_honorifics.contains(self.f(t)) {
                        break;
                    }
                    a = e;
                    continue;
                }
                if e >= b {
                    // A title alone ("President", "Emir").
                    return b;
                }
            }
            break;
        }
        // "the Afghan Taliban have denied": an organisation speaks too; a person is rarely
        // named with "the".
        if self.role_before(a) || self.role_after(b) || (self.speech_after(b) && !hints.the_before)
        {
            hints.person = true;
        } else if self.group_after(b) {
            hints.org = true;
        }
        // "X's Sahel branch", "X's West Africa Province".
        if self.possessive(b - 1)
            && let Some(e) = self.branch_after(b)
        {
            let mut c = Cand::new(
                self.span(a, e),
                self.sentence,
                Some(EntityKind::Organization),
            );
            c.confidence = 0.7;
            c.subtype = Some("armed_group".to_string());
            out.push(c);
            // The parent and the place are named too.
            self.classify(a, b, hints, out);
            if let Some((pe, _)) = self.place_at(b, e) {
                self.classify(b, pe, Hints::default(), out);
            }
            return e;
        }
        // "Mali's consulate in Saudi Arabia".
        if self.possessive(b - 1)
            && let Some(e) = self.post_after(b)
        {
            let mut c = Cand::new(
                self.span(a, e),
                self.sentence,
                Some(EntityKind::Organization),
            );
            c.subtype = Some("government".to_string());
            out.push(c);
            // The country and the place are named too.
            self.classify(a, b, hints, out);
            let place_start = self
                .phrase_at(b, &self.lex.diplomatic_posts)
                .map_or(e, |p| p + 1);
            self.classify(place_start, e, Hints::default(), out);
            return e;
        }
        let before = out.len();
        let end = self.classify(a, b, hints, out);
        if hints.source {
            for c in &mut out[before..] {
                c.source = true;
            }
        }
        end
    }

    /// A locative cue right before word `a`: "near X", "the town of X".
    fn locative_before(&self, a: usize) -> bool {
        self.lex.locative_cues.iter().any(|p| {
            p.len() <= a
                && p.iter().enumerate().all(|(k, w)| {
                    let at = a - p.len() + k;
                    self.lower(at) && self.f(at) == w
                })
        })
    }

    /// "according to (the) X".
    fn after_according(&self, a: usize) -> bool {
        let mut k = a;
        if k >= 1 && self.f(k - 1) == "the" {
            k -= 1;
        }
        k >= 2 && self.f(k - 1) == "to" && self.f(k - 2) == "according"
    }

    /// An actor named with an article: "the Taliban's", "the Taliban has", "the Taliban."
    fn actor_hint(&self, a: usize, b: usize, hints: Hints) -> bool {
        hints.the_before
            && !hints.place
            && self.word_count(a, b) == 1
            && (self.possessive(b - 1)
                || (self.toks.toks.get(b).is_some_and(|t| !t.is_word()) && !self.punct(b, '-'))
                || (self.lower(b) && self.lex.subject_verbs.contains(self.f(b))))
    }

    /// Skips word `a` (and a hyphenated part glued to it).
    fn skip_word(&self, a: usize, b: usize) -> usize {
        let mut k = a + 1;
        while k + 1 < b && self.punct(k, '-') && self.glued(k) && self.glued(k + 1) {
            k += 2;
        }
        k
    }

    fn skip_connectors(&self, mut a: usize, b: usize) -> usize {
        while a < b && (!self.word(a) || (self.lower(a) && !self.particle_start(a))) {
            a += 1;
        }
        a
    }

    /// Whether the first word of a sentence is a name start: a list or the document knows it.
    fn recognized(&self, a: usize, b: usize) -> bool {
        let f = self.f(a);
        if self.lex.not_names.contains(f) {
            return false;
        }
        self.shape(a) == Some(Shape::AllCaps)
            || self.words.capitalized.contains(f)
            || self.place_at(a, b).is_some()
            || self.known_at(a, b).is_some()
            || self.lex.is_given_name(f)
            || self.lex.particles.contains(f)
            || self.lex.org_initial_cues.contains(f)
            || self.lex.title_words.contains(f)
            || self.demonym(a).is_some()
            || (self.lex.org_cues.contains(f) && self.word_count(a, b) > 1)
            // "Islamic State West Africa Province overran…": a run of capitalized words that
            // holds an organisation cue is a name even when its first word alone would not be.
            || (self.word_count(a, b) > 1
                && (a + 1..b).any(|k| self.word(k) && self.lex.org_cues.contains(self.f(k))))
            || (a + 1..b).any(|k| self.word(k) && self.lex.person_particles.contains(self.f(k)))
            || self.phrase_at(b, &self.lex.militia_nouns).is_some()
            || (self.word_count(a, b) >= 2 && self.speech_after(b))
            // "Hezbollah, the Lebanese Shia movement, …": an apposition says what it is.
            || (self.word_count(a, b) == 1 && self.group_after(b))
            || {
                let next = self.next_word(a);
                next < b && self.words.pairs.contains(&format!("{f} {}", self.f(next)))
            }
    }

    /// Builds a run of capitalized words with particles and (unchecked) connectors.
    /// Returns (end, connector positions, ends before a lower-case hyphenated word).
    fn build(&self, i: usize) -> (usize, Vec<usize>, bool) {
        let n = self.n();
        let mut connectors = Vec::new();
        let mut j = if self.lower(i) {
            match self.particle_chain(i) {
                Some(k) => k,
                None => return (i + 1, connectors, false),
            }
        } else {
            i
        };
        let mut adjectival = false;
        let mut words = 1;
        while words < MAX_NAME_WORDS * 2 {
            words += 1;
            if self.possessive(j) {
                break;
            }
            let k = j + 1;
            if k >= n {
                break;
            }
            let t = self.toks.toks[k];
            if (t.is_punct('-') || t.is_punct('\u{2013}'))
                && !t.spaced
                && self.glued(k + 1)
                && self.word(k + 1)
            {
                let w = k + 1;
                if self.cap(w)
                    || self.shape(w) == Some(Shape::Uncased)
                    || self.shape(w) == Some(Shape::Number)
                {
                    // "Jean-Yves", "al-Qaeda-IS", "G5-Sahel"; an en dash only between capitals.
                    j = w;
                    continue;
                }
                if self.lower(w) {
                    if self.is_particle(w)
                        && self.punct(w + 1, '-')
                        && self.glued(w + 1)
                        && self.cap(w + 2)
                        && self.glued(w + 2)
                    {
                        j = w + 2;
                        continue;
                    }
                    if !self.lex.hyphen_suffixes.contains(self.f(w)) {
                        adjectival = true;
                    }
                }
                break;
            }
            // An initial: "Edith M. Lederer".
            if t.is_punct('.')
                && !t.spaced
                && self.toks.text(self.text, j).chars().count() == 1
                && self.cap(j)
                && self.cap(k + 1)
                && self.spaced(k + 1)
            {
                j = k + 1;
                continue;
            }
            if t.is_word() && t.spaced {
                if self.cap(k) {
                    j = k;
                    continue;
                }
                if self.lower(k) {
                    let f = self.f(k);
                    if self.is_particle(k) {
                        if let Some(m) = self.particle_chain(k) {
                            j = m;
                            continue;
                        }
                        break;
                    }
                    if self.lex.connectors.contains(f) && f != "the" {
                        // connector [the] [particles] Capitalized
                        let mut m = k + 1;
                        if self.word(m) && self.f(m) == "the" && self.lower(m) {
                            m += 1;
                        }
                        if !self.spaced(m) {
                            break;
                        }
                        if self.cap(m) {
                            connectors.push(k);
                            j = m;
                            continue;
                        }
                        if self.lower(m)
                            && self.is_particle(m)
                            && let Some(c) = self.particle_chain(m)
                        {
                            connectors.push(k);
                            j = c;
                            continue;
                        }
                    }
                }
            }
            break;
        }
        (j + 1, connectors, adjectival)
    }

    /// Checks the connectors of chunk `i..end` left to right; gives the end of the valid part.
    fn validate(&self, i: usize, end: usize, connectors: &[usize]) -> usize {
        let mut valid_of_for = false;
        for (n, &c) in connectors.iter().enumerate() {
            let right_end = connectors.get(n + 1).copied().unwrap_or(end);
            let left_has_org = self.has_org_cue(i, c);
            let ok = match self.f(c) {
                // "Horn of Africa": also a place the dictionary knows whole.
                "of" => {
                    left_has_org
                        || self.has_place_cue(i, c)
                        || self.places.get(&self.key(i, right_end)).is_some()
                }
                "for" | "on" => left_has_org,
                "in" => {
                    self.paren_acronym_after(right_end)
                        || (self.lex.articles.contains(self.f(i)) && self.f(c + 1) == "the")
                        || (right_end == end && self.last_is(c, &["mission", "operation"]))
                }
                "and" => {
                    left_has_org
                        && valid_of_for
                        && self.word_count(self.skip_the(c + 1), right_end) == 1
                        && (right_end == end || n + 1 < connectors.len())
                }
                _ => left_has_org || self.lex.org_initial_cues.contains(self.f(i)),
            };
            if !ok {
                return c;
            }
            if matches!(self.f(c), "of" | "for") {
                valid_of_for = true;
            }
        }
        end
    }

    fn skip_the(&self, k: usize) -> usize {
        if self.f(k) == "the" { k + 1 } else { k }
    }

    /// The word before connector `c` is one of `words`.
    fn last_is(&self, c: usize, words: &[&str]) -> bool {
        c > 0 && words.contains(&self.f(c - 1))
    }

    fn has_org_cue(&self, a: usize, b: usize) -> bool {
        self.lex.org_initial_cues.contains(self.f(a))
            || (a..b).any(|k| self.word(k) && self.cap(k) && self.lex.org_cues.contains(self.f(k)))
    }

    fn has_place_cue(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.word(k) && self.cap(k) && self.lex.place_cues.contains(self.f(k)))
    }

    /// " (ACR)" right at `k`.
    fn paren_acronym_after(&self, k: usize) -> bool {
        self.punct(k, '(') && self.shape(k + 1) == Some(Shape::AllCaps) && self.punct(k + 2, ')')
    }

    /// A role noun just before word `a` ("AQIM leader X", "his representative, X").
    fn role_before(&self, a: usize) -> bool {
        if a == 0 {
            return false;
        }
        let mut k = a - 1;
        if self.punct(k, ',') && k > 0 {
            k -= 1;
        }
        self.lower(k) && self.lex.role_words.contains(self.f(k))
    }

    /// ", the head of", ", al-Qaeda's emir", ", the Taliban's overall leader" after the chunk.
    fn role_after(&self, b: usize) -> bool {
        if !self.punct(b, ',') {
            return false;
        }
        let mut k = b + 1;
        let limit = (b + 8).min(self.n());
        while k < limit {
            if self.punct(k, ',') || self.punct(k, '.') || self.punct(k, ';') || self.punct(k, '(')
            {
                return false;
            }
            if self.lower(k) && self.lex.role_words.contains(self.f(k)) {
                // Not "X, a group whose leader …": the role comes before any verb. Not "X, a
                // militant group": a role word before a group noun is an adjective.
                return !(self.word(k + 1)
                    && self.lower(k + 1)
                    && self.lex.group_nouns.contains(self.f(k + 1)));
            }
            if self.lower(k) && self.lex.subject_verbs.contains(self.f(k)) {
                return false;
            }
            k += 1;
        }
        false
    }

    /// ", a militant group based in", ", the Lebanese Shia movement", ", the Islamic State's
    /// affiliate in Egypt" after the chunk: an apposition whose head noun names a kind of
    /// organisation (a role word or a verb first ends the look).
    fn group_after(&self, b: usize) -> bool {
        if !self.punct(b, ',') {
            return false;
        }
        let mut k = b + 1;
        let limit = (b + 8).min(self.n());
        while k < limit {
            if !self.word(k) {
                // "the Islamic State's affiliate": a possessive's mark goes on.
                if self.punct(k, '\'') || self.punct(k, '\u{2019}') {
                    k += 1;
                    continue;
                }
                return false;
            }
            let f = self.f(k);
            // "one of the group's founders": the head came before a preposition.
            if self.lower(k) && matches!(f, "of" | "for" | "with" | "by" | "from" | "to" | "under")
            {
                return false;
            }
            // "the group's founders": a possessive is not the head.
            if self.possessive(k) {
                k += 1;
                continue;
            }
            if self.lower(k)
                && (self.lex.role_words.contains(f)
                    || self.lex.subject_verbs.contains(f)
                    || self.lex.speech_verbs.contains(f))
            {
                // "a militant group", "a jihadist movement": a role word used as an adjective.
                return self.word(k + 1)
                    && self.lower(k + 1)
                    && self.lex.group_nouns.contains(self.f(k + 1));
            }
            if self.lower(k) && self.lex.group_nouns.contains(f) {
                return true;
            }
            k += 1;
        }
        false
    }

    fn speech_after(&self, b: usize) -> bool {
        self.lower(b) && self.spaced(b) && self.lex.speech_verbs.contains(self.f(b))
    }

    /// After a possessive: "Sahel branch", "West Africa Province", "Sahel Province".
    fn branch_after(&self, b: usize) -> Option<usize> {
        if !self.cap(b) || !self.spaced(b) {
            return None;
        }
        let mut k = b;
        let mut words = 0;
        while self.cap(k) && (k == b || self.spaced(k)) && words < 5 {
            if self.lex.branch_nouns.contains(self.f(k)) && words > 0 {
                return Some(k + 1);
            }
            words += 1;
            k += 1;
        }
        if words > 0
            && self.lower(k)
            && self.spaced(k)
            && self.lex.branch_nouns.contains(self.f(k))
            && self.place_at(b, k).is_some_and(|(e, _)| e == k)
        {
            return Some(k + 1);
        }
        None
    }

    /// After a country's possessive: "consulate in Saudi Arabia".
    fn post_after(&self, b: usize) -> Option<usize> {
        let e = self.phrase_at(b, &self.lex.diplomatic_posts)?;
        if !self.lower(b) || self.f(e) != "in" || !self.cap(e + 1) {
            return None;
        }
        let (end, _) = self.place_at(e + 1, self.n())?;
        Some(end)
    }

    /// Classifies words a..b; returns where to go on.
    fn classify(&self, a: usize, b: usize, hints: Hints, out: &mut Vec<Cand>) -> usize {
        let lex = self.lex;
        let words = self.word_count(a, b);
        if words == 0 {
            return b;
        }
        let span = self.span(a, b);
        let key = self.key(a, b);
        // The knowledge base.
        if let Some(e) = self.known.get(&key) {
            let mut c = Cand::new(span, self.sentence, Some(e.kind));
            c.origin = MentionOrigin::Known;
            c.known = e.entity.clone();
            c.confidence = 0.9;
            out.push(c);
            return b;
        }
        // A known name inside the run: it and the words around it, each on its own.
        if self.known.max_words > 0 {
            for k in a..b {
                if let Some((e, _)) = self.known_at(k, b).filter(|_| self.word(k)) {
                    if k > a {
                        self.classify(a, k, hints, out);
                    }
                    self.classify(k, e, Hints::default(), out);
                    let next = self.skip_connectors(e, b);
                    if next < b {
                        self.classify(next, b, Hints::default(), out);
                    }
                    return b;
                }
            }
        }
        // An acronym after other words ("Timbuktu JNIM attacked"): two names, unless a
        // connector joins them ("Sahara Branch of AQIM").
        if let Some(k) = (a + 1..b).find(|&k| {
            self.shape(k) == Some(Shape::AllCaps) && self.spaced(k) && !(k > 0 && self.lower(k - 1))
        }) {
            self.classify(a, k, hints, out);
            return self.classify(k, b, Hints::default(), out);
        }
        // An acronym leading other words: "AQIM leader" is not "AQIM Leader"; "U.S. Department
        // of State" and "IS Sahel" stay whole.
        // "ISIS-K", "CSP-PSD": parts glued by a hyphen are one name.
        if self.shape(a) == Some(Shape::AllCaps)
            && words > 1
            && self.spaced(self.next_word(a))
            && !self.has_org_cue(a + 1, b)
            && self.place_at(self.next_word(a), b).map(|(e, _)| e) != Some(b)
        {
            self.acronym(a, hints, out);
            let next = self.next_word(a);
            return self.classify(self.skip_connectors(next, b), b, Hints::default(), out);
        }
        // "IS Sahel", "G5 Sahel": an acronym and a place name an organisation.
        if self.shape(a) == Some(Shape::AllCaps) && words > 1 {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Organization));
            c.confidence = 0.7;
            out.push(c);
            return b;
        }
        // A single acronym: countries ("US", "DRC") or an organisation.
        if words == 1 && self.shape(a) == Some(Shape::AllCaps) {
            self.acronym(a, hints, out);
            return b;
        }
        // Places, with "X region" when the gazetteer knows it.
        let mut place_end = None;
        if self.places.get(&key).is_some() {
            place_end = Some((b, key.clone()));
        }
        if self.lower(b)
            && self.spaced(b)
            && matches!(
                self.f(b),
                "region"
                    | "province"
                    | "state"
                    | "district"
                    | "governorate"
                    | "prefecture"
                    | "county"
            )
        {
            let k2 = self.key(a, b + 1);
            if self.places.get(&k2).is_some() {
                place_end = Some((b + 1, k2));
            }
        }
        if let Some((e, k)) = place_end
            && !(self.has_org_cue(a, b)
                && !self.has_place_cue(a, b)
                && words > 1
                && self.all_towns(&k))
        {
            let mut c = Cand::new(self.span(a, e), self.sentence, Some(EntityKind::Location));
            c.origin = MentionOrigin::Gazetteer;
            c.hits = self.places.get(&k).map(<[_]>::to_vec).unwrap_or_default();
            c.place_key = Some(k);
            c.confidence = 0.8;
            c.person_hint = hints.person;
            c.org_hint = self.actor_hint(a, e, hints);
            c.source = hints.source;
            c.place_hint = hints.place;
            out.push(c);
            return e;
        }
        // Militias: "Daoussak militias".
        if self.spaced(b)
            && self.lower(b)
            && let Some(e) = self.phrase_at(b, &lex.militia_nouns)
        {
            let mut c = Cand::new(
                self.span(a, e),
                self.sentence,
                Some(EntityKind::Organization),
            );
            c.subtype = Some("armed_group".to_string());
            c.group = Some(format!("militia:{key}"));
            c.confidence = 0.6;
            out.push(c);
            return e;
        }
        if words == 1 {
            return self.single(a, b, hints, out);
        }
        let first = self.f(a);
        // Organisations.
        let person_shape = !lex.org_initial_cues.contains(first)
            && (lex.is_given_name(first)
                || (a + 1..b).any(|k| self.word(k) && lex.person_particles.contains(self.f(k)))
                || (lex.person_particles.contains(first) && !self.lower(a) && words == 2)
                || self.article_inside(a, b));
        // "Abu Sayyaf, a militant group …": the apposition beats the shape of a person's name.
        if hints.org && !hints.person && !self.has_place_cue(a, b) {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Organization));
            c.confidence = 0.75;
            c.apposition = true;
            out.push(c);
            return b;
        }
        if self.has_org_cue(a, b) && !(hints.person && person_shape) {
            // "Islamic State Sahel province": a lower-case province word that ends the name.
            let mut e = b;
            if words >= 3 && self.lower(b) && self.spaced(b) && self.f(b) == "province" {
                e = b + 1;
            }
            // "23 May Democratic Alliance": a date that is part of the name.
            let mut s0 = a;
            if a >= 1
                && self.shape(a - 1) == Some(Shape::Number)
                && dossier_text::dates::month_number(self.toks.text(self.text, a)).is_some()
                && self.toks.text(self.text, a - 1).len() <= 2
            {
                s0 = a - 1;
            } else if a >= 2
                && self.shape(a - 2) == Some(Shape::Number)
                && self.toks.text(self.text, a - 2).len() <= 2
                && self.cap(a - 1)
                && dossier_text::dates::month_number(self.toks.text(self.text, a - 1)).is_some()
            {
                // The month was not taken into the run ("May" is never a name by itself).
                s0 = a - 2;
            }
            let mut c = Cand::new(
                self.span(s0, e),
                self.sentence,
                Some(EntityKind::Organization),
            );
            c.confidence = 0.8;
            out.push(c);
            return e;
        }
        // A name with a checked connector ("al Qaeda in the Islamic Maghreb"): connectors are
        // only kept around organisation and place words, or before an acronym.
        let has_connector =
            (a + 1..b).any(|k| self.lower(k) && self.lex.connectors.contains(self.f(k)));
        if has_connector && !hints.person {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Organization));
            c.confidence = 0.7;
            out.push(c);
            return b;
        }
        // "al Qaeda", "Al-Naba", "al-Murabitoun": an article and a name.
        if lex.articles.contains(first) && words == 2 && !person_shape {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Organization));
            c.confidence = 0.6;
            c.org_hint = true;
            out.push(c);
            return b;
        }
        // "the town of Jisr al-Shughur": a place cue beats the shape of a person's name.
        let not_place = words == 1 && lex.not_places.contains(first);
        if hints.place
            && !hints.person
            && !not_place
            && !lex.is_given_name(first)
            && !lex.person_particles.contains(first)
        {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Location));
            c.confidence = 0.5;
            out.push(c);
            return b;
        }
        // Persons.
        if person_shape || hints.person || (lex.person_particles.contains(first) && self.lower(a)) {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Person));
            c.confidence = if hints.person { 0.85 } else { 0.75 };
            out.push(c);
            return b;
        }
        // Known names and places inside the run; the rest stays untyped.
        let mut k = a;
        let mut run_start: Option<usize> = None;
        while k < b {
            if !self.word(k) {
                k += 1;
                continue;
            }
            let inner = self.known_at(k, b).map(|(e, _)| e).or_else(|| {
                self.place_at(k, b)
                    .filter(|(_, key)| self.strong_place(key))
                    .map(|(e, _)| e)
            });
            match inner {
                Some(e) if k > a || e < b => {
                    if let Some(s) = run_start.take() {
                        self.untyped(s, k, hints, out);
                    }
                    self.classify(k, e, Hints::default(), out);
                    k = e;
                }
                _ => {
                    run_start.get_or_insert(k);
                    k += 1;
                }
            }
        }
        if let Some(s) = run_start {
            self.untyped(s, b, hints, out);
        }
        b
    }

    fn next_word(&self, a: usize) -> usize {
        let mut k = a + 1;
        while k < self.n() && !self.word(k) {
            k += 1;
        }
        k
    }

    /// A place that needs no support from the document: a country, a region, a macro region or
    /// a large town ("Haram" in "Boko Haram" is a small town somewhere, not a place here).
    fn strong_place(&self, key: &str) -> bool {
        let places = self.gazetteer.places();
        self.places.get(key).is_some_and(|hits| {
            hits.iter().any(|h| match h {
                super::places::PlaceHit::Place(i) => places.get(*i as usize).is_some_and(|p| {
                    p.kind != dossier_geo::PlaceKind::Town
                        || p.population >= super::places::MIN_UNSUPPORTED_POPULATION
                }),
                super::places::PlaceHit::Macro => true,
            })
        })
    }

    /// Every place under `key` is a town (an organisation named after a town is no town).
    fn all_towns(&self, key: &str) -> bool {
        let places = self.gazetteer.places();
        self.places.get(key).is_some_and(|hits| {
            hits.iter().all(|h| match h {
                super::places::PlaceHit::Place(i) => places
                    .get(*i as usize)
                    .is_some_and(|p| p.kind == dossier_geo::PlaceKind::Town),
                super::places::PlaceHit::Macro => false,
            })
        })
    }

    /// "Ayman al-Zawahiri": an article after the first word.
    fn article_inside(&self, a: usize, b: usize) -> bool {
        (a + 1..b).any(|k| {
            self.word(k)
                && self.lex.articles.contains(self.f(k))
                && self.punct(k + 1, '-')
                && self.glued(k + 1)
        }) && !self.lex.org_initial_cues.contains(self.f(a))
    }

    /// One capitalized word.
    fn single(&self, a: usize, b: usize, hints: Hints, out: &mut Vec<Cand>) -> usize {
        let lex = self.lex;
        let f = self.f(a);
        if self.shape(a) == Some(Shape::AllCaps) {
            self.acronym(a, hints, out);
            return b;
        }
        if lex.peoples.contains(f) || lex.not_names.contains(f) || self.demonym(a).is_some() {
            return b;
        }
        if lex.org_cues.contains(f) || lex.place_cues.contains(f) {
            return b;
        }
        if hints.org && !hints.person {
            let mut c = Cand::new(
                self.span(a, b),
                self.sentence,
                Some(EntityKind::Organization),
            );
            c.confidence = 0.75;
            c.apposition = true;
            out.push(c);
            return b;
        }
        self.untyped(a, b, hints, out);
        b
    }

    fn acronym(&self, a: usize, hints: Hints, out: &mut Vec<Cand>) {
        let raw = self.toks.text(self.text, a).replace('.', "");
        let upper = raw.to_uppercase();
        if upper.chars().count() < 2 && !raw.chars().any(|c| c.is_ascii_digit()) {
            return;
        }
        let span = self.span(a, a + 1);
        if let Some(hits) = self.places.get(self.f(a))
            && self.country_of(self.f(a)).is_some()
        {
            let mut c = Cand::new(span, self.sentence, Some(EntityKind::Location));
            c.origin = MentionOrigin::Gazetteer;
            c.hits = hits.to_vec();
            c.place_key = Some(self.f(a).to_string());
            c.acronym = true;
            out.push(c);
            return;
        }
        if self.words.common_acronyms.contains(&upper) {
            return;
        }
        let needs = self.lex.non_entity_acronyms.contains(&upper);
        if needs && !self.lex.defined_only_acronyms.contains(&upper) {
            return;
        }
        let mut c = Cand::new(span, self.sentence, Some(EntityKind::Organization));
        c.acronym = true;
        c.needs_definition = needs;
        c.person_hint = hints.person;
        c.confidence = 0.7;
        out.push(c);
    }

    /// A name the patterns cannot type: the second pass decides.
    fn untyped(&self, a: usize, b: usize, hints: Hints, out: &mut Vec<Cand>) {
        let words = self.word_count(a, b);
        if words == 0 {
            return;
        }
        if words == 1 {
            let f = self.f(a);
            if self.lex.peoples.contains(f)
                || self.lex.not_names.contains(f)
                || self.demonym(a).is_some()
            {
                return;
            }
        }
        let mut c = Cand::new(self.span(a, b), self.sentence, None);
        c.person_hint = hints.person;
        c.confidence = 0.5;
        c.org_hint = self.actor_hint(a, b, hints);
        c.place_hint = hints.place;
        c.source = hints.source;
        // "Daoussak communities": a word used as an adjective.
        if words == 1 && !self.possessive(b - 1) && self.lower(b) && self.spaced(b) {
            let f = self.f(b);
            if !self.lex.subject_verbs.contains(f)
                && !self.lex.speech_verbs.contains(f)
                && !self.lex.connectors.contains(f)
                && !self.lex.particles.contains(f)
                && !matches!(
                    f,
                    "and"
                        | "or"
                        | "but"
                        | "who"
                        | "which"
                        | "that"
                        | "as"
                        | "to"
                        | "at"
                        | "on"
                        | "with"
                        | "from"
                        | "by"
                        | "into"
                        | "after"
                        | "before"
                        | "also"
                        | "then"
                )
            {
                c.confidence = 0.3;
            }
        }
        out.push(c);
    }
}

fn institution_subtype(id: &str) -> &'static str {
    match id {
        "government" | "parliament" | "capital" => "government",
        _ => "military",
    }
}
