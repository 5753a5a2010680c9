//! `dossier extract FILE`: what the pipeline sees in a file, without storing anything.
//!
//! ```text
//! $ dossier extract brief.txt
//! 41 sentences, 6 citations
//! entities:
//!   organization  Jama'at Nusrat al-Islam wal-Muslimin  (JNIM, Al Qaeda's Sahel branch)
//!   person        Iyad ag Ghali  (ag Ghali)
//! ```
//! The debugging tool for everyone who works on extraction; `--json` prints everything.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_model::{FuzzyDate, Vocabulary};
use serde_json::json;

use crate::pipeline::{self, MetaOverrides, PrepareError, Resources};

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The file to read (.txt, .md or .html).
    pub file: PathBuf,
    /// Publication date, for dates relative to it ("in January", "last year").
    #[arg(long, value_parser = crate::cli::parse_date)]
    pub published: Option<FuzzyDate>,
    /// Print everything as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(
    db: &Path,
    args: &ExtractArgs,
    vocabulary: Vocabulary,
    today: FuzzyDate,
) -> anyhow::Result<ExitCode> {
    let format = pipeline::format_of(&args.file)
        .ok_or(PrepareError::UnsupportedType)
        .with_context(|| args.file.display().to_string())?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    // Names the knowledge base knows are recognized too, when there is one.
    let known = match db.exists() {
        true => crate::kb::known_names(&crate::kb::open_existing(db)?, &vocabulary)?,
        false => dossier_extract::KnownNames::default(),
    };
    let resources = Resources::new(vocabulary, known);
    let overrides = MetaOverrides {
        published: args.published,
        ..MetaOverrides::default()
    };
    let p = pipeline::prepare(&bytes, format, &overrides, today, &resources)
        .with_context(|| args.file.display().to_string())?;
    let text = &p.doc.text;
    if args.json {
        let out = json!({
            "id": p.id,
            "meta": p.meta,
            "encoding": p.doc.encoding,
            "sentences": p.analysis.sentences.iter().enumerate().map(|(i, s)| json!({
                "idx": i, "kind": s.kind, "span": s.span,
                "file_span": p.doc.original_span(s.span), "text": s.span.slice(text),
            })).collect::<Vec<_>>(),
            "citations": p.analysis.citations,
            "figures": p.analysis.figures,
            "mentions": p.extraction.mentions,
            "entities": p.extraction.entities,
            "dates": p.extraction.dates,
            "assessments": p.extraction.assessments,
            "relations": p.extraction.relations,
            "events": p.extraction.events,
            "diagnostics": p.analysis.diagnostics.iter().map(|d| d.message.clone())
                .chain(p.extraction.diagnostics.iter().cloned()).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: {} sentences, {} citations, {} mentions, {} entities, {} dates, {} judgements",
        args.file.display(),
        p.analysis.sentences.len(),
        p.analysis.citations.len(),
        p.extraction.mentions.len(),
        p.extraction.entities.len(),
        p.extraction.dates.len(),
        p.extraction.assessments.len()
    );
    if let Some(d) = p.meta.published {
        let how = if p.meta.published_inferred {
            " (inferred)"
        } else {
            ""
        };
        println!("published: {d}{how}");
    }
    println!("\nentities:");
    for e in &p.extraction.entities {
        let others: Vec<&str> = e
            .aliases
            .iter()
            .filter(|a| **a != e.name)
            .map(String::as_str)
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!("  ({})", others.join(", "))
        };
        let place = e
            .place
            .as_ref()
            .map(|p| format!("  [{} {} {:.3},{:.3}]", p.kind, p.country, p.lat, p.lon))
            .unwrap_or_default();
        println!("  {:<13} {}{others}{place}", e.kind.as_str(), e.name);
    }
    println!("\ndates:");
    for d in &p.extraction.dates {
        let ctx = if d.from_context {
            " (from context)"
        } else {
            ""
        };
        let end = d.end.map(|e| format!(" .. {e}")).unwrap_or_default();
        println!(
            "  s{:<4} {:<24} {}{end}{ctx}",
            d.sentence + 1,
            d.text,
            d.date
        );
    }
    let name = |i: usize| {
        p.extraction
            .entities
            .get(i)
            .map_or("?", |e| e.name.as_str())
    };
    println!("\nrelations:");
    for r in &p.extraction.relations {
        let object = match &r.object {
            dossier_extract::Object::Entity(o) => name(*o).to_string(),
            dossier_extract::Object::Literal(l) => format!("\"{l}\""),
        };
        let when = match (r.start, r.end) {
            (Some(a), Some(b)) => format!(" [{a} .. {b}]"),
            (Some(a), None) => format!(" [from {a}]"),
            (None, Some(b)) => format!(" [until {b}]"),
            (None, None) => String::new(),
        };
        let hedge = if r.hedges.is_empty() {
            String::new()
        } else {
            format!(" (hedged: {})", r.hedges.join(", "))
        };
        println!(
            "  s{:<4} {} {} {object}{when}{hedge}",
            r.sentence + 1,
            name(r.subject),
            r.predicate
        );
    }
    println!("\nevents:");
    for e in &p.extraction.events {
        let who: Vec<&str> = e.actors.iter().map(|&i| name(i)).collect();
        let whom: Vec<&str> = e.targets.iter().map(|&i| name(i)).collect();
        let place = e
            .location
            .as_ref()
            .map(|l| format!(" at {}", l.name))
            .unwrap_or_default();
        let dead = e
            .fatalities
            .map(|f| format!(" ({f:?})"))
            .unwrap_or_default();
        println!(
            "  s{:<4} {} {} [{}/{}] {} -> {}{place}{dead}",
            e.sentence + 1,
            e.date,
            e.kind,
            e.event_type,
            e.subtype,
            who.join(", "),
            whom.join(", ")
        );
    }
    println!("\njudgements:");
    for a in &p.extraction.assessments {
        let band = a.band.as_deref().unwrap_or("(hedge, no band)");
        println!(
            "  s{:<4} {:<18} {band}: {}",
            a.sentence + 1,
            a.phrase,
            a.claim
        );
    }
    Ok(ExitCode::SUCCESS)
}
