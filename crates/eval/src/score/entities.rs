//! Entities and aliases: one-to-one matching by shared folded names.
//!
//! ```text
//! gold  Iyad Ag Ghaly (person; Iyad Ag Ghaly, Ghaly, Iyad ag Ghali)
//! pred  Iyad ag Ghali (person; Ghaly)            ─►  match (2 shared keys), aliases 2 of 3
//! pred  Ghaly (organization)                     ─►  no match (type), type-blind match
//! ```
//!
//! A gold entity's keys are the folded forms of its aliases and of its canonical name; a
//! predicted entity's keys are those of its name and aliases. Pairs sharing at least one key
//! are candidates; the greedy pairing takes the pair with most shared keys first (then the one
//! whose predicted name is itself a gold key, then document order). Type-aware matching also
//! needs the same top-level type (`armed_group` counts as `organization`); type-blind matching
//! does not.

use std::collections::{BTreeSet, HashMap};

use dossier_model::Vocabulary;

use super::{Misses, Tally, greedy};
use crate::fold::fold;
use crate::gold::GoldDocument;
use crate::predict::Prediction;

pub(crate) struct EntityIndex {
    gold_keys: Vec<BTreeSet<String>>,
    gold_by_name: HashMap<String, usize>,
    pred_by_key: HashMap<String, Vec<usize>>,
    pred_keys: Vec<BTreeSet<String>>,
    pred_types: Vec<String>,
    gold_types: Vec<String>,
    /// Type-aware matching, both ways.
    pred_to_gold: Vec<Option<usize>>,
    gold_to_pred: Vec<Option<usize>>,
    /// Type-blind matching.
    blind_pairs: Vec<(usize, usize)>,
}

fn keys<'a>(names: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    names
        .into_iter()
        .map(|n| fold(n))
        .filter(|k| !k.is_empty())
        .collect()
}

fn root_type(vocab: &Vocabulary, ty: &str) -> String {
    let ty = ty.trim().to_lowercase();
    if vocab.entity_types.contains_key(&ty) {
        vocab.root_type(&ty).to_string()
    } else {
        ty
    }
}

impl EntityIndex {
    pub(crate) fn build(gold: &GoldDocument, pred: &Prediction, vocab: &Vocabulary) -> Self {
        let gold_keys: Vec<_> = gold
            .entities
            .iter()
            .map(|e| keys(e.aliases.iter().chain([&e.name])))
            .collect();
        let pred_keys: Vec<_> = pred
            .entities
            .iter()
            .map(|e| keys(e.aliases.iter().chain([&e.name])))
            .collect();
        let gold_types: Vec<_> = gold
            .entities
            .iter()
            .map(|e| root_type(vocab, &e.entity_type))
            .collect();
        let pred_types: Vec<_> = pred
            .entities
            .iter()
            .map(|e| root_type(vocab, &e.entity_type))
            .collect();
        let mut gold_by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (g, ks) in gold_keys.iter().enumerate() {
            for k in ks {
                gold_by_key.entry(k).or_default().push(g);
            }
        }
        let mut pred_by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (p, ks) in pred_keys.iter().enumerate() {
            for k in ks {
                pred_by_key.entry(k.clone()).or_default().push(p);
            }
        }
        // Candidates: (shared keys, predicted name is a gold key), predicted, gold.
        let mut aware = Vec::new();
        let mut blind = Vec::new();
        for (p, ks) in pred_keys.iter().enumerate() {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for k in ks {
                for &g in gold_by_key.get(k.as_str()).into_iter().flatten() {
                    *shared.entry(g).or_default() += 1;
                }
            }
            let main = fold(&pred.entities[p].name);
            for (g, n) in shared {
                let quality = (n, gold_keys[g].contains(&main));
                blind.push((quality, p, g));
                if pred_types[p] == gold_types[g] {
                    aware.push((quality, p, g));
                }
            }
        }
        let (np, ng) = (pred_keys.len(), gold_keys.len());
        let mut pred_to_gold = vec![None; np];
        let mut gold_to_pred = vec![None; ng];
        for (p, g) in greedy(aware, np, ng) {
            pred_to_gold[p] = Some(g);
            gold_to_pred[g] = Some(p);
        }
        let blind_pairs = greedy(blind, np, ng);
        let gold_by_name = gold
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        EntityIndex {
            gold_keys,
            gold_by_name,
            pred_by_key,
            pred_keys,
            pred_types,
            gold_types,
            pred_to_gold,
            gold_to_pred,
            blind_pairs,
        }
    }

    /// True when `pred_name`, as the predicted side of a relation or event, designates the gold
    /// entity named `gold_name`: through the entity matching when the name belongs to a matched
    /// predicted entity, else by its folded form being a key of the gold entity.
    pub(crate) fn same(&self, gold_name: &str, pred_name: &str) -> bool {
        let key = fold(pred_name);
        if key.is_empty() {
            return false;
        }
        let Some(&g) = self.gold_by_name.get(gold_name) else {
            // Not an entity of the gold (literal objects): compare the folded names.
            return fold(gold_name) == key;
        };
        let owners = self.pred_by_key.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        let mut matched_elsewhere = false;
        for &p in owners {
            match self.pred_to_gold[p] {
                Some(m) if m == g => return true,
                Some(_) => matched_elsewhere = true,
                None => {}
            }
        }
        !matched_elsewhere && self.gold_keys[g].contains(&key)
    }

    /// Counts entities and aliases, and notes the misses.
    pub(crate) fn score(
        &self,
        gold: &GoldDocument,
        pred: &Prediction,
        tally: &mut Tally,
        misses: &mut Misses,
    ) {
        let matched = self.pred_to_gold.iter().flatten().count();
        tally.entities.matched = matched;
        tally.entities.predicted = pred.entities.len();
        tally.entities.gold = gold.entities.len();
        tally.entities_type_blind.matched = self.blind_pairs.len();
        tally.entities_type_blind.predicted = pred.entities.len();
        tally.entities_type_blind.gold = gold.entities.len();

        let m = &mut misses.entities;
        for (p, e) in pred.entities.iter().enumerate() {
            if self.pred_to_gold[p].is_none() {
                m.false_positives
                    .push(format!("{} \"{}\"", self.pred_types[p], e.name));
            }
        }
        for (g, e) in gold.entities.iter().enumerate() {
            if self.gold_to_pred[g].is_none() {
                m.false_negatives
                    .push(format!("{} \"{}\"", self.gold_types[g], e.name));
            }
        }
        for &(p, g) in &self.blind_pairs {
            if self.pred_types[p] != self.gold_types[g] {
                m.wrong.push(format!(
                    "\"{}\" predicted {}, gold {} \"{}\"",
                    pred.entities[p].name,
                    self.pred_types[p],
                    self.gold_types[g],
                    gold.entities[g].name
                ));
            }
        }

        // Aliases: distinct folded aliases of each gold entity, found among the names of the
        // predicted entity it is matched with.
        for (g, e) in gold.entities.iter().enumerate() {
            let aliases = keys(&e.aliases);
            tally.aliases.gold += aliases.len();
            let Some(p) = self.gold_to_pred[g] else {
                continue;
            };
            for a in &aliases {
                if self.pred_keys[p].contains(a) {
                    tally.aliases.found += 1;
                } else {
                    let written = e.aliases.iter().find(|x| &fold(x) == a).unwrap_or(a);
                    misses
                        .aliases
                        .false_negatives
                        .push(format!("\"{written}\" of \"{}\"", e.name));
                }
            }
        }
    }
}
