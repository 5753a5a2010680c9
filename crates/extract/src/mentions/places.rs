//! Place names: the gazetteer and the macro regions as one folded dictionary, and the choice
//! among homonyms by the document's countries.
//!
//! ```text
//! index("Gao")                       → [Gao (ML town), Gao (ML region), Gao (BF town)]
//! choose([…], weights {ML: 5})       → Gao, Mali          choose([…], {BF: 3}) → Gao, Burkina Faso
//! index("Gulf of Guinea")            → macro region "Gulf of Guinea"
//! ```
//!
//! Every name of every place is tokenized and folded like text ([`super::tokens`]), so a run of
//! words in a sentence is looked up by its folded words. A town of few people in a country the
//! document never names is not taken: "Media" is a town in Morocco, not what a report means.

use std::sync::OnceLock;

use dossier_geo::{Gazetteer, Place, PlaceKind};

use dossier_model::Span;

use std::hash::{BuildHasher, BuildHasherDefault};

use super::fasthash::{FastMap, FastSet, Fnv};
use super::lexicon::{Lexicon, phrase};
use super::tokens::{Tokens, tokenize_into};

/// Towns smaller than this are only taken in a country the document names.
pub(crate) const MIN_UNSUPPORTED_POPULATION: u64 = 100_000;

/// What a folded name may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlaceHit {
    /// Index into [`Gazetteer::places`].
    Place(u32),
    /// A macro region of the lexicon (its folded key is the look-up key).
    Macro,
}

/// Folded name → places.
#[derive(Debug, Default)]
pub(crate) struct PlaceIndex {
    pub names: FastMap<String, Vec<PlaceHit>>,
    /// Folded adjective of a people or state ("malian", "nigeriens") → ISO code.
    pub demonyms: FastMap<String, String>,
    pub max_words: usize,
    /// What every key starts with, up to its first space: a run of words whose first fold
    /// starts otherwise is no name, without building its keys.
    pub first_words: WordFilter,
    /// Countries whose first-level regions the gazetteer holds: the theatres, whose towns
    /// reports name in many spellings (elsewhere, a town is taken without support from the
    /// document only by its own name, not by a foreign exonym such as "Hamas" for Hamm).
    pub theatres: FastSet<String>,
}

impl PlaceIndex {
    pub fn get(&self, key: &str) -> Option<&[PlaceHit]> {
        self.names.get(key).map(Vec::as_slice)
    }
}

/// A set of words that may answer "maybe" for a word it does not hold (rarely), never "no"
/// for one it holds: one bit per hash, no allocation per word.
#[derive(Debug, Default)]
pub(crate) struct WordFilter {
    bits: Vec<u64>,
}

impl WordFilter {
    /// A filter sized for about `words` words.
    fn new(words: usize) -> WordFilter {
        let n = (words.max(64) * 16).next_power_of_two() / 64;
        WordFilter { bits: vec![0; n] }
    }

    fn bit(&self, word: &str) -> (usize, u64) {
        let h = BuildHasherDefault::<Fnv>::default().hash_one(word);
        let n = self.bits.len() as u64 * 64;
        let at = h % n.max(1);
        ((at / 64) as usize, 1u64 << (at % 64))
    }

    fn insert(&mut self, word: &str) {
        let (i, b) = self.bit(word);
        if let Some(w) = self.bits.get_mut(i) {
            *w |= b;
        }
    }

    /// False only when `word` was never inserted.
    pub fn may_contain(&self, word: &str) -> bool {
        let (i, b) = self.bit(word);
        self.bits.get(i).is_some_and(|w| w & b != 0)
    }
}

