//! The questions over a small knowledge base written for these tests (invented groups and
//! people): two sources that agree on some facts and contradict each other on others.

use dossier_model::{FuzzyDate, Span, Vocabulary};
use dossier_query::{BriefSubject, ConflictKind, GraphOptions, Questions, TimelineFilter};
use dossier_store::{
    CitationStyle, NewAssessment, NewCitation, NewEntity, NewEvent, NewMention, NewName, NewObject,
    NewSentence, NewSource, NewStatement, Role, SentenceKind, SourceFormat, Store, ValueType,
};

fn d(s: &str) -> FuzzyDate {
    s.parse().unwrap()
}

/// Builds a source from sentences; entities by name (reusing stored ones).
struct Doc {
    source: NewSource,
}

impl Doc {
    fn new(seed: &str, title: &str, published: &str, sentences: &[&str]) -> Doc {
        let mut text = String::new();
        let mut spans = Vec::new();
        for s in sentences {
            let start = text.len();
            text.push_str(s);
            spans.push(NewSentence {
                span: Span::new(start, text.len()),
                file_span: Span::new(start, text.len()),
                block: 0,
                kind: SentenceKind::Body,
            });
            text.push(' ');
        }
        Doc {
            source: NewSource {
                id: seed.repeat(64 / seed.len()),
                title: Some(title.into()),
                publisher: Some(format!("{title} Publisher")),
                published: Some(d(published)),
                format: SourceFormat::Text,
                encoding: "utf-8".into(),
                bytes: text.len() as u64,
                sentences: spans,
                text,
                ..NewSource::default()
            },
        }
    }

