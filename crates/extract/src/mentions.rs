//! Mentions: the spans of a document that name persons, organizations and locations.
//!
//! ```text
//! "Al Qaeda's Sahel branch, Jama'at Nusrat al Islam wa al Muslimeen (JNIM), is filling the
//!  vacuum in northern Mali following the French withdrawal; Malian forces and the Kremlin-linked
//!  Wagner Group …  AQIM leader Abdelmalek Droukdel …"
//!   ─► Al Qaeda's Sahel branch (organization) · Jama'at Nusrat al Islam wa al Muslimeen
//!      (organization) · JNIM (organization) · northern Mali (location) · Malian forces
//!      (organization, group inst:ML:military) · Kremlin (organization, group
//!      inst:RU:government) · Wagner Group (organization) · AQIM (organization) ·
//!      Abdelmalek Droukdel (person)
//! ```
//!
//! Three sources reinforce each other:
//! 1. the gazetteer (countries, regions, towns) and the macro regions of the lexicon, with
//!    homonyms resolved by the countries the document names ([`places`]);
//! 2. the names the knowledge base already knows ([`KnownIndex`]), one look-up per run of words;
//! 3. patterns for names never seen before ([`patterns`]): capitalized sequences with
//!    particles and connectors, organisation, place and person cues, titles and roles,
//!    acronyms, country adjectives before institutions, metonyms.
//!
//! A second pass then looks for the document's own names everywhere, headlines and citation
//! titles included (a surname alone, "Wagner" for "Wagner Group", "IYAD AG GHALI" in a cited
//! title), and settles the words the first pass could not type.
//!
//! Every look-up is by folded words in a hash map, a bounded number per word: the pass is
//! linear in the length of the document.

pub(crate) mod fasthash;
mod known;
pub(crate) mod lexicon;
mod patterns;
pub(crate) mod places;
mod second;
pub(crate) mod tokens;

use std::collections::{HashMap, HashSet};

use dossier_model::Span;
use dossier_text::{Analysis, Document, SentenceKind};

use crate::{Context, EntityKind, Mention, MentionOrigin, PlaceRef};

pub(crate) use known::KnownIndex;
use lexicon::lexicon;
use places::PlaceHit;
use tokens::{Tokens, tokenize};

/// A mention being found: more than a [`Mention`], less settled.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub span: Span,
    pub sentence: usize,
    pub citation: Option<usize>,
    /// `None` while the finder does not know what the name is.
    pub kind: Option<EntityKind>,
    pub origin: MentionOrigin,
    pub confidence: f32,
    pub group: Option<String>,
    /// Gazetteer candidates of a location.
    pub hits: Vec<PlaceHit>,
    /// The folded key the hits were found under (for macro regions).
    pub place_key: Option<String>,
    pub known: Option<String>,
    pub subtype: Option<String>,
    /// A single acronym word.
    pub acronym: bool,
    /// An acronym that counts only if the document spells it out.
    pub needs_definition: bool,
    /// Evidence that an untyped name is an organization ("the Taliban's").
    pub org_hint: bool,
    /// Evidence that an untyped name is a person (a title, a role, a verb of speech).
    pub person_hint: bool,
    /// Written after "according to": a source, unless the document also names it elsewhere.
    pub source: bool,
    /// Evidence that an untyped name is a place ("near X", "the town of X").
    pub place_hint: bool,
    /// Typed an organisation by an apposition ("X, a militant group"): the document's other
    /// uses of the name follow it.
    pub apposition: bool,
}

impl Cand {
    pub fn new(span: Span, sentence: usize, kind: Option<EntityKind>) -> Cand {
        Cand {
            span,
            sentence,
            citation: None,
            kind,
            origin: MentionOrigin::Pattern,
            confidence: 0.7,
            group: None,
            hits: Vec::new(),
            place_key: None,
            known: None,
            subtype: None,
            acronym: false,
            needs_definition: false,
            org_hint: false,
            person_hint: false,
            source: false,
            place_hint: false,
            apposition: false,
        }
    }
}

/// What the whole document says about its words, gathered before the patterns run.
#[derive(Debug, Default)]
pub(crate) struct DocWords {
    /// Folded words seen capitalized away from the start of a sentence.
    pub capitalized: HashSet<String>,
    /// Two capitalized words in a row, seen away from the start of a sentence ("bernard emie").
    pub pairs: HashSet<String>,
    /// Acronyms defined by a lower-case long form ("vehicle-borne … device (VBIED)").
    pub common_acronyms: HashSet<String>,
}

