//! Patterns over sentence frames: words, word sets, gaps and entity slots.
//!
//! ```text
//! pattern  "{O:organization}'s $leader ,? {S:person}"
//! frame    [JNIM]'s · emir · , · [Iyad ag Ghali] · , · traveled …
//!   ─► S = [Iyad ag Ghali], O = [JNIM], $leader = "emir"
//! ```
//!
//! Elements, separated by spaces:
//! - `word`, `a|b|c`: one of the words (folded: case and diacritics do not matter); `pref*` any
//!   word starting with `pref`; an alternative may be several tokens (`co-founded`,
//!   `set_up` for "set up"); a trailing `?` makes the element optional (`the?`);
//! - `$set`, `$set?`, `$set|word`: one of the phrases of a set of the data file (longest
//!   first), or one of the other alternatives;
//! - `..`, `..N`: up to 4 (or N) units that are words, dates or commas, never an entity, the
//!   end of a clause or a word that changes the verb's meaning ("alongside", "under": the
//!   `gap_stops` of the data file); `~N` may also pass over those and entities; `^N` passes
//!   only words that are not function words (adjectives, nouns: "the main army base");
//! - `{R}`, `{R:type|type}`, `{R}'s`, `{R:type*}`, `{R}?`: an entity slot of role R (`S` subject, `O`
//!   object, `A` actor, `T` target, `L` location) holding one entity or a coordinated list ("A,
//!   B and the C"), each of one of the vocabulary types (sub-types count: `organization` takes
//!   `armed_group`); `'s` asks for a possessive, `!` for a name that is not one; `*` takes every entity of the types from there to
//!   the end of the clause; `?` lets the slot stay empty; `{N}` is a number ("14", "at least
//!   600", "dozens"); `{G}`, `{G}'s` a country or a demonym ("Malian") standing for the
//!   country's government entity, as an object; `{D}` a date phrase.
//!
//! A pattern is matched around its anchor, its first required word element: the part after it
//! forwards, the part before it backwards, each side taking the nearest fit first.

use std::collections::HashMap;

use dossier_model::Vocabulary;

use super::frame::{Frame, Unit, UnitKind, is_dash};
use crate::DocEntity;
use crate::mentions::tokens::{Kind, tokenize};

/// Why a pattern could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    UnknownSet(String),
    BadSlot(String),
    BadGap(String),
    /// A pattern needs a required word element to anchor on.
    NoAnchor,
    UnknownType(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Empty => write!(f, "empty pattern or empty alternative"),
            PatternError::UnknownSet(s) => write!(f, "unknown set `${s}`"),
            PatternError::BadSlot(s) => write!(f, "malformed slot `{s}`"),
            PatternError::BadGap(s) => write!(f, "malformed gap `{s}`"),
            PatternError::NoAnchor => write!(f, "no required word to anchor the pattern on"),
            PatternError::UnknownType(s) => write!(f, "unknown entity type `{s}`"),
        }
    }
}

impl std::error::Error for PatternError {}

/// One token of a word alternative.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Tm {
    Exact(Box<str>),
    Prefix(Box<str>),
    Punct(char),
}

impl Tm {
    pub(crate) fn matches(&self, u: &Unit) -> bool {
        match self {
            Tm::Exact(w) => u.is_word() && *u.fold == **w,
            Tm::Prefix(p) => u.is_word() && u.fold.starts_with(&**p),
            Tm::Punct(c) => u.is_punct(*c),
        }
    }
}

/// The roles of slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    S,
    O,
    A,
    T,
    L,
}

