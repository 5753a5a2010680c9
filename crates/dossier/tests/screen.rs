//! `dossier match` end to end: a knowledge base built by ingesting a report written for this
//! test (invented people and groups), then the UN consolidated list imported (when downloaded by
//! `scripts/ci/screen.sh`; skipped otherwise).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const REPORT: &str = "Armed groups around Tessalit, a note

Moussa ag Attaher leads the Tessalit Brigade, an armed group active in the Adrar since 2019. \
The Tessalit Brigade clashed with the Front for the Defence of the Oases (FDO) in March 2021. \
Attaher's deputy, Hamadi Ould Sidina, negotiated with the FDO in 2022.
Amadou Diallo, a trader from Gao, said the Tessalit Brigade collects taxes on the road. \
A second man, Amadou Sangare, runs the bus company.
";

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

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()
            .unwrap()
    }

    #[track_caller]
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    #[track_caller]
    fn results(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["match"];
        all.extend_from_slice(args);
        all.push("--json");
        let v: Value = serde_json::from_str(&self.ok(&all)).unwrap();
        assert_eq!(v["matcher"]["name"], "dossier-names");
        let r = &v["responses"]["match"];
        assert_eq!(r["status"], 200);
        let results = r["results"].as_array().unwrap().clone();
        assert_eq!(
            r["total"]["value"].as_u64().unwrap() as usize,
            results.len()
        );
        results
    }

    fn with_report(self) -> Kb {
        let path = self.dir.path().join("report.txt");
        std::fs::write(&path, REPORT).unwrap();
        self.ok(&["ingest", path.to_str().unwrap()]);
        self
    }
}

#[test]
fn respellings_find_the_stored_entity_with_reasons() {
    let kb = Kb::new().with_report();
    let r = kb.results(&["Mousa Ag Ataher"]);
    assert_eq!(r[0]["caption"], "Moussa ag Attaher");
    assert_eq!(r[0]["schema"], "Person");
    assert_eq!(r[0]["match"], true);
    assert!(r[0]["score"].as_f64().unwrap() > 0.9);
    let why: Vec<&str> = r[0]["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        why.contains(&"ataher ~ attaher (double letters)"),
        "{why:?}"
    );
    assert!(r[0]["identifiers"].as_array().unwrap().is_empty());

    let table = kb.ok(&["match", "Mousa Ag Ataher"]);
    assert!(table.contains("Moussa ag Attaher"), "{table}");
    assert!(table.contains("double letters"), "{table}");
}

#[test]
fn two_amadous_are_not_the_same_man() {
    let kb = Kb::new().with_report();
    let r = kb.results(&["Amadou Dialo", "--type", "person"]);
    assert_eq!(r[0]["caption"], "Amadou Diallo");
    assert_eq!(r[0]["match"], true);
    let other = r.iter().find(|c| c["caption"] == "Amadou Sangare").unwrap();
    assert_eq!(other["match"], false);
}

#[test]
fn type_filter_limit_and_acronyms() {
    let kb = Kb::new().with_report();
    let r = kb.results(&["FDO", "--type", "organization"]);
    assert_eq!(r[0]["caption"], "Front for the Defence of the Oases");
    assert!(r.iter().all(|c| c["schema"] == "Organization"));
    let r = kb.results(&["Amadou", "--limit", "1"]);
    assert_eq!(r.len(), 1);
    let r = kb.results(&["Tessalit Brigade", "--type", "person"]);
    assert!(r.iter().all(|c| c["schema"] == "Person"));
}

#[test]
fn unknown_names_and_bad_input() {
    let kb = Kb::new().with_report();
    assert!(kb.results(&["Zzyzx Qwertyuiop"]).is_empty());
    assert!(kb.results(&["''--..."]).is_empty());
    let long = "Attaher ".repeat(10_000);
    let r = kb.results(&[long.as_str()]);
    assert!(r.iter().all(|c| c["score"].as_f64().unwrap() <= 1.0));
    assert!(kb.ok(&["match", "Zzyzx"]).contains("no candidate"));

    let out = kb.run(&["match", "Attaher", "--type", "country"]);
    assert!(!out.status.success());
    let out = Kb::new().run(&["match", "Attaher"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no knowledge base"), "{err}");
}

/// The UN list reader shared with dossier-names' tests (only its path finder is used here).
#[allow(dead_code)]
#[path = "../../names/tests/support/un.rs"]
mod un;

#[test]
fn un_list_screening_shows_reference_numbers() {
    let Some(xml) = un::un_list_path() else {
        println!("SKIPPED: UN consolidated list not downloaded (run scripts/ci/screen.sh)");
        return;
    };
    let kb = Kb::new().with_report();
    kb.ok(&["import", "un", xml.to_str().unwrap()]);
    let reference = |c: &Value| -> Vec<String> {
        c["identifiers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["scheme"] == "un_reference")
            .map(|i| i["value"].as_str().unwrap().to_string())
            .collect()
    };
    for (query, kind, expected) in [
        ("Iyad ag Ghali", "person", "QDi.316"),
        ("إياد أغ غالي", "person", "QDi.316"),
        ("Amadou Kouffa", "person", "QDi.425"),
        ("JNIM", "organization", "QDe.159"),
        ("Ansar al-Din", "organization", "QDe.135"),
    ] {
        let r = kb.results(&[query, "--type", kind, "--limit", "3"]);
        assert!(
            reference(&r[0]).contains(&expected.to_string()),
            "{query}: {r:#?}"
        );
        assert_eq!(r[0]["match"], true, "{query}");
    }
    // The report's own entities are still found beside the list's.
    let r = kb.results(&["Moussa ag Attaher"]);
    assert_eq!(r[0]["caption"], "Moussa ag Attaher");
}
