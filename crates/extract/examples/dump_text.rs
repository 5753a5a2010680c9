//! Prints the sentences and citations the text stages find in a file (a debugging aid).
//!
//! ```text
//! cargo run -p dossier-extract --example dump_text -- report.txt
//!   0 body   0..120  "JNIM's emir, Iyad ag Ghali, …"
//!   citation 0  [1]  "SITE Intelligence Group, …"
//! ```
use dossier_text::{Format, analyze, load};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_text FILE");
        return;
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let format = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .unwrap_or(Format::Text);
    let Ok(doc) = load(&bytes, format) else {
        eprintln!("cannot load {path}");
        return;
    };
    let analysis = analyze(&doc);
    for (i, s) in analysis.sentences.iter().enumerate() {
        println!(
            "{i:3} {:?} {} {:?}",
            s.kind,
            s.span,
            s.span.slice(&doc.text)
        );
    }
    for (i, c) in analysis.citations.iter().enumerate() {
        println!("citation {i} {:?} {} title={:?}", c.marker, c.span, c.title);
    }
    for b in &analysis.boilerplate {
        println!("boilerplate {b} {:?}", b.slice(&doc.text));
    }
    for f in &analysis.figures {
        println!("figure {} {:?} {:?}", f.span, f.caption, f.credit);
    }
}
