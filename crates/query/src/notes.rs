//! Numbered footnotes: every line of an answer points to the sources, sentences and citations
//! behind it.
//!
//! ```text
//! notes.add(2, Some(29), &[20, 21])  ──►  1      (source 2, sentence 29)
//! notes.add(1, Some(15), &[0])       ──►  2
//! notes.add(2, Some(29), &[22])      ──►  1      (same sentence, same note; citation 22 joins)
//! notes.finish(store)                ──►  [Footnote { number: 1, source: { title, .. },
//!                                          sentence: { idx: 29, text: "Ghaly was .." },
//!                                          citations: [20, 21, 22 with their fields] }, ..]
//! ```
//!
//! A footnote also lists the citations the source ties to its sentence, so an event (which
//! keeps no citation of its own) is footnoted as fully as a statement.

use std::collections::{BTreeSet, HashMap};

use dossier_store::{NoteSentence, SourceMaterial, SourceRef, Store, StoredCitation};
use serde::Serialize;

use crate::QueryError;

/// One numbered footnote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Footnote {
    pub number: usize,
    pub source: SourceRef,
    /// The sentence the fact was read from, when it came from one.
    pub sentence: Option<NoteSentence>,
    /// The works the source cites for it, in the source's order.
    pub citations: Vec<StoredCitation>,
}

/// What a source gives footnotes, read once per answer.
type Loaded = SourceMaterial;

/// Collects footnotes while an answer is built, then reads what they quote.
#[derive(Default)]
pub struct Notes {
    keys: Vec<(i64, Option<usize>)>,
    index: HashMap<(i64, Option<usize>), usize>,
    cited: Vec<BTreeSet<usize>>,
    loaded: HashMap<i64, Loaded>,
}

impl Notes {
    /// The number of the footnote for this source and sentence (added if new); `citations`
    /// are the source's citation indices the fact rests on.
    pub fn add(&mut self, source: i64, sentence: Option<usize>, citations: &[usize]) -> usize {
        let key = (source, sentence);
        let i = *self.index.entry(key).or_insert_with(|| {
            self.keys.push(key);
            self.cited.push(BTreeSet::new());
            self.keys.len() - 1
        });
        self.cited[i].extend(citations.iter().copied());
        i + 1
    }

    /// The text of a sentence (read once per source), for rules that look at the wording.
    pub fn sentence_text(
        &mut self,
        store: &Store,
        source: i64,
        sentence: usize,
    ) -> Result<Option<String>, QueryError> {
        let loaded = self.load(store, source)?;
        Ok(loaded.and_then(|l| l.sentence(sentence).map(str::to_string)))
    }

    /// The source behind a key, for listings of names.
    pub fn source(&mut self, store: &Store, source: i64) -> Result<Option<SourceRef>, QueryError> {
        Ok(self.load(store, source)?.map(|l| l.source.clone()))
    }

    fn load(&mut self, store: &Store, sid: i64) -> Result<Option<&Loaded>, QueryError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.loaded.entry(sid) {
            let Some(m) = store.source_material(sid)? else {
                return Ok(None);
            };
            slot.insert(m);
        }
        Ok(self.loaded.get(&sid))
    }

    /// The footnotes an answer uses, numbered in the order `used` met them.
    pub fn finish(
        mut self,
        store: &Store,
        used: &Renumbering,
    ) -> Result<Vec<Footnote>, QueryError> {
        let keys = std::mem::take(&mut self.keys);
        let mut cited = std::mem::take(&mut self.cited);
        let mut out = Vec::with_capacity(used.order.len());
        for (i, old) in used.order.iter().enumerate() {
            let Some(slot) = old.checked_sub(1).filter(|&s| s < keys.len()) else {
                continue;
            };
            let (sid, sentence) = keys[slot];
            let mut wanted = std::mem::take(&mut cited[slot]);
            let Some(l) = self.load(store, sid)? else {
                continue;
            };
            if let Some(idx) = sentence {
                wanted.extend(
                    l.citations
                        .iter()
                        .filter(|c| c.sentences.contains(&idx))
                        .map(|c| c.idx),
                );
            }
            out.push(Footnote {
                number: i + 1,
                source: l.source.clone(),
                sentence: sentence.and_then(|idx| {
                    l.sentence(idx).map(|text| NoteSentence {
                        idx,
                        text: text.to_string(),
                    })
                }),
                citations: l
                    .citations
                    .iter()
                    .filter(|c| wanted.contains(&c.idx))
                    .cloned()
                    .collect(),
            });
        }
        Ok(out)
    }
}

/// New footnote numbers in the order an answer shows them, so that footnotes gathered for
/// lines left out of the answer are dropped and the rest run 1, 2, 3 down the page.
#[derive(Debug, Default)]
pub struct Renumbering {
    /// Old numbers, in their new order.
    order: Vec<usize>,
    map: HashMap<usize, usize>,
}

impl Renumbering {
    /// Renumbers one note.
    pub fn one(&mut self, n: &mut usize) {
        let order = &mut self.order;
        *n = *self.map.entry(*n).or_insert_with(|| {
            order.push(*n);
            order.len()
        });
    }

    /// Renumbers a list of notes, keeping it ascending and without repeats.
    pub fn all(&mut self, notes: &mut Vec<usize>) {
        for n in notes.iter_mut() {
            self.one(n);
        }
        notes.sort_unstable();
        notes.dedup();
    }
}
