//! Cross-document resolution and analyst review through the real binary: entities of different
//! reports become one entity, analysts merge, split and judge, and nothing stored is lost.
//!
//! Fixtures in `tests/resolution/` are written for these tests. The seed acceptance test reads
//! `../shared/corpus` and its gold at run time, and skips when they are absent.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

struct Kb {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Kb {
    fn new() -> Kb {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kb.db");
        Kb { _dir: dir, db }
    }

    fn run_with(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("DOSSIER_ANALYST")
            .env_remove("DOSSIER_VOCABULARY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, "")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn ingest(&self, files: &[&str]) {
        for f in files {
            let path = fixtures().join(f);
            self.ok(&["ingest", path.to_str().unwrap()]);
        }
    }

    fn entities(&self) -> Vec<Value> {
        self.json(&["entities", "--json"])
            .as_array()
            .unwrap()
            .clone()
    }

    /// The live entity that has `name` among its names.
    fn entity_named(&self, name: &str) -> Value {
        let all = self.entities();
        let found: Vec<&Value> = all
            .iter()
            .filter(|e| e["names"].as_array().unwrap().iter().any(|n| n == name))
            .collect();
        assert_eq!(found.len(), 1, "{name}: {all:#?}");
        found[0].clone()
    }

    /// Row counts of every table resolution touches, and checks that references point at
    /// live entities only (names and event roles may stay on absorbed ones).
    fn counts(&self) -> BTreeMap<&'static str, i64> {
        let c = rusqlite::Connection::open(&self.db).unwrap();
        let mut out = BTreeMap::new();
        for (name, sql) in [
            ("statements", "SELECT count(*) FROM statements"),
            ("mentions", "SELECT count(*) FROM mentions"),
            (
                "mentions with an entity",
                "SELECT count(*) FROM mentions WHERE entity IS NOT NULL",
            ),
            ("event_actors", "SELECT count(*) FROM event_actors"),
            ("events", "SELECT count(*) FROM events"),
            ("names", "SELECT count(*) FROM names"),
            ("name_sources", "SELECT count(*) FROM name_sources"),
            ("entity rows", "SELECT count(*) FROM entities"),
            (
                "citations of statements",
                "SELECT count(*) FROM statement_citations",
            ),
        ] {
            out.insert(name, c.query_row(sql, [], |r| r.get(0)).unwrap());
        }
        let dangling: i64 = c
            .query_row(
                "SELECT (SELECT count(*) FROM statements t JOIN entities e ON e.id = t.subject
                         WHERE e.merged_into IS NOT NULL)
                      + (SELECT count(*) FROM statements t JOIN entities e ON e.id = t.object_entity
                         WHERE e.merged_into IS NOT NULL)
                      + (SELECT count(*) FROM mentions m JOIN entities e ON e.id = m.entity
                         WHERE e.merged_into IS NOT NULL)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(dangling, 0, "rows left on absorbed entities");
        out
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resolution")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn names_of(e: &Value) -> Vec<String> {
    e["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

const DUNES: [&str; 3] = [
    "dunes-front-founding.txt",
    "dunes-front-clashes.txt",
    "mopti-cattle-market.txt",
];

#[test]
fn an_acronym_spelled_out_in_one_report_joins_the_bare_acronym_of_another() {
    let kb = Kb::new();
    kb.ingest(&DUNES);
    let front = kb.entity_named("FDD");
    assert_eq!(
        front["name"], "Front for the Defence of the Dunes",
        "{front:#}"
    );
    assert_eq!(front["sources"], 2, "{front:#}");
}

#[test]
fn two_different_amadous_stay_apart_and_one_amadou_in_two_reports_is_one() {
    let kb = Kb::new();
    kb.ingest(&DUNES);
    let persons: Vec<Value> = kb
        .entities()
        .into_iter()
        .filter(|e| e["entity_type"] == "person")
        .collect();
    let sangho = kb.entity_named("Amadou Sangho");
    let sangare = kb.entity_named("Amadou Sangaré");
    assert_ne!(sangho["id"], sangare["id"], "{persons:#?}");
    assert_eq!(sangho["sources"], 2, "{sangho:#}");
    assert!(!names_of(&sangho).iter().any(|n| n.contains("Sangar")));
    // Not even a question for the analysts.
    let queue = kb.json(&["review", "--list", "--json"]);
    assert!(!queue.to_string().contains("Sangar"), "{queue:#}");
}

#[test]
fn merge_and_split_move_rows_without_losing_any_and_resolution_keeps_them() {
    let kb = Kb::new();
    kb.ingest(&DUNES);
    let before = kb.counts();
    let entities_before = kb.entities().len();
    let sangho = kb.entity_named("Amadou Sangho")["id"].as_i64().unwrap();
    let sangare = kb.entity_named("Amadou Sangaré")["id"].as_i64().unwrap();

    let out = kb.ok(&[
        "merge",
        &sangho.to_string(),
        &sangare.to_string(),
        "--analyst",
        "ana",
    ]);
    assert!(out.contains("are now entity"), "{out}");
    let merged = kb.entity_named("Amadou Sangaré");
    assert_eq!(merged["id"], sangho.min(sangare), "{merged:#}");
    assert!(names_of(&merged).contains(&"Amadou Sangho".to_string()));
    assert_eq!(kb.entities().len(), entities_before - 1);
    assert_eq!(kb.counts(), before, "a merge keeps every row");

    // The machine never undoes an analyst's merge.
    kb.ok(&["resolve"]);
    assert_eq!(kb.entity_named("Amadou Sangho")["id"], merged["id"]);
    assert_eq!(kb.counts(), before);

    // Undo: split the trader off by name.
    let out = kb.ok(&[
        "split",
        &merged["id"].to_string(),
        "--name",
        "Amadou Sangare",
        "--analyst",
        "ana",
    ]);
    assert!(out.contains("split off entity"), "{out}");
    assert_eq!(kb.entities().len(), entities_before);
    assert_eq!(kb.counts(), before, "a split keeps every row");
    let back = kb.entity_named("Amadou Sangaré");
    assert_eq!(back["id"], sangare);
    assert_eq!(kb.entity_named("Amadou Sangho")["id"], sangho);
    assert!(!names_of(&back).contains(&"Amadou Sangho".to_string()));

    // Re-resolution replays the split's judgements: still apart.
    kb.ok(&["resolve"]);
    assert_ne!(
        kb.entity_named("Amadou Sangho")["id"],
        kb.entity_named("Amadou Sangaré")["id"]
    );
    assert_eq!(kb.counts(), before);
}

#[test]
fn the_latest_judgement_on_a_pair_wins_and_the_list_says_which() {
    let kb = Kb::new();
    kb.ingest(&DUNES);
    let a = kb.entity_named("Amadou Sangho")["id"].as_i64().unwrap();
    let b = kb.entity_named("Amadou Sangaré")["id"].as_i64().unwrap();
    kb.ok(&["merge", &a.to_string(), &b.to_string(), "--analyst", "ana"]);
    // A second analyst disagrees: split back out what came from the trader's report.
    kb.ok(&[
        "split",
        &a.min(b).to_string(),
        "--origin",
        &a.max(b).to_string(),
        "--analyst",
        "bo",
    ]);
    let list = kb.json(&["judgements", "--json"]);
    let rows = list.as_array().unwrap();
    // The merge, then one "different" per part left behind (the merged pair among them).
    assert!(rows.len() >= 2, "{list:#}");
    assert_eq!(rows[0]["judgement"], "same");
    assert_eq!(rows[0]["analyst"], "ana");
    assert_eq!(rows[0]["in_force"], false, "{list:#}");
    for r in &rows[1..] {
        assert_eq!(r["judgement"], "different", "{list:#}");
        assert_eq!(r["analyst"], "bo");
        assert_eq!(r["in_force"], true);
    }
    assert_ne!(
        kb.entity_named("Amadou Sangho")["id"],
        kb.entity_named("Amadou Sangaré")["id"]
    );
    let text = kb.ok(&["judgements"]);
    assert!(text.contains("[superseded]"), "{text}");
}

#[test]
fn bad_requests_are_refused_with_the_reason_and_change_nothing() {
    let kb = Kb::new();
    kb.ingest(&DUNES);
    let before = kb.counts();
    let sangho = kb.entity_named("Amadou Sangho")["id"].as_i64().unwrap();
    let front = kb.entity_named("FDD")["id"].as_i64().unwrap();
    let fail = |args: &[&str], want: &str| {
        let out = kb.run(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    };
    fail(
        &["merge", "999", &sangho.to_string(), "--analyst", "ana"],
        "no entity 999",
    );
    fail(
        &["merge", &sangho.to_string(), "4242", "--analyst", "ana"],
        "no entity 4242",
    );
    let s = sangho.to_string();
    fail(&["merge", &s, &s, "--analyst", "ana"], "against itself");
    fail(&["merge", &s, "x", "--analyst", "ana"], "invalid value");
    // The front already holds FDD's part: merging its parts again is refused.
    let parts = kb.run(&["split", &front.to_string(), "--json"]);
    assert_eq!(parts.status.code(), Some(2), "{}", stderr(&parts));
    let parts: Value = serde_json::from_slice(&parts.stdout).unwrap();
    let origins: Vec<i64> = parts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["origin"].as_i64().unwrap())
        .collect();
    assert_eq!(origins.len(), 2, "{parts:#}");
    fail(
        &[
            "merge",
            &origins[0].to_string(),
            &origins[1].to_string(),
            "--analyst",
            "ana",
        ],
        "already one entity",
    );
    // A split must leave something on each side.
    let mopti = kb.entity_named("Amadou Sangaré")["id"].to_string();
    fail(
        &["split", &mopti, "--name", "Sangaré", "--analyst", "ana"],
        "nothing to split",
    );
    let f = front.to_string();
    fail(
        &[
            "split",
            &f,
            "--name",
            "FDD",
            "--name",
            "Front for the Defence of the Dunes",
            "--analyst",
            "ana",
        ],
        "selects every part",
    );
    fail(
        &["split", &f, "--name", "Nobody", "--analyst", "ana"],
        "selects nothing",
    );
    fail(
        &["split", "31337", "--name", "FDD", "--analyst", "ana"],
        "no entity 31337",
    );
    // Without a selection, split lists the parts (exit 2) and changes nothing.
    let out = kb.run(&["split", &f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--origin"));
    fail(&["merge", &s, &f, "--analyst", " "], "analyst");
    assert_eq!(kb.counts(), before);
    assert_eq!(kb.json(&["judgements", "--json"]), serde_json::json!([]));
    // No knowledge base at all.
    let empty = Kb::new();
    let out = empty.run(&["merge", "1", "2", "--analyst", "ana"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no knowledge base"),
        "{}",
        stderr(&out)
    );
    assert!(!empty.db.exists());
}

#[test]
fn review_asks_one_pair_at_a_time_from_a_pipe_and_stops_on_an_empty_queue() {
    let kb = Kb::new();
    kb.ingest(&DUNES);
    let out = kb.run_with(&["review", "--analyst", "ana"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("The review queue is empty"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A report that names the front by a shorter form the machine is unsure of.
    kb.ingest(&["dunes-front-short-name.txt"]);
    let queue = kb.json(&["review", "--list", "--json"]);
    let items = queue.as_array().unwrap();
    assert!(!items.is_empty(), "{queue:#}");
    let first = &items[0];
    assert!(!first["candidate"]["reasons"].as_array().unwrap().is_empty());
    let entities = kb.entities().len();

    // A wrong key is asked again, then "same".
    let out = kb.run_with(&["review", "--analyst", "ana"], "x\ns\nq\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Pair 1 of"), "{text}");
    assert!(text.contains("why:"), "{text}");
    assert!(text.contains("Answer s, d, u or q."), "{text}");
    assert!(text.contains("are same"), "{text}");
    assert_eq!(kb.entities().len(), entities - 1);
    let list = kb.json(&["judgements", "--json"]);
    assert_eq!(list[0]["judgement"], "same", "{list:#}");
    assert_eq!(list[0]["analyst"], "ana");

    // Unsure takes a pair out of the queue without merging; end of input stops quietly.
    let before = kb.json(&["review", "--list", "--json"]);
    let n = before.as_array().unwrap().len();
    if n > 0 {
        let out = kb.run_with(&["review", "--analyst", "ana"], "u\n");
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("End of input"));
        let after = kb.json(&["review", "--list", "--json"]);
        assert_eq!(after.as_array().unwrap().len(), n - 1);
    }
}

/// The gold entities (of any seed document) that `label` names: its name or an alias has the
/// same folded key.
fn gold_group<'a>(gold: &'a [Value], label: &str) -> Vec<&'a Value> {
    let key = dossier_names::key(label);
    gold.iter()
        .flat_map(|doc| doc["entities"].as_array().unwrap())
        .filter(|e| {
            std::iter::once(&e["name"])
                .chain(e["aliases"].as_array().unwrap())
                .any(|n| dossier_names::key(n.as_str().unwrap()) == key)
        })
        .collect()
}

#[test]
fn seeds_give_one_entity_per_actor_with_every_gold_alias() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let Ok(gold) = std::fs::read_to_string(corpus.join("gold.jsonl")) else {
        println!("SKIPPED: {} is absent", corpus.display());
        return;
    };
    let gold: Vec<Value> = gold
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kb = Kb::new();
    let docs: Vec<PathBuf> = gold
        .iter()
        .map(|d| corpus.join(d["file"].as_str().unwrap()))
        .collect();
    let mut args = vec!["ingest"];
    args.extend(docs.iter().map(|d| d.to_str().unwrap()));
    kb.ok(&args);
    let entities = kb.entities();
    let c = rusqlite::Connection::open(&kb.db).unwrap();
    let rows: i64 = c
        .query_row("SELECT count(*) FROM entities", [], |r| r.get(0))
        .unwrap();
    println!(
        "seeds: {rows} document entities → {} knowledge-base entities",
        entities.len()
    );
    let mut failures = Vec::new();
    // The actors of the acceptance criteria of issue 6.
    for label in [
        "Iyad Ag Ghaly",
        "JNIM",
        "Ansar al-Dine",
        "AQIM",
        "MINUSMA",
        "Macina Liberation Front",
        "ISGS",
    ] {
        let group = gold_group(&gold, label);
        assert!(!group.is_empty(), "{label} is in no gold document");
        let aliases: Vec<&str> = group
            .iter()
            .flat_map(|e| e["aliases"].as_array().unwrap())
            .map(|a| a.as_str().unwrap())
            .collect();
        let keys: Vec<String> = aliases.iter().map(|a| dossier_names::key(a)).collect();
        let holders: Vec<&Value> = entities
            .iter()
            .filter(|e| {
                names_of(e)
                    .iter()
                    .any(|n| keys.contains(&dossier_names::key(n)))
            })
            .collect();
        if holders.len() != 1 {
            let found: Vec<String> = holders.iter().map(|e| e["name"].to_string()).collect();
            failures.push(format!(
                "{label}: {} entities ({})",
                holders.len(),
                found.join(", ")
            ));
            continue;
        }
        let names: Vec<String> = names_of(holders[0])
            .iter()
            .map(|n| dossier_names::key(n))
            .collect();
        let missing: Vec<&&str> = aliases
            .iter()
            .filter(|a| !names.contains(&dossier_names::key(a)))
            .collect();
        if !missing.is_empty() {
            failures.push(format!("{label}: missing aliases {missing:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
