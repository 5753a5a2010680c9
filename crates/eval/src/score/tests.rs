//! Tests of the scorer on tiny hand-made gold/prediction pairs with known answers.
//!
//! ```text
//! gold(one document) + prediction(JSON)  ─►  exact counts and figures
//! ```

use std::path::Path;

use dossier_model::Vocabulary;
use serde_json::json;

use crate::gold::{GoldDocument, parse_gold};
use crate::predict::Prediction;
use crate::report::Report;
use crate::score::{DateCounts, Tally, score_document};

fn vocab() -> Vocabulary {
    Vocabulary::builtin().unwrap()
}

/// A small Somalia document's gold, written for these tests.
fn somalia_gold() -> serde_json::Value {
    json!({
        "file": "somalia.txt",
        "entities": [
            {"name": "Harakat al-Shabaab al-Mujahideen", "type": "organization",
             "aliases": ["Harakat al-Shabaab al-Mujahideen", "al-Shabaab", "Shabaab"]},
            {"name": "Ahmed Diriye", "type": "person", "aliases": ["Ahmed Diriye", "Diriye"]},
            {"name": "Somali National Army", "type": "organization", "aliases": ["SNA"]},
            {"name": "Mogadishu", "type": "location", "aliases": ["Mogadishu"]},
            {"name": "Somalia", "type": "location", "aliases": ["Somalia"]}
        ],
        "relations": [
            {"subject": "Ahmed Diriye", "predicate": "leader_of",
             "object": "Harakat al-Shabaab al-Mujahideen", "start": "2014-09", "end": null,
             "evidence": "named emir after the previous leader died"},
            {"subject": "Harakat al-Shabaab al-Mujahideen", "predicate": "hostile_to",
             "object": "Somali National Army", "start": null, "end": null,
             "evidence": "the army fights the group"},
            {"subject": "Harakat al-Shabaab al-Mujahideen", "predicate": "operates_in",
             "object": "Somalia", "start": null, "end": null, "evidence": "active across the country"}
        ],
        "events": [
            {"date": "2022-10-29", "date_text": "on 29 October 2022", "type": "bombing",
             "actors": ["Harakat al-Shabaab al-Mujahideen"], "targets": [],
             "location": "Mogadishu", "summary": "twin car bombs at a ministry"},
            {"date": "2023-05", "date_text": "in May 2023", "type": "meeting",
             "actors": ["Somali National Army"], "targets": [], "location": null,
             "summary": "army commanders meet elders"}
        ],
        "citations": {"count": 2, "items": [
            {"marker": "[1]", "publisher": "BBC News", "title": "Somalia: Mogadishu car bombs",
             "date": "2022-10-30", "url": "https://www.bbc.com/news/world-africa-1"},
            {"marker": "[2]", "publisher": "Reuters", "title": "Somali army offensive",
             "date": "2023-01", "url": null}
        ]},
        "assessments": [
            {"phrase": "will likely", "about": "more bombings in the capital", "icd203": "likely"},
            {"phrase": "almost certainly", "about": "the group keeps its revenue",
             "icd203": "almost certain"}
        ]
    })
}

fn gold_of(v: &serde_json::Value) -> GoldDocument {
    let mut docs = parse_gold(&v.to_string(), Path::new("gold.jsonl"), &vocab()).unwrap();
    docs.remove(0)
}

fn pred_of(v: serde_json::Value) -> Prediction {
    serde_json::from_value(v).unwrap()
}

fn tally(gold: &serde_json::Value, pred: serde_json::Value) -> Tally {
    score_document(&gold_of(gold), &pred_of(pred), &vocab()).tally
}

#[test]
fn a_perfect_run_scores_one_everywhere() {
    let g = somalia_gold();
    // The gold read as a prediction is a perfect prediction.
    let doc = score_document(&gold_of(&g), &pred_of(g.clone()), &vocab());
    let s = Report::new(vec![doc.clone()], vec![]).overall;
    for x in [
        s.entities.prf.precision,
        s.entities.prf.recall,
        s.entities.prf.f1,
        s.entities.type_blind.f1,
        s.aliases.recall,
        s.relations.prf.f1,
        s.events.f1,
        s.citations.field_accuracy,
        s.assessments.recall,
        s.assessments.band_accuracy,
    ] {
        assert_eq!(x, 1.0);
    }
    assert_eq!(doc.tally.entities.matched, 5);
    // "al-Shabaab" and "Shabaab" fold alike: 2 + 2 + 1 + 1 + 1 distinct aliases.
    assert_eq!(doc.tally.aliases.found, 7);
    assert_eq!(doc.tally.relation_dates.exact, 1);
    assert!(doc.misses.sections().iter().all(|(_, m)| m.is_empty()));
}

