//! Citation fixtures: each `tests/fixtures/cite_<case>.txt` is loaded and analysed, and its
//! citations and diagnostics are compared with `cite_<case>.expected.json`.
//!
//! ```text
//! cite_inline_shabaab.txt ─► load + analyze ─► {"citations": [{"author": "Amina Yusuf", …,
//!                                                "supports": ["Ahmed Diriye, … Godane."]}, …],
//!                                               "diagnostics": []}
//! ```
//!
//! After a reviewed change, `DOSSIER_BLESS=1 cargo test -p dossier-text --test citations`
//! rewrites the expected files. The other tests build documents by hand (links, hostile input).

use std::path::PathBuf;

use dossier_text::cite::{self, parse_work};
use dossier_text::segment::classify_blocks;
use dossier_text::{
    Analysis, Block, BlockKind, CitationStyle, Document, Encoding, Format, Link, Meta, OffsetMap,
    Span, analyze, load,
};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a fixture's expected file holds: citations with the text of the sentences they
/// support, and diagnostics with the text they point at.
fn report(doc: &Document, a: &Analysis) -> Value {
    let text = doc.text.as_str();
    let citations: Vec<Value> = a
        .citations
        .iter()
        .map(|c| {
            let supports: Vec<&str> = c
                .sentences
                .iter()
                .map(|&i| a.sentences[i].span.slice(text))
                .collect();
            json!({
                "marker": c.marker,
                "style": c.style,
                "author": c.author,
                "title": c.title,
                "publisher": c.publisher,
                "date": c.date,
                "url": c.url,
                "foreign_domain": c.foreign_domain,
                "raw": c.raw,
                "span": c.span.slice(text),
                "supports": supports,
            })
        })
        .collect();
    let diagnostics: Vec<Value> = a
        .diagnostics
        .iter()
        .map(|d| json!({"at": d.span.map(|s| s.slice(text)), "message": d.message}))
        .collect();
    json!({"citations": citations, "diagnostics": diagnostics})
}

fn check(case: &str) -> (Document, Analysis) {
    let dir = fixtures();
    let input = std::fs::read(dir.join(format!("{case}.txt"))).unwrap();
    let doc = load(&input, Format::Text).unwrap();
    let analysis = analyze(&doc);
    let got = report(&doc, &analysis);
    let expected_path = dir.join(format!("{case}.expected.json"));
    if std::env::var_os("DOSSIER_BLESS").is_some() {
        let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
        std::fs::write(&expected_path, pretty).unwrap();
    }
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    assert_eq!(
        got,
        expected,
        "{case}: got\n{}",
        serde_json::to_string_pretty(&got).unwrap()
    );
    assert_no_citation_in_sentences(&doc, &analysis);
    (doc, analysis)
}

/// Footnote entries and inline citations are never part of a sentence.
fn assert_no_citation_in_sentences(doc: &Document, a: &Analysis) {
    for c in &a.citations {
        if matches!(
            c.style,
            Some(CitationStyle::Footnote | CitationStyle::Inline)
        ) {
            for s in &a.sentences {
                assert!(
                    !s.span.overlaps(c.span),
                    "sentence {:?} holds citation {:?}",
                    s.span.slice(&doc.text),
                    c.raw
                );
            }
        }
    }
}

#[test]
fn footnoted_brief_with_foreign_domain_markers() {
    let (_, a) = check("cite_footnotes_isisk");
    let styles: Vec<_> = a.citations.iter().filter_map(|c| c.style).collect();
    assert_eq!(
        styles,
        [
            [CitationStyle::Footnote; 7].as_slice(),
            [CitationStyle::ForeignLink; 3].as_slice()
        ]
        .concat()
    );
}

#[test]
fn inline_cited_profile() {
    let (_, a) = check("cite_inline_shabaab");
    assert!(
        a.citations
            .iter()
            .all(|c| c.style == Some(CitationStyle::Inline))
    );
    assert_eq!(a.citations.len(), 9);
}

/// A document built by hand, as an HTML loader would give it.
fn html_doc(text: &str, blocks: &[&str], links: &[(&str, &str)]) -> Document {
    let span_of = |needle: &str| {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    };
    Document {
        format: Format::Html,
        encoding: Encoding::Utf8,
        text: text.to_string(),
        map: OffsetMap::identity(text.len()),
        blocks: blocks
            .iter()
            .map(|b| Block {
                kind: BlockKind::Paragraph,
                span: span_of(b),
            })
            .collect(),
        links: links
            .iter()
            .map(|(anchor, href)| Link {
                span: span_of(anchor),
                href: href.to_string(),
            })
            .collect(),
        meta: Meta::default(),
    }
}

/// Marker, style, title, URL and raw text of a citation.
type Row<'a> = (
    Option<&'a str>,
    CitationStyle,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
);

