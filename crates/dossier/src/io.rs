//! Commands of this area (being built; see ARCHITECTURE.md).

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use dossier_model::Vocabulary;

/// The subcommands this module answers; flattened into the top-level command line.
#[derive(Debug, Subcommand)]
pub enum Command {}

/// Runs one of this module's subcommands.
pub fn run(_db: &Path, command: Command, _vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    match command {}
}
