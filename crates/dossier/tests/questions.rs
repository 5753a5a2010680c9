//! The analysts' questions through the command line: `profile`, `timeline`, `asof`, `graph`,
//! `conflicts` and `brief`, on reports written for these tests and on the two seed reports
//! of `../shared/corpus` (skipped when absent).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dossier");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/questions");
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds");

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the dossier binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "dossier {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(db: &Path, args: &[&str]) -> Value {
    let text = ok(db, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

fn key(name: &str) -> String {
    dossier_names::key(name)
}

/// The lines of a profile section, by section id.
fn section<'a>(profile: &'a Value, id: &str) -> Vec<&'a Value> {
    profile["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"] == id)
        .flat_map(|s| s["lines"].as_array().unwrap())
        .collect()
}

fn other_name(line: &Value) -> String {
    line["other"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The footnotes a line's numbers point to.
fn notes_of<'a>(profile: &'a Value, line: &Value) -> Vec<&'a Value> {
    let notes = profile["footnotes"].as_array().unwrap();
    line["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let n = n.as_u64().unwrap() as usize;
            let f = &notes[n - 1];
            assert_eq!(f["number"].as_u64().unwrap() as usize, n);
            f
        })
        .collect()
}

fn ingest_fixtures(dir: &Path) -> PathBuf {
    let db = dir.join("kb.db");
    ok(&db, &["ingest", FIXTURES]);
    db
}

#[test]
fn own_reports_answer_every_question_with_footnotes() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_fixtures(dir.path());

    let p = json(&db, &["profile", "Sand Alliance", "--json"]);
    assert_eq!(p["entity"]["name"], "Sand Alliance");
    // The merger on 1 July 2016 lists both founding groups, seen from the new group.
    let founders = section(&p, "founders");
    let names: Vec<String> = founders.iter().map(|l| key(&other_name(l))).collect();
    assert!(names.contains(&key("Stone Brigade")), "{names:?}");
    assert!(
        names.iter().any(|n| n.contains(&key("Red Dune Front"))),
        "{names:?}"
    );
    for l in &founders {
        assert_eq!(l["relation"], "formed_from");
        assert_eq!(l["since"]["date"], "2016-07-01");
        for f in notes_of(&p, l) {
            let text = f["sentence"]["text"].as_str().unwrap();
            assert!(text.contains("Sand Alliance"), "{text}");
        }
    }
    let areas = section(&p, "areas");
    assert!(areas.iter().any(|l| other_name(l) == "Tallaba"));
    // Every line: corroboration counts distinct sources, at least one footnote.
    for s in p["sections"].as_array().unwrap() {
        for l in s["lines"].as_array().unwrap() {
            assert!(l["corroboration"].as_u64().unwrap() >= 1);
            assert!(!notes_of(&p, l).is_empty());
        }
    }
    // Names list the sources using them.
    let name = &p["names"][0];
    assert_eq!(name["name"], "Sand Alliance");
    assert_eq!(name["sources"].as_array().unwrap().len(), 2);

    // Timeline: sorted by date, precision shown.
    let t = json(&db, &["timeline", "Sand Alliance", "--json"]);
    let entries = t["entries"].as_array().unwrap();
    let dates: Vec<&str> = entries.iter().filter_map(|e| e["date"].as_str()).collect();
    assert_eq!(dates.first(), Some(&"2016-07-01"));
    assert!(
        dates.contains(&"2019-08") && dates.contains(&"2021-03"),
        "{dates:?}"
    );
    assert!(entries.iter().any(|e| e["precision"] == "month"));
    let t = json(
        &db,
        &["timeline", "--place", "Tallaba", "--from", "2021", "--json"],
    );
    let dates: Vec<&str> = t["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["date"].as_str())
        .collect();
    assert_eq!(dates, ["2021-03"]);

    // As of a day before the merger, nobody led the alliance: it did not exist yet.
    let a = json(&db, &["asof", "2015-01-01", "Sand Alliance", "--json"]);
    assert!(a["held"].as_array().unwrap().is_empty(), "{a}");
    let a = json(&db, &["asof", "2020", "Sand Alliance", "--json"]);
    assert!(!a["held"].as_array().unwrap().is_empty());

    // Graph in the three formats.
    let g = json(&db, &["graph", "Sand Alliance", "--depth", "2"]);
    assert!(g["nodes"].as_array().unwrap().len() >= 3);
    let dot = ok(&db, &["graph", "Sand Alliance", "--format", "dot"]);
    assert!(dot.starts_with("digraph dossier {"));
    let xml = ok(&db, &["graph", "Sand Alliance", "--format", "graphml"]);
    assert!(xml.contains("<graphml") && xml.trim_end().ends_with("</graphml>"));

    // Briefs: Markdown with footnotes; HTML with the hostile title escaped.
    let md = ok(&db, &["brief", "Sand Alliance"]);
    assert!(
        md.starts_with("# Sand Alliance") && md.contains("[^1]:"),
        "{md}"
    );
    let html = ok(
        &db,
        &[
            "brief", "--place", "Tallaba", "--from", "2019", "--format", "html",
        ],
    );
    assert!(html.contains("<h2>Timeline</h2>") && html.contains("id=\"fn1\""));
    assert!(!html.contains("<script"), "{html}");
    let conflicts = json(&db, &["conflicts", "--json"]);
    assert!(conflicts["conflicts"].is_array());
}