#[test]
fn an_empty_run_has_zero_recall() {
    let t = tally(&somalia_gold(), json!({}));
    let s = Report::new(
        vec![crate::DocumentScore {
            file: "somalia.txt".into(),
            tally: t,
            misses: Default::default(),
        }],
        vec![],
    )
    .overall;
    assert_eq!(s.entities.prf.recall, 0.0);
    assert_eq!(s.entities.prf.precision, 0.0);
    assert_eq!(s.entities.prf.f1, 0.0);
    assert_eq!(s.aliases.recall, 0.0);
    assert_eq!(s.relations.prf.recall, 0.0);
    assert_eq!(s.events.recall, 0.0);
    assert_eq!(s.citations.field_accuracy, 0.0);
    assert_eq!(s.assessments.recall, 0.0);
    assert_eq!(s.entities.prf.gold, 5);
    assert_eq!(t.relation_dates.unmatched, 1);
}

#[test]
fn a_spelling_variant_counts_as_found() {
    let g = json!({
        "file": "mali.txt",
        "entities": [
            {"name": "Jama’at Nusrat al-Islam wal Muslimeen", "type": "organization",
             "aliases": ["Jama’at Nusrat al-Islam wal Muslimeen", "JNIM"]},
            {"name": "Ménaka", "type": "location", "aliases": ["Ménaka"]}
        ],
        "relations": [], "events": [], "citations": {"count": 0, "items": []}, "assessments": []
    });
    let t = tally(
        &g,
        json!({"entities": [
            {"name": "Jama'at Nusrat al Islam wal-Muslimeen", "type": "armed_group"},
            {"name": "MENAKA", "type": "town"}
        ]}),
    );
    assert_eq!(t.entities.matched, 2);
    assert_eq!(t.entities.predicted, 2);
    // "JNIM" was not attached to the group: 2 of 3 aliases.
    assert_eq!(t.aliases.found, 2);
    assert_eq!(t.aliases.gold, 3);
}

#[test]
fn a_wrong_type_does_not_count() {
    let g = somalia_gold();
    let doc = score_document(
        &gold_of(&g),
        &pred_of(json!({"entities": [{"name": "Mogadishu", "type": "person"}]})),
        &vocab(),
    );
    assert_eq!(doc.tally.entities.matched, 0);
    assert_eq!(doc.tally.entities_type_blind.matched, 1);
    assert_eq!(
        doc.misses.entities.wrong,
        vec!["\"Mogadishu\" predicted person, gold location \"Mogadishu\"".to_string()]
    );
    assert_eq!(
        doc.misses.entities.false_positives,
        vec!["person \"Mogadishu\"".to_string()]
    );
}

#[test]
fn an_entity_matches_at_most_once() {
    let t = tally(
        &somalia_gold(),
        json!({"entities": [
            {"name": "Shabaab", "type": "organization"},
            {"name": "al-Shabaab", "type": "armed_group", "aliases": ["Harakat al-Shabaab al-Mujahideen"]}
        ]}),
    );
    // The second shares two keys with the gold group and wins; the first is a false positive.
    assert_eq!(t.entities.matched, 1);
    assert_eq!(t.entities.predicted, 2);
    assert_eq!(t.aliases.found, 2);
}

fn relation_pred(relations: serde_json::Value) -> serde_json::Value {
    json!({
        "entities": [
            {"name": "al-Shabaab", "type": "organization"},
            {"name": "Ahmed Diriye", "type": "person"},
            {"name": "SNA", "type": "organization"},
            {"name": "Somalia", "type": "country"}
        ],
        "relations": relations
    })
}

#[test]
fn symmetric_predicates_match_in_either_direction_and_inverses_turn_round() {
    let t = tally(
        &somalia_gold(),
        relation_pred(json!([
            {"subject": "SNA", "predicate": "hostile_to", "object": "Shabaab"},
            {"subject": "al-Shabaab", "predicate": "led_by", "object": "Diriye", "start": "2014-09"},
            {"subject": "Somalia", "predicate": "operates_in", "object": "al-Shabaab"}
        ])),
    );
    assert_eq!(t.relations.matched, 2);
    assert_eq!(t.relations.predicted, 3);
    assert_eq!(t.relations.gold, 3);
}

