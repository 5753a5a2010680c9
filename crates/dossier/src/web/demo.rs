//! `dossier demo`: the bundled example reports and the example ACLED events (`events.csv`,
//! through `dossier_io::acled::import`) in a fresh knowledge base, then served.
//!
//! ```text
//! $ dossier demo
//! 8 ingested, 0 unchanged, 0 failed
//! examples/events.csv: 41 events added, 0 updated, 0 unchanged
//! dossier: serving /tmp/.tmpAbC/demo.db on http://127.0.0.1:8080/ (Ctrl-C to stop)
//! ```
//!
//! The knowledge base goes into a temporary folder removed when the server stops, unless
//! `--into FILE` names where to keep it (then `--build-only` skips serving).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_model::Vocabulary;

use super::DemoArgs;
use super::server;
use super::state::App;
use crate::cli::{IngestArgs, parse_size};

/// Where the examples are: the flag, else `./examples`, else the repository this binary was
/// built from.
fn examples_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    let candidates = [
        PathBuf::from("examples"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples"),
    ];
    candidates
        .into_iter()
        .find(|d| d.join("reports").is_dir())
        .context("cannot find the example reports (examples/reports); pass --examples DIR")
}

/// Builds the demo knowledge base at `db`.
pub fn build(db: &Path, examples: &Path, vocabulary: Vocabulary) -> anyhow::Result<()> {
    let reports = examples.join("reports");
    if !reports.is_dir() {
        anyhow::bail!("{}: no such folder of example reports", reports.display());
    }
    let args = IngestArgs {
        paths: vec![reports],
        title: None,
        publisher: None,
        published: None,
        url: None,
        kind: None,
        max_size: parse_size("50M").map_err(anyhow::Error::msg)?,
        json: false,
    };
    let code = crate::ingest::run(db, &args, crate::today(), vocabulary.clone())?;
    if code != ExitCode::SUCCESS {
        anyhow::bail!("some example reports could not be ingested (see above)");
    }
    let events = examples.join("events.csv");
    if events.is_file() {
        let mut store = crate::kb::open(db)?;
        let report = dossier_io::acled::import(
            &mut store,
            &events,
            &vocabulary,
            dossier_io::ImportOptions::default(),
        )
        .with_context(|| format!("importing {}", events.display()))?;
        eprintln!(
            "{}: {} events added, {} updated, {} unchanged",
            events.display(),
            report.added,
            report.updated,
            report.unchanged
        );
    }
    Ok(())
}

pub fn run(args: &DemoArgs, vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    let examples = examples_dir(args.examples.as_deref())?;
    let (_dir, db) = match &args.into {
        Some(path) => (None, path.clone()),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("dossier-demo")
                .tempdir()
                .context("cannot make a temporary folder for the demo")?;
            let db = dir.path().join("demo.db");
            (Some(dir), db)
        }
    };
    build(&db, &examples, vocabulary.clone())?;
    if args.build_only {
        eprintln!("demo knowledge base ready: {}", db.display());
        return Ok(ExitCode::SUCCESS);
    }
    server::serve(App::new(db, vocabulary)?, &args.addr)?;
    Ok(ExitCode::SUCCESS)
}