/// The index of `gazetteer` (cached for the built-in one).
pub(crate) fn index(gazetteer: &Gazetteer<'_>, lex: &Lexicon) -> IndexRef {
    let builtin = Gazetteer::builtin();
    if std::ptr::eq(
        gazetteer as *const _ as *const u8,
        builtin as *const _ as *const u8,
    ) {
        static CELL: OnceLock<PlaceIndex> = OnceLock::new();
        IndexRef::Cached(CELL.get_or_init(|| build(builtin, lex)))
    } else {
        IndexRef::Owned(Box::new(build(gazetteer, lex)))
    }
}

/// The place index of a gazetteer: shared for the built-in one, built for another.
pub(crate) enum IndexRef {
    Cached(&'static PlaceIndex),
    Owned(Box<PlaceIndex>),
}

impl std::ops::Deref for IndexRef {
    type Target = PlaceIndex;
    fn deref(&self) -> &PlaceIndex {
        match self {
            IndexRef::Cached(i) => i,
            IndexRef::Owned(b) => b,
        }
    }
}

fn build(g: &Gazetteer<'_>, lex: &Lexicon) -> PlaceIndex {
    let mut idx = PlaceIndex {
        names: FastMap::with_capacity_and_hasher(g.places().len() * 3, Default::default()),
        demonyms: FastMap::default(),
        max_words: 1,
        first_words: WordFilter::new(g.places().len() * 4),
        theatres: g
            .places()
            .iter()
            .filter(|p| p.kind == PlaceKind::Region)
            .map(|p| p.country.to_string())
            .collect(),
    };
    for c in g.countries() {
        for d in c.demonyms() {
            let words = phrase(d);
            if words.len() != 1 {
                continue;
            }
            let w = words[0].clone();
            // The most populous country first keeps a shared adjective ("Congolese").
            idx.demonyms
                .entry(format!("{w}s"))
                .or_insert_with(|| c.iso2.to_string());
            idx.demonyms.entry(w).or_insert_with(|| c.iso2.to_string());
        }
    }
    // The folded words of a name joined by spaces, as `phrase(name).join(" ")` gives them,
    // with one token buffer for the whole gazetteer.
    let mut toks = Tokens::default();
    let mut key = String::new();
    for (i, p) in g.places().iter().enumerate() {
        for name in p.names() {
            tokenize_into(name, Span::new(0, name.len()), &mut toks);
            let words = (0..toks.len())
                .filter(|&k| !toks.fold(k).is_empty())
                .count();
            if words == 0 || words > 8 {
                continue;
            }
            // Names in Latin letters only: text in other scripts is looked up through folding,
            // which transliterates it, and would rarely meet the gazetteer's spellings.
            idx.max_words = idx.max_words.max(words);
            toks.key(0, toks.len(), &mut key);
            // A town that shares its name with a common capitalized word (a month, a
            // language, a movement) is not found by that word: "in May", "in Pashto", "the
            // Taliban" name no place. Countries and regions keep every name.
            if p.kind == PlaceKind::Town && lex.not_places.contains(key.as_str()) {
                continue;
            }
            idx.first_words.insert(key.split(' ').next().unwrap_or(""));
            let hit = PlaceHit::Place(i as u32);
            add(&mut idx, &key, hit);
            for variant in ezafe_variants(&key, &lex.ezafe) {
                add(&mut idx, &variant, hit);
            }
            // "Al Qāmishlī" is "Qamishli" in most reports: the town without its article too.
            if p.kind == PlaceKind::Town
                && let Some(rest) = without_article(&key, &lex.articles)
            {
                idx.first_words.insert(rest.split(' ').next().unwrap_or(""));
                add(&mut idx, rest, hit);
            }
        }
    }
    for key in lex.macro_regions.keys() {
        idx.max_words = idx.max_words.max(key.split(' ').count());
        idx.first_words.insert(key.split(' ').next().unwrap_or(""));
        // A macro region wins over the homonyms of the gazetteer ("Sahel" is also a region of
        // Burkina Faso): it goes first.
        idx.names
            .entry(key.clone())
            .or_default()
            .insert(0, PlaceHit::Macro);
    }
    idx
}

fn add(idx: &mut PlaceIndex, key: &str, hit: PlaceHit) {
    match idx.names.get_mut(key) {
        Some(list) => {
            if !list.contains(&hit) {
                list.push(hit);
            }
        }
        None => {
            idx.names.insert(key.to_string(), vec![hit]);
        }
    }
}

/// A folded name without its leading Arabic article ("al qamishli" → "qamishli"), when what is
/// left is long enough to be a name of its own (five letters or more).
fn without_article<'k>(key: &'k str, articles: &FastSet<String>) -> Option<&'k str> {
    let (first, rest) = key.split_once(' ')?;
    (articles.contains(first) && rest.chars().filter(|c| c.is_alphabetic()).count() >= 5)
        .then_some(rest)
}

