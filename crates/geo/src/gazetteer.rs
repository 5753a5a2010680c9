//! The gazetteer: look places up by any of their names and pick the one a document means.
//!
//! ```text
//! lookup("Gao")                               → [Gao (ML, town, 133110), Gao (ML, region),
//!                                                Gao (BF, town, 26453)]
//! resolve("Gao", {BF: 3})                     → Gao, Burkina Faso
//! resolve("Gao", {ML: 5})                     → Gao, Mali
//! resolve("Niger", {NG: 9})                   → Niger, the country (a country's name means it)
//! country_by_demonym("Nigeriens")             → NE
//! ```

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use crate::country::{self, Country, parse_countries};
use crate::error::ParseError;
use crate::fold::fold;
use crate::place::{self, Place, PlaceKind, parse_places};

pub(crate) const PLACES_TSV: &str = include_str!("../../../data/gazetteer/places.tsv");
pub(crate) const COUNTRIES_TSV: &str = include_str!("../../../data/gazetteer/countries.tsv");

/// The countries a document is about, each with a weight (e.g. how often it is mentioned).
/// Homonyms are resolved in favour of the heavier countries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    weights: BTreeMap<String, u32>,
}

impl Context {
    pub fn new() -> Self {
        Context::default()
    }

    /// Adds `weight` to country `iso2` (case-insensitive), builder style.
    pub fn with(mut self, iso2: &str, weight: u32) -> Self {
        self.add(iso2, weight);
        self
    }

    /// Adds `weight` to country `iso2` (case-insensitive).
    pub fn add(&mut self, iso2: &str, weight: u32) {
        let w = self.weights.entry(iso2.to_ascii_uppercase()).or_insert(0);
        *w = w.saturating_add(weight);
    }

    /// The weight of country `iso2`; 0 for a country the document does not mention.
    pub fn weight(&self, iso2: &str) -> u32 {
        self.weights
            .get(&iso2.to_ascii_uppercase())
            .copied()
            .unwrap_or(0)
    }
}

/// One folded name of one place, as a range of the key arena.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    len: usize,
    place: usize,
}

/// Every folded name of every place, sorted by key, then place.
#[derive(Debug, Default)]
struct NameIndex {
    /// Every folded key, back to back; `entries` point into it.
    keys: String,
    entries: Vec<Entry>,
}

impl NameIndex {
    fn key(&self, e: &Entry) -> &str {
        &self.keys[e.start..e.start + e.len]
    }
}

/// Places and countries with an index from folded names to places.
#[derive(Debug)]
pub struct Gazetteer<'a> {
    places: Vec<Place<'a>>,
    countries: Vec<Country<'a>>,
    /// Built on the first [`Gazetteer::lookup`]: folding every name of every place is most of
    /// the cost of loading, and callers with their own index (the mention finder) never need it.
    index: OnceLock<NameIndex>,
    /// Folded demonym → countries, most populous first.
    demonyms: HashMap<String, Vec<usize>>,
    by_iso2: HashMap<&'a str, usize>,
}

impl Gazetteer<'static> {
    /// The gazetteer embedded in the binary (data/gazetteer/), read on first use.
    ///
    /// Panics if the embedded files are malformed: that is a defect of the build, which this
    /// crate's tests catch.
    pub fn builtin() -> &'static Gazetteer<'static> {
        static CELL: OnceLock<Gazetteer<'static>> = OnceLock::new();
        CELL.get_or_init(|| match Gazetteer::from_tsv(PLACES_TSV, COUNTRIES_TSV) {
            Ok(g) => g,
            Err(e) => panic!("the embedded gazetteer is malformed: {e}"),
        })
    }
}

