//! Screening: one name against many (a knowledge base, a sanctions list), ranked and explained.
//!
//! ```text
//! let index = NameIndex::build(Rules::standard(), entries);    // (record, name, type, weak)
//! index.search(&Query::new("إياد أغ غالي").limit(3))
//!   ─►  [Candidate { record: 316, name: "IYAD AG GHALI", score: 0.93, is_match: true, .. }, ..]
//! ```
//!
//! **Build.** Every name is folded and split into words once (the rules of `compare`); each
//! word's skeleton is interned to a number, so a name is a short run of numbers in one shared
//! array, and its text sits in one shared string: no allocation per name. Names are numbered by
//! their total word weight, lightest (shortest) first, and a posting list per skeleton lists the names
//! that hold it, in that order. The vocabulary of skeletons (much smaller than the names) is
//! also keyed by each skeleton with one letter deleted (near spellings one edit away) and by
//! its consonants (Arabic script leaves short vowels unwritten); each skeleton's near
//! spellings found that way, with their similarities, are computed once at build, so a
//! Latin-script query word that is in the vocabulary reads them instead of comparing. Organizations' names are also
//! keyed by their acronyms, and every name by each two of its words (so a query whose words
//! are all common still reaches the few names holding two of them).
//!
//! **Search.** The query's words are looked up in the vocabulary (same skeleton, one edit
//! away, same consonants when the query is in Arabic script, two words written as one, one word
//! written as two, acronyms both ways); the posting lists of those words are read rarest first,
//! within a budget (`[index] candidate_budget`), adding an upper bound of each name's score
//! in the searcher's small open-addressing table (a few thousand slots that stay in cache).
//! The best of those are scored exactly, the way [`Rules::compare`] scores (the same word
//! similarities, weights and greedy pairing: a weighted Dice coefficient), and the best name of
//! each record is kept. An explanation, when asked for, is `compare`'s.
//!
//! **Invariant:** searching never allocates per indexed name and reads at most
//! `candidate_budget` postings (word and word-pair lists; names found by an acronym of their
//! own come on top); any input string is a valid query (an empty one finds nothing).

mod search;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

// FNV-1a, for the vocabulary's short keys (faster than SipHash; the keys are the index's own
// words).
use dossier_model::Fnv;

use serde::{Deserialize, Serialize};

use crate::rules::Rules;
use crate::token::TokenKind;

pub use search::{Candidate, Query, Searcher};

/// The kind of thing a name names, for filtering results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameType {
    Person,
    Organization,
    /// Anything else (places, events, unknown).
    Other,
}

impl NameType {
    /// `person`, `organization` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            NameType::Person => "person",
            NameType::Organization => "organization",
            NameType::Other => "other",
        }
    }

    /// The type named by `s` (`person`, `organization`, `other`), if any.
    pub fn parse(s: &str) -> Option<NameType> {
        match s {
            "person" => Some(NameType::Person),
            "organization" => Some(NameType::Organization),
            "other" => Some(NameType::Other),
            _ => None,
        }
    }
}

/// One name to index: the record it belongs to (a caller's number), the name, the type of the
/// record, and whether the name is weak (a short form that says little alone).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub record: u32,
    pub name: &'a str,
    pub kind: NameType,
    pub weak: bool,
}

/// The role of an indexed word, packed in [`Tok`].
const CONTENT: u8 = 0;
const PARTICLE: u8 = 1;
const STOP: u8 = 2;

/// One counted word of an indexed name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// Interned skeleton.
    pub(crate) id: u32,
    /// CONTENT, PARTICLE or STOP.
    pub(crate) role: u8,
    /// First letter of the folded word (initials, acronyms).
    pub(crate) first: u8,
    /// A one-letter word (an initial).
    pub(crate) single: bool,
}

/// One indexed name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameRow {
    pub(crate) text: u32,
    pub(crate) text_len: u32,
    pub(crate) tok: u32,
    pub(crate) ntok: u16,
    pub(crate) kind: NameType,
    pub(crate) weak: bool,
    pub(crate) record: u32,
    /// The summed weights of its counted words.
    pub(crate) weight: f32,
}