#[test]
fn bad_questions_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let out = run(&missing, &["profile", "JNIM"]);
    assert!(!out.status.success());
    assert!(!missing.exists(), "a question never creates a store");

    let db = ingest_fixtures(dir.path());
    let out = run(&db, &["profile", "Nobody We Know"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no entity is named `Nobody We Know`"), "{err}");

    let out = run(&db, &["asof", "2015-13-01", "Sand Alliance"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("month 13"));

    let out = run(
        &db,
        &["asof", "2015", "Sand Alliance", "--predicate", "bakes"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("`bakes` is not a predicate"));
    let out = run(
        &db,
        &["graph", "Sand Alliance", "--predicates", "leader_of,nope"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("`nope`"));
    let out = run(&db, &["brief"]);
    assert!(!out.status.success());
    let out = run(&db, &["profile", "999999"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity is named `999999`"));
}

/// Ingests the two seed reports with their metadata, or None when ../shared is absent.
fn seeds(dir: &Path) -> Option<PathBuf> {
    let seeds = Path::new(SEEDS);
    if !seeds.join("meta.jsonl").exists() {
        println!("SKIPPED: {} is absent", seeds.display());
        return None;
    }
    let db = dir.join("seeds.db");
    let meta = std::fs::read_to_string(seeds.join("meta.jsonl")).unwrap();
    for line in meta.lines().filter(|l| !l.trim().is_empty()) {
        let m: Value = serde_json::from_str(line).unwrap();
        let file = seeds.join(m["file"].as_str().unwrap());
        let mut args = vec!["ingest".to_string(), file.display().to_string()];
        for field in ["publisher", "title", "published", "kind"] {
            if let Some(v) = m[field].as_str() {
                args.push(format!("--{field}"));
                args.push(v.to_string());
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&db, &args);
    }
    Some(db)
}

#[test]
fn seeds_jnim_profile_and_ghaly_as_of_2015() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = seeds(dir.path()) else { return };
    let p = json(&db, &["profile", "JNIM", "--json"]);
    let ghaly = key("Iyad Ag Ghaly");
    let is_ghaly = |l: &&&Value| {
        let n = key(&other_name(l));
        n == ghaly || n == key("Iyad ag Ghali")
    };

    // Iyad Ag Ghaly leads JNIM since 2017-03-02, footnoted to the sentences that say so.
    let leaders = section(&p, "leaders");
    let leader = leaders
        .iter()
        .find(is_ghaly)
        .expect("Ghaly among the leaders");
    assert_eq!(leader["since"]["date"], "2017-03-02", "{leader}");
    assert!(
        leader["corroboration"].as_u64().unwrap() >= 2,
        "both reports say it"
    );
    let quoted: Vec<&str> = notes_of(&p, leader)
        .iter()
        .filter_map(|f| f["sentence"]["text"].as_str())
        .collect();
    assert!(
        quoted.iter().any(|t| t.contains("announced as the leader")),
        "{quoted:?}"
    );
    assert!(
        quoted.iter().any(|t| t.contains("JNIM's emir")),
        "{quoted:?}"
    );

    // The four founding groups.
    let founders: Vec<String> = section(&p, "founders")
        .iter()
        .filter(|l| l["relation"] == "formed_from")
        .map(|l| other_name(l))
        .collect();
    assert_eq!(founders.len(), 4, "{founders:?}");
    for group in [
        "Ansar al Din",
        "al-Murabitoun",
        "Macina Liberation Front",
        "Sahara Branch of AQIM",
    ] {
        assert!(
            founders.iter().any(|f| key(f) == key(group)),
            "{group} in {founders:?}"
        );
    }

    // Al-Qaeda and AQIM affiliations.
    let affiliations: Vec<String> = section(&p, "affiliations")
        .iter()
        .chain(section(&p, "parents").iter())
        .map(|l| key(&other_name(l)))
        .collect();
    assert!(affiliations.contains(&key("al Qaeda")), "{affiliations:?}");
    assert!(
        affiliations.contains(&key("al Qaeda in the Islamic Maghreb")),
        "{affiliations:?}"
    );

    // Areas of operation, each footnoted to a sentence that names the place.
    let areas = section(&p, "areas");
    // Kidal: where JNIM's emir proposed a pact to Tuareg leaders, an area of its events.
    for place in ["Ménaka", "Bamako", "Kidal"] {
        let line = areas
            .iter()
            .find(|l| other_name(l) == place)
            .unwrap_or_else(|| panic!("{place} among the areas"));
        assert!(
            notes_of(&p, line)
                .iter()
                .any(|f| f["sentence"]["text"].as_str().unwrap_or("").contains(place))
                || place == "Bamako",
            "{place}"
        );
    }

    // Ghaly's own designations, as the profile of the man states them.
    let g = json(&db, &["profile", "Iyad Ag Ghaly", "--json"]);
    let designations = section(&g, "designations");
    let dates: Vec<&str> = designations
        .iter()
        .filter_map(|l| l["since"]["date"].as_str())
        .collect();
    assert!(
        dates.contains(&"2013-02-25") && dates.contains(&"2013-02-26"),
        "{dates:?}"
    );
    assert!(designations.iter().any(|l| {
        l["program"]
            .as_str()
            .unwrap_or("")
            .contains("Specially Designated")
    }));

    // As of 2015-01-01 he led Ansar al-Dine, not JNIM.
    let a = json(&db, &["asof", "2015-01-01", "Iyad Ag Ghaly", "--json"]);
    let held: Vec<String> = a["held"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["relation"] == "leader_of")
        .map(|l| key(&other_name(l)))
        .collect();
    assert!(held.contains(&key("Ansar al Din")), "{held:?}");
    let all: Vec<String> = a["held"]
        .as_array()
        .unwrap()
        .iter()
        .chain(a["undated"].as_array().unwrap())
        .map(|l| key(&other_name(l)))
        .collect();
    assert!(!all.iter().any(|n| n.contains(&key("JNIM"))), "{all:?}");
    let jnim_names = p["names"].as_array().unwrap();
    for n in jnim_names {
        let k = key(n["name"].as_str().unwrap());
        assert!(!all.contains(&k), "JNIM ({k}) must not hold on 2015-01-01");
    }

    // Droukdel led AQIM in mid-2019, not in 2021.
    let led = |date: &str| -> Vec<String> {
        json(
            &db,
            &["asof", date, "AQIM", "--predicate", "led_by", "--json"],
        )["held"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| key(&other_name(l)))
            .collect()
    };
    assert!(led("2019-06-01").contains(&key("Abdelmalek Droukdel")));
    assert!(!led("2021-01-01").contains(&key("Abdelmalek Droukdel")));
}
