//! Prints the mentions found in a file (a debugging aid).
//!
//! ```text
//! cargo run -p dossier-extract --example probe -- report.txt
//!   person        Iyad ag Ghali     [pattern] group=None
//! ```
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let Ok(doc) = dossier_text::load(&bytes, dossier_text::Format::Text) else {
        return;
    };
    let analysis = dossier_text::analyze(&doc);
    let Ok(vocab) = dossier_model::Vocabulary::builtin() else {
        return;
    };
    let known = dossier_extract::KnownNames::default();
    let ctx = dossier_extract::Context::new(&vocab, dossier_geo::Gazetteer::builtin(), &known)
        .with_original(&bytes);
    for m in dossier_extract::mentions::extract(&doc, &analysis, &ctx) {
        println!(
            "{:13} {:45} {:?} conf={} group={:?} cit={:?}",
            m.kind.as_str(),
            m.text,
            m.origin,
            m.confidence,
            m.group,
            m.citation
        );
    }
}