    fn entity(&mut self, store: &Store, name: &str, ty: &str) -> usize {
        if let Some(i) = self.source.entities.iter().position(|e| e.name == name) {
            return i;
        }
        let key = dossier_names::key(name);
        let existing = store
            .entities_by_key(&key)
            .unwrap()
            .first()
            .map(|(n, _)| n.id);
        self.source.entities.push(NewEntity {
            existing,
            entity_type: ty.into(),
            name: name.into(),
            names: vec![NewName {
                name: name.into(),
                folded: key,
                weak: false,
            }],
        });
        self.source.entities.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn fact(
        &mut self,
        store: &Store,
        s: (&str, &str),
        predicate: &str,
        o: (&str, &str),
        from: Option<&str>,
        to: Option<&str>,
        sentence: usize,
    ) {
        let subject = self.entity(store, s.0, s.1);
        let object = if o.1 == "value" {
            NewObject::Value {
                value: o.0.into(),
                value_type: ValueType::Text,
            }
        } else {
            NewObject::Entity(self.entity(store, o.0, o.1))
        };
        let citations = if self.source.citations.is_empty() {
            vec![]
        } else {
            vec![0]
        };
        self.source.statements.push(NewStatement {
            subject,
            predicate: predicate.into(),
            object,
            valid_from: from.map(d),
            valid_to: to.map(d),
            sentence: Some(sentence),
            span: None,
            rule: "test".into(),
            confidence: 0.9,
            hedge: None,
            citations,
        });
    }

    fn event(
        &mut self,
        store: &Store,
        kind: &str,
        date: &str,
        who: &[(&str, &str, Role)],
        place: Option<&str>,
        sentence: usize,
    ) {
        let participants = who
            .iter()
            .map(|(n, t, r)| (self.entity(store, n, t), *r))
            .collect();
        let location = place.map(|p| self.entity(store, p, "town"));
        self.source.events.push(NewEvent {
            kind: Some(kind.into()),
            date: Some(d(date)),
            event_type: "strategic_developments".into(),
            location,
            sentence: Some(sentence),
            participants,
            ..NewEvent::default()
        });
    }

    fn cite(&mut self, title: &str, sentence: usize) {
        let end = self.source.text.len();
        self.source.citations.push(NewCitation {
            marker: Some("[1]".into()),
            style: Some(CitationStyle::Footnote),
            title: Some(title.into()),
            url: Some("https://example.org/a?b=1&c=2".into()),
            raw: title.into(),
            span: Span::new(end, end),
            sentences: vec![sentence],
            ..NewCitation::default()
        });
    }
}

const A: &[&str] = &[
    "Amir Kessou set up the Red Dune Front in March 2010.",
    "Kessou was picked as the front's first chief.",
    "On 1 July 2016 the Red Dune Front and the Stone Brigade fused into the Sand Alliance, and Kessou was proclaimed its chief.",
    "The Sand Alliance is active around Tallaba.",
    "Washington listed Kessou as a Specially Designated Global Terrorist on 3 February 2018.",
    "In a 2019 recording Kessou called foreign troops \"thieves of the dunes\".",
    "The Sand Alliance will probably push south next year.",
    "Ghazi Tarn, the alliance's treasurer, died in April 2019.",
];

const B: &[&str] = &[
    "Kessou heads the Sand Alliance.",
    "Kessou ran the Sand Alliance from 2016 to 2020.",
    "Bouri Lamane ran the Sand Alliance from 2017 to 2019.",
    "Tarn was killed in November 2020.",
];

fn kb() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("kb.db")).unwrap();
    let person = "person";
    let group = "armed_group";
    let kessou = ("Amir Kessou", person);
    let rdf = ("Red Dune Front", group);
    let sa = ("Sand Alliance", group);

    let mut a = Doc::new("a1", "Sand Report", "2021-05", A);
    a.cite("Field notes on the alliance", 2);
    a.fact(&store, kessou, "founded", rdf, Some("2010-03"), None, 0);
    a.event(
        &store,
        "founding",
        "2010-03",
        &[
            (kessou.0, person, Role::Actor),
            (rdf.0, group, Role::Target),
        ],
        None,
        0,
    );
    a.fact(&store, kessou, "leader_of", rdf, None, None, 1);
    a.fact(&store, rdf, "merged_into", sa, Some("2016-07-01"), None, 2);
    a.fact(
        &store,
        ("Stone Brigade", group),
        "merged_into",
        sa,
        Some("2016-07-01"),
        None,
        2,
    );
    a.fact(&store, kessou, "leader_of", sa, None, None, 2);
    a.event(
        &store,
        "merger",
        "2016-07-01",
        &[
            (rdf.0, group, Role::Actor),
            ("Stone Brigade", group, Role::Actor),
            (sa.0, group, Role::Target),
        ],
        None,
        2,
    );
    a.event(
        &store,
        "statement",
        "2016-07-01",
        &[(kessou.0, person, Role::Actor)],
        None,
        2,
    );
    a.fact(
        &store,
        sa,
        "operates_in",
        ("Tallaba", "town"),
        None,
        None,
        3,
    );
    a.event(
        &store,
        "attack",
        "2019-08",
        &[(sa.0, group, Role::Actor)],
        Some("Tallaba"),
        3,
    );
    a.fact(
        &store,
        kessou,
        "designated_by",
        ("US Department of State", "government"),
        Some("2018-02-03"),
        None,
        4,
    );
    a.event(
        &store,
        "statement",
        "2019",
        &[(kessou.0, person, Role::Actor)],
        None,
        5,
    );
    a.event(
        &store,
        "death",
        "2019-04",
        &[("Ghazi Tarn", person, Role::Target)],
        None,
        7,
    );
    let sa_i = a.entity(&store, sa.0, sa.1);
    a.source.mentions.push(NewMention {
        sentence: Some(6),
        span: Span::new(0, 3),
        text: "The".into(),
        kind: "armed_group".into(),
        entity: Some(sa_i),
    });
    a.source.assessments.push(NewAssessment {
        sentence: Some(6),
        claim: "The Sand Alliance will push south next year".into(),
        phrase: "will probably".into(),
        band: "likely".into(),
        ..NewAssessment::default()
    });
    store.insert_source(&a.source).unwrap();

    let mut b = Doc::new("b2", "Dune Digest", "2022", B);
    b.fact(&store, kessou, "leader_of", sa, None, None, 0);
    b.fact(
        &store,
        kessou,
        "leader_of",
        sa,
        Some("2016"),
        Some("2020"),
        1,
    );
    b.fact(
        &store,
        ("Bouri Lamane", person),
        "leader_of",
        sa,
        Some("2017"),
        Some("2019"),
        2,
    );
    b.event(
        &store,
        "death",
        "2020-11",
        &[("Ghazi Tarn", person, Role::Target)],
        None,
        3,
    );
    store.insert_source(&b.source).unwrap();
    (dir, store)
}