/// A sentence (or a citation title) ready for the finders.
pub(crate) struct Piece {
    pub toks: Tokens,
    pub sentence: usize,
    pub citation: Option<usize>,
    /// A title, a heading or a line in headline case: only dictionaries apply.
    pub headline: bool,
}

/// Finds the mentions of an analysed document.
pub fn extract(doc: &Document, analysis: &Analysis, ctx: &Context<'_>) -> Vec<Mention> {
    let cands = find(doc, analysis, ctx);
    cands
        .into_iter()
        .filter_map(|c| to_mention(doc, ctx, c))
        .collect()
}

/// The candidates of a document, settled: every one has a kind.
pub(crate) fn find(doc: &Document, analysis: &Analysis, ctx: &Context<'_>) -> Vec<Cand> {
    let lex = lexicon();
    let places = places::index(ctx.gazetteer, lex);
    let known = ctx.known.index();
    let text = doc.text.as_str();

    let mut pieces: Vec<Piece> = analysis
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let toks = tokenize(text, s.span);
            let headline =
                matches!(s.kind, SentenceKind::Title | SentenceKind::Heading) || is_headline(&toks);
            Piece {
                toks,
                sentence: i,
                citation: None,
                headline,
            }
        })
        .collect();
    let words = doc_words(text, &pieces);

    let mut cands = Vec::new();
    let mut demonyms = HashMap::new();
    for piece in &pieces {
        if piece.headline {
            continue;
        }
        let scan = patterns::Scan {
            text,
            toks: &piece.toks,
            sentence: piece.sentence,
            lex,
            places: &places,
            known,
            gazetteer: ctx.gazetteer,
            words: &words,
        };
        scan.run(&mut cands, &mut demonyms);
    }

    // Citation titles: only the document's own names are taken from them.
    for (ci, c) in analysis.citations.iter().enumerate() {
        let Some(title) = c.title.as_deref() else {
            continue;
        };
        let raw = c.span.slice(text);
        let Some(at) = raw.find(title) else { continue };
        let span = Span::new(c.span.start + at, c.span.start + at + title.len());
        let sentence = c.sentences.first().copied().unwrap_or(0);
        pieces.push(Piece {
            toks: tokenize(text, span),
            sentence,
            citation: Some(ci),
            headline: true,
        });
    }

    second::settle(
        &mut cands,
        &pieces,
        &second::Env {
            text,
            lex,
            places: &places,
            known,
            gazetteer: ctx.gazetteer,
            words: &words,
            demonyms: &demonyms,
        },
    );
    cands.sort_by_key(|c| (c.span.start, c.span.end));
    // "in March 2017", "since May 21": a month name before a number is part of a date.
    cands.retain(|c| !month_before_number(text, c.span));
    cands
}

