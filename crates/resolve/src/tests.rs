//! Clustering and scoring on hand-made snapshots (no SQLite): judgements first, thresholds,
//! types, acronyms, identifiers, preferred names.

use dossier_model::Vocabulary;
use dossier_store::{
    IdentityJudgement, Judgement, OriginEntity, OriginIdentifier, OriginName, ResolutionSnapshot,
};

use crate::Config;
use crate::cluster::{self, Start};
use crate::profile::{Universe, looks_like_acronym};
use crate::resolver::{Resolver, preferred_name};

fn vocabulary() -> Vocabulary {
    Vocabulary::builtin().unwrap()
}

/// Origins (id, type, names), each from its own source.
fn snapshot(rows: &[(i64, &str, &[&str])]) -> ResolutionSnapshot {
    let mut s = ResolutionSnapshot::default();
    for &(id, ty, names) in rows {
        s.entities.push(OriginEntity {
            id,
            entity_type: ty.to_string(),
            name: names[0].to_string(),
            root: id,
        });
        for n in names {
            s.names.push(OriginName {
                origin: id,
                name: n.to_string(),
                folded: dossier_names::key(n),
                weak: looks_like_acronym(n),
                sources: vec![id],
            });
        }
        s.sources.push((id, id));
    }
    s
}

fn judgement(id: i64, left: i64, right: i64, j: Judgement) -> IdentityJudgement {
    IdentityJudgement {
        id,
        left,
        right,
        judgement: j,
        analyst: "ana".to_string(),
        created_at: String::new(),
        note: None,
    }
}

/// Groups (origin ids), queue (pairs of roots) and conflicts.
type Outcome = (Vec<Vec<i64>>, Vec<(i64, i64)>, Vec<String>);

/// The groups (sorted origin ids) and the queue (pairs of roots) a plan gives.
fn run(snap: ResolutionSnapshot, judgements: &[IdentityJudgement]) -> Outcome {
    let v = vocabulary();
    let config = Config::builtin().unwrap();
    let r = Resolver::new(&v, config);
    let u = Universe::build(snap, &v, config);
    let edges = r.edges(&u, None, false);
    let plan = cluster::plan(
        &u,
        judgements,
        edges,
        Start::Scratch,
        config.thresholds.auto_merge,
    );
    let mut groups: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for (i, o) in u.origins.iter().enumerate() {
        groups.entry(plan.root[i]).or_default().push(o.id);
    }
    let queue = plan.queue.iter().map(|(a, b, _)| (*a, *b)).collect();
    (groups.into_values().collect(), queue, plan.conflicts)
}

#[test]
fn one_name_in_two_reports_is_one_entity() {
    let (groups, queue, _) = run(
        snapshot(&[
            (1, "person", &["Iyad ag Ghali"]),
            (2, "person", &["Iyad Ag Ghaly", "IYAD AG GHALI"]),
        ]),
        &[],
    );
    assert_eq!(groups, vec![vec![1, 2]]);
    assert!(queue.is_empty());
}

#[test]
fn a_different_judgement_keeps_them_apart_and_out_of_the_queue() {
    let snap = snapshot(&[
        (1, "person", &["Iyad ag Ghali"]),
        (2, "person", &["Iyad Ag Ghaly"]),
    ]);
    let (groups, queue, _) = run(snap, &[judgement(1, 1, 2, Judgement::Different)]);
    assert_eq!(groups, vec![vec![1], vec![2]]);
    assert!(queue.is_empty());
}

#[test]
fn the_latest_judgement_on_a_pair_wins() {
    let snap = || {
        snapshot(&[
            (1, "person", &["Amadou Sangho"]),
            (2, "person", &["Moussa Ag Acharatoumane"]),
        ])
    };
    let changed_mind = [
        judgement(1, 1, 2, Judgement::Same),
        judgement(2, 2, 1, Judgement::Different),
    ];
    assert_eq!(run(snap(), &changed_mind).0, vec![vec![1], vec![2]]);
    let back = [
        judgement(1, 1, 2, Judgement::Different),
        judgement(2, 1, 2, Judgement::Same),
    ];
    assert_eq!(run(snap(), &back).0, vec![vec![1, 2]]);
}

