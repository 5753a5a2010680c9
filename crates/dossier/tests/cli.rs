//! End-to-end tests of the `dossier` binary: real processes, real files, a temporary store.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Kb {
    dir: tempfile::TempDir,
}

impl Kb {
    fn new() -> Kb {
        Kb {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kb.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("DOSSIER_DB")
            .env_remove("DOSSIER_VOCABULARY")
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn copy_fixtures(kb: &Kb) -> PathBuf {
    let dir = kb.path("reports");
    std::fs::create_dir_all(&dir).unwrap();
    // The reports only: other areas keep their fixtures in subdirectories.
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    dir
}

#[test]
fn ingest_is_idempotent_and_reports_a_summary() {
    let kb = Kb::new();
    let dir = copy_fixtures(&kb);
    let out = kb.run(&["ingest", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4 ingested, 0 unchanged, 0 failed"),
        "{}",
        stderr(&out)
    );
    let out = kb.run(&["ingest", dir.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("0 ingested, 4 unchanged, 0 failed"),
        "{}",
        stderr(&out)
    );
    let sources = kb.json(&["sources", "--json"]);
    assert_eq!(sources.as_array().unwrap().len(), 4);
}

#[test]
fn metadata_comes_from_flags_files_and_inference() {
    let kb = Kb::new();
    let dir = copy_fixtures(&kb);
    let md = dir.join("shabaab-profile.md");
    let html = dir.join("isis-k-note.html");
    let txt = dir.join("lake-chad-brief.txt");
    let out = kb.run(&["ingest", md.to_str().unwrap(), html.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kb.run(&[
        "ingest",
        "--publisher",
        "Lake Chad Watch",
        txt.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sources = kb.json(&["sources", "--json"]);
    let by_title = |t: &str| {
        sources
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"].as_str().is_some_and(|x| x.contains(t)))
            .unwrap_or_else(|| panic!("no source titled {t}: {sources}"))
            .clone()
    };
    let md = by_title("Ahmed Diriye");
    assert_eq!(md["publisher"], "Horn Monitor");
    assert_eq!(md["published"], "2023-05-02");
    let html = by_title("ISIS-K after Kabul");
    assert_eq!(html["publisher"], "Frontier Desk");
    assert_eq!(html["published"], "2021-09-14");
    let txt = by_title("Lake Chad Weekly");
    assert_eq!(txt["publisher"], "Lake Chad Watch");
    let id = txt["id"].as_str().unwrap();
    let shown = kb.json(&["show", &id[..8], "--json"]);
    assert_eq!(shown["source"]["published_inferred"], true);
    assert_eq!(shown["source"]["published"], "2021-03-07");
}

#[test]
fn show_numbers_sentences_with_their_citations() {
    let kb = Kb::new();
    let dir = copy_fixtures(&kb);
    let txt = dir.join("lake-chad-brief.txt");
    assert!(kb.run(&["ingest", txt.to_str().unwrap()]).status.success());
    let id = kb.json(&["sources", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = kb.json(&["show", &id, "--json"]);
    let sentences = shown["sentences"].as_array().unwrap();
    let texts: Vec<&str> = sentences
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts[0],
        "Lake Chad Weekly: ISWAP Pressure on Military Bases"
    );
    assert!(
        texts.iter().any(|t| t.ends_with("looted its armoury.[1]")),
        "{texts:?}"
    );
    assert!(texts.contains(&"Gen. Lucky Irabor said the army would respond in kind.[2]"));
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("View Citations") || t.contains("[Notice"))
    );
    let citations = shown["citations"].as_array().unwrap();
    // [1], two works in [2], and the one foreign-link marker.
    assert_eq!(citations.len(), 4, "{citations:#?}");
    let foreign: Vec<&Value> = citations
        .iter()
        .filter(|c| c["foreign_domain"] == true)
        .collect();
    assert_eq!(foreign.len(), 1);
    // Every citation supports the sentence it was anchored to.
    let irabor = sentences
        .iter()
        .find(|s| s["text"].as_str().unwrap().starts_with("Gen. Lucky"))
        .unwrap();
    assert_eq!(irabor["citations"].as_array().unwrap().len(), 2);
    let out = kb.run(&["cite", &id]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Premium Times"), "{text}");
    assert!(text.contains("4 citation(s)"), "{text}");
}

#[test]
fn bad_files_fail_alone_and_leave_nothing_behind() {
    let kb = Kb::new();
    let dir = kb.path("mixed");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("good.txt"),
        "Al-Shabaab attacked Kismayo in 2019.\n",
    )
    .unwrap();
    std::fs::write(dir.join("binary.txt"), b"line one\nPK\x03\x04\x00\x00junk").unwrap();
    std::fs::write(dir.join("empty.md"), "   \n").unwrap();
    std::fs::write(dir.join("big.txt"), "word ".repeat(400)).unwrap();
    std::fs::copy(fixtures().join("cp1252-note.txt"), dir.join("cp1252.txt")).unwrap();
    let out = kb.run(&["ingest", "--max-size", "1K", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("2 ingested, 0 unchanged, 3 failed"), "{err}");
    assert!(err.contains("binary.txt: line 2: byte 13 is 0x00"), "{err}");
    assert!(err.contains("empty.md: the file is empty"), "{err}");
    assert!(
        err.contains("big.txt: the file is 2000 bytes, over the limit of 1024 bytes"),
        "{err}"
    );
    let sources = kb.json(&["sources", "--json"]);
    assert_eq!(sources.as_array().unwrap().len(), 2);
    let cp = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "cp1252")
        .unwrap();
    let shown = kb.json(&["show", cp["id"].as_str().unwrap(), "--json"]);
    assert_eq!(shown["source"]["encoding"], "windows-1252");
    assert_eq!(
        shown["sentences"][0]["text"],
        "Caf\u{e9} talks in Gao's market on March 3, 2020 ended without a deal."
    );
    // Offsets reach the file's bytes: "market" starts at byte 19 of the Windows-1252 file.
    let span = &shown["sentences"][0]["file_span"];
    assert_eq!(span["start"], 0);
    assert_eq!(span["end"], 65);
}

#[test]
fn unsupported_and_missing_paths_are_errors_naming_the_path() {
    let kb = Kb::new();
    let pdf = kb.path("report.pdf");
    std::fs::write(&pdf, "%PDF-1.4").unwrap();
    let out = kb.run(&[
        "ingest",
        pdf.to_str().unwrap(),
        kb.path("nope.txt").to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("report.pdf: unsupported file type"), "{err}");
    assert!(err.contains("nope.txt: No such file or directory"), "{err}");
    assert!(err.contains("0 ingested, 0 unchanged, 2 failed"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed() {
    let kb = Kb::new();
    let dir = kb.path("loop");
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    std::fs::write(dir.join("inner/a.txt"), "ISWAP raided Baga in 2018.\n").unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("inner/back")).unwrap();
    let out = kb.run(&["ingest", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(err.contains("symbolic link loop"), "{err}");
    assert!(err.contains("1 ingested, 0 unchanged, 1 failed"), "{err}");
}

#[test]
fn a_newer_store_is_refused_and_left_alone() {
    let kb = Kb::new();
    assert!(
        kb.run(&[
            "ingest",
            fixtures().join("lake-chad-brief.txt").to_str().unwrap()
        ])
        .status
        .success()
    );
    {
        let conn = rusqlite::Connection::open(kb.db()).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(kb.db()).unwrap();
    let out = kb.run(&["sources"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("999"), "{err}");
    assert_eq!(std::fs::read(kb.db()).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_knowledge_base_is_never_overwritten() {
    let kb = Kb::new();
    std::fs::write(kb.db(), b"these are the analyst's notes, not a database\n").unwrap();
    let before = std::fs::read(kb.db()).unwrap();
    let out = kb.run(&[
        "ingest",
        fixtures().join("lake-chad-brief.txt").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("kb.db"), "{}", stderr(&out));
    assert_eq!(std::fs::read(kb.db()).unwrap(), before);
}

#[test]
fn a_locked_store_is_reported() {
    let kb = Kb::new();
    assert!(
        kb.run(&[
            "ingest",
            fixtures().join("isis-k-note.html").to_str().unwrap()
        ])
        .status
        .success()
    );
    let conn = rusqlite::Connection::open(kb.db()).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = kb.run(&[
        "ingest",
        fixtures().join("lake-chad-brief.txt").to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.to_lowercase().contains("locked"), "{err}");
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_malformed_vocabulary_is_a_clear_error() {
    let kb = Kb::new();
    let vocab = kb.path("vocab.toml");
    std::fs::write(&vocab, "version = 1\n[entity_types.person\n").unwrap();
    let out = kb.run(&["--vocabulary", vocab.to_str().unwrap(), "sources"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("vocab.toml") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn unknown_sources_are_clear_errors() {
    let kb = Kb::new();
    assert!(
        kb.run(&[
            "ingest",
            fixtures().join("isis-k-note.html").to_str().unwrap()
        ])
        .status
        .success()
    );
    let out = kb.run(&["show", "abcdef0123"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("abcdef0123"), "{}", stderr(&out));
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["--db", kb.path("absent.db").to_str().unwrap(), "sources"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("no knowledge base"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn extract_shows_entities_dates_and_judgements_without_storing() {
    let kb = Kb::new();
    let file = fixtures().join("lake-chad-brief.txt");
    let out = kb.json(&["extract", file.to_str().unwrap(), "--json"]);
    let entities = out["entities"].as_array().unwrap();
    let find = |name: &str| {
        entities
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("no entity {name}: {entities:#?}"))
    };
    assert_eq!(find("Damasak")["kind"], "location");
    assert_eq!(find("Damasak")["place"]["country"], "NG");
    assert_eq!(find("Lucky Irabor")["kind"], "person");
    let dates: Vec<(&str, &str)> = out["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["text"].as_str().unwrap(), d["date"].as_str().unwrap()))
        .collect();
    assert!(
        dates.contains(&("March 4, 2021", "2021-03-04")),
        "{dates:?}"
    );
    assert!(dates.contains(&("a day later", "2021-03-05")), "{dates:?}");
    let judgements = out["assessments"].as_array().unwrap();
    assert_eq!(judgements.len(), 1);
    assert_eq!(judgements[0]["phrase"], "will likely");
    assert_eq!(judgements[0]["band"], "likely");
    // Nothing was stored.
    assert!(!kb.db().exists());
}

#[test]
fn two_reports_naming_one_group_differently_give_one_entity_with_both_names() {
    let kb = Kb::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resolution");
    // Two runs: the second report is read with the names the first one stored.
    for file in ["shabaab-lower-shabelle.txt", "shabaab-jubba-taxes.txt"] {
        let out = kb.run(&["ingest", dir.join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let list = kb.json(&["entities", "--json"]);
    let groups: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity_type"] == "organization")
        .collect();
    assert_eq!(groups.len(), 1, "{list:#}");
    assert_eq!(
        groups[0],
        &serde_json::json!({
            "id": 1,
            "entity_type": "organization",
            "name": "Harakat al-Shabaab al-Mujahideen",
            "names": [
                "Harakat al-Shabaab al-Mujahideen",
                "Harakat al-Shabab al-Mujahidin",
                "al-Shabaab"
            ],
            "sources": 2
        })
    );
    let towns: Vec<(&str, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity_type"] == "location")
        .map(|e| (e["name"].as_str().unwrap(), e["sources"].as_u64().unwrap()))
        .collect();
    assert!(towns.contains(&("Jilib", 2)), "{towns:?}");
    assert!(towns.contains(&("Afgooye", 1)), "{towns:?}");

    let out = kb.run(&["entities"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "organization              2  Harakat al-Shabaab al-Mujahideen (Harakat al-Shabab al-Mujahidin; al-Shabaab)"
        ),
        "{text}"
    );
}

#[test]
fn entities_of_a_missing_store_is_a_clear_error() {
    let kb = Kb::new();
    let out = kb.run(&["entities"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no knowledge base at"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn judgements_are_stored_listed_and_resolved() {
    let kb = Kb::new();
    let file = fixtures().join("lake-chad-brief.txt");
    assert!(kb.run(&["ingest", file.to_str().unwrap()]).status.success());
    let open = kb.json(&["assess", "list", "--status", "open", "--json"]);
    let open = open.as_array().unwrap();
    assert_eq!(open.len(), 1, "{open:#?}");
    assert_eq!(open[0]["phrase"], "will likely");
    assert_eq!(open[0]["band"], "likely");
    let id = open[0]["id"].as_i64().unwrap().to_string();
    let done = kb.json(&[
        "assess",
        "resolve",
        &id,
        "did_not",
        "--note",
        "no attacks that season",
        "--json",
    ]);
    assert_eq!(done["status"], "did_not");
    assert_eq!(done["note"], "no attacks that season");
    assert!(done["resolved_at"].is_string());
    assert!(
        kb.json(&["assess", "list", "--status", "open", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Back to open clears the decision time.
    let reopened = kb.json(&["assess", "resolve", &id, "open", "--json"]);
    assert!(reopened["resolved_at"].is_null());
    let out = kb.run(&["assess", "resolve", "4242", "came_true"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no judgement 4242"),
        "{}",
        stderr(&out)
    );
    let out = kb.run(&["assess", "resolve", &id, "maybe"]);
    assert!(
        stderr(&out).contains("`maybe` is not a judgement status"),
        "{}",
        stderr(&out)
    );
}
