//! What extraction found, stored with its source: entities and names (shared, reused across
//! sources), mentions, statements, events and assessments (the source's own), validated before
//! anything is written and deleted with the source.

mod common;

use common::{S1, counts, date, id, raw, report, report_text, span_of};
use dossier_model::Span;
use dossier_store::{
    EntityRef, NewAssessment, NewEntity, NewEvent, NewMention, NewName, NewObject, NewSource,
    NewStatement, Participant, Problem, Role, SourceEntity, Store, StoreError, StoredObject,
    ValueType,
};

fn name(name: &str, folded: &str, weak: bool) -> NewName {
    NewName {
        name: name.to_string(),
        folded: folded.to_string(),
        weak,
    }
}

fn entity(ty: &str, preferred: &str, names: Vec<NewName>) -> NewEntity {
    NewEntity {
        existing: None,
        entity_type: ty.to_string(),
        name: preferred.to_string(),
        names,
    }
}

/// The report with what an extractor would find in it: the group (two names), the town, the
/// army; a mention of each; a dated statement with a citation and a literal one; an attack;
/// a judgement.
fn with_facts(seed: &str) -> NewSource {
    let text = report_text();
    let group = "Ḥarakat al-Shabāb al-Mujāhidīn";
    let mut s = report(&id(seed));
    s.entities = vec![
        entity(
            "armed_group",
            group,
            vec![
                name(group, "harakat shabab mujahidin", false),
                name("The group", "group", true),
            ],
        ),
        entity("town", "Afgooye", vec![name("Afgooye", "afgoye", false)]),
        entity("military", "army", vec![name("army", "army", true)]),
    ];
    s.mentions = vec![
        NewMention {
            sentence: Some(1),
            span: span_of(&text, group),
            text: group.to_string(),
            kind: "armed_group".to_string(),
            entity: Some(0),
        },
        NewMention {
            sentence: Some(1),
            span: span_of(&text, "Afgooye on"),
            text: "Afgooye".to_string(),
            kind: "town".to_string(),
            entity: Some(1),
        },
        NewMention {
            sentence: Some(2),
            span: span_of(&text, "The group"),
            text: "The group".to_string(),
            kind: "organization".to_string(),
            entity: None,
        },
    ];
    s.statements = vec![
        NewStatement {
            subject: 0,
            predicate: "operates_in".to_string(),
            object: NewObject::Entity(1),
            valid_from: Some(date("2023-03-03")),
            valid_to: None,
            sentence: Some(1),
            span: Some(span_of(&text, S1)),
            rule: "test.operates".to_string(),
            confidence: 0.75,
            hedge: None,
            citations: vec![0, 0],
        },
        NewStatement {
            subject: 0,
            predicate: "position".to_string(),
            object: NewObject::Value {
                value: "claimant".to_string(),
                value_type: ValueType::Text,
            },
            valid_from: None,
            valid_to: None,
            sentence: Some(2),
            span: None,
            rule: "test.position".to_string(),
            confidence: 0.5,
            hedge: Some("reportedly".to_string()),
            citations: vec![],
        },
    ];
    s.events = vec![NewEvent {
        kind: Some("attack".to_string()),
        date: Some(date("2023-03-03")),
        event_type: "battles".to_string(),
        subtype: Some("armed_clash".to_string()),
        cameo: Some("19".to_string()),
        location: Some(1),
        coordinates: Some((2.14, 45.12)),
        geo_precision: Some(1),
        fatalities: Some(4),
        description: Some("attacked an army base".to_string()),
        sentence: Some(1),
        span: Some(span_of(&text, S1)),
        participants: vec![(2, Role::Target), (0, Role::Actor), (0, Role::Actor)],
    }];
    s.assessments = vec![NewAssessment {
        sentence: Some(2),
        claim: "the group will keep raiding bases".to_string(),
        phrase: "likely".to_string(),
        band: "likely".to_string(),
        horizon: Some("in the coming months".to_string()),
        scenario: None,
    }];
    s
}

/// A change that makes a source invalid.
type Spoil = Box<dyn Fn(&mut NewSource)>;

