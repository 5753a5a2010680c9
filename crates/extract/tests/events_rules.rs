//! Every test text of `data/extract/events.toml`, run through the whole extractor.
//!
//! ```text
//! [[rule]] id = "kidnap" … tests = [{ text = "In April 2014, Boko Haram abducted 276 schoolgirls
//!                                     from Chibok.", expect = [{ kind = "kidnapping",
//!                                     date = "2014-04", actors = ["Boko Haram"],
//!                                     location = "Chibok" }] }]
//!   ─► the text gives exactly that list of events, in order, and the rule produced one
//! ```
//!
//! Names may be any alias of the entity; fields left out of an expectation are not checked.

mod relations_common;

use dossier_extract::events::{EventLexicon, ExpectedEvent, gold_kind};
use dossier_extract::{Event, Extraction};
use dossier_model::Vocabulary;
use relations_common::{names, run};

fn show(x: &Extraction, e: &Event) -> String {
    let list = |v: &[usize]| {
        v.iter()
            .map(|&i| x.entities[i].name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} {} ({}) by [{}] against [{}] in {} fat {:?} [{}]",
        e.date,
        e.kind,
        e.subtype,
        list(&e.actors),
        list(&e.targets),
        e.location.as_ref().map_or("-", |l| l.name.as_str()),
        e.fatalities.map(|f| f.count),
        e.rule
    )
}

/// Why `e` is not `want`, if it is not.
fn differs(x: &Extraction, e: &Event, want: &ExpectedEvent) -> Option<String> {
    let same_list = |got: &[usize], want: &[String]| {
        got.len() == want.len()
            && want
                .iter()
                .all(|w| got.iter().any(|&g| names(x, g).contains(w)))
    };
    if e.kind != want.kind {
        return Some(format!("kind {} ≠ {}", e.kind, want.kind));
    }
    if e.date.to_string() != want.date {
        return Some(format!("date {} ≠ {}", e.date, want.date));
    }
    if let Some(a) = &want.actors
        && !same_list(&e.actors, a)
    {
        return Some(format!("actors ≠ {a:?}"));
    }
    if let Some(t) = &want.targets
        && !same_list(&e.targets, t)
    {
        return Some(format!("targets ≠ {t:?}"));
    }
    if let Some(l) = &want.location {
        let got = e
            .location
            .as_ref()
            .map(|p| names(x, p.entity))
            .unwrap_or_default();
        if !(l.is_empty() && got.is_empty() || got.contains(l)) {
            return Some(format!("location ≠ {l:?}"));
        }
    }
    if let Some(n) = want.fatalities
        && e.fatalities.map(|f| f.count) != Some(n)
    {
        return Some(format!("fatalities ≠ {n}"));
    }
    if let Some(st) = &want.subtype
        && e.subtype != *st
    {
        return Some(format!("subtype {} ≠ {st}", e.subtype));
    }
    None
}

#[test]
fn every_rule_has_tests_and_they_pass() {
    let lex = EventLexicon::builtin();
    let mut failures = Vec::new();
    for (rule, t) in lex.tests() {
        let run = run(&t.text, t.published.as_deref());
        let x = &run.x;
        let got: Vec<String> = x.events.iter().map(|e| show(x, e)).collect();
        let mut fail = |what: String| {
            failures.push(format!(
                "rule `{rule}`: {what}\n  text: {}\n  read: {}\n  got: {got:#?}",
                t.text, run.frames
            ))
        };
        if x.events.len() != t.expect.len() {
            fail(format!(
                "{} event(s), expected {}",
                x.events.len(),
                t.expect.len()
            ));
            continue;
        }
        for (e, want) in x.events.iter().zip(&t.expect) {
            if let Some(why) = differs(x, e, want) {
                fail(why);
            }
        }
        let this = lex.rules.iter().find(|r| r.id == *rule);
        let of_kind = this.is_some_and(|r| t.expect.iter().any(|e| e.kind == r.kind));
        if of_kind && !x.events.iter().any(|e| e.rule == *rule) {
            // The rule may have merged into a higher-priority event of the same sentence.
            let merged = x.events.iter().any(|e| {
                lex.rules
                    .iter()
                    .find(|r| r.id == e.rule)
                    .zip(lex.rules.iter().find(|r| r.id == *rule))
                    .is_some_and(|(winner, this)| winner.priority >= this.priority)
            });
            if !merged {
                fail("no event came from the rule".to_string());
            }
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
    let lex = EventLexicon::builtin();
    let vocab = Vocabulary::builtin().unwrap();
    assert!(lex.rules.len() >= 30, "{} rules", lex.rules.len());
    for r in &lex.rules {
        assert!(vocab.event_kinds.contains_key(&r.kind), "{}", r.id);
    }
}

#[test]
fn gold_kinds_are_the_gold_types() {
    let lex = EventLexicon::builtin();
    let gold = [
        "attack",
        "battle",
        "bombing",
        "kidnapping",
        "massacre",
        "founding",
        "designation",
        "death",
        "agreement",
        "statement",
        "meeting",
        "withdrawal",
        "deployment",
        "other",
    ];
    let vocab = Vocabulary::builtin().unwrap();
    for r in &lex.rules {
        let kind = &vocab.event_kinds[&r.kind];
        let e = Event {
            kind: r.kind.clone(),
            event_type: kind.event_type.clone(),
            subtype: kind.subtype.clone(),
            cameo: kind.cameo.clone(),
            date: "2020".parse().unwrap(),
            end: None,
            actors: vec![],
            targets: vec![],
            location: None,
            fatalities: None,
            description: String::new(),
            sentence: 0,
            span: Default::default(),
            trigger: Default::default(),
            citations: vec![],
            rule: r.id.clone(),
            confidence: 0.5,
            hedges: vec![],
        };
        assert!(gold.contains(&gold_kind(&e)), "{}", r.kind);
    }
}
