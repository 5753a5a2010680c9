//! The dossier application: the command line and the pipeline that ties the library crates
//! together. The binary (`main.rs`) only parses arguments and prints errors.
//!
//! - [`cli`]: the arguments;
//! - [`pipeline`]: bytes of a file → a prepared source (the code path ingest, extract and eval
//!   share);
//! - [`walk`]: which files a list of paths means;
//! - [`ingest`]: prepared sources into the store, with progress and a summary;
//! - [`commands`]: one module per read command.

pub mod assess;
pub mod cli;
pub mod commands;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod io;
pub mod kb;
pub mod pipeline;
pub mod questions;
pub mod resolve;
pub mod screen;
pub mod walk;
pub mod web;

use std::process::ExitCode;

use anyhow::Context;
use dossier_model::{FuzzyDate, Vocabulary};

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    let vocabulary = load_vocabulary(cli.vocabulary.as_deref())?;
    match cli.command {
        cli::Command::Ingest(args) => ingest::run(&cli.db, &args, today(), vocabulary),
        cli::Command::Sources(flag) => commands::sources(&cli.db, flag.json),
        cli::Command::Entities(flag) => commands::entities(&cli.db, flag.json),
        cli::Command::Show(args) => commands::show(&cli.db, &args.source, args.json),
        cli::Command::Cite(args) => commands::cite(&cli.db, &args.source, args.json),
        cli::Command::Extract(args) => extract::run(&cli.db, &args, vocabulary, today()),
        cli::Command::Assess(command) => assess::run(&cli.db, &command),
        cli::Command::Eval(args) => eval::run(&args, &vocabulary, today()),
        cli::Command::Vocabulary(flag) => commands::vocabulary(&vocabulary, flag.json),
        cli::Command::Screen(command) => screen::run(&cli.db, command, vocabulary),
        cli::Command::Resolve(command) => resolve::run(&cli.db, command, vocabulary),
        cli::Command::Questions(command) => questions::run(&cli.db, command, vocabulary),
        cli::Command::Io(command) => io::run(&cli.db, command, vocabulary),
        cli::Command::Web(command) => web::run(&cli.db, command, vocabulary),
    }
}

/// The built-in vocabulary, or the file given, checked.
pub fn load_vocabulary(path: Option<&std::path::Path>) -> anyhow::Result<Vocabulary> {
    match path {
        None => Ok(Vocabulary::builtin()?),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read vocabulary {}", path.display()))?;
            Ok(Vocabulary::from_toml(&text, &path.display().to_string())?)
        }
    }
}

/// Today's date (UTC), from the system clock.
pub fn today() -> FuzzyDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    FuzzyDate::day(y, m, d).unwrap_or_else(|_| FuzzyDate::year(2000).expect("2000 is a valid year"))
}

/// The calendar date of a day number counted from 1970-01-01 (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
    }
}
