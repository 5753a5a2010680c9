//! Merges and splits in the store: rows move to the live entity and come back exactly, a row
//! the live entity already has stays where it is, nothing is deleted.

mod common;

use common::{S1, id, raw, report, report_text, span_of};
use dossier_store::{
    Judgement, NewEntity, NewEvent, NewMention, NewName, NewObject, NewStatement, Reassign,
    ResolutionLogEntry, Role, Store,
};

fn entity(ty: &str, names: &[&str]) -> NewEntity {
    NewEntity {
        existing: None,
        entity_type: ty.to_string(),
        name: names[0].to_string(),
        names: names
            .iter()
            .map(|n| NewName {
                name: n.to_string(),
                folded: n.to_lowercase(),
                weak: false,
            })
            .collect(),
    }
}

/// A report in which extraction found the group twice (two entities sharing a name), both
/// acting in one attack and both operating in the town.
fn store_with_a_doubled_group(dir: &std::path::Path) -> Store {
    let text = report_text();
    let mut s = report(&id("d0"));
    s.entities = vec![
        entity("armed_group", &["Al-Shabaab", "Harakat al-Shabaab"]),
        entity("armed_group", &["Al-Shabaab", "the Shabaab"]),
        entity("town", &["Afgooye"]),
    ];
    s.mentions = vec![NewMention {
        sentence: Some(1),
        span: span_of(&text, "Afgooye on"),
        text: "Afgooye".to_string(),
        kind: "armed_group".to_string(),
        entity: Some(1),
    }];
    s.statements = (0..2)
        .map(|subject| NewStatement {
            subject,
            predicate: "operates_in".to_string(),
            object: NewObject::Entity(2),
            valid_from: None,
            valid_to: None,
            sentence: Some(1),
            span: Some(span_of(&text, S1)),
            rule: "test.operates".to_string(),
            confidence: 0.5,
            hedge: None,
            citations: vec![0],
        })
        .collect();
    s.events = vec![NewEvent {
        kind: Some("attack".to_string()),
        date: None,
        event_type: "battles".to_string(),
        subtype: None,
        cameo: None,
        location: Some(2),
        coordinates: None,
        geo_precision: None,
        fatalities: None,
        description: None,
        sentence: Some(1),
        span: None,
        participants: vec![(0, Role::Actor), (1, Role::Actor)],
    }];
    let mut store = Store::open(dir.join("kb.db")).unwrap();
    store.insert_source(&s).unwrap();
    store
}

/// Every row resolution may touch, as text, in a stable order.
fn dump(path: &std::path::Path) -> Vec<String> {
    let c = raw(path);
    let mut out = Vec::new();
    for sql in [
        "SELECT 'entity', id, coalesce(merged_into, 0) FROM entities ORDER BY id",
        "SELECT 'name', id, entity, coalesce(origin, 0), name FROM names ORDER BY id",
        "SELECT 'used', name, source, 0, '' FROM name_sources ORDER BY name, source",
        "SELECT 'mention', id, coalesce(entity, 0), coalesce(origin, 0) FROM mentions ORDER BY id",
        "SELECT 'statement', id, subject, coalesce(subject_origin, 0), object_entity,
                coalesce(object_origin, 0) FROM statements ORDER BY id",
        "SELECT 'actor', event, entity, coalesce(origin, 0), role FROM event_actors
         ORDER BY event, entity, role",
        "SELECT 'event', id, location, coalesce(location_origin, 0) FROM events ORDER BY id",
    ] {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut v = Vec::new();
                for i in 0..n {
                    v.push(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Integer(x) => x.to_string(),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        other => format!("{other:?}"),
                    });
                }
                Ok(v.join(" "))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn count(path: &std::path::Path, sql: &str) -> i64 {
    raw(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_merge_moves_every_row_and_a_split_gives_each_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = store_with_a_doubled_group(dir.path());
    let original = dump(&path);
    let before = (
        count(&path, "SELECT count(*) FROM names"),
        count(&path, "SELECT count(*) FROM event_actors"),
        count(&path, "SELECT count(*) FROM statements"),
        count(&path, "SELECT count(*) FROM mentions"),
    );

    let log = [ResolutionLogEntry {
        action: "merge".to_string(),
        entity: 1,
        other: 2,
        analyst: None,
        score: Some(1.0),
        reasons: Some("test".to_string()),
    }];
    store
        .apply_clusters(&[Reassign { origin: 2, root: 1 }], &[], &log)
        .unwrap();
    assert_eq!(store.live_entity(2).unwrap(), Some(1));
    assert_eq!(store.live_entity(1).unwrap(), Some(1));
    assert_eq!(store.live_entity(99).unwrap(), None);
    let after = (
        count(&path, "SELECT count(*) FROM names"),
        count(&path, "SELECT count(*) FROM event_actors"),
        count(&path, "SELECT count(*) FROM statements"),
        count(&path, "SELECT count(*) FROM mentions"),
    );
    assert_eq!(before, after, "nothing deleted");
    // Statements and mentions all point at the live entity, remembering where they came from.
    assert_eq!(
        count(&path, "SELECT count(*) FROM statements WHERE subject = 2"),
        0
    );
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM statements WHERE subject_origin = 2 AND subject = 1"
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM mentions WHERE entity = 1 AND origin = 2"
        ),
        1
    );
    // The shared name and the second actor row would be duplicates: they stay on entity 2.
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM names WHERE entity = 2 AND name = 'Al-Shabaab'"
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM names WHERE entity = 1 AND origin = 2"
        ),
        1,
        "the Shabaab moved"
    );
    assert_eq!(
        count(&path, "SELECT count(*) FROM event_actors WHERE entity = 2"),
        1
    );
    // Listings see one group, used by the source.
    let groups: Vec<_> = store
        .entities()
        .unwrap()
        .into_iter()
        .filter(|e| e.entity_type == "armed_group")
        .collect();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].sources, 1);
    assert!(groups[0].names.contains(&"the Shabaab".to_string()));
    assert_eq!(store.resolution_log(2).unwrap().len(), 1);

    // The split: entity 2 is its own root again.
    store
        .apply_clusters(&[Reassign { origin: 2, root: 2 }], &[], &[])
        .unwrap();
    assert_eq!(dump(&path), original, "every row back where it was");
}

#[test]
fn judgements_are_append_only_and_read_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_a_doubled_group(dir.path());
    let a = store
        .add_judgement(1, 2, Judgement::Same, "ana", None)
        .unwrap();
    let b = store
        .add_judgement(2, 1, Judgement::Different, "bo", Some("two factions"))
        .unwrap();
    assert!(b > a);
    let all = store.judgements().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].judgement, Judgement::Different);
    assert_eq!(all[1].note.as_deref(), Some("two factions"));
    // The table refuses changes and self-judgements.
    let c = raw(&dir.path().join("kb.db"));
    assert!(c.execute("DELETE FROM judgements", []).is_err());
    assert!(
        c.execute("UPDATE judgements SET judgement = 'same'", [])
            .is_err()
    );
    assert!(
        store
            .add_judgement(1, 1, Judgement::Same, "ana", None)
            .is_err()
    );
    assert!(
        store
            .add_judgement(1, 77, Judgement::Same, "ana", None)
            .is_err()
    );
    assert_eq!(store.judgements().unwrap().len(), 2);
}
