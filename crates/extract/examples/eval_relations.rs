//! Scores relation and event extraction on a gold corpus (the seeds by default), with misses.
//!
//! ```text
//! cargo run -p dossier-extract --example eval_relations [-- GOLD.jsonl] [--quiet] [--frames]
//!   == cep-iyad-ag-ghaly.txt (63 entities, 80 relations, 41 events)
//!   R  Iyad Ag Ghaly leader_of Jamaat Nusrat … [leader-copula 0.80] "Iyad Ag Ghaly is the …"
//!   E  2011-12 founding by Iyad Ag Ghaly … [founded 0.70]
//!   relations  P 0.70  R 0.62  F1 0.66 …            (the dossier-eval table)
//! ```
//!
//! Each document is loaded, analysed and extracted as `dossier` does (publication date from
//! `meta.jsonl`); the prediction holds entities (name, type, aliases), one relation per
//! (subject, predicate, object) with entity names and dates, and the events with their
//! gold-style type ([`dossier_extract::events::gold_kind`]), date, actors, targets and place.
//! Literal relations (`position`) are left out: the gold has none. `--frames` prints every
//! sentence as the rules see it.

use std::path::PathBuf;

use dossier_eval::{PredictedEntity, PredictedEvent, PredictedRelation, Prediction, Report};
use dossier_extract::{Context, Extraction, KnownNames, Object, events, extract, relations};
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold_path = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .cloned()
            .unwrap_or_else(|| "../shared/corpus/seeds/gold.jsonl".to_string()),
    );
    let quiet = args.iter().any(|a| a == "--quiet");
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
        if args.iter().any(|a| a == "--frames") {
            for line in relations::explain(&doc, &analysis, &x, &ctx) {
                println!("{line}");
            }
        }
        let pred = prediction(g.key(), &x, &ctx);
        if !quiet {
            print_extraction(g.key(), &doc.text, &x);
        }
        scores.push(dossier_eval::score_document(g, &pred, &vocab));
    }
    let report = Report::new(scores, Vec::new());
    print!("{}", report.table(true));
    if !quiet {
        print!("{}", report.misses_text());
    }
}

/// The prediction of one document, in the gold's terms.
fn prediction(key: &str, x: &Extraction, ctx: &Context<'_>) -> Prediction {
    let name = |i: usize| {
        x.entities
            .get(i)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    Prediction {
        file: Some(key.to_string()),
        entities: x
            .entities
            .iter()
            .map(|e| PredictedEntity {
                name: e.name.clone(),
                entity_type: e.kind.as_str().to_string(),
                aliases: e.aliases.clone(),
            })
            .collect(),
        relations: relations::distinct(&x.relations, ctx)
            .into_iter()
            .filter_map(|r| match r.object {
                Object::Entity(o) => Some(PredictedRelation {
                    subject: name(r.subject),
                    predicate: r.predicate.clone(),
                    object: name(o),
                    start: r.start,
                    end: r.end,
                }),
                Object::Literal(_) => None,
            })
            .collect(),
        events: x
            .events
            .iter()
            .map(|e| PredictedEvent {
                event_type: events::gold_kind(e).to_string(),
                date: Some(e.date),
                actors: e.actors.iter().map(|&a| name(a)).collect(),
                targets: e.targets.iter().map(|&t| name(t)).collect(),
                location: e.location.as_ref().map(|l| l.name.clone()),
            })
            .collect(),
        ..Prediction::default()
    }
}

fn print_extraction(key: &str, text: &str, x: &Extraction) {
    let name = |i: usize| x.entities.get(i).map_or("?", |e| e.name.as_str());
    println!(
        "== {key} ({} entities, {} relations, {} events)",
        x.entities.len(),
        x.relations.len(),
        x.events.len()
    );
    for r in &x.relations {
        let object = match &r.object {
            Object::Entity(o) => name(*o).to_string(),
            Object::Literal(l) => format!("\"{l}\""),
        };
        let dates = match (r.start, r.end) {
            (None, None) => String::new(),
            (s, e) => format!(
                " ({}..{})",
                s.map(|d| d.to_string()).unwrap_or_default(),
                e.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        let hedges = if r.hedges.is_empty() {
            String::new()
        } else {
            format!(" hedged {:?}", r.hedges)
        };
        println!(
            "R  {} {} {}{} [{} {:.2}]{} {:?}",
            name(r.subject),
            r.predicate,
            object,
            dates,
            r.rule,
            r.confidence,
            hedges,
            r.evidence.slice(text)
        );
    }
    for e in &x.events {
        let names = |v: &[usize]| v.iter().map(|&i| name(i)).collect::<Vec<_>>().join(", ");
        println!(
            "E  {} {} ({}) by [{}] against [{}] in {} fat {:?} [{} {:.2}] {:?}",
            e.date,
            e.kind,
            e.subtype,
            names(&e.actors),
            names(&e.targets),
            e.location.as_ref().map_or("-", |l| l.name.as_str()),
            e.fatalities.map(|f| f.count),
            e.rule,
            e.confidence,
            e.trigger.slice(text)
        );
    }
}