#[test]
fn profiles_show_inverses_intervals_corroboration_and_footnotes() {
    let (_dir, store) = kb();
    let v = Vocabulary::builtin().unwrap();
    let q = Questions::new(&store, &v).unwrap();
    let sa = q.find("sand alliance").unwrap();
    let p = q.profile(&sa).unwrap();
    let section = |id: &str| p.sections.iter().find(|s| s.id == id).unwrap();
    let leaders = section("leaders");
    let kessou = leaders
        .lines
        .iter()
        .find(|l| l.other.as_ref().unwrap().name == "Amir Kessou")
        .unwrap();
    assert_eq!(kessou.relation, "led_by");
    assert_eq!(kessou.corroboration, 2, "two sources name him");
    assert_eq!(kessou.since.as_ref().unwrap().date, d("2016"));
    let founders = section("founders");
    let names: Vec<&str> = founders
        .lines
        .iter()
        .map(|l| l.other.as_ref().unwrap().name.as_str())
        .collect();
    assert!(names.contains(&"Red Dune Front") && names.contains(&"Stone Brigade"));
    assert!(
        section("areas")
            .lines
            .iter()
            .any(|l| l.other.as_ref().unwrap().name == "Tallaba")
    );
    // Every note number a line uses resolves to a footnote quoting the right sentence.
    for n in &kessou.notes {
        let f = &p.footnotes[n - 1];
        assert_eq!(f.number, *n);
        let text = &f.sentence.as_ref().unwrap().text;
        assert!(text.contains("Kessou"), "{text}");
    }
    let cited = p
        .footnotes
        .iter()
        .find(|f| {
            f.sentence
                .as_ref()
                .is_some_and(|s| s.idx == 2 && s.text.contains("fused"))
        })
        .unwrap();
    assert_eq!(
        cited.citations[0].title.as_deref(),
        Some("Field notes on the alliance")
    );
    assert_eq!(p.assessments.len(), 1);
    assert_eq!(p.assessments[0].band_label, "likely");

    let person = q.profile(&q.find("Amir Kessou").unwrap()).unwrap();
    let designation = &person
        .sections
        .iter()
        .find(|s| s.id == "designations")
        .unwrap()
        .lines[0];
    assert_eq!(designation.since.as_ref().unwrap().date, d("2018-02-03"));
    assert!(
        designation
            .program
            .as_deref()
            .unwrap()
            .starts_with("Specially Designated")
    );
    assert_eq!(person.rhetoric.len(), 2);
    assert!(
        person
            .rhetoric
            .iter()
            .any(|r| r.quoted == ["thieves of the dunes"])
    );
}

#[test]
fn as_of_uses_lives_and_closes_intervals() {
    let (_dir, store) = kb();
    let v = Vocabulary::builtin().unwrap();
    let q = Questions::new(&store, &v).unwrap();
    let kessou = q.find("Amir Kessou").unwrap();
    let held = |date: &str| -> Vec<String> {
        q.as_of(d(date), &kessou, Some("leader_of"))
            .unwrap()
            .held
            .into_iter()
            .map(|l| l.line.other.unwrap().name)
            .collect()
    };
    assert_eq!(held("2012-01-01"), ["Red Dune Front"]);
    assert_eq!(held("2018-06-01"), ["Sand Alliance"]);
    assert!(held("2009").is_empty(), "the front did not exist yet");
    let rdf = q.profile(&q.find("Red Dune Front").unwrap()).unwrap();
    let led = &rdf
        .sections
        .iter()
        .find(|s| s.id == "leaders")
        .unwrap()
        .lines[0];
    assert_eq!(led.not_after.as_ref().unwrap().date, d("2016-07-01"));
    assert!(q.as_of(d("2012"), &kessou, Some("no_such")).is_err());
}