/// The other spellings of a folded name whose inner words include a Persian linking particle:
/// "mazar e sharif" → "mazar i sharif", "mazar ye sharif" (one particle at a time changed).
fn ezafe_variants(key: &str, ezafe: &[String]) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    let mut out = Vec::new();
    if words.len() < 3 {
        return out;
    }
    for k in 1..words.len() - 1 {
        if !ezafe.iter().any(|e| e == words[k]) {
            continue;
        }
        for e in ezafe.iter().filter(|e| *e != words[k]) {
            let mut w = words.clone();
            w[k] = e;
            out.push(w.join(" "));
        }
    }
    out
}

/// The best place among `hits` for a document with country `weight`s, or `None` when no
/// candidate fits (a small town in a country the document does not name).
pub(crate) fn choose<'p, 'g>(
    places: &'p [Place<'g>],
    hits: &[PlaceHit],
    weight: &dyn Fn(&str) -> u32,
    key: Option<&str>,
    theatres: &FastSet<String>,
) -> Option<PlaceHit> {
    if hits.first() == Some(&PlaceHit::Macro) {
        return Some(PlaceHit::Macro);
    }
    let mut best: Option<(u32, &'p Place<'g>)> = None;
    for hit in hits {
        let PlaceHit::Place(i) = *hit else { continue };
        let Some(p) = places.get(i as usize) else {
            continue;
        };
        let w = weight(p.country);
        let fits = match p.kind {
            PlaceKind::Country => true,
            PlaceKind::Region => w > 0,
            // A large town of a country the document never names, by its own name only: a
            // foreign exonym ("Hamas", a Lithuanian name of Hamm) is not what a report means.
            PlaceKind::Town => {
                w > 0
                    || (p.population >= MIN_UNSUPPORTED_POPULATION
                        && (theatres.contains(p.country) || key.is_none_or(|k| own_name(p, k))))
            }
        };
        if !fits {
            continue;
        }
        let better = match best {
            None => true,
            // "Moscow" is the city of millions, not the small town of a country the document
            // happens to name ("three Americans" and Moscow, Idaho).
            Some((_, b)) if metropolis_over_small_town(p, b) => true,
            Some((_, b)) if metropolis_over_small_town(b, p) => false,
            Some((_, b)) => rank(p, w) < rank(b, weight(b.country)),
        };
        if better {
            best = Some((i, p));
        }
    }
    best.map(|(i, _)| PlaceHit::Place(i))
}

/// A town of a million people or more against a homonym of under a hundred thousand.
fn metropolis_over_small_town(big: &Place<'_>, small: &Place<'_>) -> bool {
    big.kind == PlaceKind::Town
        && small.kind == PlaceKind::Town
        && big.population >= 1_000_000
        && small.population < MIN_UNSUPPORTED_POPULATION
}

/// Whether folded `key` is the place's own name (or its ASCII form), or a part of it that
/// begins or ends it ("Marawi" of "Marawi City"), not an alternate.
fn own_name(p: &Place<'_>, key: &str) -> bool {
    [p.name, p.ascii_name()].iter().any(|n| {
        let own = phrase(n).join(" ");
        own == key
            || own.strip_prefix(key).is_some_and(|r| r.starts_with(' '))
            || own.strip_suffix(key).is_some_and(|r| r.ends_with(' '))
    })
}