#[test]
fn body_links_are_link_citations_unless_markers_or_anchors() {
    let text = "Boko Haram Splits\n\nReuters reported the split in 2016.[1] \
                Its leader *vowed revenge, said the army.\n\n\
                Links marked with an asterisk (*) go to foreign websites.\n\n\
                [1] Reuters, \"Boko Haram splits,\" August 4, 2016.";
    let doc = html_doc(
        text,
        &[
            "Boko Haram Splits",
            "Reuters reported the split in 2016.[1] Its leader *vowed revenge, said the army.",
            "Links marked with an asterisk (*) go to foreign websites.",
            "[1] Reuters, \"Boko Haram splits,\" August 4, 2016.",
        ],
        &[
            ("reported the split", "https://news.example/split"),
            ("[1]", "#fn1"),
            ("vowed", "https://foreign.example/vow"),
            ("the army", "mailto:press@army.example"),
            ("Boko Haram splits", "https://reuters.example/bh"),
        ],
    );
    let a = analyze(&doc);
    let got: Vec<Row> = a
        .citations
        .iter()
        .map(|c| {
            (
                c.marker.as_deref(),
                c.style.unwrap(),
                c.title.as_deref(),
                c.url.as_deref(),
                c.raw.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("[1]"),
                CitationStyle::Footnote,
                Some("Boko Haram splits"),
                // A link inside a footnote gives the work its URL.
                Some("https://reuters.example/bh"),
                "Reuters, \"Boko Haram splits,\" August 4, 2016",
            ),
            (
                None,
                CitationStyle::Link,
                Some("reported the split"),
                Some("https://news.example/split"),
                "reported the split",
            ),
            (
                Some("*"),
                CitationStyle::ForeignLink,
                None,
                Some("https://foreign.example/vow"),
                "vowed",
            ),
        ]
    );
    let sentence = |i: usize| a.sentences[a.citations[i].sentences[0]].span.slice(text);
    assert_eq!(sentence(0), "Reuters reported the split in 2016.[1]");
    assert_eq!(sentence(1), "Reuters reported the split in 2016.[1]");
    assert_eq!(sentence(2), "Its leader *vowed revenge, said the army.");
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

#[test]
fn find_reports_exclusions_and_anchors() {
    let text = "Title line\n\nThey struck at dawn.[1] Later they fled.\
                Omar Farah, \"Dawn raid,\" Horn Post, 2 May 2022, https://hp.example/d.\n\n\
                [1] Horn Post, \"Raid,\" May 1, 2022.";
    let doc = load(text.as_bytes(), Format::Text).unwrap();
    let roles = classify_blocks(&doc.text, &doc.blocks);
    let found = cite::find(&doc, &roles);
    let slices: Vec<&str> = found.excluded.iter().map(|s| s.slice(text)).collect();
    assert_eq!(
        slices,
        vec![
            "[1] Horn Post, \"Raid,\" May 1, 2022.",
            "Omar Farah, \"Dawn raid,\" Horn Post, 2 May 2022, https://hp.example/d.",
        ]
    );
    let anchors: Vec<(&str, Vec<usize>)> = found
        .anchors
        .iter()
        .map(|a| (&text[a.at..a.at + 3], a.citations.clone()))
        .collect();
    assert_eq!(anchors, vec![("[1]", vec![0]), ("Oma", vec![1])]);
    assert!(found.diagnostics.is_empty());
}

#[test]
fn without_a_legend_asterisks_are_not_citations() {
    let text = "Note\n\nThe emir *vowed to fight on, and the *council agreed.";
    let a = analyze(&load(text.as_bytes(), Format::Text).unwrap());
    assert!(a.citations.is_empty());
}

#[test]
fn the_legend_alone_is_not_a_citation() {
    let text = "[Notice: links to foreign domains carry an asterisk (*).]\n\nNo marks here.";
    let a = analyze(&load(text.as_bytes(), Format::Text).unwrap());
    assert!(a.citations.is_empty());
}

#[test]
fn malformed_footnotes_give_diagnostics_not_failures() {
    let text = "Body cites [2], [3], [4] and [5].\n\n[2] \n\n[3] Horn Post, \"A,\" 2020.\n\n\
         [3] Dup, \"B,\" 2021.\n\n[4] Ibid., 45.\n\n[5] 107-110.";
    let a = analyze(&load(text.as_bytes(), Format::Text).unwrap());
    let messages: Vec<&str> = a.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "footnote [3] is defined more than once; markers use the first",
            "footnote [5]: no title, publisher, date or URL found",
            "footnote marker [2] has no entry",
        ]
    );
    // "[2] " with nothing after it is no entry; both [3] entries are kept as citations; "Ibid."
    // repeats the work before it; "107-110." is kept as written.
    assert_eq!(a.citations.len(), 4);
    assert_eq!(a.citations[2].raw, "Ibid., 45");
    assert_eq!(a.citations[2].marker.as_deref(), Some("[4]"));
    assert_eq!(a.citations[2].title.as_deref(), Some("B"));
    assert_eq!(a.citations[2].date, a.citations[1].date);
    assert_eq!(a.citations[3].raw, "107-110");
    assert_eq!(a.citations[0].publisher.as_deref(), Some("Horn Post"));
    assert_eq!(a.citations[0].sentences, vec![0]);
    assert!(a.citations[1].sentences.is_empty());
}

#[test]
fn hostile_and_huge_inputs_finish() {
    let mut text = String::from("Title\n\n");
    for i in 0..2_000 {
        text.push_str(&format!(
            "Claim {i} holds.A.B.C, \"x\"\"y,\" https://h.example/{i}; [{i}] *w ; \"\" ."
        ));
    }
    text.push_str("\n\n[1] \"\"\"\"; ; ;\n\n[2] (((: 2020)))");
    let doc = load(text.as_bytes(), Format::Text).unwrap();
    let a = analyze(&doc);
    assert!(a.citations.len() < 10_000);
    let _ = parse_work(&"\"a; ".repeat(50_000));
}