impl Role {
    fn parse(c: &str) -> Option<Role> {
        Some(match c {
            "S" => Role::S,
            "O" => Role::O,
            "A" => Role::A,
            "T" => Role::T,
            "L" => Role::L,
            _ => return None,
        })
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Slot {
    pub role: Role,
    /// `{T}?`: the slot may be left empty.
    pub optional: bool,
    pub types: Vec<String>,
    pub possessive: bool,
    /// `{R}!`: the entity is not a possessive ("ISKP, the Islamic State's branch": not the
    /// Islamic State).
    pub bare: bool,
    pub all: bool,
}

#[derive(Clone, Debug)]
pub(crate) enum Elem {
    Words {
        alts: Vec<Vec<Tm>>,
        optional: bool,
        set: Option<String>,
    },
    Slot(Slot),
    Number,
    /// A country, or a demonym ("Malian"), standing for the country's government entity.
    Gov {
        possessive: bool,
    },
    /// `{D}`: a date phrase ("a 2015 peace deal").
    Date,
    Gap {
        max: usize,
        entities: bool,
    },
    /// `^N`: up to N words that are not function words (adjectives and nouns).
    Modifiers {
        max: usize,
    },
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub(crate) elems: Vec<Elem>,
    anchor: usize,
    /// The pattern has a slot that may stay empty.
    optional_slots: bool,
    pub(crate) text: String,
}

/// A list of phrases indexed by their first word, for quick "does one start here?" look-ups.
#[derive(Clone, Debug, Default)]
pub(crate) struct Phrases {
    by_first: HashMap<Box<str>, Vec<Vec<Tm>>>,
    /// Phrases starting with a prefix or a punctuation mark.
    other: Vec<Vec<Tm>>,
}

impl Phrases {
    pub(crate) fn new(list: Vec<Vec<Tm>>) -> Phrases {
        let mut out = Phrases::default();
        for p in list {
            match p.first() {
                Some(Tm::Exact(w)) => out.by_first.entry(w.clone()).or_default().push(p),
                Some(_) => out.other.push(p),
                None => {}
            }
        }
        for list in out.by_first.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        out.other.sort_by_key(|p| std::cmp::Reverse(p.len()));
        out
    }

    /// The length of the longest phrase starting at unit `pos`.
    pub(crate) fn at(&self, units: &[Unit], pos: usize) -> Option<usize> {
        let u = units.get(pos)?;
        let fits = |p: &Vec<Tm>| {
            pos + p.len() <= units.len()
                && p.iter()
                    .enumerate()
                    .all(|(k, tm)| tm.matches(&units[pos + k]))
        };
        let first = if u.is_word() {
            self.by_first
                .get(&*u.fold)
                .and_then(|l| l.iter().find(|p| fits(p)))
        } else {
            None
        };
        first
            .or_else(|| self.other.iter().find(|p| fits(p)))
            .map(Vec::len)
    }
}

/// Phrase sets of the data file, each phrase tokenized.
pub(crate) type Sets = HashMap<String, Vec<Vec<Tm>>>;

/// Tokenizes a phrase of the data file the way sentences are tokenized.
pub(crate) fn phrase(s: &str) -> Vec<Tm> {
    let toks = tokenize(s, dossier_model::Span::new(0, s.len()));
    let mut out = Vec::new();
    for (i, t) in toks.toks.iter().enumerate() {
        match t.kind {
            Kind::Punct('*') if i + 1 == toks.len() && !out.is_empty() => {
                if let Some(Tm::Exact(w)) = out.pop() {
                    out.push(Tm::Prefix(w));
                }
            }
            Kind::Punct(c) => out.push(Tm::Punct(if is_dash(c) { '-' } else { c })),
            Kind::Word(_) => {
                out.push(Tm::Exact(toks.fold(i).into()));
                if t.possessive {
                    // "group's" in a phrase: the possessive is a property of the unit.
                }
            }
        }
    }
    out
}

/// Compiles the phrases of a set, longest first.
pub(crate) fn compile_set(words: &[String]) -> Vec<Vec<Tm>> {
    let mut out: Vec<Vec<Tm>> = words
        .iter()
        .map(|w| phrase(w))
        .filter(|p| !p.is_empty())
        .collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.len()));
    out
}

impl Pattern {
    /// Parses a pattern; `sets` are the phrase sets `$name` refers to.
    pub(crate) fn parse(
        text: &str,
        sets: &Sets,
        vocab: Option<&Vocabulary>,
    ) -> Result<Pattern, PatternError> {
        let mut elems = Vec::new();
        for tok in text.split_whitespace() {
            elems.push(parse_elem(tok, sets, vocab)?);
        }
        if elems.is_empty() {
            return Err(PatternError::Empty);
        }
        let anchor = elems
            .iter()
            .position(|e| {
                matches!(
                    e,
                    Elem::Words {
                        optional: false,
                        ..
                    }
                )
            })
            .ok_or(PatternError::NoAnchor)?;
        let optional_slots = elems
            .iter()
            .any(|e| matches!(e, Elem::Slot(s) if s.optional));
        Ok(Pattern {
            elems,
            anchor,
            optional_slots,
            text: text.to_string(),
        })
    }