fn table(store_path: &std::path::Path, t: &str) -> i64 {
    counts(&raw(store_path))
        .into_iter()
        .find(|(name, _)| *name == t)
        .map(|(_, n)| n)
        .unwrap_or_else(|| {
            raw(store_path)
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
}

#[test]
fn facts_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    let source = with_facts("a1");
    store.insert_source(&source).unwrap();
    let key = &id("a1")[..8];

    let entities = store.source_entities(key).unwrap();
    assert_eq!(
        entities,
        vec![
            SourceEntity {
                id: 1,
                entity_type: "armed_group".to_string(),
                name: "Ḥarakat al-Shabāb al-Mujāhidīn".to_string(),
                names: vec![
                    "Ḥarakat al-Shabāb al-Mujāhidīn".to_string(),
                    "The group".to_string()
                ],
            },
            SourceEntity {
                id: 2,
                entity_type: "town".to_string(),
                name: "Afgooye".to_string(),
                names: vec!["Afgooye".to_string()],
            },
            SourceEntity {
                id: 3,
                entity_type: "military".to_string(),
                name: "army".to_string(),
                names: vec!["army".to_string()],
            },
        ]
    );

    let statements = store.source_statements(key).unwrap();
    assert_eq!(statements.len(), 2);
    let s = &statements[0];
    assert_eq!(s.subject.id, 1);
    assert_eq!(s.predicate, "operates_in");
    assert_eq!(
        s.object,
        StoredObject::Entity(EntityRef {
            id: 2,
            name: "Afgooye".to_string()
        })
    );
    assert_eq!(s.valid_from, Some(date("2023-03-03")));
    assert_eq!(s.valid_to, None);
    assert_eq!(s.sentence, Some(1));
    assert_eq!(s.span, Some(span_of(&report_text(), S1)));
    assert_eq!((s.rule.as_str(), s.confidence), ("test.operates", 0.75));
    assert_eq!(s.status, "extracted");
    // The same citation given twice is stored once.
    assert_eq!(s.citations, vec![0]);
    let s = &statements[1];
    assert_eq!(
        s.object,
        StoredObject::Value {
            value: "claimant".to_string(),
            value_type: ValueType::Text
        }
    );
    assert_eq!((s.hedge.as_deref(), s.span), (Some("reportedly"), None));

    let events = store.source_events(key).unwrap();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.kind.as_deref(), Some("attack"));
    assert_eq!(e.date, Some(date("2023-03-03")));
    assert_eq!(
        (
            e.event_type.as_str(),
            e.subtype.as_deref(),
            e.cameo.as_deref()
        ),
        ("battles", Some("armed_clash"), Some("19"))
    );
    assert_eq!(e.location.as_ref().map(|l| l.id), Some(2));
    assert_eq!(e.coordinates, Some((2.14, 45.12)));
    assert_eq!((e.geo_precision, e.fatalities), (Some(1), Some(4)));
    assert_eq!(e.span, Some(span_of(&report_text(), S1)));
    assert_eq!(
        e.participants,
        vec![
            Participant {
                entity: EntityRef {
                    id: 1,
                    name: "Ḥarakat al-Shabāb al-Mujāhidīn".to_string()
                },
                role: Role::Actor
            },
            Participant {
                entity: EntityRef {
                    id: 3,
                    name: "army".to_string()
                },
                role: Role::Target
            },
        ]
    );

    let assessments = store.source_assessments(key).unwrap();
    assert_eq!(assessments.len(), 1);
    assert_eq!(
        (
            assessments[0].phrase.as_str(),
            assessments[0].band.as_str(),
            assessments[0].status.as_str(),
            assessments[0].sentence
        ),
        ("likely", "likely", "open", Some(2))
    );
    assert_eq!(
        assessments[0].horizon.as_deref(),
        Some("in the coming months")
    );

    let known = store.known_names().unwrap();
    let known: Vec<(i64, &str, &str, bool)> = known
        .iter()
        .map(|k| (k.entity, k.entity_type.as_str(), k.folded.as_str(), k.weak))
        .collect();
    assert_eq!(
        known,
        vec![
            (1, "armed_group", "harakat shabab mujahidin", false),
            (1, "armed_group", "group", true),
            (2, "town", "afgoye", false),
            (3, "military", "army", true),
        ]
    );
    let found = store
        .entities_by_folded(&["afgoye".to_string(), "nowhere".to_string()])
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].entity, found[0].name.as_str()), (2, "Afgooye"));
    // The mention without an entity is stored too.
    let unresolved: i64 = raw(&path)
        .query_row(
            "SELECT count(*) FROM mentions WHERE entity IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unresolved, 1);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn an_index_out_of_range_is_a_typed_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    let cases: Vec<(Spoil, Problem)> = vec![
        (
            Box::new(|s| s.statements[1].subject = 3),
            Problem::Index {
                what: "statement",
                index: 1,
                field: "subject",
                value: 3,
                count: 3,
                of: "entities",
            },
        ),
        (
            Box::new(|s| s.statements[0].object = NewObject::Entity(usize::MAX)),
            Problem::Index {
                what: "statement",
                index: 0,
                field: "object",
                value: usize::MAX,
                count: 3,
                of: "entities",
            },
        ),
        (
            Box::new(|s| s.statements[0].citations = vec![2]),
            Problem::Index {
                what: "statement",
                index: 0,
                field: "citation",
                value: 2,
                count: 2,
                of: "citations",
            },
        ),
        (
            Box::new(|s| s.mentions[2].sentence = Some(3)),
            Problem::Index {
                what: "mention",
                index: 2,
                field: "sentence",
                value: 3,
                count: 3,
                of: "sentences",
            },
        ),
        (
            Box::new(|s| s.events[0].participants.push((7, Role::Associate))),
            Problem::Index {
                what: "event",
                index: 0,
                field: "participant",
                value: 7,
                count: 3,
                of: "entities",
            },
        ),
        (
            Box::new(|s| s.assessments[0].sentence = Some(10)),
            Problem::Index {
                what: "assessment",
                index: 0,
                field: "sentence",
                value: 10,
                count: 3,
                of: "sentences",
            },
        ),
        (
            Box::new(|s| s.mentions[0].span = Span::new(5, 10_000)),
            Problem::Span {
                what: "mention",
                index: 0,
                span: Span::new(5, 10_000),
                len: report_text().len(),
            },
        ),
        (
            Box::new(|s| s.statements[0].confidence = f64::NAN),
            Problem::Value {
                what: "statement",
                index: 0,
                reason: "its confidence is not between 0 and 1",
            },
        ),
        (
            Box::new(|s| s.events[0].cameo = Some("1a".to_string())),
            Problem::Value {
                what: "event",
                index: 0,
                reason: "its CAMEO code is not 2 to 4 digits",
            },
        ),
        (
            Box::new(|s| s.events[0].coordinates = Some((91.0, 0.0))),
            Problem::Value {
                what: "event",
                index: 0,
                reason: "its coordinates are outside -90..90, -180..180",
            },
        ),
        (
            Box::new(|s| s.entities[1].names.clear()),
            Problem::Value {
                what: "entity",
                index: 1,
                reason: "its preferred name is not among its names",
            },
        ),
        (
            Box::new(|s| s.entities[2].entity_type = " ".to_string()),
            Problem::Value {
                what: "entity",
                index: 2,
                reason: "its type is empty",
            },
        ),
        (
            Box::new(|s| s.entities[0].existing = Some(99)),
            Problem::NoSuchEntity { index: 0, id: 99 },
        ),
    ];
    for (spoil, expected) in cases {
        let mut s = with_facts("a1");
        spoil(&mut s);
        match store.insert_source(&s) {
            Err(StoreError::Invalid { problem, .. }) => assert_eq!(problem, expected),
            other => panic!("{expected:?}: {other:?}"),
        }
        for t in [
            "sources",
            "entities",
            "names",
            "name_sources",
            "mentions",
            "statements",
            "events",
            "event_actors",
            "assessments",
        ] {
            assert_eq!(table(&path, t), 0, "{t} after {expected:?}");
        }
    }
    let err = StoreError::Invalid {
        id: "x".to_string(),
        problem: Problem::Index {
            what: "statement",
            index: 1,
            field: "subject",
            value: 3,
            count: 3,
            of: "entities",
        },
    };
    assert_eq!(
        err.to_string(),
        "source x: statement 1: subject 3 is out of range (the source has 3 entities)"
    );
    // The same source, unspoiled, goes in.
    store.insert_source(&with_facts("a1")).unwrap();
    assert_eq!(table(&path, "statements"), 2);
}