/// Smaller is better: a country, then the heavier country, then the more populous.
fn rank(
    p: &Place<'_>,
    w: u32,
) -> (
    bool,
    std::cmp::Reverse<u32>,
    std::cmp::Reverse<u64>,
    PlaceKind,
) {
    (
        p.kind != PlaceKind::Country,
        std::cmp::Reverse(w),
        std::cmp::Reverse(p.population),
        p.kind,
    )
}

#[cfg(test)]
mod ezafe_tests {
    use super::ezafe_variants;

    #[test]
    fn ezafe_particles_stand_for_each_other_inside_a_name() {
        let e = ["e".to_string(), "i".to_string()];
        assert_eq!(ezafe_variants("mazar e sharif", &e), vec!["mazar i sharif"]);
        assert_eq!(ezafe_variants("pul i khumri", &e), vec!["pul e khumri"]);
        assert!(ezafe_variants("e sharif", &e).is_empty());
        assert!(ezafe_variants("sharif e", &e).is_empty());
        assert!(ezafe_variants("kabul", &e).is_empty());
    }

    #[test]
    fn a_town_is_found_without_its_article() {
        let mut articles = super::FastSet::default();
        articles.insert("al".to_string());
        assert_eq!(
            super::without_article("al qamishli", &articles),
            Some("qamishli")
        );
        assert_eq!(super::without_article("al bab", &articles), None);
        assert_eq!(super::without_article("qamishli", &articles), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::lexicon::lexicon;

    fn names(hits: &[PlaceHit]) -> Vec<String> {
        let g = Gazetteer::builtin();
        hits.iter()
            .map(|h| match h {
                PlaceHit::Macro => "macro".to_string(),
                PlaceHit::Place(i) => {
                    let p = &g.places()[*i as usize];
                    format!("{} {} {}", p.name, p.kind, p.country)
                }
            })
            .collect()
    }

    #[test]
    fn the_first_word_filter_never_turns_a_name_away() {
        let idx = index(Gazetteer::builtin(), lexicon());
        for key in idx.names.keys() {
            assert!(
                idx.first_words
                    .may_contain(key.split(' ').next().unwrap_or(""))
            );
        }
        // Words that start no name are mostly turned away.
        let absent = (0..1000)
            .filter(|n| !idx.first_words.may_contain(&format!("zzq{n}")))
            .count();
        assert!(absent > 900, "{absent}");
    }

    #[test]
    fn homonyms_follow_the_document_countries() {
        let g = Gazetteer::builtin();
        let idx = index(g, lexicon());
        let gao = idx.get("gao").unwrap_or(&[]);
        let ml = |c: &str| u32::from(c == "ML") * 5;
        let bf = |c: &str| u32::from(c == "BF") * 5;
        assert_eq!(
            names(&[choose(g.places(), gao, &ml, None, &FastSet::default()).unwrap()]),
            vec!["Gao town ML"]
        );
        assert_eq!(
            names(&[choose(g.places(), gao, &bf, None, &FastSet::default()).unwrap()]),
            vec!["Gao town BF"]
        );
        // A small town of a country the document never names is not taken.
        let media = idx.get("media").unwrap_or(&[]);
        assert_eq!(
            choose(g.places(), media, &|_| 0, None, &FastSet::default()),
            None
        );
        // Countries always are.
        let niger = idx.get("niger").unwrap_or(&[]);
        assert_eq!(
            names(&[choose(g.places(), niger, &bf, None, &FastSet::default()).unwrap()]),
            vec!["Niger country NE"]
        );
        // Macro regions come first.
        assert_eq!(
            idx.get("sahel").and_then(|h| h.first()),
            Some(&PlaceHit::Macro)
        );
    }
}
