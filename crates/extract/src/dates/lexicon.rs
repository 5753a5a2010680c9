//! The words of dates in context, embedded from `data/extract/dates.toml`.
//!
//! ```text
//! [relative] units = { days = "day", … }  ─►  DateWords { units: {"days": "day", …}, … }
//! [qualifiers] late = ["late", "the end of"] ─► qualifiers [(["late"], Late), (["the", "end", "of"], Late)]
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use dossier_model::Qualifier;
use serde::Deserialize;

use crate::mentions::fasthash::{FastMap, FastSet};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    month_before: Vec<String>,
    as_of: Vec<String>,
    qualifiers: RawQualifiers,
    relative: RawRelative,
    ranges: RawRanges,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQualifiers {
    early: Vec<String>,
    mid: Vec<String>,
    late: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelative {
    units: HashMap<String, String>,
    week_days: i64,
    numbers: HashMap<String, i64>,
    after: Vec<String>,
    before: Vec<String>,
    following: Vec<String>,
    previous: Vec<String>,
    same: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRanges {
    starts: Vec<String>,
    links: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct DateWords {
    pub month_before: FastSet<String>,
    pub as_of: Vec<String>,
    /// Qualifier phrases as folded words, longest first.
    pub qualifiers: Vec<(Vec<String>, Qualifier)>,
    /// The first words of the qualifier phrases.
    pub qualifier_first: FastSet<String>,
    pub units: FastMap<String, String>,
    pub week_days: i64,
    pub numbers: FastMap<String, i64>,
    /// The first bytes of the number words.
    pub number_initials: Vec<u8>,
    pub after: FastSet<String>,
    pub before: FastSet<String>,
    pub following: FastSet<String>,
    pub previous: FastSet<String>,
    pub same: FastSet<String>,
    pub range_starts: Vec<String>,
    pub range_links: Vec<String>,
}

fn lower(v: &[String]) -> FastSet<String> {
    v.iter().map(|w| w.to_lowercase()).collect()
}

pub(crate) fn lexicon() -> &'static DateWords {
    static CELL: OnceLock<DateWords> = OnceLock::new();
    CELL.get_or_init(|| {
        let raw: Raw = dossier_text::lexicon::embedded(
            "data/extract/dates.toml",
            include_str!("../../../../data/extract/dates.toml"),
        );
        let mut qualifiers = Vec::new();
        for (list, q) in [
            (&raw.qualifiers.early, Qualifier::Early),
            (&raw.qualifiers.mid, Qualifier::Mid),
            (&raw.qualifiers.late, Qualifier::Late),
        ] {
            for p in list {
                let words: Vec<String> = p
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                if !words.is_empty() {
                    qualifiers.push((words, q));
                }
            }
        }
        qualifiers.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        qualifiers.dedup();
        let numbers: FastMap<String, i64> = raw
            .relative
            .numbers
            .iter()
            .map(|(k, v)| (k.to_lowercase(), *v))
            .collect();
        let mut number_initials: Vec<u8> =
            numbers.keys().filter_map(|k| k.bytes().next()).collect();
        number_initials.sort_unstable();
        number_initials.dedup();
        let qualifier_first = qualifiers
            .iter()
            .filter_map(|(w, _)| w.first().cloned())
            .collect();
        DateWords {
            month_before: lower(&raw.month_before),
            as_of: raw.as_of.iter().map(|w| w.to_lowercase()).collect(),
            qualifiers,
            qualifier_first,
            units: raw
                .relative
                .units
                .iter()
                .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
                .collect(),
            week_days: raw.relative.week_days,
            numbers,
            number_initials,
            after: lower(&raw.relative.after),
            before: lower(&raw.relative.before),
            following: lower(&raw.relative.following),
            previous: lower(&raw.relative.previous),
            same: lower(&raw.relative.same),
            range_starts: raw.ranges.starts.iter().map(|w| w.to_lowercase()).collect(),
            range_links: raw.ranges.links.iter().map(|w| w.to_lowercase()).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_data_file_loads() {
        let l = super::lexicon();
        assert_eq!(l.units.get("days").map(String::as_str), Some("day"));
        assert_eq!(l.numbers.get("two"), Some(&2));
        assert!(l.month_before.contains("in"));
        assert!(l.qualifiers.iter().any(|(w, _)| w == &["the", "end", "of"]));
        for unit in l.units.values() {
            assert!(super::super::unit_precision(unit).is_some(), "{unit}");
        }
    }
}
