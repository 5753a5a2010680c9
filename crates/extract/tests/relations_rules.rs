//! Every test sentence of `data/extract/relations.toml`, run through the whole extractor.
//!
//! ```text
//! [[rule]] id = "founded" … tests = [{ text = "Mohammed Yusuf founded Boko Haram in 2002 …",
//!                                      expect = ["Mohammed Yusuf | founded | Boko Haram"],
//!                                      start = "2002" }]
//!   ─► the sentence gives exactly that relation (over all rules), the rule `founded` matched,
//!      and the relation starts in 2002
//! ```
//!
//! Names in `expect` may be any alias of the entity. Literal relations (`position`) and the
//! relations names imply are not listed.

mod relations_common;

use dossier_extract::relations::{Lexicon, NAME_RULE};
use dossier_extract::{Extraction, Object, Relation};
use dossier_model::{FuzzyDate, Vocabulary};
use relations_common::{names, run};

fn fits(x: &Extraction, r: &Relation, want: &str) -> bool {
    let parts: Vec<&str> = want.split(" | ").collect();
    let [s, p, o] = parts[..] else {
        panic!("malformed expectation {want:?}");
    };
    let Object::Entity(obj) = r.object else {
        return false;
    };
    r.predicate == p
        && names(x, r.subject).iter().any(|n| n == s)
        && names(x, obj).iter().any(|n| n == o)
}

fn show(x: &Extraction, r: &Relation) -> String {
    let o = match &r.object {
        Object::Entity(o) => x.entities[*o].name.clone(),
        Object::Literal(l) => l.clone(),
    };
    format!(
        "{} | {} | {} [{}]",
        x.entities[r.subject].name, r.predicate, o, r.rule
    )
}

#[test]
fn every_rule_has_tests_and_they_pass() {
    let lex = Lexicon::builtin();
    let mut failures = Vec::new();
    for (rule, t) in lex.tests() {
        let run = run(&t.text, t.published.as_deref());
        let (x, frames) = (&run.x, &run.frames);
        let got: Vec<&Relation> = x
            .relations
            .iter()
            .filter(|r| r.predicate != "position" && r.rule != NAME_RULE)
            .collect();
        let mut fail = |what: String| {
            failures.push(format!(
                "rule `{rule}`: {what}\n  text: {}\n  read: {frames}\n  got: {:?}",
                t.text,
                got.iter().map(|r| show(x, r)).collect::<Vec<_>>()
            ))
        };
        for want in &t.expect {
            if !got.iter().any(|r| fits(x, r, want)) {
                fail(format!("missing {want:?}"));
            }
        }
        for r in &got {
            if !t.expect.iter().any(|w| fits(x, r, w)) {
                fail(format!("unexpected {:?}", show(x, r)));
            }
        }
        if !t.expect.is_empty() && !run.matched.contains(rule) {
            fail("the rule itself did not match".to_string());
        }
        if t.expect.is_empty() && got.iter().any(|r| r.rule == *rule) {
            fail("the rule gave a relation on a negative example".to_string());
        }
        let first = t
            .expect
            .first()
            .and_then(|w| got.iter().find(|r| fits(x, r, w)));
        let date = |d: Option<FuzzyDate>| d.map(|d| d.to_string()).unwrap_or_default();
        if let (Some(want), Some(r)) = (&t.start, first)
            && *want != date(r.start)
        {
            fail(format!("start: want {want:?}, got {:?}", date(r.start)));
        }
        if let (Some(want), Some(r)) = (&t.end, first)
            && *want != date(r.end)
        {
            fail(format!("end: want {want:?}, got {:?}", date(r.end)));
        }
        if let (Some(want), Some(r)) = (t.hedged, first)
            && want == r.hedges.is_empty()
        {
            fail(format!("hedged: want {want}, got {:?}", r.hedges));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn builtin_lexicon_is_consistent() {
    let lex = Lexicon::builtin();
    assert!(lex.rules.len() >= 40, "{} rules", lex.rules.len());
    let vocab = Vocabulary::builtin().unwrap();
    for r in &lex.rules {
        assert!(vocab.predicate(&r.predicate).is_some(), "{}", r.id);
    }
}