impl<'a> Gazetteer<'a> {
    /// Reads a gazetteer from the text of places.tsv and countries.tsv. Checks every row, that
    /// ids and country codes are unique, and that every place's country exists. The index of
    /// folded names is built on the first [`Gazetteer::lookup`].
    pub fn from_tsv(places_tsv: &'a str, countries_tsv: &'a str) -> Result<Self, ParseError> {
        let places = parse_places(places_tsv)?;
        let mut countries = parse_countries(countries_tsv)?;
        // Most populous first, so that a shared demonym ("Congolese") picks the larger country.
        countries.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then_with(|| a.iso2.cmp(b.iso2))
        });

        let mut by_iso2 = HashMap::with_capacity(countries.len());
        for (i, c) in countries.iter().enumerate() {
            if by_iso2.insert(c.iso2, i).is_some() {
                return Err(ParseError::new(
                    country::FILE,
                    0,
                    format!("country {} is listed twice", c.iso2),
                ));
            }
        }
        let mut demonyms: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            for d in c.demonyms() {
                let list = demonyms.entry(fold(d)).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }

        let mut ids = HashSet::with_capacity(places.len());
        for p in &places {
            if !ids.insert(p.id) {
                return Err(ParseError::new(
                    place::FILE,
                    0,
                    format!("place id {} is used twice", p.id),
                ));
            }
            if !by_iso2.contains_key(p.country) {
                return Err(ParseError::new(
                    place::FILE,
                    0,
                    format!("place {} has unknown country {}", p.id, p.country),
                ));
            }
        }

        Ok(Gazetteer {
            places,
            countries,
            index: OnceLock::new(),
            demonyms,
            by_iso2,
        })
    }

    /// Every place: countries, then regions, then towns (the file's order). For building a
    /// dictionary matcher, use [`Place::names`] of each.
    pub fn places(&self) -> &[Place<'a>] {
        &self.places
    }

    /// Every country, most populous first.
    pub fn countries(&self) -> &[Country<'a>] {
        &self.countries
    }

    /// The country with ISO alpha-2 code `iso2` (case-insensitive).
    pub fn country(&self, iso2: &str) -> Option<&Country<'a>> {
        if iso2.len() != 2 {
            return None;
        }
        let upper = iso2.to_ascii_uppercase();
        self.by_iso2
            .get(upper.as_str())
            .map(|&i| &self.countries[i])
    }

    /// The country whose people or state a word names: "Malian" → Mali, "Nigerien" → Niger,
    /// "Burkinabè" → Burkina Faso, "French" → France. A plural ("Malians") is tried without its
    /// final "s". A demonym of two countries ("Congolese") gives the more populous one.
    pub fn country_by_demonym(&self, word: &str) -> Option<&Country<'a>> {
        let key = fold(word);
        let found = self.demonyms.get(&key).or_else(|| {
            key.strip_suffix('s')
                .filter(|k| !k.is_empty())
                .and_then(|k| self.demonyms.get(k))
        })?;
        found.first().map(|&i| &self.countries[i])
    }

    /// Every place with `name` among its names (folded: case, diacritics, punctuation and
    /// Arabic articles do not matter), most populous first.
    pub fn lookup(&self, name: &str) -> Vec<&Place<'a>> {
        let key = fold(name);
        if key.is_empty() {
            return Vec::new();
        }
        let index = self.index.get_or_init(|| build_index(&self.places));
        let start = index
            .entries
            .partition_point(|e| index.key(e) < key.as_str());
        let mut found: Vec<&Place<'a>> = index.entries[start..]
            .iter()
            .take_while(|e| index.key(e) == key)
            .filter_map(|e| self.places.get(e.place))
            .collect();
        found.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.kind.cmp(&b.kind))
                .then(a.id.cmp(b.id))
        });
        found
    }

    /// The place `name` most likely means in a document about the countries of `context`:
    /// 1. a country, when the name is a country's name ("Niger" is the country, not the
    ///    Nigerian state, whatever the context);
    /// 2. otherwise a place in the heaviest country of the context;
    /// 3. then the most populous; a region before a town of unknown population.
    pub fn resolve(&self, name: &str, context: &Context) -> Option<&Place<'a>> {
        self.lookup(name)
            .into_iter()
            .min_by(|a, b| rank(a, context).cmp(&rank(b, context)))
    }
}

/// Smaller is better.
fn rank<'p>(p: &'p Place<'_>, context: &Context) -> impl Ord + use<'p> {
    (
        p.kind != PlaceKind::Country,
        Reverse(context.weight(p.country)),
        Reverse(p.population),
        p.kind,
        p.id,
    )
}

fn build_index(places: &[Place<'_>]) -> NameIndex {
    let mut index = NameIndex {
        keys: String::new(),
        entries: Vec::with_capacity(places.len() * 4),
    };
    let mut seen: Vec<String> = Vec::new();
    for (i, p) in places.iter().enumerate() {
        seen.clear();
        for name in p.names() {
            let key = fold(name);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            let start = index.keys.len();
            index.keys.push_str(&key);
            index.entries.push(Entry {
                start,
                len: key.len(),
                place: i,
            });
            seen.push(key);
        }
    }
    let keys = &index.keys;
    let key = |e: &Entry| &keys[e.start..e.start + e.len];
    index
        .entries
        .sort_unstable_by(|a, b| match key(a).cmp(key(b)) {
            Ordering::Equal => a.place.cmp(&b.place),
            other => other,
        });
    index
}
