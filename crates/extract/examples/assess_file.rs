//! Prints the estimative judgements of one report, one JSON object a line.
//!
//! ```text
//! cargo run -p dossier-extract --example assess_file -- report.md [2024-06]
//!   {"sentence":3,"phrase":"will likely","band":"likely","claim":"JNIM will likely …",…}
//! ```
//!
//! The format comes from the extension (txt, md, html); the optional second argument is the
//! publication date that relative horizons ("next year") resolve against.

use std::path::Path;
use std::str::FromStr;

use dossier_extract::{Context, KnownNames, assess, dates};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_text::{Format, analyze, load};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: assess_file FILE [PUBLISHED]")?;
    let published = args.next().map(|p| FuzzyDate::from_str(&p)).transpose()?;
    let format = Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .unwrap_or(Format::Text);
    let doc = load(&std::fs::read(&path)?, format)?;
    let analysis = analyze(&doc);
    let vocabulary = Vocabulary::builtin()?;
    let known = KnownNames::default();
    let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known)
        .with_published(published);
    let found_dates = dates::extract(&doc, &analysis, &ctx);
    for a in assess::extract(&doc, &analysis, &found_dates, &ctx) {
        println!("{}", serde_json::to_string(&a)?);
    }
    Ok(())
}
