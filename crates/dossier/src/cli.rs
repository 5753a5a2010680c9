//! The command line: raw arguments as clap parses them.
//!
//! ```text
//! dossier --db kb.db ingest reports/ --publisher "Critical Threats"
//! dossier show 3f2a9c --json
//! ```

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use dossier_model::FuzzyDate;

#[derive(Debug, Parser)]
#[command(name = "dossier", version, about = "A sourced knowledge base of conflict reports", long_about = None)]
pub struct Cli {
    /// The knowledge base file (SQLite).
    #[arg(long, global = true, env = "DOSSIER_DB", default_value = "dossier.db")]
    pub db: PathBuf,

    /// A vocabulary file to use instead of the built-in one.
    #[arg(long, global = true, env = "DOSSIER_VOCABULARY")]
    pub vocabulary: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest reports (.txt, .md, .html files or directories of them).
    Ingest(IngestArgs),
    /// List the sources in the knowledge base.
    Sources(JsonFlag),
    /// List the entities in the knowledge base with their names.
    Entities(JsonFlag),
    /// Show a source's sentences, numbered, with their citations.
    Show(SourceArgs),
    /// Print a source's bibliography.
    Cite(SourceArgs),
    /// Show what the pipeline finds in a file, without storing it.
    Extract(crate::extract::ExtractArgs),
    /// The analysts' estimative judgements: list them, record whether they came true.
    #[command(subcommand)]
    Assess(crate::assess::AssessCommand),
    /// Score extraction against gold facts.
    Eval(crate::eval::EvalArgs),
    /// Check and print the vocabulary (entity types, predicates, event types, ICD 203 bands).
    Vocabulary(JsonFlag),
    /// Name screening (`match`).
    #[command(flatten)]
    Screen(crate::screen::Command),
    /// Cross-document resolution and analyst review (`resolve`, `review`, `merge`, `split`, ...).
    #[command(flatten)]
    Resolve(crate::resolve::Command),
    /// Questions (`profile`, `timeline`, `asof`, `graph`, `conflicts`, `brief`).
    #[command(flatten)]
    Questions(crate::questions::Command),
    /// Imports and exports (`import`, `export`).
    #[command(flatten)]
    Io(crate::io::Command),
    /// The web app (`serve`, `demo`, `user`, `map`).
    #[command(flatten)]
    Web(crate::web::Command),
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// A source id or a unique prefix of one (at least 6 characters).
    pub source: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories to ingest.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Title of the source (otherwise from the file's metadata or its first line).
    #[arg(long)]
    pub title: Option<String>,
    /// Publisher of the source.
    #[arg(long)]
    pub publisher: Option<String>,
    /// Publication date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<FuzzyDate>,
    /// Address of the source.
    #[arg(long)]
    pub url: Option<String>,
    /// Kind of source: analysis, profile, news, dataset…
    #[arg(long)]
    pub kind: Option<String>,
    /// Largest file accepted, in bytes (suffixes K, M, G accepted).
    #[arg(long, default_value = "50M", value_parser = parse_size)]
    pub max_size: u64,
    /// Print the results as JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn parse_date(s: &str) -> Result<FuzzyDate, String> {
    s.parse::<FuzzyDate>().map_err(|e| e.to_string())
}

/// "50M", "2G", "1024", "512K" as bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size like 50M"))?;
    let mult: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("unknown size unit `{unit}` (use K, M or G)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("50M"), Ok(50 << 20));
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("2 g"), Ok(2 << 30));
        assert!(parse_size("5X").is_err());
        assert!(parse_size("M").is_err());
    }

    #[test]
    fn the_cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
