//! The document model shared by the text stages, and the two entry points [`load`] and
//! [`analyze`].

use dossier_model::{FuzzyDate, Span};
use serde::Serialize;

use crate::decode::{self, DecodeError, Encoding};
use crate::offsets::OffsetMap;
use crate::{cite, html, markdown, plain, segment};

/// The formats dossier reads as reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format for a file name's extension, if dossier reads it.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// What a block of the document is, as the loader saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Preformatted,
    TableCell,
    Caption,
}

/// A block of text: a paragraph, a heading, a list item. Loaders produce them; their spans do
/// not overlap and are in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// A hyperlink kept from HTML or Markdown: the anchor text's span and its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub span: Span,
    pub href: String,
}

/// Metadata found in the file itself (HTML `<meta>`, Markdown front matter).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<FuzzyDate>,
    pub url: Option<String>,
    pub kind: Option<String>,
    pub description: Option<String>,
}

/// A loaded, normalized document.
#[derive(Clone, Debug)]
pub struct Document {
    pub format: Format,
    pub encoding: Encoding,
    /// The normalized text every later stage reads.
    pub text: String,
    /// Maps byte offsets of `text` to byte offsets of the original file.
    pub map: OffsetMap,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub meta: Meta,
}

impl Document {
    /// The span of the original file that `span` of [`Document::text`] came from.
    pub fn original_span(&self, span: Span) -> Span {
        self.map.to_original_span(span)
    }
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("the file has no text")]
    NoText,
}

/// Decodes, loads and normalizes a file's bytes.
pub fn load(bytes: &[u8], format: Format) -> Result<Document, LoadError> {
    let decoded = decode::decode(bytes)?;
    let loaded = match format {
        Format::Text => plain::load(&decoded.text),
        Format::Markdown => markdown::load(&decoded.text),
        Format::Html => html::load(&decoded.text),
    };
    if loaded.text.trim().is_empty() {
        return Err(LoadError::NoText);
    }
    let map = match decoded.map {
        Some(decode_map) => loaded.map.then(decode_map),
        None => loaded.map,
    };
    Ok(Document {
        format,
        encoding: decoded.encoding,
        text: loaded.text,
        map,
        blocks: loaded.blocks,
        links: loaded.links,
        meta: loaded.meta,
    })
}

/// The text a loader produced, before it becomes a [`Document`].
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub text: String,
    /// Maps offsets of `text` to offsets of the loader's input.
    pub map: OffsetMap,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub meta: Meta,
}

/// What a sentence is part of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Body,
    Title,
    Heading,
    ListItem,
    Quote,
}

/// A sentence of the body text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Document::blocks`].
    pub block: usize,
    pub kind: SentenceKind,
}

/// How a citation was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationStyle {
    /// A numbered footnote entry (`[1] …`) referenced by markers in the text.
    Footnote,
    /// A reference glued to the end of the sentence it supports.
    Inline,
    /// A word marked `*` by the publisher as a link to a foreign domain.
    ForeignLink,
    /// A hyperlink in the body (HTML, Markdown).
    Link,
}

/// One cited work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// `[1]` for footnotes, `*` for foreign-domain links, none for inline citations.
    pub marker: Option<String>,
    pub style: Option<CitationStyle>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<FuzzyDate>,
    pub url: Option<String>,
    pub foreign_domain: bool,
    /// The citation text as written (one work; a footnote holding several works gives several
    /// citations with the same span).
    pub raw: String,
    /// Where the citation is written in the text (the footnote entry, the glued reference, the
    /// marked word).
    pub span: Span,
    /// Indices into [`Analysis::sentences`] of the sentences this citation supports.
    pub sentences: Vec<usize>,
}

/// A figure: its caption and its credit line ("Source: …").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub span: Span,
    pub caption: String,
    pub credit: Option<String>,
}

/// A problem found while analysing a document that did not stop the analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub span: Option<Span>,
    pub message: String,
}