#[test]
fn relation_ends_fall_back_to_folded_names() {
    // No predicted entities at all: the names themselves are folded and compared.
    let t = tally(
        &somalia_gold(),
        json!({"relations": [
            {"subject": "Al Shabaab", "predicate": "operates_in", "object": "SOMALIA"}
        ]}),
    );
    assert_eq!(t.relations.matched, 1);
}

#[test]
fn relation_dates_fall_into_categories() {
    let g = json!({
        "file": "dates.txt",
        "entities": [
            {"name": "A", "type": "person", "aliases": ["Abu A"]},
            {"name": "B", "type": "organization", "aliases": ["Group B"]},
            {"name": "C", "type": "organization", "aliases": ["Group C"]},
            {"name": "D", "type": "organization", "aliases": ["Group D"]},
            {"name": "E", "type": "organization", "aliases": ["Group E"]},
            {"name": "F", "type": "organization", "aliases": ["Group F"]}
        ],
        "relations": [
            {"subject": "A", "predicate": "member_of", "object": "B", "start": "2017-03-02", "end": null},
            {"subject": "A", "predicate": "member_of", "object": "C", "start": "2017-03-02", "end": "2019"},
            {"subject": "A", "predicate": "member_of", "object": "D", "start": "2017-03", "end": null},
            {"subject": "A", "predicate": "member_of", "object": "E", "start": null, "end": null},
            {"subject": "A", "predicate": "member_of", "object": "F", "start": "2010", "end": null}
        ],
        "events": [], "citations": {"count": 0, "items": []}, "assessments": []
    });
    let t = tally(
        &g,
        json!({"relations": [
            {"subject": "Abu A", "predicate": "member_of", "object": "Group B", "start": "2017-03-02"},
            {"subject": "Abu A", "predicate": "member_of", "object": "Group C", "start": "2017", "end": "2020"},
            {"subject": "Abu A", "predicate": "member_of", "object": "Group D"},
            {"subject": "Abu A", "predicate": "member_of", "object": "Group E", "start": "2001"}
        ]}),
    );
    assert_eq!(t.relations.matched, 4);
    assert_eq!(
        t.relation_dates,
        DateCounts {
            gold: 5,
            exact: 1,
            compatible: 1,
            wrong: 1,
            missing: 1,
            unexpected: 1,
            unmatched: 1,
        }
    );
}

#[test]
fn events_need_family_date_and_a_shared_participant() {
    let t = |pred: serde_json::Value| tally(&somalia_gold(), json!({ "events": pred })).events;
    // A car bombing reported as an ACLED sub-type, a day-compatible month, and the place.
    let ok = t(json!([{"type": "Suicide bomb", "date": "2022-10", "location": "Mogadishu"}]));
    assert_eq!(ok.matched, 1);
    // Same family (violent) through an ACLED type and a kind.
    assert_eq!(
        t(json!([{"type": "massacre", "date": "2022", "actors": ["Shabaab"]}])).matched,
        1
    );
    // Wrong family.
    assert_eq!(
        t(json!([{"type": "meeting", "date": "2022-10-29", "actors": ["Shabaab"]}])).matched,
        0
    );
    // Incompatible date, and a missing date.
    assert_eq!(
        t(json!([{"type": "bombing", "date": "2021", "actors": ["Shabaab"]}])).matched,
        0
    );
    assert_eq!(
        t(json!([{"type": "bombing", "actors": ["Shabaab"]}])).matched,
        0
    );
    // Nobody and nowhere in common.
    assert_eq!(
        t(json!([{"type": "bombing", "date": "2022-10-29", "actors": ["SNA"]}])).matched,
        0
    );
    // A gold event naming nobody and nowhere needs only family and date.
    let mut anonymous = somalia_gold();
    anonymous["events"][1]["actors"] = json!([]);
    let t2 = tally(
        &anonymous,
        json!({"events": [{"type": "meeting", "date": "2023-05-14"}]}),
    );
    assert_eq!(t2.events.matched, 1);
    // One prediction cannot match two gold events; an unknown type never matches.
    let two = t(json!([
        {"type": "statement", "date": "2023-05", "actors": ["SNA"]},
        {"type": "Meeting", "date": "2023", "actors": ["Somali National Army"]},
        {"type": "parade", "date": "2023-05", "actors": ["SNA"]}
    ]));
    assert_eq!((two.matched, two.predicted, two.gold), (1, 3, 2));
}