#[test]
fn same_is_transitive_and_a_different_elsewhere_wins_with_a_conflict_reported() {
    let snap = snapshot(&[
        (1, "person", &["Alpha One"]),
        (2, "person", &["Bravo Two"]),
        (3, "person", &["Charlie Three"]),
        (4, "person", &["Delta Four"]),
    ]);
    let js = [
        judgement(1, 1, 2, Judgement::Same),
        judgement(2, 2, 3, Judgement::Same),
        judgement(3, 1, 4, Judgement::Different),
        judgement(4, 3, 4, Judgement::Same),
    ];
    let (groups, _, conflicts) = run(snap, &js);
    assert_eq!(groups, vec![vec![1, 2, 3], vec![4]]);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(conflicts[0].contains("judgement 4"), "{conflicts:?}");
}

#[test]
fn unsure_takes_a_pair_out_of_the_queue_without_merging() {
    let snap = || {
        snapshot(&[
            (1, "armed_group", &["Front for the Defence of the Dunes"]),
            (2, "armed_group", &["Dunes Front"]),
        ])
    };
    let (groups, queue, _) = run(snap(), &[]);
    assert_eq!(groups.len(), 2);
    assert_eq!(queue, vec![(1, 2)]);
    let (groups, queue, _) = run(snap(), &[judgement(1, 2, 1, Judgement::Unsure)]);
    assert_eq!(groups.len(), 2);
    assert!(queue.is_empty());
}

#[test]
fn a_bare_acronym_joins_only_where_a_report_spells_it_out() {
    let (groups, queue, _) = run(
        snapshot(&[(1, "armed_group", &["FDD"]), (2, "armed_group", &["FDD"])]),
        &[],
    );
    assert_eq!(groups.len(), 2, "an acronym alone is ambiguous");
    assert_eq!(queue, vec![(1, 2)]);
    let (groups, _, _) = run(
        snapshot(&[
            (1, "armed_group", &["FDD"]),
            (
                2,
                "armed_group",
                &["Front for the Defence of the Dunes", "FDD"],
            ),
        ]),
        &[],
    );
    assert_eq!(groups, vec![vec![1, 2]]);
}

#[test]
fn types_decide_what_may_be_merged() {
    // A country and a person never; a town and a region of one name not by the machine.
    let (groups, queue, _) = run(
        snapshot(&[(1, "country", &["Niger"]), (2, "person", &["Niger"])]),
        &[],
    );
    assert_eq!(groups.len(), 2);
    assert!(queue.is_empty());
    let (groups, _, _) = run(
        snapshot(&[(1, "town", &["Gao"]), (2, "region", &["Gao"])]),
        &[],
    );
    assert_eq!(groups.len(), 2);
    // A parent type and its sub-type are compatible.
    let (groups, _, _) = run(
        snapshot(&[
            (1, "organization", &["Ansar al-Dine"]),
            (2, "armed_group", &["Ansar Eddine"]),
        ]),
        &[],
    );
    assert_eq!(groups, vec![vec![1, 2]]);
}

#[test]
fn different_un_references_keep_two_namesakes_apart() {
    let mut snap = snapshot(&[
        (1, "person", &["Amadou Diallo"]),
        (2, "person", &["Amadou Diallo"]),
    ]);
    assert_eq!(run(snap.clone(), &[]).0.len(), 1);
    for (origin, value) in [(1, "QDi.901"), (2, "QDi.902")] {
        snap.identifiers.push(OriginIdentifier {
            origin,
            scheme: "un_reference".to_string(),
            value: value.to_string(),
        });
    }
    assert_eq!(run(snap, &[]).0.len(), 2);
}

#[test]
fn a_group_is_shown_by_a_strong_name_rather_than_an_acronym() {
    let v = vocabulary();
    let config = Config::builtin().unwrap();
    let u = Universe::build(
        snapshot(&[
            (1, "organization", &["UN"]),
            (2, "organization", &["United Nations", "UN"]),
        ]),
        &v,
        config,
    );
    assert_eq!(preferred_name(&u, &[0, 1], "UN"), "United Nations");
    assert_eq!(preferred_name(&u, &[1], "United Nations"), "United Nations");
    assert_eq!(preferred_name(&u, &[0], "UN"), "UN");
}

#[test]
fn one_acronym_spelled_out_two_ways_joins_nothing() {
    let (groups, queue, _) = run(
        snapshot(&[
            (1, "armed_group", &["Army of the Dunes", "AD"]),
            (2, "armed_group", &["Army of the Delta", "AD"]),
            (3, "armed_group", &["AD"]),
        ]),
        &[],
    );
    assert_eq!(groups, vec![vec![1], vec![2], vec![3]]);
    // The bare acronym may be either: a question for the analysts, not for the machine.
    assert!(
        queue.contains(&(1, 3)) && queue.contains(&(2, 3)),
        "{queue:?}"
    );
    assert!(!queue.contains(&(1, 2)), "{queue:?}");
}
