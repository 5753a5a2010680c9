//! Document entities: mentions clustered by identity, each with every surface form it used.
//!
//! ```text
//! "Members of the Islamic State's Sahel Province—also known as the Islamic State in the Greater
//!  Sahara (ISGS)— … Iyad ag Ghali … ag Ghali … the U.N. peacekeeping mission … MINUSMA"
//!   ─► {Islamic State in the Greater Sahara, Islamic State's Sahel Province, ISGS}
//!      {Iyad ag Ghali, ag Ghali}
//!      {U.N. Multidimensional Integrated Stabilization Mission in Mali, MINUSMA,
//!       U.N. peacekeeping mission}
//! ```
//!
//! Rules, each in [`rules`]: the same identity found by the mention finder (a place, an
//! institution of a country, a known entity); the same folded name or the same spelling key
//! (DESIGN §4: "Ansar al-Dine" = "ANSAR EDDINE"); `Long Name (ACR)` and `ACR (Long Name)`; "also
//! known as", "known as", "formerly", "meaning", "referred to as" and dash or comma appositions;
//! short forms of person names ("ag Ghali", a surname alone) and of organisation names
//! ("Wagner"); acronyms written without their definition ("IS" for "Islamic State"); inverted
//! department names ("State Department"); names that differ only by generic words ("Katibat
//! Macina", "Macina Liberation Front"); descriptive references to a mission by its parent
//! ("the U.N. peacekeeping mission"). Names found only in citation titles join an entity of the
//! body but never make one.

mod rules;
mod union;

use std::collections::HashMap;

use dossier_text::{Analysis, Document};

use crate::{Context, DocEntity, EntityKind, Mention};
use union::UnionFind;

/// Clusters mentions into document entities; sets [`Mention::entity`]. May widen a mention
/// into a descriptive reference ("U.N." into "U.N. peacekeeping mission").
pub fn cluster(
    doc: &Document,
    _analysis: &Analysis,
    mut mentions: Vec<Mention>,
    ctx: &Context<'_>,
) -> (Vec<Mention>, Vec<DocEntity>) {
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    let mut uf = UnionFind::new(mentions.len());
    rules::apply(doc, ctx, &mut mentions, &mut uf);
    let entities = build(&mut mentions, &mut uf);
    (mentions, entities)
}

fn build(mentions: &mut [Mention], uf: &mut UnionFind) -> Vec<DocEntity> {
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..mentions.len() {
        clusters.entry(uf.find(i)).or_default().push(i);
    }
    let mut list: Vec<Vec<usize>> = clusters.into_values().collect();
    list.sort_by_key(|c| c.first().copied().unwrap_or(0));
    let mut entities = Vec::new();
    for members in list {
        let body: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| mentions[i].citation.is_none())
            .collect();
        if body.is_empty() {
            continue;
        }
        let kind = majority_kind(mentions, &body);
        let name = preferred_name(mentions, &body, kind);
        let mut aliases: Vec<String> = Vec::new();
        for &i in &members {
            let t = mentions[i].text.trim();
            if !t.is_empty() && !aliases.iter().any(|a| a == t) {
                aliases.push(t.to_string());
            }
            if let Some(extra) = rules::demonym_free(&mentions[i])
                && !aliases.contains(&extra)
            {
                aliases.push(extra);
            }
        }
        let place = body.iter().find_map(|&i| mentions[i].place.clone());
        let subtype = body.iter().find_map(|&i| mentions[i].subtype.clone());
        let known = members.iter().find_map(|&i| mentions[i].known.clone());
        let index = entities.len();
        for &i in &members {
            mentions[i].entity = Some(index);
        }
        entities.push(DocEntity {
            kind,
            subtype,
            name,
            aliases,
            mentions: members,
            place,
            known,
        });
    }
    entities
}

fn majority_kind(mentions: &[Mention], body: &[usize]) -> EntityKind {
    let mut counts: Vec<(EntityKind, usize)> = Vec::new();
    for &i in body {
        let k = mentions[i].kind;
        match counts.iter_mut().find(|(c, _)| *c == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(EntityKind::Organization, |(k, _)| *k)
}

/// The fullest name: most words, not an acronym, not a descriptive reference.
fn preferred_name(mentions: &[Mention], body: &[usize], kind: EntityKind) -> String {
    let score = |m: &Mention| {
        let words = m.text.split_whitespace().count();
        let acronym = !m.text.chars().any(char::is_lowercase);
        let descriptive = m.text.starts_with("the ")
            || m.text.contains('\u{2019}') && m.text.contains("’s ")
            || m.text.contains("'s ");
        (
            m.kind == kind,
            !descriptive,
            !acronym,
            words.min(12),
            m.text.len(),
        )
    };
    // Each mention scored once.
    body.iter()
        .map(|&i| (score(&mentions[i]), &mentions[i]))
        .max_by(|(sa, a), (sb, b)| sa.cmp(sb).then(b.span.start.cmp(&a.span.start)))
        .map(|(_, m)| m.text.trim().to_string())
        .unwrap_or_default()
}