/// Whether `span` is a single month name ("March", "Sept.") followed by a day or a year.
fn month_before_number(text: &str, span: Span) -> bool {
    let word = span.slice(text).trim_end_matches('.');
    if word.contains(' ') || dossier_text::dates::month_number(word).is_none() {
        return false;
    }
    let rest = text[span.end..].trim_start_matches(['.', ' ']);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// A line in headline case: every word capitalized, but for connectors and particles.
fn is_headline(toks: &Tokens) -> bool {
    let lex = lexicon();
    let mut words = 0usize;
    for (i, t) in toks.toks.iter().enumerate() {
        let Some(shape) = t.shape() else { continue };
        if matches!(shape, tokens::Shape::Number | tokens::Shape::Uncased) {
            continue;
        }
        let f = toks.fold(i);
        if lex.connectors.contains(f)
            || lex.particles.contains(f)
            || matches!(f, "a" | "an" | "to" | "with" | "from" | "at" | "by" | "as")
        {
            continue;
        }
        if !t.is_cap() {
            return false;
        }
        words += 1;
    }
    words >= 3
}

fn doc_words(text: &str, pieces: &[Piece]) -> DocWords {
    let mut w = DocWords::default();
    // A word is allocated once, when it is first seen.
    let add = |set: &mut HashSet<String>, word: &str| {
        if !set.contains(word) {
            set.insert(word.to_string());
        }
    };
    let mut pair = String::new();
    for p in pieces {
        if p.headline {
            continue;
        }
        let toks = &p.toks;
        let mut first_word = true;
        let mut first_at = 0;
        for (i, t) in toks.toks.iter().enumerate() {
            if !t.is_word() {
                continue;
            }
            if first_word {
                first_at = i;
            }
            let after_opening = i > 0
                && matches!(
                    toks.toks[i - 1].kind,
                    tokens::Kind::Punct('"' | '(' | '[' | ':' | '\'')
                );
            if t.is_cap() && !first_word && !after_opening {
                add(&mut w.capitalized, toks.fold(i));
                if i >= 1 && toks.toks[i - 1].is_cap() && t.spaced {
                    // Not when the word before is the sentence's first.
                    if first_at != i - 1 {
                        pair.clear();
                        pair.push_str(toks.fold(i - 1));
                        pair.push(' ');
                        pair.push_str(toks.fold(i));
                        add(&mut w.pairs, &pair);
                    }
                }
            }
            first_word = false;
        }
        // "(VBIED)" after a lower-case word.
        for i in 2..toks.len() {
            let t = toks.toks[i];
            if t.shape() == Some(tokens::Shape::AllCaps)
                && toks.is_punct(i - 1, '(')
                && toks.is_punct(i + 1, ')')
                && toks.toks[i - 2].is_lower()
            {
                let acr = toks.text(text, i).replace('.', "").to_uppercase();
                w.common_acronyms.insert(acr);
            }
        }
    }
    w
}

/// The text of a span as the original file writes it, when the caller gave the file's bytes
/// and the span maps to valid UTF-8 there; else the normalized text.
pub(crate) fn original_text(doc: &Document, ctx: &Context<'_>, span: Span) -> String {
    if let Some(bytes) = ctx.original {
        let o = doc.original_span(span);
        if let Some(slice) = bytes.get(o.start..o.end)
            && let Ok(s) = std::str::from_utf8(slice)
            && !s.is_empty()
            && !s.contains(['\n', '\r', '<', '>'])
            // In HTML the file writes characters as references (`&rsquo;`): the decoded,
            // normalized text is the better surface form there.
            && !(doc.format == dossier_text::Format::Html && s.contains('&'))
        {
            return s.to_string();
        }
    }
    span.slice(&doc.text).to_string()
}

fn to_mention(doc: &Document, ctx: &Context<'_>, c: Cand) -> Option<Mention> {
    let kind = c.kind?;
    let place = match c.hits.first() {
        Some(PlaceHit::Place(i)) if kind == EntityKind::Location => {
            ctx.gazetteer.places().get(*i as usize).map(|p| PlaceRef {
                id: p.id.to_string(),
                kind: p.kind.as_str().to_string(),
                country: p.country.to_string(),
                lat: p.lat,
                lon: p.lon,
            })
        }
        _ => None,
    };
    Some(Mention {
        span: c.span,
        text: original_text(doc, ctx, c.span),
        kind,
        sentence: c.sentence,
        origin: c.origin,
        confidence: c.confidence,
        entity: None,
        subtype: c.subtype,
        place,
        known: c.known,
        group: c.group,
        citation: c.citation,
    })
}

/// Country weights of a document: how often each country is named, by name or adjective.
pub(crate) fn country_weights(
    cands: &[Cand],
    gazetteer: &dossier_geo::Gazetteer<'_>,
    demonyms: &HashMap<String, u32>,
) -> HashMap<String, u32> {
    let mut w: HashMap<String, u32> = demonyms.clone();
    for c in cands {
        if c.citation.is_some() {
            continue;
        }
        for h in c.hits.iter().take(1) {
            if let PlaceHit::Place(i) = h
                && let Some(p) = gazetteer.places().get(*i as usize)
                && p.kind == dossier_geo::PlaceKind::Country
            {
                *w.entry(p.country.to_string()).or_insert(0) += 2;
            }
        }
        if let Some(g) = &c.group
            && let Some(rest) = g.strip_prefix("inst:")
            && let Some(cc) = rest.split(':').next()
        {
            *w.entry(cc.to_string()).or_insert(0) += 1;
        }
    }
    w
}