#[test]
fn deleting_a_source_deletes_its_facts_but_keeps_entities_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    store.insert_source(&with_facts("a1")).unwrap();
    for (t, n) in [
        ("mentions", 3),
        ("statements", 2),
        ("statement_citations", 1),
        ("events", 1),
        ("event_actors", 2),
        ("assessments", 1),
        ("name_sources", 4),
    ] {
        assert_eq!(table(&path, t), n, "{t}");
    }
    store.delete_source(&id("a1")).unwrap();
    for t in [
        "mentions",
        "statements",
        "statement_citations",
        "events",
        "event_actors",
        "assessments",
        "name_sources",
    ] {
        assert_eq!(table(&path, t), 0, "{t}");
    }
    assert_eq!((table(&path, "entities"), table(&path, "names")), (3, 4));
    let listed = store.entities().unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|e| e.sources == 0));
}

#[test]
fn an_existing_entity_gains_only_its_new_names() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_source(&with_facts("a1")).unwrap();

    // A second source names the group (entity 1) by a new spelling and by an old one.
    let text = "Harakat al-Shabaab al-Mujahideen raided Afgooye again.";
    let mut second = common::tiny(&id("b2"), text);
    second.entities = vec![NewEntity {
        existing: Some(1),
        // The stored entity keeps its type and preferred name.
        entity_type: "organization".to_string(),
        name: "Harakat al-Shabaab al-Mujahideen".to_string(),
        names: vec![
            name(
                "Harakat al-Shabaab al-Mujahideen",
                "harakat shabab mujahidin",
                false,
            ),
            name("The group", "group", true),
        ],
    }];
    second.mentions = vec![NewMention {
        sentence: Some(0),
        span: Span::new(0, 32),
        text: "Harakat al-Shabaab al-Mujahideen".to_string(),
        kind: "armed_group".to_string(),
        entity: Some(0),
    }];
    store.insert_source(&second).unwrap();

    let listed = store.entities().unwrap();
    assert_eq!(listed.len(), 3);
    let group = &listed[0];
    assert_eq!(
        (group.id, group.entity_type.as_str(), group.name.as_str()),
        (1, "armed_group", "Ḥarakat al-Shabāb al-Mujāhidīn")
    );
    assert_eq!(
        group.names,
        vec![
            "Ḥarakat al-Shabāb al-Mujāhidīn",
            "The group",
            "Harakat al-Shabaab al-Mujahideen"
        ]
    );
    assert_eq!(group.sources, 2);
    assert_eq!((listed[1].sources, listed[2].sources), (1, 1));
    assert_eq!(
        store.source_entities(&id("b2")).unwrap(),
        vec![SourceEntity {
            id: 1,
            entity_type: "armed_group".to_string(),
            name: "Ḥarakat al-Shabāb al-Mujāhidīn".to_string(),
            names: vec![
                "The group".to_string(),
                "Harakat al-Shabaab al-Mujahideen".to_string()
            ],
        }]
    );
    assert_eq!(store.known_names().unwrap().len(), 5);
}

#[test]
fn a_source_without_facts_writes_no_fact_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    store.insert_source(&report(&id("a1"))).unwrap();
    assert!(store.source_entities(&id("a1")).unwrap().is_empty());
    assert!(store.source_statements(&id("a1")).unwrap().is_empty());
    assert!(store.source_events(&id("a1")).unwrap().is_empty());
    assert!(store.source_assessments(&id("a1")).unwrap().is_empty());
    assert!(store.known_names().unwrap().is_empty());
    assert_eq!(table(&path, "entities"), 0);
}

#[test]
fn many_entities_and_names_are_stored() {
    let mut store = Store::open_in_memory().unwrap();
    let mut s = report(&id("c3"));
    s.entities = (0..5000)
        .map(|i| {
            let n = format!("Group {i}");
            entity(
                "armed_group",
                &n,
                vec![name(&n, &format!("group {i}"), false)],
            )
        })
        .collect();
    store.insert_source(&s).unwrap();
    assert_eq!(store.known_names().unwrap().len(), 5000);
    assert_eq!(store.source_entities(&id("c3")).unwrap().len(), 5000);
}