/// Lists of numbers by key number: `items[offsets[k]..offsets[k + 1]]`.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    pub(crate) offsets: Vec<u32>,
    pub(crate) items: Vec<u32>,
}

impl Lists {
    /// Builds lists from (key, item) pairs; items keep their order within a key.
    fn from_pairs(keys: usize, pairs: &[(u32, u32)]) -> Lists {
        let mut offsets = vec![0u32; keys + 1];
        for &(k, _) in pairs {
            offsets[k as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut fill: Vec<u32> = offsets[..keys].to_vec();
        let mut items = vec![0u32; pairs.len()];
        for &(k, v) in pairs {
            items[fill[k as usize] as usize] = v;
            fill[k as usize] += 1;
        }
        Lists { offsets, items }
    }

    pub(crate) fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Keys hashed to 64 bits, each with a list of numbers: a compact multimap with one probe
/// sequence per lookup (open addressing over the hashes; the lists in one array). A collision
/// of two keys' hashes only adds a candidate, which scoring then checks.
#[derive(Debug, Default)]
pub(crate) struct HashedKeys {
    /// (hash, start, length); length 0 is an empty slot.
    slots: Vec<(u64, u32, u32)>,
    items: Vec<u32>,
}

impl HashedKeys {
    fn from_vec(mut v: Vec<(u64, u32)>) -> HashedKeys {
        v.sort_unstable();
        v.dedup();
        let distinct = v.chunk_by(|a, b| a.0 == b.0).count();
        let size = (distinct * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut slots = vec![(0u64, 0u32, 0u32); size];
        let mut items = Vec::with_capacity(v.len());
        for group in v.chunk_by(|a, b| a.0 == b.0) {
            let h = group[0].0;
            let start = items.len() as u32;
            items.extend(group.iter().map(|&(_, x)| x));
            let mut i = (h as usize) & mask;
            while slots[i].2 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (h, start, group.len() as u32);
        }
        HashedKeys { slots, items }
    }

    pub(crate) fn get(&self, key: &[u8]) -> &[u32] {
        self.get_hash(fnv(key))
    }

    pub(crate) fn get_hash(&self, h: u64) -> &[u32] {
        if self.slots.is_empty() {
            return &[];
        }
        let mask = self.slots.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            let (k, start, len) = self.slots[i];
            if len == 0 {
                return &[];
            }
            if k == h {
                return &self.items[start as usize..(start + len) as usize];
            }
            i = (i + 1) & mask;
        }
    }

    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 16 + self.items.capacity() * 4
    }
}

/// Names per block of `tenths_blocks`, as a power of two.
const TENTHS_BLOCK: u32 = 10;

/// Pairs of words are indexed among the first this many counted words of a name.
const PAIR_WORDS: usize = 8;

/// The key of two words, whatever their order.
pub(crate) fn pair_key(a: u32, b: u32) -> u64 {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(x) << 32 | u64::from(y)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// FNV-1a, 64 bits.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

/// The words of the vocabulary: interned skeletons.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    pub(crate) ids: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    pub(crate) text: String,
    pub(crate) spans: Vec<(u32, u32)>,
}

impl Vocab {
    fn intern(&mut self, skeleton: &str) -> u32 {
        if let Some(&id) = self.ids.get(skeleton) {
            return id;
        }
        let id = self.spans.len() as u32;
        let start = self.text.len() as u32;
        self.text.push_str(skeleton);
        self.spans.push((start, skeleton.len() as u32));
        self.ids.insert(skeleton.into(), id);
        id
    }

    pub(crate) fn id(&self, skeleton: &str) -> Option<u32> {
        self.ids.get(skeleton).copied()
    }

    pub(crate) fn skeleton(&self, id: u32) -> &str {
        let (s, l) = self.spans[id as usize];
        &self.text[s as usize..(s + l) as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
}

/// A built index of names. Immutable; share it between threads, each with its own
/// [`Searcher`].
#[derive(Debug)]
pub struct NameIndex {
    pub(crate) rules: Rules,
    pub(crate) text: String,
    pub(crate) names: Vec<NameRow>,
    pub(crate) toks: Vec<Tok>,
    pub(crate) vocab: Vocab,
    /// Skeleton id ─► names holding it, by name number (shortest names first).
    pub(crate) postings: Lists,
    /// Skeleton with one letter deleted (and the skeleton itself) ─► skeleton ids.
    pub(crate) near: HashedKeys,
    /// Consonants of a skeleton ─► skeleton ids.
    pub(crate) consonants: HashedKeys,
    /// Acronym (lower case) of an organization's or other name ─► names.
    pub(crate) acronyms: HashedKeys,
    /// Two words of a name (skeleton ids, in either order) ─► names holding both.
    pub(crate) pairs: HashedKeys,
    /// Names' weights in tenths, capped at 255, for the upper bounds computed on every
    /// candidate (the exact weight is in its row): names are numbered by weight, so this is a
    /// short list of (first name number, tenths) steps, searched in cache.
    pub(crate) tenths: Vec<(u32, u8)>,
    /// For each block of `1 << TENTHS_BLOCK` names, the step of `tenths` its first name is
    /// in (a step lookup is then a short, predictable scan).
    pub(crate) tenths_blocks: Vec<u32>,
    /// Each skeleton's near spellings (one edit away by the `near` keys, similar enough by
    /// [`Rules::skeleton_sim`] for a Latin-script query), computed once here instead of on
    /// every query; `near_sims` holds their similarities.
    pub(crate) near_of: Lists,
    pub(crate) near_sims: Vec<f32>,
}

impl NameIndex {
    /// Indexes `entries` with `rules`. Names with no letter or digit are skipped.
    pub fn build<'a>(rules: &Rules, entries: impl IntoIterator<Item = Entry<'a>>) -> NameIndex {
        let mut vocab = Vocab::default();
        let mut text = String::new();
        let mut rows: Vec<NameRow> = Vec::new();
        let mut toks: Vec<Tok> = Vec::new();
        let mut folded = String::new();
        // "Long Name (ACR)" is also indexed as "Long Name" and "ACR": two names in one.
        let entries = entries.into_iter().flat_map(|e| {
            let parts = bracketed(e.name)
                .map(|(outer, inner)| [Entry { name: outer, ..e }, Entry { name: inner, ..e }]);
            std::iter::once(e).chain(parts.into_iter().flatten())
        });
        for e in entries {
            rules.fold_into(e.name, &mut folded);
            let words = rules.words(&folded);
            let tok = toks.len();
            let mut weight = 0.0f32;
            for w in words.items.iter().take(rules.limits.max_tokens) {
                let role = match w.kind {
                    TokenKind::Content => CONTENT,
                    TokenKind::Particle => PARTICLE,
                    TokenKind::StopWord => STOP,
                    TokenKind::Article | TokenKind::Title => continue,
                };
                let word = &folded[w.text.clone()];
                let id = vocab.intern(&words.skeletons[w.skeleton.clone()]);
                weight += role_weight(rules, role);
                toks.push(Tok {
                    id,
                    role,
                    first: word.as_bytes().first().copied().unwrap_or(b' '),
                    single: word.len() == 1,
                });
            }
            if toks.len() == tok {
                continue;
            }
            let start = text.len();
            text.push_str(e.name);
            rows.push(NameRow {
                text: start as u32,
                text_len: e.name.len() as u32,
                tok: tok as u32,
                ntok: (toks.len() - tok).min(usize::from(u16::MAX)) as u16,
                kind: e.kind,
                weak: e.weak,
                record: e.record,
                weight,
            });
        }
        // Shortest names first: a prefix of a long posting list holds the best partial matches.
        rows.sort_by(|a, b| a.weight.total_cmp(&b.weight).then(a.ntok.cmp(&b.ntok)));

        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(toks.len());
        let mut acronyms: Vec<(u64, u32)> = Vec::new();
        let mut word_pairs: Vec<(u64, u32)> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        for (n, r) in rows.iter().enumerate() {
            let ts = &toks[r.tok as usize..r.tok as usize + usize::from(r.ntok)];
            ids.clear();
            for (i, t) in ts.iter().enumerate() {
                if t.role != STOP && !ts[..i].iter().any(|u| u.id == t.id) {
                    pairs.push((t.id, n as u32));
                    ids.push(t.id);
                }
            }
            // Every two words of the name, for queries whose words are all common.
            let ids = &ids[..ids.len().min(PAIR_WORDS)];
            for (i, &a) in ids.iter().enumerate() {
                for &b in &ids[i + 1..] {
                    word_pairs.push((pair_key(a, b), n as u32));
                }
            }
            if r.kind != NameType::Person && r.ntok >= 2 {
                let name = &text[r.text as usize..(r.text + r.text_len) as usize];
                for a in rules.acronym(name) {
                    acronyms.push((fnv(a.to_ascii_lowercase().as_bytes()), n as u32));
                }
            }
        }
        pairs.sort_by_key(|&(k, _)| k);
        let postings = Lists::from_pairs(vocab.len(), &pairs);
        drop(pairs);

        let mut near = Vec::new();
        let mut consonants = Vec::new();
        let mut key = Vec::new();
        for id in 0..vocab.len() as u32 {
            let s = vocab.skeleton(id).as_bytes();
            if s.len() >= rules.index.near_min_len {
                near.push((fnv(s), id));
                for k in 0..s.len() {
                    deletion(s, k, &mut key);
                    near.push((fnv(&key), id));
                }
            }
            let c = rules.consonants(vocab.skeleton(id));
            if c.len() >= 2 {
                consonants.push((fnv(c.as_bytes()), id));
            }
        }
        text.shrink_to_fit();
        rows.shrink_to_fit();
        toks.shrink_to_fit();
        let mut tenths: Vec<(u32, u8)> = Vec::new();
        for (n, r) in rows.iter().enumerate() {
            let t = (r.weight * 10.0).round().clamp(0.0, 255.0) as u8;
            if tenths.last().is_none_or(|&(_, last)| last != t) {
                tenths.push((n as u32, t));
            }
        }
        let mut tenths_blocks = Vec::new();
        let mut step = 0usize;
        for b in 0..rows.len().div_ceil(1 << TENTHS_BLOCK) {
            let first = (b << TENTHS_BLOCK) as u32;
            while step + 1 < tenths.len() && tenths[step + 1].0 <= first {
                step += 1;
            }
            tenths_blocks.push(step as u32);
        }
        let near = HashedKeys::from_vec(near);
        let (near_of, near_sims) = near_spellings(rules, &vocab, &near);
        NameIndex {
            rules: rules.clone(),
            text,
            names: rows,
            toks,
            vocab,
            postings,
            near,
            consonants: HashedKeys::from_vec(consonants),
            acronyms: HashedKeys::from_vec(acronyms),
            pairs: HashedKeys::from_vec(word_pairs),
            tenths,
            tenths_blocks,
            near_of,
            near_sims,
        }
    }

    /// How many names are indexed.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name is indexed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The score from which a result is a match (`[index] match_threshold`).
    pub fn match_threshold(&self) -> f32 {
        self.rules.index.match_threshold as f32
    }

    /// How many distinct word skeletons the names use.
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.len()
    }

    /// The bytes the index holds on the heap (an estimate: exact for the arrays, approximate
    /// for the vocabulary's hash map).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.text.capacity()
            + self.names.capacity() * size_of::<NameRow>()
            + self.toks.capacity() * size_of::<Tok>()
            + self.vocab.text.capacity()
            + self.vocab.spans.capacity() * 8
            + self.vocab.ids.capacity() * (size_of::<(Box<str>, u32)>() + 1)
            + self.vocab.text.len()
            + (self.postings.offsets.capacity() + self.postings.items.capacity()) * 4
            + self.near.heap_bytes()
            + self.consonants.heap_bytes()
            + self.acronyms.heap_bytes()
            + self.pairs.heap_bytes()
            + self.tenths.capacity() * 8
            + self.tenths_blocks.capacity() * 4
            + (self.near_of.offsets.capacity() + self.near_of.items.capacity()) * 4
            + self.near_sims.capacity() * 4
    }

    pub(crate) fn name_text(&self, r: &NameRow) -> &str {
        &self.text[r.text as usize..(r.text + r.text_len) as usize]
    }

    /// Name `n`'s weight in tenths (see `tenths`).
    #[inline]
    pub(crate) fn tenths_of(&self, n: u32) -> u8 {
        let Some(&block) = self.tenths_blocks.get((n >> TENTHS_BLOCK) as usize) else {
            return 0;
        };
        let mut i = block as usize;
        while i + 1 < self.tenths.len() && self.tenths[i + 1].0 <= n {
            i += 1;
        }
        self.tenths.get(i).map_or(0, |t| t.1)
    }

    /// The near spellings of skeleton `id` and their similarities (see `near_of`).
    pub(crate) fn near_spellings(&self, id: u32) -> (&[u32], &[f32]) {
        let k = id as usize;
        match (self.near_of.offsets.get(k), self.near_of.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => (
                &self.near_of.items[a as usize..b as usize],
                &self.near_sims[a as usize..b as usize],
            ),
            _ => (&[], &[]),
        }
    }

    pub(crate) fn name_toks(&self, r: &NameRow) -> &[Tok] {
        &self.toks[r.tok as usize..r.tok as usize + usize::from(r.ntok)]
    }
}

/// Each skeleton's near spellings: the skeletons its `near` keys reach (itself and each
/// one-letter deletion), but for itself, too short ones and ones with digits, that
/// [`Rules::skeleton_sim`] finds similar (Latin script), with that similarity; in the order a
/// query's lookup finds them.
fn near_spellings(rules: &Rules, vocab: &Vocab, near: &HashedKeys) -> (Lists, Vec<f32>) {
    let mut offsets = Vec::with_capacity(vocab.len() + 1);
    let mut items: Vec<u32> = Vec::new();
    let mut sims: Vec<f32> = Vec::new();
    let mut key = Vec::new();
    offsets.push(0u32);
    for id in 0..vocab.len() as u32 {
        let start = items.len();
        let skel = vocab.skeleton(id);
        let s = skel.as_bytes();
        if s.len() >= rules.index.near_min_len {
            let consider = |other_id: u32, items: &mut Vec<u32>, sims: &mut Vec<f32>| {
                if other_id == id || items[start..].contains(&other_id) {
                    return;
                }
                let other = vocab.skeleton(other_id);
                if other.len() < 2 || other.bytes().any(|b| b.is_ascii_digit()) {
                    return;
                }
                if let Some((sim, _)) = rules.skeleton_sim(skel, other, false) {
                    items.push(other_id);
                    sims.push(sim as f32);
                }
            };
            for &o in near.get(s) {
                consider(o, &mut items, &mut sims);
            }
            for k in 0..s.len() {
                deletion(s, k, &mut key);
                for &o in near.get(&key) {
                    consider(o, &mut items, &mut sims);
                }
            }
        }
        offsets.push(items.len() as u32);
    }
    items.shrink_to_fit();
    sims.shrink_to_fit();
    (Lists { offsets, items }, sims)
}

/// "Outer (inner)" ─► ("Outer", "inner"), when both have text.
fn bracketed(name: &str) -> Option<(&str, &str)> {
    let t = name.trim_end();
    let body = t.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let (outer, inner) = (body[..open].trim(), body[open + 1..].trim());
    (!outer.is_empty() && !inner.is_empty() && !inner.contains('(')).then_some((outer, inner))
}

/// `s` without its byte `k`, into `out`.
pub(crate) fn deletion(s: &[u8], k: usize, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&s[..k]);
    out.extend_from_slice(&s[k + 1..]);
}

pub(crate) fn role_weight(rules: &Rules, role: u8) -> f32 {
    (match role {
        CONTENT => rules.weights.content,
        PARTICLE => rules.weights.particle,
        _ => rules.weights.stop_word,
    }) as f32
}

pub(crate) fn role_of(kind: TokenKind) -> Option<u8> {
    match kind {
        TokenKind::Content => Some(CONTENT),
        TokenKind::Particle => Some(PARTICLE),
        TokenKind::StopWord => Some(STOP),
        TokenKind::Article | TokenKind::Title => None,
    }
}

pub(crate) const ROLE_CONTENT: u8 = CONTENT;
pub(crate) const ROLE_STOP: u8 = STOP;