#[test]
fn conflicts_show_both_sides() {
    let (_dir, store) = kb();
    let v = Vocabulary::builtin().unwrap();
    let q = Questions::new(&store, &v).unwrap();
    let report = q.conflicts().unwrap();
    let leaders = report
        .conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::Functional)
        .unwrap();
    assert_eq!(leaders.entity.name, "Sand Alliance");
    let sides: Vec<&str> = leaders.sides.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(sides, ["Amir Kessou", "Bouri Lamane"]);
    let death = report
        .conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::EventDate)
        .unwrap();
    assert_eq!(death.entity.name, "Ghazi Tarn");
    assert_eq!(death.sides.len(), 2);
    for s in report.conflicts.iter().flat_map(|c| &c.sides) {
        assert!(!s.notes.is_empty());
    }
}

#[test]
fn timelines_graphs_and_briefs() {
    let (_dir, store) = kb();
    let v = Vocabulary::builtin().unwrap();
    let q = Questions::new(&store, &v).unwrap();
    let kessou = q.find("Amir Kessou").unwrap();
    let t = q
        .timeline(&TimelineFilter {
            entity: Some(kessou.clone()),
            ..TimelineFilter::default()
        })
        .unwrap();
    let dates: Vec<String> = t
        .entries
        .iter()
        .filter_map(|e| e.date.map(|d| d.to_string()))
        .collect();
    let mut sorted = t.entries.clone();
    sorted.sort_by_key(|e| e.date.map(|d| d.sort_key()));
    assert_eq!(dates.first().map(String::as_str), Some("2010-03"));
    assert!(dates.contains(&"2019".to_string()) && dates.contains(&"2018-02-03".to_string()));
    let y = dates.iter().position(|d| d == "2019").unwrap();
    let m = dates
        .iter()
        .position(|d| d == "2019-04")
        .unwrap_or(usize::MAX);
    assert!(m == usize::MAX || y < m);

    let place = q.find("Tallaba").unwrap();
    let t = q
        .timeline(&TimelineFilter {
            place: Some(place.clone()),
            from: Some(d("2019")),
            to: Some(d("2019-12")),
            ..TimelineFilter::default()
        })
        .unwrap();
    assert_eq!(t.entries.len(), 1);
    assert_eq!(t.entries[0].kind, "attack");

    let sa = q.find("Sand Alliance").unwrap();
    let g = q
        .graph(
            &sa,
            &GraphOptions {
                depth: 2,
                ..GraphOptions::default()
            },
        )
        .unwrap();
    assert!(
        g.nodes
            .iter()
            .any(|n| n.node.name == "US Department of State" && n.distance == 2)
    );
    let g = q
        .graph(
            &sa,
            &GraphOptions {
                depth: 1,
                as_of: Some(d("2021")),
                ..GraphOptions::default()
            },
        )
        .unwrap();
    assert!(
        !g.edges
            .iter()
            .any(|e| e.predicate == "leader_of" && e.valid_to.is_some())
    );
    let xml = g.to_graphml();
    assert!(xml.starts_with("<?xml") && xml.trim_end().ends_with("</graphml>"));

    let brief = q
        .brief(&BriefSubject::Place {
            place,
            from: Some(d("2019")),
            to: None,
        })
        .unwrap();
    assert_eq!(brief.places.len(), 1);
    let html = brief.to_html(None);
    assert!(html.contains("https://example.org") || !html.contains("<script"));
    let md = q.brief(&BriefSubject::Entity(sa)).unwrap().to_markdown();
    assert!(md.contains("## Key facts") && md.contains("[^1]:"), "{md}");
}

#[test]
fn unknown_and_ambiguous_names_are_clear_errors() {
    let (_dir, store) = kb();
    let v = Vocabulary::builtin().unwrap();
    let q = Questions::new(&store, &v).unwrap();
    let e = q.find("Nobody At All").unwrap_err().to_string();
    assert!(e.contains("no entity is named `Nobody At All`"), "{e}");
    assert!(q.find("999999").is_err());
    assert!(q.find("  ").is_err());
}
