//! `dossier import` and `dossier export`: the field's formats in and out (dossier-io).
//!
//! ```text
//! dossier import acled events.csv [--skip-bad]   ──►  "events.csv: 41 rows: 41 added, 0 updated, 0 unchanged, 0 rejected"
//! dossier import un consolidated.xml              ──►  persons and organizations, designated_by statements
//! dossier import ftm entities.ijson               ──►  FollowTheMoney entities and links
//! ```

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use dossier_io::{ImportOptions, ImportReport, Progress};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_store::ExportFilter;
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
        /// Then run cross-document resolution on the entities the dataset added, as ingest
        /// does (the import itself already reuses entities found by their names' keys and
        /// identifiers); can take minutes on a list of thousands.
        #[arg(long)]
        resolve: bool,
    },
    /// Export the knowledge base (or what concerns one entity, or a period) as FollowTheMoney
    /// JSON lines, a STIX 2.1 bundle, GeoJSON of events or CSV of events or statements.
    Export {
        /// The format to write.
        format: ExportFormat,
        /// Only this entity (id or name), its statements and events.
        #[arg(long)]
        entity: Option<String>,
        /// Only events and dated statements from this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Only events and dated statements up to this date.
        #[arg(long)]
        to: Option<String>,
        /// For csv: which table.
        #[arg(long, value_enum, default_value_t = CsvTable::Events)]
        table: CsvTable,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Formats `dossier export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// FollowTheMoney entities, one JSON object per line.
    Ftm,
    /// A STIX 2.1 bundle.
    Stix,
    /// A GeoJSON FeatureCollection of events.
    Geojson,
    /// CSV of events or statements (--table).
    Csv,
}

/// The tables `dossier export csv` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CsvTable {
    Events,
    Statements,
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
            resolve,
        } => import(
            db,
            format,
            &file,
            skip_bad,
            title,
            json,
            resolve,
            &vocabulary,
        ),
        Command::Export {
            format,
            entity,
            from,
            to,
            table,
            out,
        } => export(db, format, entity, from, to, table, out, &vocabulary),
    }
}

#[allow(clippy::too_many_arguments)]
fn import(
    db: &Path,
    format: ImportFormat,
    file: &Path,
    skip_bad: bool,
    title: Option<String>,
    json: bool,
    resolve: bool,
    vocabulary: &Vocabulary,
) -> anyhow::Result<ExitCode> {
    if !file.is_file() {
        anyhow::bail!("{}: no such file", file.display());
    }
    let mut store = crate::kb::open(db)?;
    let resolution = crate::kb::ResolutionRun::start(&store)?;
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
        ImportFormat::Un => dossier_io::sanctions::import(&mut store, file, vocabulary, options),
        ImportFormat::Ftm => dossier_io::ftm::import(&mut store, file, vocabulary, options),
    };
    bar.finish_and_clear();
    let report = report.with_context(|| format!("importing {}", file.display()))?;
    // The entities the dataset added join cross-document resolution, as ingested reports'
    // do (the importers already reused entities found by their names' keys).
    let resolved = if resolve && report.entities_created > 0 {
        Some(resolution.finish(&mut store, vocabulary)?)
    } else {
        None
    };
    print_report(file, &report, json)?;
    if let (Some(r), false) = (&resolved, json) {
        println!(
            "resolution: {} entities before, {} after",
            r.entities_before, r.entities_after
        );
    }
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

#[allow(clippy::too_many_arguments)]
fn export(
    db: &Path,
    format: ExportFormat,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    table: CsvTable,
    out: Option<PathBuf>,
    vocabulary: &Vocabulary,
) -> anyhow::Result<ExitCode> {
    let store = crate::kb::open_existing(db)?;
    let day = |text: &Option<String>, end: bool| -> anyhow::Result<Option<i64>> {
        let Some(text) = text else { return Ok(None) };
        let date: FuzzyDate = text
            .parse()
            .with_context(|| format!("`{text}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))?;
        let (lo, hi) = date.interval();
        Ok(Some(if end { hi } else { lo }))
    };
    let entity = match entity {
        None => None,
        Some(e) => Some(find_entity(&store, &e)?),
    };
    let filter = ExportFilter {
        entity,
        from_day: day(&from, false)?,
        to_day: day(&to, true)?,
    };
    let data = store.export_data(&filter)?;
    let mut writer: Box<dyn Write> = match &out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let count = match format {
        ExportFormat::Ftm => dossier_io::ftm::export(&data, vocabulary, &mut writer)?,
        ExportFormat::Stix => dossier_io::export::stix(&data, vocabulary, &mut writer)?,
        ExportFormat::Geojson => dossier_io::export::geojson(&data, vocabulary, &mut writer)?,
        ExportFormat::Csv => match table {
            CsvTable::Events => dossier_io::export::events_csv(&data, &mut writer)?,
            CsvTable::Statements => dossier_io::export::statements_csv(&data, &mut writer)?,
        },
    };
    writer.flush().context("writing the export")?;
    if let Some(path) = &out {
        eprintln!("{}: {count} records", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// An entity by id, or by a name the knowledge base holds (strong names first).
fn find_entity(store: &dossier_store::Store, text: &str) -> anyhow::Result<i64> {
    if let Ok(id) = text.parse::<i64>() {
        return Ok(id);
    }
    let rows = store.entities_by_folded(&[dossier_names::key(text)])?;
    let best = rows.iter().find(|r| !r.weak).or_else(|| rows.first());
    match best {
        Some(r) => Ok(r.entity),
        None => anyhow::bail!("no entity named `{text}` in the knowledge base"),
    }
}
