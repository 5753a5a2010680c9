//! Cross-document resolution and analyst review: `resolve`, `review`, `merge`, `split`,
//! `judgements` (issue 6; the work is in `dossier_resolve`).
//!
//! ```text
//! $ dossier resolve
//! 75 entities from 187 document entities (was 78); 3 joined, 0 left; 4 pairs wait for review
//! $ dossier review --analyst ana            # one pair at a time; answer s, d, u or q
//! $ dossier merge 19 38 --analyst ana
//! $ dossier split 11 --name "U.N. peacekeeping mission" --analyst ana
//! $ dossier judgements --json
//! ```

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use dossier_model::Vocabulary;
use dossier_resolve::{Judgement, Report, Resolver, ReviewItem, Selection};

use crate::kb;

/// The subcommands this module answers; flattened into the top-level command line.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Re-resolve the whole knowledge base: entities of all documents, every analyst's
    /// judgement replayed.
    Resolve(JsonOnly),
    /// Review candidate pairs one at a time: s (same), d (different), u (unsure), q (quit).
    Review(ReviewArgs),
    /// Merge two entities (records the judgement "same").
    Merge(MergeArgs),
    /// Split parts off an entity (by name, source or part); without a selection, list its parts.
    Split(SplitArgs),
    /// List the analysts' identity judgements, oldest first.
    Judgements(JsonOnly),
}