#[test]
fn citation_fields_are_counted() {
    let t = tally(
        &somalia_gold(),
        json!({"citations": [
            {"marker": "[1]", "publisher": "BBC News", "title": "Somalia: Mogadishu car bombs",
             "date": "2022-10-30", "url": "http://bbc.com/news/world-africa-1/"},
            {"marker": "[2]", "publisher": "Reuters", "title": "Somali army offensive begins",
             "date": "2023-01", "url": null},
            {"marker": "[3]", "publisher": "Garowe Online", "title": "Unrelated", "date": "2020"}
        ]}),
    )
    .citations;
    assert_eq!((t.matched, t.predicted, t.gold), (2, 3, 2));
    assert_eq!((t.publisher, t.title, t.date, t.url), (2, 1, 2, 2));
    let s = Report::new(
        vec![crate::DocumentScore {
            file: "x".into(),
            tally: Tally {
                citations: t,
                ..Tally::default()
            },
            misses: Default::default(),
        }],
        vec![],
    );
    assert_eq!(s.overall.citations.field_accuracy, 7.0 / 8.0);
}

#[test]
fn assessments_recall_and_band_accuracy() {
    let t = tally(
        &somalia_gold(),
        json!({"assessments": [
            {"phrase": "al-Shabaab will likely strike", "icd203": "likely"},
            {"phrase": "almost certainly", "icd203": "very_likely"},
            {"phrase": "may", "icd203": null}
        ]}),
    )
    .assessments;
    assert_eq!(
        (t.matched, t.predicted, t.gold, t.band_correct),
        (2, 3, 2, 1)
    );
}

#[test]
fn overall_is_micro_averaged() {
    let g = somalia_gold();
    let perfect = score_document(&gold_of(&g), &pred_of(g.clone()), &vocab());
    let mut other = g.clone();
    other["file"] = json!("other.txt");
    let empty = score_document(&gold_of(&other), &Prediction::default(), &vocab());
    let r = Report::new(vec![perfect, empty], vec![]);
    assert_eq!(r.overall.entities.prf.recall, 0.5);
    assert_eq!(r.overall.entities.prf.precision, 1.0);
    assert_eq!(r.overall.entities.prf.gold, 10);
    assert_eq!(r.documents[1].scores.entities.prf.recall, 0.0);
}

#[test]
fn hostile_predictions_are_scored_not_refused() {
    let many: Vec<_> = (0..3000)
        .map(|i| json!({"name": format!("Group {i}"), "type": "organization"}))
        .collect();
    let mut p = json!({"entities": many});
    p["entities"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "’’", "type": "??"}));
    p["relations"] = json!([{"subject": "", "predicate": "nonsense", "object": ""}]);
    p["events"] = json!([{"type": "", "date": null}]);
    let t = tally(&somalia_gold(), p);
    assert_eq!(t.entities.matched, 0);
    assert_eq!(t.entities.predicted, 3001);
    assert_eq!(t.relations.matched, 0);
    assert_eq!(t.events.matched, 0);
}

#[test]
fn json_report_has_the_stable_core() {
    let g = somalia_gold();
    let doc = score_document(&gold_of(&g), &pred_of(g.clone()), &vocab());
    let v = Report::new(vec![doc], vec![]).to_json_value(false);
    let d = &v["documents"][0];
    assert_eq!(d["file"], "somalia.txt");
    for s in [&v["overall"], d] {
        for (section, keys) in [
            (
                "entities",
                &["precision", "recall", "f1", "predicted", "gold"][..],
            ),
            ("aliases", &["recall"][..]),
            (
                "relations",
                &["precision", "recall", "f1", "predicted", "gold"][..],
            ),
            (
                "events",
                &["precision", "recall", "f1", "predicted", "gold"][..],
            ),
            ("citations", &["predicted", "gold", "field_accuracy"][..]),
            (
                "assessments",
                &["recall", "band_accuracy", "predicted", "gold"][..],
            ),
        ] {
            for k in keys {
                assert!(s[section][k].is_number(), "{section}.{k} in {s}");
            }
        }
    }
    assert_eq!(v["overall"]["entities"]["gold"], 5);
    assert!(d.get("misses").is_none());
    let with = Report::new(vec![], vec![]).to_json_value(true);
    assert_eq!(with["documents"], json!([]));
}