    /// The pattern as written in the data file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first tokens the anchor can start with.
    pub(crate) fn anchor_heads(&self) -> Vec<Tm> {
        match &self.elems[self.anchor] {
            Elem::Words { alts, .. } => alts.iter().filter_map(|a| a.first().cloned()).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the pattern has a slot of `role`.
    pub(crate) fn has(&self, role: Role) -> bool {
        self.elems
            .iter()
            .any(|e| matches!(e, Elem::Slot(s) if s.role == role))
    }

    /// Matches the pattern with its anchor at unit `at`.
    pub(crate) fn match_at(&self, m: &Matcher<'_>, at: usize) -> Option<Match> {
        let Elem::Words { alts, set, .. } = &self.elems[self.anchor] else {
            return None;
        };
        // First with every optional slot filled, then leaving some empty.
        for strict in [true, false] {
            if let Some(caps) = self.match_anchor(m, at, alts, set, strict) {
                return Some(caps);
            }
            if !self.optional_slots {
                break;
            }
        }
        None
    }

    fn match_anchor(
        &self,
        m: &Matcher<'_>,
        at: usize,
        alts: &[Vec<Tm>],
        set: &Option<String>,
        strict: bool,
    ) -> Option<Match> {
        for alt in alts {
            let Some(n) = m.alt_fwd(alt, at) else {
                continue;
            };
            let mut caps = Match {
                anchor: (at, at + n),
                strict,
                ..Match::default()
            };
            if let Some(name) = set {
                caps.marks.push((name.clone(), at, at + n));
            }
            let Some(end) = m.fwd(&self.elems[self.anchor + 1..], at + n, &mut caps) else {
                continue;
            };
            let Some(start) = m.bwd(&self.elems[..self.anchor], at, &mut caps) else {
                continue;
            };
            caps.start = start;
            caps.end = end;
            return Some(caps);
        }
        None
    }
}

fn parse_elem(tok: &str, sets: &Sets, vocab: Option<&Vocabulary>) -> Result<Elem, PatternError> {
    if let Some(rest) = tok.strip_prefix('{') {
        let (rest, optional) = match rest.strip_suffix('?') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (inner, after) = rest
            .split_once('}')
            .ok_or_else(|| PatternError::BadSlot(tok.to_string()))?;
        let (possessive, bare) = match after {
            "" => (false, false),
            "'s" | "\u{2019}s" => (true, false),
            "!" => (false, true),
            _ => return Err(PatternError::BadSlot(tok.to_string())),
        };
        if inner == "N" {
            return Ok(Elem::Number);
        }
        if inner == "G" {
            return Ok(Elem::Gov { possessive });
        }
        if inner == "D" {
            return Ok(Elem::Date);
        }
        let (role, types) = inner.split_once(':').unwrap_or((inner, ""));
        let role = Role::parse(role).ok_or_else(|| PatternError::BadSlot(tok.to_string()))?;
        let (types, all) = match types.strip_suffix('*') {
            Some(t) => (t, true),
            None => (types, false),
        };
        let types: Vec<String> = types
            .split('|')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(v) = vocab
            && let Some(t) = types.iter().find(|t| !v.entity_types.contains_key(*t))
        {
            return Err(PatternError::UnknownType(t.clone()));
        }
        return Ok(Elem::Slot(Slot {
            role,
            optional,
            types,
            possessive,
            bare,
            all,
        }));
    }
    if let Some(rest) = tok.strip_prefix("..") {
        let max = if rest.is_empty() {
            4
        } else {
            rest.parse()
                .map_err(|_| PatternError::BadGap(tok.to_string()))?
        };
        return Ok(Elem::Gap {
            max,
            entities: false,
        });
    }
    if let Some(rest) = tok.strip_prefix('^')
        && !rest.is_empty()
    {
        let max = rest
            .parse()
            .map_err(|_| PatternError::BadGap(tok.to_string()))?;
        return Ok(Elem::Modifiers { max });
    }
    if let Some(rest) = tok.strip_prefix('~')
        && !rest.is_empty()
    {
        let max = rest
            .parse()
            .map_err(|_| PatternError::BadGap(tok.to_string()))?;
        return Ok(Elem::Gap {
            max,
            entities: true,
        });
    }
    let (body, optional) = match tok.strip_suffix('?') {
        Some(b) if !b.is_empty() => (b, true),
        _ => (tok, false),
    };
    // Alternatives: words, and sets (`$name`) whose phrases all count.
    let mut alts = Vec::new();
    let mut set = None;
    for alt in body.split('|') {
        if let Some(name) = alt.strip_prefix('$') {
            let phrases = sets
                .get(name)
                .ok_or_else(|| PatternError::UnknownSet(name.to_string()))?;
            alts.extend(phrases.iter().cloned());
            set.get_or_insert_with(|| name.to_string());
            continue;
        }
        let p = phrase(&alt.replace('_', " "));
        if p.is_empty() {
            return Err(PatternError::Empty);
        }
        alts.push(p);
    }
    alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
    Ok(Elem::Words {
        alts,
        optional,
        set,
    })
}

/// What a match bound.
#[derive(Clone, Debug, Default)]
pub(crate) struct Match {
    /// What each role's slot holds, in text order (index: [`Role::index`]).
    pub slots: [Vec<Hit>; 5],
    pub number: Option<(u32, bool)>,
    /// Set elements matched: (set name, from, to).
    pub marks: Vec<(String, usize, usize)>,
    /// The unit of a `{D}` date.
    pub date: Option<usize>,
    /// Optional slots must be filled (the first attempt).
    strict: bool,
    pub anchor: (usize, usize),
    pub start: usize,
    pub end: usize,
}

/// One entity a slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub unit: usize,
    pub entity: usize,
    /// A pronoun resolved from the narrative.
    pub anaphor: bool,
}

impl Match {
    pub fn slot(&self, role: Role) -> &[Hit] {
        &self.slots[role.index()]
    }

    fn save(&self) -> (usize, usize, usize, usize, usize, usize, bool, bool) {
        (
            self.slots[0].len(),
            self.slots[1].len(),
            self.slots[2].len(),
            self.slots[3].len(),
            self.slots[4].len(),
            self.marks.len(),
            self.number.is_some(),
            self.date.is_some(),
        )
    }

