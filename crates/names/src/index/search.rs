//! Looking a name up in a [`NameIndex`]: candidates from posting lists, scored like `compare`.
//!
//! ```text
//! "Iyad ag Ghaly"  ─►  iad (exact) · ag (exact) · gali (exact, and "galy", "gali" one edit away)
//!                  ─►  posting lists, rarest first, within the budget: upper bounds per name
//!                  ─►  the best bounds scored exactly (weighted Dice over paired words)
//!                  ─►  best name per record, top k
//! ```

use serde::Serialize;

use super::{NameIndex, NameRow, NameType, ROLE_CONTENT, ROLE_STOP, Tok, deletion, role_of};
use crate::compare::is_arabic;
use crate::skeleton::Scratch;
use crate::token::TokenKind;

/// A screening request: the name, an optional type filter, how many records to return, and
/// whether to explain each result.
#[derive(Debug, Clone, Copy)]
pub struct Query<'q> {
    pub name: &'q str,
    pub kind: Option<NameType>,
    pub limit: usize,
    pub explain: bool,
}

impl<'q> Query<'q> {
    /// Any type, 10 results, no explanation.
    pub fn new(name: &'q str) -> Query<'q> {
        Query {
            name,
            kind: None,
            limit: 10,
            explain: false,
        }
    }

    /// Only records of this type.
    pub fn kind(mut self, kind: Option<NameType>) -> Query<'q> {
        self.kind = kind;
        self
    }

    /// At most `limit` records.
    pub fn limit(mut self, limit: usize) -> Query<'q> {
        self.limit = limit;
        self
    }

    /// With `compare`'s explanation of each result.
    pub fn explain(mut self, explain: bool) -> Query<'q> {
        self.explain = explain;
        self
    }
}

/// One result: the best-matching name of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate<'i> {
    /// The caller's record number.
    pub record: u32,
    /// The indexed name that matched best.
    pub name: &'i str,
    pub kind: NameType,
    /// The matched name is weak (a short form).
    pub weak: bool,
    /// In [0, 1], three decimals: the weighted share of words paired between the two names.
    pub score: f32,
    /// `score` is at least `[index] match_threshold`.
    pub is_match: bool,
    /// `compare`'s explanation, when the query asked for it.
    pub explanation: Vec<String>,
}

/// Reusable work space for searching: what each query gathers per name, in a small
/// open-addressing table keyed by name number (it stays in cache, whatever the index's size),
/// emptied after each query by its own list of used slots. One per thread; any index.
#[derive(Debug, Default)]
pub struct Searcher {
    table: Vec<Acc>,
    /// Positions of `table` in use, in the order names were first reached.
    touched: Vec<u32>,
    pairs: Vec<Pair>,
    bounds: Vec<(f32, u32, bool)>,
    scored: Vec<(f32, u32)>,
}

/// What one query gathered for one name.
#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    /// Name number + 1; 0 is an empty slot.
    key: u32,
    acc: f32,
    flag: u8,
}

/// Slots of a new table (grown by doubling when half full).
const TABLE_START: usize = 4096;

/// Pairs of query words looked up: among the first this many words, with this many spellings
/// of each.
const PAIR_QUERY_WORDS: usize = 6;
const PAIR_VARIANTS: usize = 3;

/// A name reached through an acronym of the whole name.
const ACRONYM_NAME: u8 = 1;

#[derive(Debug, Clone, Copy)]
struct Pair {
    sim: f32,
    cover: f32,
    q: u64,
    n: u64,
}

/// One counted word of the query.
struct QTok {
    weight: f32,
    role: u8,
    first: u8,
    single: bool,
    /// Vocabulary words it may be, with their similarity, sorted by id.
    vars: Vec<(u32, f32)>,
}

/// The query, looked up in the vocabulary.
struct Prepared {
    /// The query as given.
    name: String,
    toks: Vec<QTok>,
    total: f32,
    /// Two adjacent query words (i, i + 1) written as this one vocabulary word.
    joins: Vec<(usize, u32)>,
    /// Query word i written as these two vocabulary words.
    splits: Vec<(usize, u32, u32)>,
    /// Vocabulary words that are an acronym of the whole query.
    acronym_words: Vec<u32>,
    /// The query is one word that may be an acronym: its index.
    acronym_query: Option<usize>,
    /// Names whose acronym the query is.
    acronym_names: Vec<u32>,
}

