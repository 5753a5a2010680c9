//! Scores extraction on the seed corpus: entities and aliases, with the misses.
//!
//! ```text
//! cargo run -p dossier-extract --example eval_seeds [-- GOLD.jsonl [--quiet]]
//!   entities  P 0.91  R 0.88  F1 0.89 …        (the dossier-eval table)
//!   misses: africa-file-northern-mali.txt  entities  FN: Twitter (organization) …
//! ```
//!
//! Each document of the gold file is loaded and analysed by dossier-text, extracted with an
//! empty knowledge base and its publication date from `meta.jsonl`, and its entities are scored
//! by dossier-eval (type-aware: person, organization, location).

use std::path::PathBuf;

use dossier_eval::{PredictedEntity, Prediction, Report};
use dossier_extract::{Context, KnownNames, extract};
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

fn main() {
    let mut args = std::env::args().skip(1);
    let gold_path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/corpus/seeds/gold.jsonl".to_string()),
    );
    let quiet = args.any(|a| a == "--quiet");
    let vocab = match Vocabulary::builtin() {
        Ok(v) => v,
        Err(e) => return eprintln!("vocabulary: {e}"),
    };
    let gold = match dossier_eval::read_gold(&gold_path, &vocab) {
        Ok(g) => g,
        Err(e) => return eprintln!("{e}"),
    };
    let meta = dossier_eval::read_meta_beside(&gold_path).unwrap_or_default();
    let docs_dir = gold_path.parent().map(PathBuf::from).unwrap_or_default();
    let known = KnownNames::default();
    let mut scores = Vec::new();
    for g in &gold {
        let path = g.text_path(&docs_dir);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("cannot read {}", path.display());
            continue;
        };
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .unwrap_or(Format::Text);
        let Ok(doc) = load(&bytes, format) else {
            eprintln!("cannot load {}", path.display());
            continue;
        };
        let analysis = analyze(&doc);
        let published = meta.get(g.key()).and_then(|m| m.published);
        let ctx = Context::new(&vocab, Gazetteer::builtin(), &known)
            .with_published(published)
            .with_original(&bytes);
        let x = extract(&doc, &analysis, &ctx);
        let pred = Prediction {
            file: Some(g.key().to_string()),
            entities: x
                .entities
                .iter()
                .map(|e| PredictedEntity {
                    name: e.name.clone(),
                    entity_type: e.kind.as_str().to_string(),
                    aliases: e.aliases.clone(),
                })
                .collect(),
            ..Prediction::default()
        };
        if !quiet {
            println!("== {} ({} entities)", g.key(), x.entities.len());
            for e in &x.entities {
                println!("  {:12} {} {:?}", e.kind.as_str(), e.name, e.aliases);
            }
        }
        scores.push(dossier_eval::score_document(g, &pred, &vocab));
    }
    let report = Report::new(scores, Vec::new());
    print!("{}", report.table(true));
    print!("{}", report.misses_text());
}
