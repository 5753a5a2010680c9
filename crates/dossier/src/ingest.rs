//! `dossier ingest PATH...`: files into the knowledge base, one transaction per source.
//!
//! ```text
//! $ dossier ingest reports/
//! error: reports/scan.txt: the file looks binary (byte 4 is 0x00), not text
//! 3 ingested, 1 unchanged, 1 failed
//! ```
//!
//! A file that fails leaves nothing in the store and does not stop the others; the exit code is
//! 1 when any file failed. A progress bar is drawn only when stderr is a terminal.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_model::FuzzyDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::IngestArgs;
use crate::kb;
use crate::pipeline::{self, MetaOverrides, PrepareError, Resources};
use crate::walk;

/// What happened to one file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub sentences: usize,
    pub citations: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ingested,
    Unchanged,
    Failed,
}

/// Counts for the summary line.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub ingested: usize,
    pub unchanged: usize,
    pub failed: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ingested, {} unchanged, {} failed",
            self.ingested, self.unchanged, self.failed
        )
    }
}

pub fn run(
    db: &Path,
    args: &IngestArgs,
    today: FuzzyDate,
    vocabulary: dossier_model::Vocabulary,
) -> anyhow::Result<ExitCode> {
    let mut store = kb::open(db)?;
    let resolution = kb::ResolutionRun::start(&store)?;
    let known = kb::known_names(&store, &vocabulary)?;
    let resources = Resources::new(vocabulary, known);
    let overrides = MetaOverrides {
        title: args.title.clone(),
        publisher: args.publisher.clone(),
        published: args.published,
        url: args.url.clone(),
        kind: args.kind.clone(),
    };
    let (files, problems) = walk::collect(&args.paths);
    let bar = progress_bar(files.len() as u64);
    let mut reports: Vec<FileReport> = Vec::new();
    for problem in problems {
        if !args.json {
            eprintln!("error: {}: {}", problem.path.display(), problem.reason);
        }
        reports.push(failed(problem.path, problem.reason));
    }
    for path in files {
        bar.set_message(path.display().to_string());
        let report = ingest_file(
            &mut store,
            &path,
            &overrides,
            args.max_size,
            today,
            &resources,
        );
        bar.inc(1);
        if report.status == Status::Failed && !args.json {
            bar.suspend(|| {
                eprintln!(
                    "error: {}: {}",
                    report.path.display(),
                    report.error.as_deref().unwrap_or("")
                );
            });
        }
        reports.push(report);
    }
    bar.finish_and_clear();
    // The entities this run stored join the knowledge base's (issue 6), in one pass.
    let resolved = resolution.finish(&mut store, &resources.vocabulary);
    if let Err(e) = &resolved {
        eprintln!("error: entities were stored but not resolved ({e:#}); run `dossier resolve`");
    }
    // What this run stored goes into the search index in one go (far faster than file by
    // file). If that fails, the files stay stored and the next writer indexes them.
    let indexed = store.index_pending();
    if let Err(e) = &indexed {
        eprintln!("error: the search index was not updated ({e}); the next ingest will do it");
    }
    let mut summary = Summary::default();
    for r in &reports {
        match r.status {
            Status::Ingested => summary.ingested += 1,
            Status::Unchanged => summary.unchanged += 1,
            Status::Failed => summary.failed += 1,
        }
    }
    if args.json {
        for r in &reports {
            println!("{}", serde_json::to_string(r)?);
        }
    }
    eprintln!("{summary}");
    Ok(
        if summary.failed > 0 || indexed.is_err() || resolved.is_err() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {per_sec} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

fn failed(path: PathBuf, error: String) -> FileReport {
    FileReport {
        path,
        status: Status::Failed,
        id: None,
        error: Some(error),
        sentences: 0,
        citations: 0,
        encoding: None,
    }
}

/// Reads, prepares and stores one file.
pub fn ingest_file(
    store: &mut dossier_store::Store,
    path: &Path,
    overrides: &MetaOverrides,
    max_size: u64,
    today: FuzzyDate,
    resources: &Resources,
) -> FileReport {
    match try_ingest(store, path, overrides, max_size, today, resources) {
        Ok(report) => report,
        Err(e) => failed(path.to_path_buf(), format!("{e:#}")),
    }
}

fn try_ingest(
    store: &mut dossier_store::Store,
    path: &Path,
    overrides: &MetaOverrides,
    max_size: u64,
    today: FuzzyDate,
    resources: &Resources,
) -> anyhow::Result<FileReport> {
    let format = pipeline::format_of(path).ok_or(PrepareError::UnsupportedType)?;
    let bytes = read_limited(path, max_size)?;
    let prepared =
        pipeline::prepare(&bytes, format, overrides, today, resources).map_err(|e| match e {
            PrepareError::Load(dossier_text::LoadError::Decode(
                dossier_text::decode::DecodeError::Binary { offset, byte },
            )) => anyhow::anyhow!(
                "line {}: byte {offset} is {byte:#04x}: the file looks binary, not text",
                line_of(&bytes, offset)
            ),
            other => anyhow::Error::new(other),
        })?;
    let inserted = kb::store_source(store, &prepared, path)
        .with_context(|| "nothing of this file was stored")?;
    Ok(FileReport {
        path: path.to_path_buf(),
        status: if inserted {
            Status::Ingested
        } else {
            Status::Unchanged
        },
        id: Some(prepared.id.clone()),
        error: None,
        sentences: prepared.analysis.sentences.len(),
        citations: prepared.analysis.citations.len(),
        encoding: Some(prepared.doc.encoding.as_str()),
    })
}

/// Reads a file, refusing it before reading when it is over `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).context("cannot open")?;
    let size = file.metadata().context("cannot read metadata")?.len();
    if size > limit {
        return Err(PrepareError::TooLarge { size, limit }.into());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // A file growing while we read is cut at the limit and refused.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .context("cannot read")?;
    if bytes.len() as u64 > limit {
        return Err(PrepareError::TooLarge {
            size: bytes.len() as u64,
            limit,
        }
        .into());
    }
    Ok(bytes)
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}
