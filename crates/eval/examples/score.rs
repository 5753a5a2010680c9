//! Scores predictions files against a gold file, one column per system.
//!
//! ```text
//! cargo run -p dossier-eval --example score -- --gold seeds/gold.jsonl \
//!     --system spaCy=bench/out/spacy.jsonl [--system dossier=out.jsonl] [--per-doc] [--json]
//!     [--show-misses]
//!   ─►  the overall table of each system, then the systems side by side
//! ```
//!
//! The `dossier eval --predictions FILE` command is the supported face; this example is what
//! the bench scripts use until then, and a small demonstration of the library API.

use std::path::PathBuf;
use std::process::ExitCode;

use dossier_eval::{Report, score_predictions_file, side_by_side};

fn main() -> ExitCode {
    let mut gold = None;
    let mut systems: Vec<(String, PathBuf)> = Vec::new();
    let (mut per_doc, mut json, mut misses) = (false, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--gold" => gold = args.next().map(PathBuf::from),
            "--system" | "--predictions" => {
                let Some(v) = args.next() else {
                    eprintln!("{a} needs a value");
                    return ExitCode::from(2);
                };
                let (name, file) = v.split_once('=').unwrap_or(("predictions", v.as_str()));
                systems.push((name.to_string(), PathBuf::from(file)));
            }
            "--per-doc" => per_doc = true,
            "--json" => json = true,
            "--show-misses" => misses = true,
            other => {
                eprintln!("unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let Some(gold) = gold else {
        eprintln!("usage: score --gold GOLD.jsonl --system NAME=PREDICTIONS.jsonl ...");
        return ExitCode::from(2);
    };
    let mut reports: Vec<(String, Report)> = Vec::new();
    for (name, file) in systems {
        match score_predictions_file(&gold, &file) {
            Ok(r) => reports.push((name, r)),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    for (name, r) in &reports {
        if json {
            println!("{}", r.to_json(misses));
            continue;
        }
        println!("### {name}\n{}", r.table(per_doc));
        if misses {
            println!("{}", r.misses_text());
        }
    }
    if !json && reports.len() > 1 {
        let refs: Vec<(&str, &Report)> = reports.iter().map(|(n, r)| (n.as_str(), r)).collect();
        println!("{}", side_by_side(&refs));
    }
    ExitCode::SUCCESS
}