    fn restore(&mut self, s: (usize, usize, usize, usize, usize, usize, bool, bool)) {
        self.slots[0].truncate(s.0);
        self.slots[1].truncate(s.1);
        self.slots[2].truncate(s.2);
        self.slots[3].truncate(s.3);
        self.slots[4].truncate(s.4);
        self.marks.truncate(s.5);
        if !s.6 {
            self.number = None;
        }
        if !s.7 {
            self.date = None;
        }
    }
}

/// Matching context: one frame and what slots check types against.
pub(crate) struct Matcher<'a> {
    pub frame: &'a Frame,
    pub entities: &'a [DocEntity],
    pub vocab: &'a Vocabulary,
    pub lists: &'a Lists,
    pub govs: Option<&'a Governments<'a>>,
}

/// The government entities of a document by country, for `{G}`.
pub(crate) struct Governments<'a> {
    pub by_country: HashMap<String, usize>,
    pub gazetteer: &'a dossier_geo::Gazetteer<'a>,
}

impl Governments<'_> {
    /// The government entity a unit stands for: a country entity's, or a demonym's.
    fn of(&self, u: &Unit, entities: &[DocEntity]) -> Option<usize> {
        if self.by_country.is_empty() {
            return None;
        }
        match u.kind {
            UnitKind::Ent { entity, .. } => {
                let e = entities.get(entity)?;
                let cc = &e.place.as_ref().filter(|p| p.kind == "country")?.country;
                self.by_country.get(cc).copied()
            }
            UnitKind::Word if u.cap => {
                let c = self.gazetteer.country_by_demonym(&u.fold)?;
                self.by_country.get(c.iso2).copied()
            }
            _ => None,
        }
    }
}

/// Word lists the matcher itself needs.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lists {
    /// Determiners a slot may start with.
    pub det: Vec<Vec<Tm>>,
    /// What joins the items of a coordinated list.
    pub separators: Vec<Vec<Tm>>,
    /// Number words ("dozens", "two") with their value.
    pub numbers: Vec<(Vec<Tm>, u32)>,
    /// Words before a number that make it a minimum ("at least", "more than").
    pub at_least: Vec<Vec<Tm>>,
    /// Words glued by a hyphen after a name that make it a modifier ("Kremlin-linked").
    pub hyphen_modifiers: Vec<Vec<Tm>>,
    /// Words a `..N` gap does not pass ("alongside", "under").
    pub gap_stops: Vec<Box<str>>,
    /// Words a `^N` gap does not pass (prepositions, conjunctions, auxiliaries).
    pub function_words: Vec<Vec<Tm>>,
    /// Prepositions: a name right after one is not a clause's subject.
    pub prepositions: Phrases,
    /// Words introducing a list item by its name ("militias known as the X").
    pub item_intros: Vec<Vec<Tm>>,
    /// Auxiliaries: after ", and X" one makes X the subject of a new clause.
    pub auxiliaries: Vec<Box<str>>,
}

