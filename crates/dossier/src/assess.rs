//! `dossier assess list|resolve`: the analysts' estimative judgements, and whether they came
//! true.
//!
//! ```text
//! $ dossier assess list --status open
//!   7  likely       open       2023-02  JNIM will likely establish de facto control over northern Mali
//! $ dossier assess resolve 7 came_true --note "CMA and JNIM held Kidal by late 2023"
//! ```

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::kb;

#[derive(Debug, Subcommand)]
pub enum AssessCommand {
    /// List judgements, newest source first.
    List(ListArgs),
    /// Record whether a judgement came true.
    Resolve(ResolveArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only judgements with this status: open, came_true or did_not.
    #[arg(long)]
    pub status: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The judgement's id (from `dossier assess list`).
    pub id: i64,
    /// came_true, did_not, or open to undo.
    pub status: String,
    /// Why: what happened, and where it is documented.
    #[arg(long)]
    pub note: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(db: &Path, command: &AssessCommand) -> anyhow::Result<ExitCode> {
    match command {
        AssessCommand::List(args) => {
            let store = kb::open_existing(db)?;
            let rows = store.assessments(args.status.as_deref())?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
                return Ok(ExitCode::SUCCESS);
            }
            for a in &rows {
                println!(
                    "{:>4}  {:<20} {:<9}  {:<10} {}",
                    a.id,
                    a.band,
                    a.status,
                    a.published.as_deref().unwrap_or("undated"),
                    a.claim
                );
                let mut extra = Vec::new();
                if let Some(h) = &a.horizon {
                    extra.push(format!("horizon: {h}"));
                }
                if let Some(s) = &a.scenario {
                    extra.push(format!("scenario: {s}"));
                }
                extra.push(format!(
                    "\"{}\" in {}",
                    a.phrase,
                    a.source_title.as_deref().unwrap_or(&a.source)
                ));
                if let Some(n) = &a.note {
                    extra.push(format!("note: {n}"));
                }
                println!("{:>6}{}", "", extra.join(" · "));
            }
            println!("{} judgement(s)", rows.len());
        }
        AssessCommand::Resolve(args) => {
            let mut store = kb::open(db)?;
            let row = store.resolve_assessment(args.id, &args.status, args.note.as_deref())?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&row)?);
            } else {
                println!("judgement {}: {} ({})", row.id, row.status, row.claim);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
