//! `dossier import` and `dossier export`: the field's formats in and out (dossier-io).
//!
//! ```text
//! dossier import acled events.csv [--skip-bad]   ──►  "events.csv: 41 rows: 41 added, 0 updated, 0 unchanged, 0 rejected"
//! dossier import un consolidated.xml              ──►  persons and organizations, designated_by statements
//! dossier import ftm entities.ijson               ──►  FollowTheMoney entities and links
//! ```

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use dossier_io::{ImportOptions, ImportReport, Progress};
use dossier_model::Vocabulary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The subcommands this module answers; flattened into the top-level command line.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a dataset: an ACLED CSV export, the UN Security Council consolidated list (XML)
    /// or FollowTheMoney JSON lines. One transaction: a bad row stores nothing, unless
    /// --skip-bad.
    Import {
        /// The file's format.
        format: ImportFormat,
        /// The file to import.
        file: PathBuf,
        /// Import the good rows and report each bad one (line, column, reason).
        #[arg(long)]
        skip_bad: bool,
        /// Title of the dataset's source (default: the file name).
        #[arg(long)]
        title: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Formats `dossier import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// ACLED CSV export (current and older layouts).
    Acled,
    /// UN Security Council consolidated sanctions list (XML).
    Un,
    /// FollowTheMoney entities, one JSON object per line.
    Ftm,
}

/// Runs one of this module's subcommands.
pub fn run(db: &Path, command: Command, vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    match command {
        Command::Import {
            format,
            file,
            skip_bad,
            title,
            json,
        } => import(db, format, &file, skip_bad, title, json, &vocabulary),
    }
}

fn import(
    db: &Path,
    format: ImportFormat,
    file: &Path,
    skip_bad: bool,
    title: Option<String>,
    json: bool,
    vocabulary: &Vocabulary,
) -> anyhow::Result<ExitCode> {
    if !file.is_file() {
        anyhow::bail!("{}: no such file", file.display());
    }
    let mut store = crate::kb::open(db)?;
    let bar = progress_bar();
    let mut tick = |p: Progress| {
        bar.set_length(p.total_bytes);
        bar.set_position(p.bytes);
        let seconds = bar.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{} rows, {:.0} rows/s",
            p.rows,
            p.rows as f64 / seconds
        ));
    };
    let options = ImportOptions {
        skip_bad,
        progress: Some(&mut tick),
        title,
    };
    let report = match format {
        ImportFormat::Acled => dossier_io::acled::import(&mut store, file, vocabulary, options),
        ImportFormat::Un => anyhow::bail!("the UN list import is not built yet"),
        ImportFormat::Ftm => anyhow::bail!("the FollowTheMoney import is not built yet"),
    };
    bar.finish_and_clear();
    let report = report.with_context(|| format!("importing {}", file.display()))?;
    print_report(file, &report, json)?;
    Ok(ExitCode::SUCCESS)
}

fn print_report(file: &Path, report: &ImportReport, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    println!(
        "{}: {} rows: {} added, {} updated, {} unchanged, {} rejected; {} entities created, {} found in the knowledge base; {} statements",
        file.display(),
        report.rows,
        report.added,
        report.updated,
        report.unchanged,
        report.rejected.len(),
        report.entities_created,
        report.entities_matched,
        report.statements,
    );
    for r in &report.rejected {
        match &r.column {
            Some(c) => println!("  rejected line {}, column {c}: {}", r.line, r.reason),
            None => println!("  rejected line {}: {}", r.line, r.reason),
        }
    }
    println!("source {}", report.source);
    Ok(())
}

/// A progress bar with rows/s on a terminal; hidden otherwise.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg} {eta}") {
        bar.set_style(style);
    }
    bar
}