impl Matcher<'_> {
    fn unit(&self, i: usize) -> Option<&Unit> {
        self.frame.units.get(i)
    }

    /// The length of `alt` when it matches at `pos`.
    pub(crate) fn alt_fwd(&self, alt: &[Tm], pos: usize) -> Option<usize> {
        if pos + alt.len() > self.frame.len() {
            return None;
        }
        alt.iter()
            .enumerate()
            .all(|(k, tm)| tm.matches(&self.frame.units[pos + k]))
            .then_some(alt.len())
    }

    /// The length of `alt` when it matches ending at `pos` (exclusive).
    fn alt_bwd(&self, alt: &[Tm], pos: usize) -> Option<usize> {
        let start = pos.checked_sub(alt.len())?;
        self.alt_fwd(alt, start)
    }

    fn longest_fwd(&self, alts: &[Vec<Tm>], pos: usize) -> Option<usize> {
        alts.iter().find_map(|a| self.alt_fwd(a, pos))
    }

    fn longest_bwd(&self, alts: &[Vec<Tm>], pos: usize) -> Option<usize> {
        alts.iter().find_map(|a| self.alt_bwd(a, pos))
    }

    pub(crate) fn type_ok(&self, entity: usize, types: &[String]) -> bool {
        if types.is_empty() {
            return true;
        }
        let Some(e) = self.entities.get(entity) else {
            return false;
        };
        types.iter().any(|t| entity_is_a(self.vocab, e, t))
    }

    fn ent_ok(&self, i: usize, slot: &Slot) -> bool {
        self.unit(i)
            .and_then(Unit::entity)
            .is_some_and(|e| self.type_ok(e, &slot.types))
    }

    fn hit(&self, unit: usize) -> Option<Hit> {
        match self.unit(unit)?.kind {
            UnitKind::Ent { entity, anaphor } => Some(Hit {
                unit,
                entity,
                anaphor,
            }),
            _ => None,
        }
    }

    fn modifier(&self, i: usize) -> bool {
        self.unit(i).is_some_and(|u| {
            u.is_word()
                && !self
                    .lists
                    .function_words
                    .iter()
                    .any(|f| f.len() == 1 && f[0].matches(u))
        })
    }

    fn skippable(&self, i: usize, entities: bool) -> bool {
        match self.unit(i) {
            None => false,
            Some(u) => match u.kind {
                UnitKind::Word => entities || !self.lists.gap_stops.contains(&u.fold),
                UnitKind::Date(_) => true,
                UnitKind::Punct(_) => !u.is_boundary(),
                UnitKind::Ent { .. } => entities,
            },
        }
    }

    /// `Ent - linked` at `p`: a name used as a modifier ("Kremlin-linked Wagner Group"); its
    /// length.
    fn modifier_at(&self, p: usize) -> Option<usize> {
        let u = self.unit(p)?;
        if u.entity().is_none() || u.possessive {
            return None;
        }
        let dash = self.unit(p + 1)?;
        if !dash.is_punct('-') {
            return None;
        }
        self.longest_fwd(&self.lists.hyphen_modifiers, p + 2)
            .map(|n| n + 2)
    }

    /// Up to three lower-case words or hyphens before an item of a list ("and the pro-unionist
    /// Daoussak militias"): their length when an entity `ok` accepts follows.
    fn list_modifiers(&self, p: usize, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        for n in 1..=3 {
            let u = self.unit(p + n - 1)?;
            let fits = u.is_punct('-')
                || u.is_word() && !u.cap && !self.is_separator_word(u) && self.modifier(p + n - 1);
            if !fits {
                return None;
            }
            if ok(p + n) {
                return Some(n);
            }
        }
        None
    }

    /// "clan militias known as the X": up to three lower-case words, an introducing phrase and
    /// a determiner before an entity `ok` accepts; their length.
    fn item_intro(&self, p: usize, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        for words in 0..=3 {
            if words > 0 {
                let u = self.unit(p + words - 1)?;
                if !(u.is_word() && !u.cap && !self.is_separator_word(u)) {
                    return None;
                }
            }
            let q = p + words;
            if let Some(n) = self.longest_fwd(&self.lists.item_intros, q) {
                let mut r = q + n;
                if !ok(r)
                    && let Some(d) = self.longest_fwd(&self.lists.det, r)
                {
                    r += d;
                }
                if ok(r) {
                    return Some(r - p);
                }
            }
        }
        None
    }

    /// The unit after `q` is an auxiliary: the entity at `q` begins a clause (", and the group
    /// was renamed").
    fn starts_clause(&self, q: usize) -> bool {
        self.unit(q + 1)
            .is_some_and(|u| u.is_word() && self.lists.auxiliaries.contains(&u.fold))
    }

    fn is_separator_word(&self, u: &Unit) -> bool {
        self.lists
            .separators
            .iter()
            .any(|s| s.len() == 1 && s[0].matches(u))
    }

    /// The next item of a list after position `p` (just past the previous item): where it is.
    fn next_item(&self, p: usize, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        let n = self.longest_fwd(&self.lists.separators, p)?;
        let mut q = p + n;
        let mut det = false;
        if !ok(q)
            && let Some(d) = self.longest_fwd(&self.lists.det, q)
        {
            q += d;
            det = true;
        }
        if !ok(q)
            && let Some(m) = self.modifier_at(q)
        {
            q += m;
        }
        // Modifiers only after a determiner: "and the pro-unionist X", not ", took over after X".
        if det
            && !ok(q)
            && let Some(m) = self.list_modifiers(q, ok)
        {
            q += m;
        }
        if !ok(q)
            && let Some(m) = self.item_intro(q, ok)
        {
            q += m;
        }
        let comma = self.unit(p).is_some_and(|u| u.is_punct(','));
        // ", an al-Qaeda loyalist faction": an apposition describing the item, not a new one;
        // "and its allies": the name modifies a noun.
        if !ok(q)
            || comma && n == 1 && det && self.modifies_noun(q)
            || self.unit(q).is_some_and(|u| u.possessive)
                && self.unit(q + 1).is_some_and(Unit::is_word)
        {
            return None;
        }
        // ", and the group was renamed": a new clause, not a list.
        if comma && n > 1 && self.starts_clause(q) {
            return None;
        }
        Some(q)
    }

    /// The entity at `q` modifies a noun after it ("an al-Qaeda loyalist faction").
    fn modifies_noun(&self, q: usize) -> bool {
        self.unit(q).is_some_and(|u| !u.possessive)
            && self.unit(q + 1).is_some_and(|u| {
                u.is_word() && !u.cap && !self.is_separator_word(u) && self.modifier(q + 1)
            })
    }

    /// The next item of an appositive list ("A, the emir of X; B, Y's emir; and C"): after a
    /// comma, the words up to a semicolon, then an entity.
    fn next_appositive(&self, p: usize, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        if !self.unit(p)?.is_punct(',') {
            return None;
        }
        let mut q = p + 1;
        let limit = (p + 10).min(self.frame.len());
        while q < limit && !self.unit(q)?.is_punct(';') {
            let u = self.unit(q)?;
            if u.is_boundary() {
                return None;
            }
            q += 1;
        }
        if !self.unit(q)?.is_punct(';') {
            return None;
        }
        q += 1;
        if self
            .unit(q)
            .is_some_and(|u| u.is_word() && &*u.fold == "and")
        {
            q += 1;
        }
        if !ok(q)
            && let Some(d) = self.longest_fwd(&self.lists.det, q)
        {
            q += d;
        }
        ok(q).then_some(q)
    }

    /// The items of the list whose first item is at `first`, ending before `limit`.
    pub(crate) fn list_from(
        &self,
        first: usize,
        limit: usize,
        ok: &dyn Fn(usize) -> bool,
    ) -> Vec<usize> {
        let mut items = vec![first];
        let mut p = first + 1;
        while p < limit && !self.unit(p - 1).is_some_and(|u| u.possessive) {
            match self.next_item(p, ok) {
                Some(q) if q < limit => {
                    items.push(q);
                    p = q + 1;
                }
                _ => break,
            }
        }
        items
    }

    /// A coordinated list starting at `pos` (after an optional determiner): its entities and
    /// end.
    fn group_fwd(&self, pos: usize, slot: &Slot) -> Option<(Vec<Hit>, usize)> {
        let ok = |i: usize| self.ent_ok(i, slot);
        if slot.all {
            // To the end of the clause, or of the aside an em dash or a bracket opens.
            let end = (pos..self.frame.clause_end(pos))
                .find(|&i| {
                    self.unit(i)
                        .is_some_and(|u| matches!(u.kind, UnitKind::Punct('\u{2014}' | '(' | ')')))
                })
                .unwrap_or_else(|| self.frame.clause_end(pos));
            // "in a U.S. raid": a name after "a"/"an" qualifies a noun; it is not a place of
            // the list.
            let indefinite = |i: usize| {
                i > 0
                    && self
                        .unit(i - 1)
                        .is_some_and(|u| u.is_word() && matches!(&*u.fold, "a" | "an"))
            };
            let items: Vec<Hit> = (pos..end)
                .filter(|&i| ok(i) && self.modifier_at(i).is_none() && !indefinite(i))
                .filter_map(|i| self.hit(i))
                .collect();
            let last = items.last()?.unit;
            return Some((items, last + 1));
        }
        let mut p = pos;
        if !ok(p)
            && let Some(d) = self.longest_fwd(&self.lists.det, p)
        {
            p += d;
        }
        if let Some(m) = self.modifier_at(p) {
            p += m;
        }
        if !ok(p) {
            return None;
        }
        let mut items = vec![self.hit(p)?];
        let mut appositive = false;
        p += 1;
        loop {
            if self.unit(p - 1).is_some_and(|u| u.possessive) && !slot.possessive {
                break;
            }
            let next = if appositive {
                self.next_appositive(p, &ok)
            } else {
                self.next_item(p, &ok).or_else(|| {
                    let q = self.next_appositive(p, &ok);
                    appositive = q.is_some();
                    q
                })
            };
            let Some(q) = next else { break };
            items.push(self.hit(q)?);
            p = q + 1;
        }
        if slot.possessive && !self.unit(p - 1).is_some_and(|u| u.possessive) {
            return None;
        }
        if slot.bare && self.unit(p - 1).is_some_and(|u| u.possessive) {
            return None;
        }
        Some((items, p))
    }

    /// A coordinated list ending at `pos` (exclusive): its entities (in text order) and start.
    fn group_bwd(&self, pos: usize, slot: &Slot) -> Option<(Vec<Hit>, usize)> {
        let ok = |i: usize| self.ent_ok(i, slot);
        let last = pos.checked_sub(1)?;
        if !ok(last) {
            return None;
        }
        if slot.possessive && !self.unit(last).is_some_and(|u| u.possessive) {
            return None;
        }
        if slot.bare && self.unit(last).is_some_and(|u| u.possessive) {
            return None;
        }
        let mut items = vec![self.hit(last)?];
        let mut p = last;
        // ", which …" describes the nearest name only: "the Islamic State and the Wagner Group,
        // which partners with …".
        let relative = self.unit(pos).is_some_and(|u| u.is_punct(','))
            && self
                .unit(pos + 1)
                .is_some_and(|u| u.is_word() && matches!(&*u.fold, "which" | "who" | "whose"));
        while !relative && let Some(prev) = self.prev_item(p, &ok) {
            items.push(self.hit(prev)?);
            p = prev;
        }
        items.reverse();
        Some((items, p))
    }

    /// The item of a list before the item at `p`: "A, B and the armed C", "A and militias
    /// known as the C".
    fn prev_item(&self, p: usize, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        // Where the separator may end: right before the item (after an optional determiner),
        // before a determiner and up to three lower-case modifiers, or before words introducing
        // the item ("militias known as the").
        let mut starts = vec![(p, false)];
        for k in 1..=3 {
            let Some(u) = p.checked_sub(k).and_then(|i| self.unit(i)) else {
                break;
            };
            if u.is_punct('-') || u.is_word() && !u.cap && !self.is_separator_word(u) {
                starts.push((p - k, true));
            } else {
                break;
            }
        }
        for k in 2..=7 {
            if let Some(q) = p.checked_sub(k)
                && self.item_intro(q, ok) == Some(p - q)
            {
                starts.push((q, false));
            }
        }
        for (start, needs_det) in starts {
            let mut q = start;
            match self.longest_bwd(&self.lists.det, q) {
                Some(d) => q -= d,
                None if needs_det => continue,
                None => {}
            }
            let Some(n) = self.longest_bwd(&self.lists.separators, q) else {
                continue;
            };
            let Some(prev) = (q - n).checked_sub(1) else {
                continue;
            };
            let comma = self.unit(q - n).is_some_and(|u| u.is_punct(','));
            if comma && n > 1 && self.starts_clause(p) {
                continue;
            }
            if ok(prev) && !self.unit(prev).is_some_and(|u| u.possessive) {
                return Some(prev);
            }
        }
        None
    }

    /// A number at `pos`: (value, is a minimum) and its length.
    fn number_fwd(&self, pos: usize) -> Option<((u32, bool), usize)> {
        let mut p = pos;
        let mut at_least = false;
        if let Some(n) = self.longest_fwd(&self.lists.at_least, p) {
            at_least = true;
            p += n;
        }
        let u = self.unit(p)?;
        if !u.is_word() {
            return None;
        }
        if u.fold.bytes().all(|b| b.is_ascii_digit()) {
            // "1,200": digits, comma, three digits, glued.
            let mut value: u64 = u.fold.parse().ok()?;
            let mut q = p + 1;
            while let (Some(c), Some(d)) = (self.unit(q), self.unit(q + 1)) {
                let group = c.is_punct(',')
                    && d.is_word()
                    && d.fold.len() == 3
                    && d.fold.bytes().all(|b| b.is_ascii_digit())
                    && c.span.end == d.span.start
                    && self.unit(q - 1).is_some_and(|w| w.span.end == c.span.start);
                if !group {
                    break;
                }
                let v: u64 = d.fold.parse().ok()?;
                value = value.checked_mul(1000)?.checked_add(v)?;
                q += 2;
            }
            let value = u32::try_from(value).ok()?;
            return Some(((value, at_least), q - pos));
        }
        for (words, value) in &self.lists.numbers {
            if let Some(n) = self.alt_fwd(words, p) {
                return Some(((*value, at_least), p + n - pos));
            }
        }
        None
    }

    fn gov_at(&self, i: usize, possessive: bool) -> Option<Hit> {
        let govs = self.govs?;
        let u = self.unit(i)?;
        if possessive && !u.possessive {
            return None;
        }
        let entity = govs.of(u, self.entities)?;
        Some(Hit {
            unit: i,
            entity,
            anaphor: false,
        })
    }

    /// A gap of up to `max` units `pass` accepts, then `rest`, nearest first. When `rest`
    /// begins with an optional slot, a fit that fills the slot beats one that leaves it empty.
    fn gap_fwd(
        &self,
        max: usize,
        pass: &dyn Fn(usize) -> bool,
        rest: &[Elem],
        pos: usize,
        caps: &mut Match,
    ) -> Option<usize> {
        let optional_slot = matches!(rest.first(), Some(Elem::Slot(s)) if s.optional);
        let rounds: &[bool] = if optional_slot {
            &[true, false]
        } else {
            &[false]
        };
        for &filled in rounds {
            for k in 0..=max {
                if k > 0 && !pass(pos + k - 1) {
                    break;
                }
                if filled
                    && let Some(Elem::Slot(s)) = rest.first()
                    && self.group_fwd(pos + k, s).is_none()
                {
                    continue;
                }
                if let Some(end) = self.fwd(rest, pos + k, caps) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// The mirror of [`Matcher::gap_fwd`], ending at `pos`.
    fn gap_bwd(
        &self,
        max: usize,
        pass: &dyn Fn(usize) -> bool,
        rest: &[Elem],
        pos: usize,
        caps: &mut Match,
    ) -> Option<usize> {
        let optional_slot = matches!(rest.last(), Some(Elem::Slot(s)) if s.optional);
        let rounds: &[bool] = if optional_slot {
            &[true, false]
        } else {
            &[false]
        };
        for &filled in rounds {
            for k in 0..=max {
                if k > 0 && (pos < k || !pass(pos - k)) {
                    break;
                }
                if filled
                    && let Some(Elem::Slot(s)) = rest.last()
                    && self.group_bwd(pos - k, s).is_none()
                {
                    continue;
                }
                if let Some(start) = self.bwd(rest, pos - k, caps) {
                    return Some(start);
                }
            }
        }
        None
    }

    pub(crate) fn fwd(&self, elems: &[Elem], pos: usize, caps: &mut Match) -> Option<usize> {
        let Some(first) = elems.first() else {
            return Some(pos);
        };
        let rest = &elems[1..];
        match first {
            Elem::Words {
                alts,
                optional,
                set,
            } => {
                for alt in alts {
                    if let Some(n) = self.alt_fwd(alt, pos) {
                        let saved = caps.save();
                        if let Some(name) = set {
                            caps.marks.push((name.clone(), pos, pos + n));
                        }
                        if let Some(end) = self.fwd(rest, pos + n, caps) {
                            return Some(end);
                        }
                        caps.restore(saved);
                    }
                }
                if *optional {
                    return self.fwd(rest, pos, caps);
                }
                None
            }
            Elem::Slot(slot) => {
                if let Some((items, end)) = self.group_fwd(pos, slot) {
                    let saved = caps.save();
                    caps.slots[slot.role.index()].extend(items);
                    if let Some(r) = self.fwd(rest, end, caps) {
                        return Some(r);
                    }
                    caps.restore(saved);
                }
                if slot.optional && !caps.strict {
                    return self.fwd(rest, pos, caps);
                }
                None
            }
            Elem::Gov { possessive } => {
                let hit = self.gov_at(pos, *possessive)?;
                let saved = caps.save();
                caps.slots[Role::O.index()].push(hit);
                let r = self.fwd(rest, pos + 1, caps);
                if r.is_none() {
                    caps.restore(saved);
                }
                r
            }
            Elem::Date => {
                if !matches!(self.unit(pos)?.kind, UnitKind::Date(_)) {
                    return None;
                }
                let saved = caps.save();
                caps.date = Some(pos);
                let r = self.fwd(rest, pos + 1, caps);
                if r.is_none() {
                    caps.restore(saved);
                }
                r
            }
            Elem::Number => {
                let (value, n) = self.number_fwd(pos)?;
                let saved = caps.save();
                caps.number = Some(value);
                let r = self.fwd(rest, pos + n, caps);
                if r.is_none() {
                    caps.restore(saved);
                }
                r
            }
            Elem::Gap { max, entities } => {
                let pass = |i: usize| self.skippable(i, *entities);
                self.gap_fwd(*max, &pass, rest, pos, caps)
            }
            Elem::Modifiers { max } => {
                let pass = |i: usize| self.modifier(i);
                self.gap_fwd(*max, &pass, rest, pos, caps)
            }
        }
    }

    pub(crate) fn bwd(&self, elems: &[Elem], pos: usize, caps: &mut Match) -> Option<usize> {
        let Some(last) = elems.last() else {
            return Some(pos);
        };
        let rest = &elems[..elems.len() - 1];
        match last {
            Elem::Words {
                alts,
                optional,
                set,
            } => {
                for alt in alts {
                    if let Some(n) = self.alt_bwd(alt, pos) {
                        let saved = caps.save();
                        if let Some(name) = set {
                            caps.marks.push((name.clone(), pos - n, pos));
                        }
                        if let Some(start) = self.bwd(rest, pos - n, caps) {
                            return Some(start);
                        }
                        caps.restore(saved);
                    }
                }
                if *optional {
                    return self.bwd(rest, pos, caps);
                }
                None
            }
            Elem::Slot(slot) => {
                if let Some((items, start)) = self.group_bwd(pos, slot) {
                    let saved = caps.save();
                    caps.slots[slot.role.index()].extend(items);
                    caps.slots[slot.role.index()].sort_unstable_by_key(|h| h.unit);
                    if let Some(r) = self.bwd(rest, start, caps) {
                        return Some(r);
                    }
                    caps.restore(saved);
                }
                if slot.optional && !caps.strict {
                    return self.bwd(rest, pos, caps);
                }
                None
            }
            Elem::Gov { possessive } => {
                let at = pos.checked_sub(1)?;
                let hit = self.gov_at(at, *possessive)?;
                let saved = caps.save();
                caps.slots[Role::O.index()].push(hit);
                let r = self.bwd(rest, at, caps);
                if r.is_none() {
                    caps.restore(saved);
                }
                r
            }
            Elem::Date => {
                let at = pos.checked_sub(1)?;
                if !matches!(self.unit(at)?.kind, UnitKind::Date(_)) {
                    return None;
                }
                let saved = caps.save();
                caps.date = Some(at);
                let r = self.bwd(rest, at, caps);
                if r.is_none() {
                    caps.restore(saved);
                }
                r
            }
            Elem::Number => {
                // Numbers are read forwards: try the few starts that could end here.
                for len in 1..=5 {
                    let Some(start) = pos.checked_sub(len) else {
                        break;
                    };
                    if let Some((value, n)) = self.number_fwd(start)
                        && start + n == pos
                    {
                        let saved = caps.save();
                        caps.number = Some(value);
                        if let Some(s) = self.bwd(rest, start, caps) {
                            return Some(s);
                        }
                        caps.restore(saved);
                    }
                }
                None
            }
            Elem::Gap { max, entities } => {
                let pass = |i: usize| self.skippable(i, *entities);
                self.gap_bwd(*max, &pass, rest, pos, caps)
            }
            Elem::Modifiers { max } => {
                let pass = |i: usize| self.modifier(i);
                self.gap_bwd(*max, &pass, rest, pos, caps)
            }
        }
    }
}

/// Whether a document entity is of vocabulary type `ty` (its sub-type or its kind).
pub(crate) fn entity_is_a(vocab: &Vocabulary, e: &DocEntity, ty: &str) -> bool {
    e.subtype.as_deref().is_some_and(|s| vocab.is_a(s, ty)) || vocab.is_a(e.kind.as_str(), ty)
}