#[derive(Debug, Args)]
pub struct JsonOnly {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct Analyst {
    /// Who decides (recorded with the judgement); defaults to $DOSSIER_ANALYST, then $USER.
    #[arg(long, env = "DOSSIER_ANALYST")]
    pub analyst: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub analyst: Analyst,
    /// Only show the queue (best first), without asking.
    #[arg(long)]
    pub list: bool,
    /// With --list: how many pairs.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// With --list: print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// An entity id (from `dossier entities`).
    pub a: i64,
    /// The other entity id.
    pub b: i64,
    #[command(flatten)]
    pub analyst: Analyst,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The entity to split.
    pub entity: i64,
    /// Take away the parts that use this name (compared after folding); repeatable.
    #[arg(long = "name")]
    pub names: Vec<String>,
    /// Take away the parts from this source (id prefix); repeatable.
    #[arg(long = "source")]
    pub sources: Vec<String>,
    /// Take away this part (an id from the listing); repeatable.
    #[arg(long = "origin")]
    pub origins: Vec<i64>,
    #[command(flatten)]
    pub analyst: Analyst,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs one of this module's subcommands.
pub fn run(db: &Path, command: Command, vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    let resolver = Resolver::builtin(&vocabulary)?;
    match command {
        Command::Resolve(args) => {
            let mut store = kb::open_existing_writable(db)?;
            let report = resolver.resolve_all(&mut store)?;
            print_report(&report, args.json)?;
        }
        Command::Review(args) if args.list => {
            let store = kb::open_existing(db)?;
            let queue = resolver.review_queue(&store, args.limit)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&queue)?);
            } else if queue.is_empty() {
                println!("The review queue is empty.");
            } else {
                let mut out = std::io::stdout().lock();
                for (i, item) in queue.iter().enumerate() {
                    show(&mut out, item, i + 1, queue.len())?;
                }
            }
        }
        Command::Review(args) => {
            let analyst = analyst(&args.analyst)?;
            let mut store = kb::open_existing_writable(db)?;
            review(&resolver, &mut store, &analyst)?;
        }
        Command::Merge(args) => {
            let analyst = analyst(&args.analyst)?;
            let mut store = kb::open_existing_writable(db)?;
            let report = resolver.merge(&mut store, args.a, args.b, &analyst)?;
            let live = store.live_entity(args.a)?.unwrap_or(args.a);
            if args.json {
                let v = serde_json::json!({"entity": live, "report": report});
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "{} and {} are now entity {live} (judgement recorded; to undo, list its parts with `dossier split {live}` and split off those of {})",
                    args.a,
                    args.b,
                    if live == args.a { args.b } else { args.a }
                );
                print_report(&report, false)?;
            }
        }
        Command::Split(args) => {
            let selection = Selection {
                names: args.names.clone(),
                sources: args.sources.clone(),
                origins: args.origins.clone(),
            };
            if selection == Selection::default() {
                let store = kb::open_existing(db)?;
                let parts = resolver.parts(&store, args.entity)?;
                if args.json {
                    println!("{}", serde_json::to_string_pretty(&parts)?);
                } else {
                    println!(
                        "Entity {} is made of {} part(s); say which to split off with --name, --source or --origin:",
                        args.entity,
                        parts.len()
                    );
                    for p in &parts {
                        let sources: Vec<String> =
                            p.sources.iter().map(|s| short(&s.id).to_string()).collect();
                        println!(
                            "  --origin {:<6} {:<14} {}  [sources {}]",
                            p.origin,
                            p.entity_type,
                            p.names.join("; "),
                            sources.join(", ")
                        );
                    }
                }
                return Ok(ExitCode::from(2));
            }
            let analyst = analyst(&args.analyst)?;
            let mut store = kb::open_existing_writable(db)?;
            let (new, report) = resolver.split(&mut store, args.entity, &selection, &analyst)?;
            if args.json {
                let v = serde_json::json!({"entity": store.live_entity(args.entity)?, "new_entity": new, "report": report});
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "split off entity {new} from entity {} (judgements recorded)",
                    store.live_entity(args.entity)?.unwrap_or(args.entity)
                );
                print_report(&report, false)?;
            }
        }
        Command::Judgements(args) => {
            let store = kb::open_existing(db)?;
            let rows = dossier_resolve::judgements(&store)?;
            let name = |id: i64| -> anyhow::Result<String> {
                Ok(store.entity_name(id)?.unwrap_or_else(|| format!("#{id}")))
            };
            if args.json {
                let mut out = Vec::new();
                for (j, in_force) in &rows {
                    out.push(serde_json::json!({
                        "id": j.id, "left": j.left, "left_name": name(j.left)?,
                        "right": j.right, "right_name": name(j.right)?,
                        "judgement": j.judgement, "analyst": j.analyst,
                        "created_at": j.created_at, "note": j.note, "in_force": in_force,
                    }));
                }
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else if rows.is_empty() {
                println!("No judgements yet.");
            } else {
                for (j, in_force) in &rows {
                    println!(
                        "{:>4}  {}  {:<9} {:>5} {} ~ {:>5} {}  by {}{}{}",
                        j.id,
                        j.created_at,
                        j.judgement.as_str(),
                        j.left,
                        name(j.left)?,
                        j.right,
                        name(j.right)?,
                        j.analyst,
                        j.note
                            .as_deref()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default(),
                        if *in_force { "" } else { "  [superseded]" },
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The analyst's name: the flag or $DOSSIER_ANALYST, else $USER.
fn analyst(a: &Analyst) -> anyhow::Result<String> {
    a.analyst
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .context("say who decides: --analyst NAME (or set DOSSIER_ANALYST)")
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

fn print_report(r: &Report, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(r)?);
        return Ok(());
    }
    println!(
        "{} entities from {} document entities (was {}); {} joined, {} left; {} pair(s) wait for review",
        r.entities_after, r.origins, r.entities_before, r.joined, r.left, r.queued
    );
    for c in &r.conflicts {
        println!("conflict: {c}");
    }
    Ok(())
}

/// Shows a candidate pair with its evidence.
fn show(out: &mut impl Write, item: &ReviewItem, n: usize, of: usize) -> std::io::Result<()> {
    let c = &item.candidate;
    writeln!(out, "Pair {n} of {of}: score {:.2}", c.score)?;
    for e in [&item.left, &item.right] {
        writeln!(
            out,
            "  [{}] {} ({}, {} part{})",
            e.id,
            e.name,
            e.entity_type,
            e.parts,
            if e.parts == 1 { "" } else { "s" }
        )?;
        writeln!(out, "      names:   {}", e.names.join("; "))?;
        let sources: Vec<String> = e
            .sources
            .iter()
            .map(|s| match &s.title {
                Some(t) => format!("{t} ({})", short(&s.id)),
                None => short(&s.id).to_string(),
            })
            .collect();
        writeln!(out, "      sources: {}", sources.join("; "))?;
    }
    if !item.shared_neighbours.is_empty() {
        let n: Vec<String> = item
            .shared_neighbours
            .iter()
            .map(|(id, name)| format!("{name} [{id}]"))
            .collect();
        writeln!(out, "  shared neighbours: {}", n.join(", "))?;
    }
    writeln!(out, "  why:")?;
    for r in &c.reasons {
        writeln!(out, "    {r}")?;
    }
    Ok(())
}

/// The review loop: the best pair, a key from stdin, the judgement, the next pair.
fn review(
    resolver: &Resolver<'_>,
    store: &mut dossier_store::Store,
    analyst: &str,
) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout().lock();
    let mut judged = 0;
    loop {
        let queue = resolver.review_queue(store, usize::MAX)?;
        let Some(item) = queue.first() else {
            writeln!(
                out,
                "The review queue is empty ({judged} judged in this session)."
            )?;
            return Ok(());
        };
        show(&mut out, item, 1, queue.len())?;
        let judgement = loop {
            write!(out, "Same entity? [s]ame, [d]ifferent, [u]nsure, [q]uit: ")?;
            out.flush()?;
            let Some(line) = lines.next() else {
                writeln!(out)?;
                writeln!(out, "End of input: stopping ({judged} judged).")?;
                return Ok(());
            };
            let line = line.context("cannot read the answer from standard input")?;
            match line.trim().chars().next().map(|c| c.to_ascii_lowercase()) {
                Some('s') => break Judgement::Same,
                Some('d') => break Judgement::Different,
                Some('u') => break Judgement::Unsure,
                Some('q') => {
                    writeln!(out, "Stopped ({judged} judged).")?;
                    return Ok(());
                }
                _ => writeln!(out, "Answer s, d, u or q.")?,
            }
        };
        let (l, r) = (item.candidate.left, item.candidate.right);
        let report = resolver.judge(store, l, r, judgement, analyst, None)?;
        judged += 1;
        writeln!(out, "Recorded: {l} and {r} are {judgement}.")?;
        for c in &report.conflicts {
            writeln!(out, "conflict: {c}")?;
        }
    }
}
