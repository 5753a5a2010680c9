//! The scorer on the real corpus (`shared/corpus/seeds`): the gold reads, has the counts its
//! README states, and scored against itself is perfect.
//!
//! ```text
//! gold.jsonl as predictions  ─►  every figure 1.0
//! ```

use std::path::PathBuf;

use dossier_eval::{fold, read_gold, read_meta_beside, score_predictions_file};
use dossier_model::Vocabulary;

fn seeds() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    if dir.join("gold.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!("shared/corpus/seeds is not beside the repository: nothing to check");
        None
    }
}

#[test]
fn seed_gold_reads_with_the_documented_counts() {
    let Some(dir) = seeds() else { return };
    let vocab = Vocabulary::builtin().unwrap();
    let gold = read_gold(&dir.join("gold.jsonl"), &vocab).unwrap();
    let counts: Vec<_> = gold
        .iter()
        .map(|d| {
            (
                d.key(),
                d.entities.len(),
                d.relations.len(),
                d.events.len(),
                d.citations.items.len(),
                d.assessments.len(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![
            ("africa-file-northern-mali.txt", 32, 44, 23, 8, 17),
            ("cep-iyad-ag-ghaly.txt", 65, 79, 37, 42, 0),
        ]
    );
    for d in &gold {
        assert!(d.text_path(&dir).is_file(), "{}", d.key());
        // Every alias occurs in the text, so the scorer looks for forms that exist.
        let text = std::fs::read_to_string(d.text_path(&dir)).unwrap();
        for e in &d.entities {
            for a in &e.aliases {
                assert!(text.contains(a.as_str()), "{} not in {}", a, d.key());
            }
        }
    }
    let meta = read_meta_beside(&dir.join("gold.jsonl")).unwrap();
    assert_eq!(
        meta["cep-iyad-ag-ghaly.txt"].published.unwrap().to_string(),
        "2024-03"
    );
}

#[test]
fn seed_gold_against_itself_is_perfect() {
    let Some(dir) = seeds() else { return };
    let gold = dir.join("gold.jsonl");
    let report = score_predictions_file(&gold, &gold).unwrap();
    let s = &report.overall;
    assert_eq!(s.entities.prf.f1, 1.0);
    assert_eq!(s.entities.prf.gold, 97);
    assert_eq!(s.aliases.recall, 1.0);
    assert_eq!(s.relations.prf.f1, 1.0);
    assert_eq!(s.relations.prf.gold, 123);
    assert_eq!(s.events.f1, 1.0);
    assert_eq!(s.citations.field_accuracy, 1.0);
    assert_eq!(s.citations.gold, 50);
    assert_eq!(s.assessments.recall, 1.0);
    assert_eq!(s.assessments.band_accuracy, 1.0);
    assert!(report.warnings.is_empty());
}

#[test]
fn seed_spelling_variants_fold_together() {
    // The variants DESIGN §4 names, as the seeds spell them.
    assert_eq!(fold("Iyad ag Ghali"), fold("IYAD AG GHALI"));
    assert_eq!(
        fold("Jama’at Nusrat al Islam wa al Muslimeen"),
        fold("Jamaat Nusrat al-Islam wal Muslimeen")
    );
    assert_eq!(
        fold("Islamic State’s Sahel Province"),
        fold("Islamic State Sahel Province")
    );
}
