//! The screening index on small hand-made lists: ranking, explanations, type filter, distinct
//! people with a shared given name, acronyms both ways, and hostile queries.

use dossier_names::index::{Entry, NameIndex, NameType, Query};
use dossier_names::{Rules, compare};

const P: NameType = NameType::Person;
const O: NameType = NameType::Organization;

/// Record numbers are the positions in this list; one name per line, aliases share a record.
const LIST: &[(u32, &str, NameType)] = &[
    (0, "Iyad Ag Ghaly", P),
    (0, "Sidi Mohamed Arhali", P),
    (1, "Amadou Koufa", P),
    (2, "Amadou Toumani Toure", P),
    (3, "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)", O),
    (4, "Ansar Eddine", O),
    (5, "al-Qaida in the Islamic Maghreb", O),
    (6, "Abdelmalek Droukdel", P),
    (7, "Islamic State in the Greater Sahara", O),
    (8, "Adnan Abu Walid al-Sahrawi", P),
    (9, "Mohamed Ould Nouini", P),
    (10, "Mokhtar Belmokhtar", P),
    (11, "Ghaly Transport Company", O),
];

fn index() -> NameIndex {
    NameIndex::build(
        Rules::standard(),
        LIST.iter().map(|&(record, name, kind)| Entry {
            record,
            name,
            kind,
            weak: false,
        }),
    )
}

#[track_caller]
fn first(index: &NameIndex, query: &str, kind: Option<NameType>) -> (u32, f32) {
    let hits = index.search(&Query::new(query).kind(kind).limit(5));
    let best = hits
        .first()
        .unwrap_or_else(|| panic!("{query:?}: nothing found"));
    (best.record, best.score)
}

#[test]
fn spellings_find_their_record_first() {
    let ix = index();
    for (query, record) in [
        ("Iyad ag Ghali", 0),
        ("IYAD AG GHALI", 0),
        ("إياد أغ غالي", 0),
        ("Ghaly", 0),
        ("Amadou Kouffa", 1),
        ("Hamadoun Koufa", 1),
        ("JNIM", 3),
        ("Jama’at Nusrat al Islam wa al Muslimeen", 3),
        ("Ansar al-Din", 4),
        ("Ansar Dine", 4),
        ("AQIM", 5),
        ("Al Qaeda in the Islamic Maghreb", 5),
        ("Abdelmalek Droukdal", 6),
        ("Abdel Malek Droukdel", 6),
        ("ISGS", 7),
        ("Abou Walid al-Sahraoui", 8),
        ("Mohammed Ould Nouini", 9),
        ("Moctar Belmoctar", 10),
    ] {
        let (got, score) = first(&ix, query, None);
        assert_eq!(got, record, "{query:?} (score {score})");
    }
}

#[test]
fn distinct_people_sharing_a_given_name_are_not_a_match() {
    let ix = index();
    let hits = ix.search(&Query::new("Amadou Koufa").limit(5));
    assert_eq!(hits[0].record, 1);
    assert!(hits[0].is_match);
    let other = hits
        .iter()
        .find(|c| c.record == 2)
        .expect("the other Amadou is a candidate");
    assert!(!other.is_match, "{other:?}");
    assert!(other.score < hits[0].score);
    assert!(compare("Amadou Koufa", "Amadou Toumani Toure").score < 0.75);
}

#[test]
fn scores_agree_with_compare() {
    let ix = index();
    for query in [
        "Iyad ag Ghali",
        "Amadou Kouffa",
        "Ansar al-Din",
        "Abdelmalek Droukdal",
        "Ghaly",
    ] {
        for c in ix.search(&Query::new(query).limit(3)) {
            let reference = compare(query, c.name).score;
            assert!(
                (c.score - reference).abs() <= 0.02,
                "{query:?} vs {:?}: index {} compare {reference}",
                c.name,
                c.score
            );
        }
    }
}

#[test]
fn type_filter_and_explanations() {
    let ix = index();
    let orgs = ix.search(&Query::new("Ghaly").kind(Some(O)).limit(5).explain(true));
    assert_eq!(orgs[0].record, 11);
    assert!(orgs.iter().all(|c| c.kind == O));
    assert!(
        orgs[0].explanation.iter().any(|l| l == "ghaly = ghaly"),
        "{:?}",
        orgs[0].explanation
    );
    let people = ix.search(&Query::new("Ghaly").kind(Some(P)).limit(5));
    assert_eq!(people[0].record, 0);
    assert!(people.iter().all(|c| c.kind == P));
    // Without explain, no explanation is computed.
    assert!(
        ix.search(&Query::new("Ghaly"))
            .iter()
            .all(|c| c.explanation.is_empty())
    );
}

#[test]
fn one_result_per_record_and_limit() {
    let ix = index();
    let hits = ix.search(&Query::new("Mohamed").limit(2));
    assert!(hits.len() <= 2);
    let hits = ix.search(&Query::new("Iyad Ag Ghaly Sidi Mohamed Arhali").limit(10));
    let zero = hits.iter().filter(|c| c.record == 0).count();
    assert_eq!(zero, 1, "{hits:?}");
    assert!(ix.search(&Query::new("Iyad").limit(0)).is_empty());
}

#[test]
fn unknown_and_hostile_queries() {
    let ix = index();
    assert!(ix.search(&Query::new("")).is_empty());
    assert!(ix.search(&Query::new("   --- ... ''")).is_empty());
    assert!(ix.search(&Query::new("Zzyzx Qwerty")).is_empty());
    let huge = "Ghaly ".repeat(100_000);
    let hits = ix.search(&Query::new(&huge));
    assert!(hits.iter().all(|c| (0.0..=1.0).contains(&c.score)));
    let noise: String = (0u32..5000).filter_map(char::from_u32).collect();
    let _ = ix.search(&Query::new(&noise));
    let _ = ix.search(&Query::new("\u{202E}\u{0000}\u{FEFF}غ"));
    let empty = NameIndex::build(Rules::standard(), std::iter::empty());
    assert!(empty.is_empty());
    assert!(empty.search(&Query::new("Iyad")).is_empty());
}

#[test]
fn a_searcher_is_reusable_across_queries() {
    let ix = index();
    let mut s = ix.searcher();
    for _ in 0..3 {
        for q in ["Iyad ag Ghali", "JNIM", "Amadou Koufa", ""] {
            let a = ix.search_with(&Query::new(q), &mut s);
            let b = ix.search(&Query::new(q));
            assert_eq!(a, b, "{q}");
        }
    }
}
