//! Relations a name states by itself.
//!
//! ```text
//! entities  al Qaeda · al Qaeda in the Islamic Maghreb · Sahara Branch of AQIM {AQIM …}
//!           United Nations {UN} · United Nations Security Council
//!   ─► al Qaeda in the Islamic Maghreb subgroup_of al Qaeda   ("<parent> in …")
//!      Sahara Branch of AQIM subgroup_of AQIM                 ("<branch word> of <parent>")
//!      United Nations Security Council subgroup_of United Nations   ("<parent> … Council")
//!      JNIM {Al Qaeda's Sahel branch} subgroup_of al Qaeda     ("<parent>'s … branch")
//! ```
//!
//! An organization's name (or any alias) that begins with another organization's name, followed
//! by a linking word ("in", "of"), a possessive, or words among which is a branch word
//! ("province", "wing", "council", "mission"), names a part of that organization; so does a name
//! "… branch word … of ORGANIZATION". The words are the sets `name_links` and `branch` of
//! `data/extract/relations.toml`.

use dossier_model::{Span, Vocabulary};

use super::lexicon::Lexicon;
use super::pattern::{Tm, entity_is_a};
use crate::mentions::tokens::tokenize;
use crate::{DocEntity, Mention, Object, Relation};

/// The rule id of relations implied by names.
pub const RULE: &str = "name-implies-parent";
const CONFIDENCE: f32 = 0.8;

struct Name {
    words: Vec<String>,
    possessive: Vec<bool>,
}

fn name(s: &str) -> Name {
    let toks = tokenize(s, Span::new(0, s.len()));
    let mut words = Vec::new();
    let mut possessive = Vec::new();
    for (i, t) in toks.toks.iter().enumerate() {
        if t.is_word() {
            words.push(toks.fold(i).to_string());
            possessive.push(t.possessive);
        }
    }
    Name { words, possessive }
}

fn in_set(set: &[Vec<Tm>], word: &str) -> bool {
    set.iter()
        .any(|p| p.len() == 1 && matches!(&p[0], Tm::Exact(w) if **w == *word))
}

/// Whether `child` names a part of `parent`.
fn names_part(child: &Name, parent: &Name, links: &[Vec<Tm>], branch: &[Vec<Tm>]) -> bool {
    let (c, p) = (&child.words, &parent.words);
    if p.is_empty() || c.len() <= p.len() {
        return false;
    }
    if c[..p.len()] == p[..] {
        let rest = &c[p.len()..];
        return child.possessive[p.len() - 1]
            || in_set(links, &rest[0])
            || rest.iter().any(|w| in_set(branch, w));
    }
    if c[c.len() - p.len()..] == p[..] && c.len() > p.len() + 1 {
        let head = &c[..c.len() - p.len()];
        return head.last().is_some_and(|w| w == "of") && head.iter().any(|w| in_set(branch, w));
    }
    false
}

/// `subgroup_of` relations the names of the document's organizations imply.
pub(crate) fn by_name(
    entities: &[DocEntity],
    mentions: &[Mention],
    vocab: &Vocabulary,
    lex: &Lexicon,
    citations_of: &dyn Fn(usize) -> Vec<usize>,
    out: &mut Vec<Relation>,
) {
    let (Some(links), Some(branch)) = (lex.sets.get("name_links"), lex.sets.get("branch")) else {
        return;
    };
    let orgs: Vec<(usize, Vec<(String, Name)>)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| entity_is_a(vocab, e, "organization"))
        .map(|(i, e)| {
            let names = e.aliases.iter().map(|a| (a.clone(), name(a))).collect();
            (i, names)
        })
        .collect();
    for (ci, cnames) in &orgs {
        for (pi, pnames) in &orgs {
            if ci == pi {
                continue;
            }
            let hit = cnames
                .iter()
                .find(|(_, c)| pnames.iter().any(|(_, p)| names_part(c, p, links, branch)));
            let Some((alias, _)) = hit else { continue };
            // Provenance: the first body mention written with that alias.
            let mention = entities[*ci]
                .mentions
                .iter()
                .filter_map(|&m| mentions.get(m))
                .filter(|m| m.citation.is_none())
                .find(|m| m.text == *alias)
                .or_else(|| {
                    entities[*ci]
                        .mentions
                        .iter()
                        .filter_map(|&m| mentions.get(m))
                        .find(|m| m.citation.is_none())
                });
            let Some(m) = mention else { continue };
            out.push(Relation {
                subject: *ci,
                predicate: "subgroup_of".to_string(),
                object: Object::Entity(*pi),
                start: None,
                end: None,
                sentence: m.sentence,
                span: m.span,
                evidence: m.span,
                citations: citations_of(m.sentence),
                rule: RULE.to_string(),
                confidence: CONFIDENCE,
                hedges: Vec::new(),
                detail: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(child: &str, parent: &str) -> bool {
        let lex = Lexicon::builtin();
        let (Some(l), Some(b)) = (lex.sets.get("name_links"), lex.sets.get("branch")) else {
            panic!("sets missing");
        };
        names_part(&name(child), &name(parent), l, b)
    }

    #[test]
    fn names_that_state_a_parent() {
        assert!(part("al-Qaeda in the Arabian Peninsula", "al-Qaeda"));
        assert!(part("Islamic State West Africa Province", "Islamic State"));
        assert!(part(
            "Islamic State\u{2019}s Khorasan Province",
            "Islamic State"
        ));
        assert!(part("United Nations Security Council", "United Nations"));
        assert!(part("Sahara Branch of AQIM", "AQIM"));
        assert!(part("Al Qaeda's Sahel branch", "Al Qaeda"));
    }

    #[test]
    fn names_that_do_not() {
        assert!(!part("al-Qaeda", "al-Qaeda"));
        assert!(!part(
            "Islamic State",
            "Islamic State in the Greater Sahara"
        ));
        assert!(!part("United Nations Children's Fund", "United"));
        assert!(!part("Somali National Army", "Somali National"));
        assert!(!part("Friends of Syria", "Syria"));
        assert!(!part("", "AQIM"));
    }
}