impl Searcher {
    /// Empties the table for a new query (only the slots the last one used).
    fn start(&mut self) {
        if self.table.len() < TABLE_START {
            self.table = vec![Acc::default(); TABLE_START];
        }
        for &i in &self.touched {
            self.table[i as usize] = Acc::default();
        }
        self.touched.clear();
    }

    /// The slot of name `n` in a table of `len` slots (a power of two): Fibonacci hashing.
    #[inline]
    fn home(n: u32, len: usize) -> usize {
        (u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - len.trailing_zeros())) as usize
    }

    #[inline]
    fn add(&mut self, n: u32, contribution: f32, flag: u8) {
        if (self.touched.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let key = n + 1;
        let mut i = Self::home(n, self.table.len());
        loop {
            let e = &mut self.table[i];
            if e.key == key {
                e.acc += contribution;
                e.flag |= flag;
                return;
            }
            if e.key == 0 {
                *e = Acc {
                    key,
                    acc: contribution,
                    flag,
                };
                self.touched.push(i as u32);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table, keeping what it holds.
    fn grow(&mut self) {
        let len = (self.table.len() * 2).max(TABLE_START);
        let old: Vec<Acc> = self
            .touched
            .iter()
            .map(|&i| self.table[i as usize])
            .collect();
        self.table = vec![Acc::default(); len];
        self.touched.clear();
        let mask = len - 1;
        for a in old {
            let mut i = Self::home(a.key - 1, len);
            while self.table[i].key != 0 {
                i = (i + 1) & mask;
            }
            self.table[i] = a;
            self.touched.push(i as u32);
        }
    }

    /// What the query gathered, name by name.
    fn gathered(&self) -> impl Iterator<Item = (u32, Acc)> + '_ {
        self.touched.iter().map(|&i| {
            let a = self.table[i as usize];
            (a.key - 1, a)
        })
    }

    fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }
}

impl NameIndex {
    /// A work space sized for this index.
    pub fn searcher(&self) -> Searcher {
        let mut s = Searcher::default();
        s.start();
        s
    }

    /// Searches with a fresh work space (see [`NameIndex::search_with`]).
    pub fn search(&self, query: &Query<'_>) -> Vec<Candidate<'_>> {
        let mut s = self.searcher();
        self.search_with(query, &mut s)
    }

    /// The best records for `query`, best first, at most `query.limit`, none under
    /// `[index] min_score`.
    pub fn search_with(&self, query: &Query<'_>, s: &mut Searcher) -> Vec<Candidate<'_>> {
        if query.limit == 0 || self.names.is_empty() {
            return Vec::new();
        }
        let Some(p) = self.prepare(query.name) else {
            return Vec::new();
        };
        s.start();
        self.gather(&p, query.kind, s);

        let cw = self.rules.weights.content as f32;
        let ix = &self.rules.index;
        let keep = (query.limit.saturating_mul(ix.rescore_factor)).max(ix.rescore_min);
        let mut bounds = std::mem::take(&mut s.bounds);
        bounds.clear();
        bounds.extend(s.gathered().map(|(n, a)| {
            let b = if a.flag & ACRONYM_NAME != 0 {
                1.0
            } else {
                a.acc / (p.total + f32::from(self.tenths_of(n)) / 10.0).max(cw)
            };
            (b, n, a.flag & ACRONYM_NAME != 0)
        }));
        if bounds.len() > keep {
            bounds.select_nth_unstable_by(keep, |a, b| b.0.total_cmp(&a.0));
            bounds.truncate(keep);
        }
        self.prefetch(&bounds);
        let min = ix.min_score as f32;
        let mut scored = std::mem::take(&mut s.scored);
        scored.clear();
        for &(_, n, acronym) in &bounds {
            let score = self.score(&p, &self.names[n as usize], acronym, &mut s.pairs);
            if score >= min {
                scored.push((score, n));
            }
        }
        s.bounds = bounds;
        scored.sort_by(|a, b| {
            let (ra, rb) = (&self.names[a.1 as usize], &self.names[b.1 as usize]);
            b.0.total_cmp(&a.0)
                .then(ra.weak.cmp(&rb.weak))
                .then(ra.ntok.cmp(&rb.ntok))
                .then(a.1.cmp(&b.1))
        });
        let mut out: Vec<Candidate<'_>> = Vec::with_capacity(query.limit);
        for &(score, n) in &scored {
            let r = &self.names[n as usize];
            if out.iter().any(|c| c.record == r.record) {
                continue;
            }
            let name = self.name_text(r);
            out.push(Candidate {
                record: r.record,
                name,
                kind: r.kind,
                weak: r.weak,
                score,
                is_match: f64::from(score) >= ix.match_threshold,
                explanation: if query.explain {
                    self.rules.compare(query.name, name).explanation
                } else {
                    Vec::new()
                },
            });
            if out.len() == query.limit {
                break;
            }
        }
        s.scored = scored;
        out
    }

    /// Reads the rows and words of the names about to be scored in one tight loop, so that
    /// their cache misses overlap instead of coming one at a time inside scoring.
    fn prefetch(&self, bounds: &[(f32, u32, bool)]) {
        let mut sum = 0u32;
        for &(_, n, _) in bounds {
            if let Some(r) = self.names.get(n as usize) {
                sum = sum.wrapping_add(r.tok);
            }
        }
        for &(_, n, _) in bounds {
            if let Some(r) = self.names.get(n as usize)
                && let Some(t) = self.toks.get(r.tok as usize)
            {
                sum = sum.wrapping_add(t.id);
            }
        }
        std::hint::black_box(sum);
    }

    /// Folds the query and looks its words up in the vocabulary.
    fn prepare(&self, name: &str) -> Option<Prepared> {
        let rules = &self.rules;
        let folded = rules.fold(name);
        if folded.is_empty() {
            return None;
        }
        let arabic = name.chars().any(is_arabic);
        let words = rules.words(folded.as_str());
        let mut toks = Vec::new();
        let mut texts: Vec<&str> = Vec::new();
        let mut skels: Vec<&str> = Vec::new();
        let mut key = Vec::new();
        for w in words.items.iter().take(rules.limits.max_tokens.min(64)) {
            let Some(role) = role_of(w.kind) else {
                continue;
            };
            let text = &folded.as_str()[w.text.clone()];
            let skel = &words.skeletons[w.skeleton.clone()];
            let single = text.len() == 1;
            let digit = text.bytes().any(|b| b.is_ascii_digit());
            let mut vars: Vec<(u32, f32)> = Vec::new();
            let exact = self.vocab.id(skel);
            if let Some(id) = exact {
                vars.push((id, 1.0));
            }
            if !single && !digit {
                let consider = |id: u32, vars: &mut Vec<(u32, f32)>| {
                    if Some(id) == exact || vars.iter().any(|v| v.0 == id) {
                        return;
                    }
                    let other = self.vocab.skeleton(id);
                    if other.len() < 2 || other.bytes().any(|b| b.is_ascii_digit()) {
                        return;
                    }
                    if let Some((sim, _)) = rules.skeleton_sim(skel, other, arabic) {
                        vars.push((id, sim as f32));
                    }
                };
                let s = skel.as_bytes();
                if let (Some(id), false) = (exact, arabic) {
                    // Computed when the index was built, the same way.
                    let (ids, sims) = self.near_spellings(id);
                    vars.extend(ids.iter().copied().zip(sims.iter().copied()));
                } else if s.len() >= rules.index.near_min_len {
                    for &id in self.near.get(s) {
                        consider(id, &mut vars);
                    }
                    for k in 0..s.len() {
                        deletion(s, k, &mut key);
                        for &id in self.near.get(&key) {
                            consider(id, &mut vars);
                        }
                    }
                }
                if arabic {
                    let c = rules.consonants(skel);
                    if c.len() >= 2 {
                        let mut keys = vec![c.clone()];
                        for &f in &rules.optional_final_consonants {
                            let mut longer = c.clone();
                            longer.push(char::from(f));
                            keys.push(longer);
                            if c.as_bytes().last() == Some(&f) && c.len() > 2 {
                                keys.push(c[..c.len() - 1].to_string());
                            }
                        }
                        for k in keys {
                            for &id in self.consonants.get(k.as_bytes()) {
                                consider(id, &mut vars);
                            }
                        }
                    }
                }
            }
            vars.sort_unstable_by_key(|v| v.0);
            toks.push(QTok {
                weight: super::role_weight(rules, role),
                role,
                first: text.as_bytes()[0],
                single,
                vars,
            });
            texts.push(text);
            skels.push(skel);
        }
        if toks.is_empty() {
            return None;
        }
        let total = toks.iter().map(|t| t.weight).sum();

        let mut scratch = Scratch::default();
        let mut buf = String::new();
        let mut joins = Vec::new();
        let mut joined = String::new();
        for i in 0..texts.len().saturating_sub(1) {
            joined.clear();
            joined.push_str(texts[i]);
            joined.push_str(texts[i + 1]);
            buf.clear();
            rules.skeleton_into(&joined, &mut buf, &mut scratch);
            if let Some(id) = self.vocab.id(&buf) {
                joins.push((i, id));
            }
        }
        let mut splits = Vec::new();
        for (i, skel) in skels.iter().enumerate() {
            if skel.len() < 4 || !skel.is_ascii() {
                continue;
            }
            for k in 2..=skel.len() - 2 {
                if let Some(a) = self.vocab.id(&skel[..k])
                    && let Some(b) = self.vocab.id(&skel[k..])
                {
                    splits.push((i, a, b));
                }
            }
        }
        // Acronyms of the whole query, by the rules of `Rules::acronym` (content words give
        // their initial; particles, stop words and `al` may or may not), looked up as words.
        let mut acronym_words = Vec::new();
        let content = words
            .items
            .iter()
            .filter(|w| w.kind == TokenKind::Content)
            .count();
        if (2..=rules.max_acronym_letters).contains(&content)
            && words.items.len() <= rules.limits.max_tokens
        {
            let text = folded.as_str();
            let mut letters = String::new();
            for policy in 0u8..8 {
                letters.clear();
                for w in &words.items {
                    let gives = match w.kind {
                        TokenKind::Content => true,
                        TokenKind::Article => {
                            policy & 1 != 0
                                && rules
                                    .letter_articles
                                    .iter()
                                    .any(|a| *a == text[w.text.clone()])
                        }
                        TokenKind::StopWord => policy & 2 != 0,
                        TokenKind::Particle => policy & 4 != 0,
                        TokenKind::Title => false,
                    };
                    if gives && let Some(&b) = text.as_bytes().get(w.text.start) {
                        letters.push(char::from(b));
                    }
                }
                if letters.len() > rules.max_acronym_letters {
                    continue;
                }
                buf.clear();
                rules.skeleton_into(&letters, &mut buf, &mut scratch);
                if let Some(id) = self.vocab.id(&buf)
                    && !acronym_words.contains(&id)
                {
                    acronym_words.push(id);
                }
            }
        }
        let mut acronym_query = None;
        let mut acronym_names = Vec::new();
        if toks.len() == 1 && toks[0].role == ROLE_CONTENT {
            let t = texts[0];
            if (2..=rules.max_acronym_letters).contains(&t.len())
                && t.bytes().all(|b| b.is_ascii_alphabetic())
            {
                acronym_names.extend(self.acronyms.get(t.as_bytes()));
                if !acronym_names.is_empty() {
                    acronym_query = Some(0);
                }
            }
        }
        Some(Prepared {
            name: name.to_string(),
            toks,
            total,
            joins,
            splits,
            acronym_words,
            acronym_query,
            acronym_names,
        })
    }

    /// Reads posting lists, rarest first, within the budget, adding to each name an upper
    /// bound of what the words would give it.
    fn gather(&self, p: &Prepared, kind: Option<NameType>, s: &mut Searcher) {
        let cw = self.rules.weights.content as f32;
        // (list, contribution)
        let mut sources: Vec<(&[u32], f32)> = Vec::new();
        for t in &p.toks {
            if t.role == ROLE_STOP {
                continue;
            }
            for &(id, sim) in &t.vars {
                sources.push((self.postings.get(id), sim * (t.weight + cw)));
            }
        }
        for &(i, id) in &p.joins {
            let w = p.toks[i].weight + p.toks[i + 1].weight + cw;
            sources.push((self.postings.get(id), w));
        }
        for &(i, a, b) in &p.splits {
            let w = p.toks[i].weight + 2.0 * cw;
            let (la, lb) = (self.postings.get(a), self.postings.get(b));
            sources.push((if la.len() <= lb.len() { la } else { lb }, w));
        }
        let acronym = self.rules.scores.acronym as f32;
        for &id in &p.acronym_words {
            sources.push((self.postings.get(id), acronym * (p.total + cw)));
        }
        // Two words of the query together: short lists even when each word is common.
        let counted: Vec<&QTok> = p.toks.iter().filter(|t| t.role != ROLE_STOP).collect();
        let mut best: Vec<Vec<(u32, f32)>> = Vec::with_capacity(counted.len());
        for t in &counted {
            let mut v = t.vars.clone();
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
            v.truncate(PAIR_VARIANTS);
            best.push(v);
        }
        for i in 0..counted.len().min(PAIR_QUERY_WORDS) {
            for j in i + 1..counted.len().min(PAIR_QUERY_WORDS) {
                for &(a, sa) in &best[i] {
                    for &(b, sb) in &best[j] {
                        if a == b {
                            continue;
                        }
                        let list = self.pairs.get_hash(super::pair_key(a, b));
                        if !list.is_empty() {
                            let c = sa * (counted[i].weight + cw) + sb * (counted[j].weight + cw);
                            sources.push((list, c));
                        }
                    }
                }
            }
        }
        sources.sort_by_key(|(l, _)| l.len());
        let mut budget = self.rules.index.candidate_budget;
        for &n in &p.acronym_names {
            if kind.is_none_or(|k| self.names[n as usize].kind == k) {
                s.add(n, 0.0, ACRONYM_NAME);
            }
        }
        for (list, contribution) in sources {
            let list = if list.len() <= budget {
                list
            } else if s.is_empty() {
                &list[..budget]
            } else {
                continue;
            };
            budget -= list.len();
            for &n in list {
                if kind.is_none_or(|k| self.names[n as usize].kind == k) {
                    s.add(n, contribution, 0);
                }
            }
            if budget == 0 {
                break;
            }
        }
    }

    /// The exact score of one name against the query: the pairs of words each name offers,
    /// taken greedily best first, each word once; Σ similarity × weights covered ÷ all weights.
    fn score(&self, p: &Prepared, r: &NameRow, acronym_name: bool, pairs: &mut Vec<Pair>) -> f32 {
        let rules = &self.rules;
        let toks: &[Tok] = &self.name_toks(r)[..usize::from(r.ntok).min(64)];
        let w = |t: &Tok| super::role_weight(rules, t.role);
        pairs.clear();
        let initial = rules.scores.initial as f32;
        for (i, q) in p.toks.iter().enumerate() {
            for (j, t) in toks.iter().enumerate() {
                let sim = match q.vars.binary_search_by_key(&t.id, |v| v.0) {
                    Ok(k) => q.vars[k].1,
                    Err(_)
                        if (q.single || t.single)
                            && q.single != t.single
                            && q.role == ROLE_CONTENT
                            && t.role == ROLE_CONTENT
                            && q.first == t.first =>
                    {
                        initial
                    }
                    Err(_) => continue,
                };
                pairs.push(Pair {
                    sim,
                    cover: q.weight + w(t),
                    q: 1 << i,
                    n: 1 << j,
                });
            }
        }
        for &(i, id) in &p.joins {
            for (j, t) in toks.iter().enumerate() {
                if t.id == id {
                    pairs.push(Pair {
                        sim: 1.0,
                        cover: p.toks[i].weight + p.toks[i + 1].weight + w(t),
                        q: 3 << i,
                        n: 1 << j,
                    });
                }
            }
        }
        for &(i, a, b) in &p.splits {
            for j in 0..toks.len().saturating_sub(1) {
                if toks[j].id == a && toks[j + 1].id == b {
                    pairs.push(Pair {
                        sim: 1.0,
                        cover: p.toks[i].weight + w(&toks[j]) + w(&toks[j + 1]),
                        q: 1 << i,
                        n: 3 << j,
                    });
                }
            }
        }
        let acronym = rules.scores.acronym as f32;
        let all = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        // A one-word name that is an acronym of the whole query; skeletons only found it, so
        // its letters are checked ("AAD" and "AD" share the skeleton "ad").
        if toks.len() == 1
            && p.acronym_words.contains(&toks[0].id)
            && rules.is_acronym_of(self.name_text(r), &p.name)
        {
            for (j, t) in toks.iter().enumerate() {
                {
                    pairs.push(Pair {
                        sim: acronym,
                        cover: p.total + w(t),
                        q: all(p.toks.len()),
                        n: 1 << j,
                    });
                }
            }
        }
        if let (true, Some(i)) = (acronym_name, p.acronym_query) {
            pairs.push(Pair {
                sim: acronym,
                cover: p.toks[i].weight + r.weight,
                q: 1 << i,
                n: all(toks.len()),
            });
        }
        pairs.sort_by(|a, b| b.sim.total_cmp(&a.sim).then(b.cover.total_cmp(&a.cover)));
        let (mut used_q, mut used_n, mut matched) = (0u64, 0u64, 0.0f32);
        for pr in pairs.iter() {
            if pr.q & used_q != 0 || pr.n & used_n != 0 {
                continue;
            }
            used_q |= pr.q;
            used_n |= pr.n;
            matched += pr.sim * pr.cover;
        }
        let total = p.total + r.weight;
        if total <= 0.0 {
            return 0.0;
        }
        let score = (matched / total).clamp(0.0, 1.0);
        (score * 1000.0).round() / 1000.0
    }
}
