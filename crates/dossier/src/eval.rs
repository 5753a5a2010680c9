//! `dossier eval`: runs the real pipeline on documents with gold facts and scores it.
//!
//! ```text
//! $ dossier eval --gold ../shared/corpus/seeds/gold.jsonl --docs ../shared/corpus/seeds
//! document                        entities P/R/F1   aliases R   relations …   citations
//! ```
//!
//! Each document goes through the same code path as `dossier ingest` (pipeline, then the store,
//! in a temporary knowledge base), and the prediction is read back from the store, so what is
//! scored is what an analyst would have.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_eval::{CitationItem, DocMeta, GoldDocument, Prediction};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_store::Store;

use crate::kb;
use crate::pipeline::{self, MetaOverrides, Prepared, Resources};

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold facts, one JSON object per document (schema: ../shared/corpus/README.md).
    #[arg(long)]
    pub gold: PathBuf,
    /// Directory holding the documents the gold names.
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// Score a predictions file (JSON lines) instead of running the pipeline.
    #[arg(long, conflicts_with = "docs")]
    pub predictions: Option<PathBuf>,
    /// Also write the pipeline's predictions (JSON lines, the scorer's prediction schema) to
    /// FILE, for comparing systems side by side.
    #[arg(long, value_name = "FILE", conflicts_with = "predictions")]
    pub write_predictions: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Show a row per document, not only the overall figures.
    #[arg(long)]
    pub per_doc: bool,
    /// List false positives and false negatives.
    #[arg(long)]
    pub show_misses: bool,
}

pub fn run(args: &EvalArgs, vocab: &Vocabulary, today: FuzzyDate) -> anyhow::Result<ExitCode> {
    let report = match (&args.predictions, &args.docs) {
        (Some(preds), _) => dossier_eval::score_predictions_file(&args.gold, preds)?,
        (None, Some(docs)) => {
            let gold = dossier_eval::read_gold(&args.gold, vocab)?;
            let meta = dossier_eval::read_meta_beside(&args.gold)?;
            let resources = Resources::new(vocab.clone(), dossier_extract::KnownNames::default());
            let preds = predict_all(&gold, &meta, docs, today, &resources)?;
            if let Some(out) = &args.write_predictions {
                write_predictions(out, &preds)?;
            }
            dossier_eval::score_predictions(&gold, &preds, vocab)
        }
        (None, None) => {
            anyhow::bail!("give --docs DIR (to run the pipeline) or --predictions FILE")
        }
    };
    if args.json {
        println!("{}", report.to_json(args.show_misses));
    } else {
        print!("{}", report.table(args.per_doc));
        if args.show_misses {
            print!("{}", report.misses_text());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_predictions(path: &Path, preds: &[Prediction]) -> anyhow::Result<()> {
    let mut out = String::new();
    for p in preds {
        out.push_str(&serde_json::to_string(p)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// Runs the pipeline on every gold document, storing each in a temporary knowledge base, and
/// reads the predictions back from it.
pub fn predict_all(
    gold: &[GoldDocument],
    meta: &std::collections::BTreeMap<String, DocMeta>,
    docs: &Path,
    today: FuzzyDate,
    resources: &Resources,
) -> anyhow::Result<Vec<Prediction>> {
    let dir = std::env::temp_dir().join(format!("dossier-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let db = dir.join("eval.db");
    let result = (|| {
        let mut store = Store::open(&db)?;
        let mut preds = Vec::new();
        for g in gold {
            let path = g.text_path(docs);
            let m = meta.get(g.key());
            let overrides = MetaOverrides {
                publisher: m.and_then(|m| m.publisher.clone()),
                published: m.and_then(|m| m.published),
                title: m.and_then(|m| m.title.clone()),
                kind: m.and_then(|m| m.kind.clone()),
                url: None,
            };
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let format = pipeline::format_of(&path).unwrap_or(dossier_text::Format::Text);
            let prepared = pipeline::prepare(&bytes, format, &overrides, today, resources)
                .with_context(|| format!("{}", path.display()))?;
            kb::store_prepared(&mut store, &prepared, &path)?;
            let mut pred = prediction_from_store(&store, &prepared.id, g.key())?;
            add_extraction(&mut pred, &prepared, resources);
            preds.push(pred);
        }
        anyhow::Ok(preds)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Adds what extraction found that the store does not hold yet (entities and assessments are
/// stored by the resolution and judgement stages of later issues).
fn add_extraction(pred: &mut Prediction, prepared: &Prepared, resources: &Resources) {
    let x = &prepared.extraction;
    let name = |i: usize| x.entities.get(i).map(|e| e.name.clone());
    let ctx =
        dossier_extract::Context::new(&resources.vocabulary, resources.gazetteer, &resources.known);
    // One statement per fact: repeated evidence for the same relation is not a new relation.
    pred.relations = dossier_extract::relations::distinct(&x.relations, &ctx)
        .into_iter()
        .filter_map(|r| match &r.object {
            dossier_extract::Object::Entity(o) => Some(dossier_eval::PredictedRelation {
                subject: name(r.subject)?,
                predicate: r.predicate.clone(),
                object: name(*o)?,
                start: r.start,
                end: r.end,
            }),
            // Literal objects (positions, ideologies) are not in the gold's relations.
            dossier_extract::Object::Literal(_) => None,
        })
        .collect();
    pred.events = x
        .events
        .iter()
        .map(|e| dossier_eval::PredictedEvent {
            event_type: dossier_extract::events::gold_kind(e).to_string(),
            date: Some(e.date),
            actors: e.actors.iter().filter_map(|&i| name(i)).collect(),
            targets: e.targets.iter().filter_map(|&i| name(i)).collect(),
            location: e.location.as_ref().map(|l| l.name.clone()),
        })
        .collect();
    pred.entities = x
        .entities
        .iter()
        .map(|e| dossier_eval::PredictedEntity {
            name: e.name.clone(),
            entity_type: e.kind.as_str().to_string(),
            aliases: e.aliases.clone(),
        })
        .collect();
    // Bare hedges ("may", "could") carry no ICD 203 band: they are not scored judgements.
    pred.assessments = x
        .assessments
        .iter()
        .filter_map(|a| {
            Some(dossier_eval::PredictedAssessment {
                phrase: a.phrase.clone(),
                icd203: Some(a.band.clone()?),
                about: Some(a.claim.clone()),
            })
        })
        .collect();
}

/// What the knowledge base holds about one source, in the scorer's terms.
pub fn prediction_from_store(store: &Store, source: &str, key: &str) -> anyhow::Result<Prediction> {
    let mut pred = Prediction::empty(key);
    pred.citations = store
        .citations(source)?
        .into_iter()
        .map(|c| CitationItem {
            marker: c.marker,
            publisher: c.publisher,
            title: c.title,
            date: c.date,
            url: c.url,
        })
        .collect();
    Ok(pred)
}
