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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_eval::{CitationItem, DocMeta, GoldDocument, Prediction};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_store::{Role, Store, StoredObject, StoredStatement};

use crate::kb;
use crate::pipeline::{self, MetaOverrides, Resources};

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

/// Runs the pipeline on every gold document, storing each in a temporary knowledge base of its
/// own, and reads the predictions back from it.
pub fn predict_all(
    gold: &[GoldDocument],
    meta: &std::collections::BTreeMap<String, DocMeta>,
    docs: &Path,
    today: FuzzyDate,
    resources: &Resources,
) -> anyhow::Result<Vec<Prediction>> {
    let dir = std::env::temp_dir().join(format!("dossier-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let result = (|| {
        let mut preds = Vec::new();
        for (i, g) in gold.iter().enumerate() {
            // A store per document: the gold lists each document's facts as that document
            // names them, so no entity may carry a name from another document into its score.
            let mut store = Store::open(dir.join(format!("eval-{i}.db")))?;
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
            kb::store_prepared_with(&mut store, &prepared, &path, &resources.vocabulary)?;
            preds.push(prediction_from_store(
                &store,
                &prepared.id,
                g.key(),
                &resources.vocabulary,
            )?);
        }
        anyhow::Ok(preds)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// What the knowledge base holds about one source, in the scorer's terms: its entities (the
/// preferred name, and the names this source uses as aliases), one relation per distinct
/// (subject, predicate, object) between entities, its events with their gold-style kinds, its
/// citations and its banded assessments.
pub fn prediction_from_store(
    store: &Store,
    source: &str,
    key: &str,
    vocab: &Vocabulary,
) -> anyhow::Result<Prediction> {
    let mut pred = Prediction::empty(key);
    pred.entities = store
        .source_entities(source)?
        .into_iter()
        .map(|e| dossier_eval::PredictedEntity {
            entity_type: vocab.root_type(&e.entity_type).to_string(),
            name: e.name,
            aliases: e.names,
        })
        .collect();
    pred.relations = distinct_relations(&store.source_statements(source)?, vocab);
    pred.events = store
        .source_events(source)?
        .into_iter()
        .map(|e| {
            let named = |role: Role| {
                e.participants
                    .iter()
                    .filter(|p| p.role == role)
                    .map(|p| p.entity.name.clone())
                    .collect()
            };
            dossier_eval::PredictedEvent {
                event_type: dossier_extract::events::gold_kind_of(
                    e.kind.as_deref().unwrap_or("other"),
                )
                .to_string(),
                date: e.date,
                actors: named(Role::Actor),
                targets: named(Role::Target),
                location: e.location.as_ref().map(|l| l.name.clone()),
            }
        })
        .collect();
    pred.assessments = store
        .source_assessments(source)?
        .into_iter()
        .map(|a| dossier_eval::PredictedAssessment {
            phrase: a.phrase,
            icd203: Some(a.band),
            about: Some(a.claim),
        })
        .collect();
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

/// One relation per (subject, predicate, object) between entities, in order of first
/// statement: the best-dated, then most confident statement of each (as
/// `dossier_extract::relations::distinct` picks). Symmetric predicates count once in either
/// direction; literal objects are not relations the gold lists.
fn distinct_relations(
    statements: &[StoredStatement],
    vocab: &Vocabulary,
) -> Vec<dossier_eval::PredictedRelation> {
    let mut best: HashMap<(i64, &str, i64), usize> = HashMap::new();
    let mut order = Vec::new();
    let score = |s: &StoredStatement| {
        (
            u8::from(s.valid_from.is_some()) + u8::from(s.valid_to.is_some()),
            // The extractor's confidence is an f32; compare it as the extractor does.
            (s.confidence as f32 * 1000.0) as i64,
        )
    };
    for (i, s) in statements.iter().enumerate() {
        let StoredObject::Entity(object) = &s.object else {
            continue;
        };
        let symmetric = vocab.predicate(&s.predicate).is_some_and(|p| p.symmetric);
        let (a, b) = if symmetric && object.id < s.subject.id {
            (object.id, s.subject.id)
        } else {
            (s.subject.id, object.id)
        };
        let key = (a, s.predicate.as_str(), b);
        match best.get(&key) {
            Some(&j) if score(s) <= score(&statements[j]) => {}
            Some(_) => {
                best.insert(key, i);
            }
            None => {
                best.insert(key, i);
                order.push(key);
            }
        }
    }
    order
        .iter()
        .filter_map(|k| {
            let s = &statements[*best.get(k)?];
            let StoredObject::Entity(object) = &s.object else {
                return None;
            };
            Some(dossier_eval::PredictedRelation {
                subject: s.subject.name.clone(),
                predicate: s.predicate.clone(),
                object: object.name.clone(),
                start: s.valid_from,
                end: s.valid_to,
            })
        })
        .collect()
}