/// Everything the text stages find in a document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    pub citations: Vec<Citation>,
    pub figures: Vec<Figure>,
    /// Blocks kept out of the body: subscription prompts, "View Citations", sidebars' links.
    pub boilerplate: Vec<Span>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Segments a document into sentences and finds its citations.
///
/// Never fails: what cannot be understood becomes a [`Diagnostic`].
pub fn analyze(doc: &Document) -> Analysis {
    let roles = segment::classify_blocks(&doc.text, &doc.blocks);
    let found = cite::find(doc, &roles);
    let mut analysis = Analysis {
        figures: segment::figures(&doc.text, &doc.blocks, &roles),
        boilerplate: doc
            .blocks
            .iter()
            .zip(&roles)
            .filter(|(_, r)| **r == segment::Role::Boilerplate)
            .map(|(b, _)| b.span)
            .collect(),
        diagnostics: found.diagnostics,
        ..Analysis::default()
    };
    // Reports run about a sentence per hundred bytes: room for that up front saves growing
    // the list a dozen times.
    analysis.sentences.reserve(doc.text.len() / 128);
    let mut excluded = found.excluded;
    excluded.sort();
    for (i, (block, role)) in doc.blocks.iter().zip(&roles).enumerate() {
        let Some(kind) = role.sentence_kind(block.kind) else {
            continue;
        };
        for piece in subtract(block.span, &excluded) {
            for span in segment::sentences(&doc.text, piece) {
                analysis.sentences.push(Sentence {
                    span,
                    block: i,
                    kind,
                });
            }
        }
    }
    analysis.citations = found.citations;
    link_citations(&mut analysis, &found.anchors);
    analysis
}

/// `span` minus the `excluded` spans (sorted), as the pieces left over.
fn subtract(span: Span, excluded: &[Span]) -> Vec<Span> {
    let mut pieces = Vec::new();
    let mut start = span.start;
    for ex in excluded.iter().filter(|e| e.overlaps(span)) {
        if ex.start > start {
            pieces.push(Span::new(start, ex.start));
        }
        start = start.max(ex.end);
    }
    if start < span.end {
        pieces.push(Span::new(start, span.end));
    }
    pieces
}

/// Attaches each citation to the sentences it supports, through its anchors: the place in the
/// body a citation points from (the end of the sentence an inline reference is glued to, a
/// footnote marker, a marked word).
fn link_citations(analysis: &mut Analysis, anchors: &[cite::Anchor]) {
    for anchor in anchors {
        // The sentence containing the anchor, else the last one ending at or before it.
        // Sentences are in text order and do not overlap, so both are found by bisection.
        let sentences = &analysis.sentences;
        let after = sentences.partition_point(|s| s.span.start <= anchor.at);
        let containing = after
            .checked_sub(1)
            .filter(|&i| anchor.at < sentences[i].span.end);
        let found = containing.or_else(|| {
            let ended = sentences.partition_point(|s| s.span.end <= anchor.at);
            ended.checked_sub(1)
        });
        let Some(sentence) = found else {
            analysis.diagnostics.push(Diagnostic {
                span: Some(Span::new(anchor.at, anchor.at)),
                message: "citation anchor is not in any sentence".to_string(),
            });
            continue;
        };
        for &c in &anchor.citations {
            if let Some(citation) = analysis.citations.get_mut(c)
                && !citation.sentences.contains(&sentence)
            {
                citation.sentences.push(sentence);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtract_leaves_the_pieces_between_exclusions() {
        let pieces = subtract(Span::new(0, 100), &[Span::new(10, 20), Span::new(50, 60)]);
        assert_eq!(
            pieces,
            vec![Span::new(0, 10), Span::new(20, 50), Span::new(60, 100)]
        );
        assert_eq!(subtract(Span::new(0, 10), &[Span::new(0, 10)]), vec![]);
        assert_eq!(
            subtract(Span::new(5, 10), &[Span::new(0, 7)]),
            vec![Span::new(7, 10)]
        );
    }
}
