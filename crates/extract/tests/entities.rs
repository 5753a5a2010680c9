//! Fixture reports about other theatres (Somalia, Nigeria, Syria, Afghanistan): every expected
//! entity is found with its type and aliases, and nothing else is.
//!
//! ```text
//! tests/entities/somalia.txt + somalia.expected.json
//!   [{"name": "Harakat al-Shabaab al-Mujahideen", "type": "organization",
//!     "aliases": ["al-Shabaab"]}, …]
//!   ─► extract ─► the same entities (names compared folded: case, marks, "the")
//! ```

use std::path::Path;

use dossier_extract::{Context, DocEntity, KnownNames, extract};
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    aliases: Vec<String>,
}

fn entities_of(path: &Path) -> Vec<DocEntity> {
    let bytes = std::fs::read(path).unwrap();
    let doc = load(&bytes, Format::Text).unwrap();
    let analysis = analyze(&doc);
    let vocab = Vocabulary::builtin().unwrap();
    let known = KnownNames::default();
    let ctx = Context::new(&vocab, Gazetteer::builtin(), &known).with_original(&bytes);
    extract(&doc, &analysis, &ctx).entities
}

fn check(case: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/entities");
    let got = entities_of(&dir.join(format!("{case}.txt")));
    let expected: Vec<Expected> = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{case}.expected.json"))).unwrap(),
    )
    .unwrap();
    let fold = |s: &str| dossier_eval::fold(s);
    let shown: Vec<String> = got
        .iter()
        .map(|e| format!("{} {} {:?}", e.kind.as_str(), e.name, e.aliases))
        .collect();
    let mut problems = Vec::new();
    let mut used = vec![false; got.len()];
    for x in &expected {
        let names: Vec<String> = std::iter::once(&x.name)
            .chain(&x.aliases)
            .map(|n| fold(n))
            .collect();
        let found = got.iter().position(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| names.contains(&fold(n)))
        });
        let Some(i) = found else {
            problems.push(format!("missing: {} {}", x.kind, x.name));
            continue;
        };
        used[i] = true;
        let e = &got[i];
        if e.kind.as_str() != x.kind {
            problems.push(format!(
                "{}: type {} instead of {}",
                x.name,
                e.kind.as_str(),
                x.kind
            ));
        }
        let have: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| fold(n))
            .collect();
        for n in std::iter::once(&x.name).chain(&x.aliases) {
            if !have.contains(&fold(n)) {
                problems.push(format!("{}: alias {n:?} missing", x.name));
            }
        }
    }
    for (i, e) in got.iter().enumerate() {
        if !used[i] {
            problems.push(format!("unexpected: {} {}", e.kind.as_str(), e.name));
        }
    }
    assert!(
        problems.is_empty(),
        "{case}:\n  {}\nfound:\n  {}",
        problems.join("\n  "),
        shown.join("\n  ")
    );
}

#[test]
fn somalia() {
    check("somalia");
}

#[test]
fn nigeria() {
    check("nigeria");
}

#[test]
fn syria() {
    check("syria");
}

#[test]
fn afghanistan() {
    check("afghanistan");
}
