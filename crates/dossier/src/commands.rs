//! The read commands: `sources`, `show`, `cite`, `vocabulary`.
//!
//! ```text
//! $ dossier sources
//! ID            PUBLISHED     SENT  CITE  TITLE
//! c5f253223fcb  2023-02-04~     61     8  Africa File: Al Qaeda–Linked Militants …
//! ```
//! Each prints text for people, or JSON with `--json` for pipes.

use std::path::Path;
use std::process::ExitCode;

use dossier_model::Vocabulary;
use dossier_store::StoredCitation;
use serde_json::json;

use crate::kb;

pub fn sources(db: &Path, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = kb::open_existing(db)?;
    let list = store.sources()?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<12}  {:<12}  {:>5}  {:>4}  TITLE",
        "ID", "PUBLISHED", "SENT", "CITE"
    );
    for s in &list {
        println!(
            "{:<12}  {:<12}  {:>5}  {:>4}  {}",
            short(&s.id),
            s.published.map(|d| d.to_string()).unwrap_or_default(),
            s.sentences,
            s.citations,
            s.title.as_deref().unwrap_or("(untitled)")
        );
    }
    println!("{} source(s)", list.len());
    Ok(ExitCode::SUCCESS)
}

/// `dossier entities`: every entity with its type, preferred name, other names and the number
/// of sources that use one of its names.
pub fn entities(db: &Path, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = kb::open_existing(db)?;
    let list = store.entities()?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:>6}  {:<22}  {:>3}  NAME (OTHER NAMES)",
        "ID", "TYPE", "SRC"
    );
    for e in &list {
        let others: Vec<&str> = e
            .names
            .iter()
            .map(String::as_str)
            .filter(|n| *n != e.name)
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!(" ({})", others.join("; "))
        };
        println!(
            "{:>6}  {:<22}  {:>3}  {}{others}",
            e.id, e.entity_type, e.sources, e.name
        );
    }
    println!(
        "{} entit{}",
        list.len(),
        if list.len() == 1 { "y" } else { "ies" }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: &Path, source: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = kb::open_existing(db)?;
    let src = store.source(source)?;
    let sentences = store.sentences(&src.id)?;
    let citations = store.citations(&src.id)?;
    let figures = store.figures(&src.id)?;
    if as_json {
        let mut meta = serde_json::to_value(&src)?;
        if let Some(obj) = meta.as_object_mut() {
            obj.remove("text");
        }
        let out = json!({
            "source": meta,
            "sentences": sentences.iter().map(|s| json!({
                "idx": s.idx,
                "kind": s.kind,
                "span": s.span,
                "file_span": s.file_span,
                "text": s.text,
                "citations": citations.iter().filter(|c| c.sentences.contains(&s.idx)).map(|c| c.idx).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "citations": citations,
            "figures": figures,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", src.title.as_deref().unwrap_or("(untitled)"));
    println!("id:        {}", src.id);
    if let Some(p) = &src.publisher {
        println!("publisher: {p}");
    }
    if let Some(d) = src.published {
        let how = if src.published_inferred {
            " (inferred from the text)"
        } else {
            ""
        };
        println!("published: {d}{how}");
    }
    if let Some(u) = &src.url {
        println!("url:       {u}");
    }
    if let Some(p) = &src.path {
        println!("file:      {p} ({}, {} bytes)", src.encoding, src.bytes);
    }
    println!();
    for s in &sentences {
        let marks: Vec<String> = citations
            .iter()
            .filter(|c| c.sentences.contains(&s.idx))
            .map(|c| format!("c{}", c.idx + 1))
            .collect();
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", marks.join(", "))
        };
        let kind = match s.kind.as_str() {
            "body" => String::new(),
            k => format!("({k}) "),
        };
        println!("{:>4}  {kind}{}{marks}", s.idx + 1, s.text);
    }
    for f in &figures {
        println!("\nfigure: {}", f.caption);
        if let Some(c) = &f.credit {
            println!("  credit: {c}");
        }
    }
    if !citations.is_empty() {
        println!("\nCitations:");
        for c in &citations {
            println!("  c{:<3} {}", c.idx + 1, format_citation(c));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn cite(db: &Path, source: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = kb::open_existing(db)?;
    let src = store.source(source)?;
    let citations = store.citations(&src.id)?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "source": src.id, "citations": citations }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    for c in &citations {
        let sentences: Vec<String> = c.sentences.iter().map(|i| (i + 1).to_string()).collect();
        let supports = if sentences.is_empty() {
            String::new()
        } else {
            format!("  (supports sentence {})", sentences.join(", "))
        };
        println!("{:>3}. {}{supports}", c.idx + 1, format_citation(c));
    }
    println!("{} citation(s)", citations.len());
    Ok(ExitCode::SUCCESS)
}

/// `[1] Author, "Title," Publisher, 2023-01-23, URL` with the parts that are known.
pub fn format_citation(c: &StoredCitation) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = &c.author {
        parts.push(a.clone());
    }
    if let Some(t) = &c.title {
        parts.push(format!("\"{t}\""));
    }
    if let Some(p) = &c.publisher {
        parts.push(p.clone());
    }
    if let Some(d) = c.date {
        parts.push(d.to_string());
    }
    if let Some(u) = &c.url {
        parts.push(u.clone());
    }
    let mut out = String::new();
    if let Some(m) = &c.marker {
        out.push_str(m);
        out.push(' ');
    }
    if c.foreign_domain {
        out.push_str("(foreign-domain link) ");
    }
    if parts.is_empty() {
        out.push_str(&c.raw);
    } else {
        out.push_str(&parts.join(", "));
    }
    out
}

pub fn vocabulary(v: &Vocabulary, as_json: bool) -> anyhow::Result<ExitCode> {
    if as_json {
        let out = json!({
            "entity_types": v.entity_types.iter().map(|(k, t)| json!({"id": k, "label": t.label, "parent": t.parent})).collect::<Vec<_>>(),
            "predicates": v.predicates.iter().map(|(k, p)| json!({
                "id": k, "label": p.label, "domain": p.domain, "range": p.range, "inverse": p.inverse,
                "functional": p.functional, "inverse_functional": p.inverse_functional, "symmetric": p.symmetric,
            })).collect::<Vec<_>>(),
            "event_types": v.event_types.iter().map(|(k, t)| json!({
                "id": k, "label": t.label, "cameo": t.cameo,
                "subtypes": t.subtypes.iter().map(|s| json!({"id": s.id, "label": s.label, "cameo": s.cameo})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "icd203": v.icd203.iter().map(|b| json!({"id": b.id, "label": b.label, "min": b.min, "max": b.max})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Entity types:");
    for (k, t) in &v.entity_types {
        match &t.parent {
            Some(p) => println!("  {k} ({}) < {p}", t.label),
            None => println!("  {k} ({})", t.label),
        }
    }
    println!("Predicates:");
    for (k, p) in &v.predicates {
        let mut flags = Vec::new();
        if p.symmetric {
            flags.push("symmetric".to_string());
        }
        if p.functional {
            flags.push("functional".to_string());
        }
        if p.inverse_functional {
            flags.push("inverse-functional".to_string());
        }
        if let Some(inv) = &p.inverse {
            flags.push(format!("inverse {inv}"));
        }
        println!(
            "  {k}: {} -> {}  {}",
            p.domain.join("|"),
            p.range.join("|"),
            flags.join(", ")
        );
    }
    println!("Event types:");
    for (k, t) in &v.event_types {
        let subs: Vec<&str> = t.subtypes.iter().map(|s| s.id.as_str()).collect();
        println!("  {k} (CAMEO {}): {}", t.cameo, subs.join(", "));
    }
    println!("ICD 203 bands:");
    for b in &v.icd203 {
        println!("  {} {}-{}%", b.label, b.min, b.max);
    }
    Ok(ExitCode::SUCCESS)
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
