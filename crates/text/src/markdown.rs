//! Markdown loader: front matter, headings, paragraphs, lists, quotes, code, tables, links and
//! footnotes, with every byte of the text mapped back to the file.
//!
//! ```text
//! ---
//! title: "ISWAP raids Monguno"
//! date: 2024-05-14
//! ---
//! # ISWAP raids Monguno
//! Fighters **overran** a [base](https://x.ng/a).[^src]
//!
//! [^src]: Reuters, May 14, 2024.
//!   ─► "ISWAP raids Monguno\n\nFighters overran a base.[1]\n\n[1] Reuters, May 14, 2024."
//!      blocks: Title, Paragraph, Paragraph · links: "base" → https://x.ng/a
//!      meta: title "ISWAP raids Monguno", published 2024-05-14
//! ```
//!
//! [`blocks`] finds the block structure, [`inline`] renders each block's text. Footnote
//! references render as `[n]` and definitions as blocks beginning `[n] `, the shapes the citation
//! stage reads; labels that are not numbers are numbered in order of definition.

mod blocks;
mod inline;

use std::collections::{HashMap, HashSet};

use dossier_model::Span;

use crate::document::{Block, BlockKind, Link, Loaded, Meta};
use crate::html::{clean, clean_href, parse_date};
use crate::offsets::TextBuilder;

/// Loads a Markdown file. Never fails: whatever is not Markdown is text.
pub fn load(input: &str) -> Loaded {
    let (mut meta, body) = front_matter(input);
    let parsed = blocks::parse(input, body);
    let notes = number_notes(&parsed.notes);
    let ctx = inline::Context {
        definitions: &parsed.definitions,
        notes: &notes,
    };
    let mut b = TextBuilder::new();
    let mut blocks = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let mut seen_title = false;
    // Where the text of the last block ends in the input: the separator after it maps there.
    let mut last_end = body;
    for leaf in &parsed.leaves {
        let sep_start = b.len();
        if !b.is_empty() {
            b.push_synthetic("\n\n", last_end);
        }
        let start = b.len();
        if let Some((label, marker)) = &leaf.note
            && let Some(n) = notes.get(&label.to_lowercase())
        {
            b.push_replacement(&format!("[{n}] "), *marker);
        }
        if leaf.code {
            // Leading blank lines and the first line's indentation would be outside the block.
            let first = leaf
                .lines
                .iter()
                .position(|l| !l.span.slice(input).trim().is_empty())
                .unwrap_or(leaf.lines.len());
            for (i, line) in leaf.lines.iter().enumerate().skip(first) {
                let mut text = line.span.slice(input);
                let mut from = line.span.start;
                if i == first {
                    let trimmed = text.trim_start();
                    from += text.len() - trimmed.len();
                    text = trimmed;
                } else {
                    let prev = leaf.lines[i - 1].span.end;
                    b.push_replacement("\n", Span::new(prev, from.max(prev)));
                }
                b.push_source(text, from);
            }
        } else {
            inline::render(input, &leaf.lines, &ctx, &mut b, &mut links);
        }
        b.trim_end(start);
        if b.len() == start {
            b.trim_end(sep_start);
        } else {
            last_end = leaf
                .lines
                .last()
                .map(|l| l.span.end)
                .or(leaf.note.as_ref().map(|n| n.1.end))
                .unwrap_or(last_end);
            let text = &b.as_str()[start..];
            let lead = text.len() - text.trim_start().len();
            let kind = if leaf.kind == BlockKind::Heading && leaf.level == 1 && !seen_title {
                seen_title = true;
                BlockKind::Title
            } else {
                leaf.kind
            };
            blocks.push(Block {
                kind,
                span: Span::new(start + lead, b.len()),
            });
        }
        let len = b.len();
        for link in links.iter_mut().rev() {
            if link.span.end <= len {
                break;
            }
            link.span = Span::new(link.span.start.min(len), len);
        }
    }
    let (text, map) = b.finish(input.len());
    let links = links
        .into_iter()
        .filter_map(|mut link| {
            let s = link.span.slice(&text);
            let lead = s.len() - s.trim_start().len();
            link.span = Span::new(link.span.start + lead, link.span.start + s.trim_end().len());
            (!link.span.is_empty()).then_some(link)
        })
        .collect();
    if meta.title.is_none() {
        meta.title = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .and_then(|b| clean(b.span.slice(&text)));
    }
    Loaded {
        text,
        map,
        blocks,
        links,
        meta,
    }
}

/// Footnote numbers: a numeric label keeps its number, others are numbered by their place
/// among the definitions (skipping numbers already taken).
fn number_notes(labels: &[String]) -> HashMap<String, u32> {
    let numeric = |l: &str| {
        (l.len() <= 6 && l.bytes().all(|b| b.is_ascii_digit()))
            .then(|| l.parse::<u32>().ok())
            .flatten()
    };
    let mut taken: HashSet<u32> = labels.iter().filter_map(|l| numeric(l)).collect();
    let mut numbers = HashMap::new();
    let mut next = 1u32;
    for (i, label) in labels.iter().enumerate() {
        let key = label.to_lowercase();
        if numbers.contains_key(&key) {
            continue;
        }
        let n = match numeric(label) {
            Some(n) => n,
            None => {
                let mut n = next.max(u32::try_from(i + 1).unwrap_or(u32::MAX));
                while taken.contains(&n) {
                    n = n.saturating_add(1);
                }
                next = n.saturating_add(1);
                taken.insert(n);
                n
            }
        };
        numbers.insert(key, n);
    }
    numbers
}

/// YAML front matter between `---` lines at the very top: the metadata, and where the body
/// begins (0 when there is none).
fn front_matter(input: &str) -> (Meta, usize) {
    let mut meta = Meta::default();
    let mut lines = Vec::new();
    let mut pos = 0;
    let mut body = None;
    for (i, raw) in input.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        pos += raw.len();
        if i == 0 {
            if line.trim_end() != "---" {
                return (meta, 0);
            }
            continue;
        }
        if matches!(line.trim_end(), "---" | "...") {
            body = Some(pos);
            break;
        }
        lines.push(line);
    }
    let Some(body) = body else {
        return (Meta::default(), 0);
    };
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let mut value = scalar(value);
        if value.is_none() {
            // A block list: take its first item.
            value = lines
                .get(i + 1)
                .and_then(|next| next.trim_start().strip_prefix("- "))
                .and_then(scalar);
        }
        let Some(value) = value else {
            continue;
        };
        let (field, value) = match key.trim().to_lowercase().as_str() {
            "title" => (&mut meta.title, Some(value)),
            "publisher" | "source" | "site" | "site_name" => (&mut meta.publisher, Some(value)),
            "author" | "authors" | "byline" => (&mut meta.author, Some(value)),
            "url" | "link" | "canonical" | "canonical_url" | "permalink" => {
                (&mut meta.url, clean_href(&value))
            }
            "kind" | "type" => (&mut meta.kind, Some(value)),
            "description" | "summary" => (&mut meta.description, Some(value)),
            "date" | "published" | "published_at" | "pubdate" | "publish_date" => {
                if meta.published.is_none() {
                    meta.published = parse_date(&value);
                }
                continue;
            }
            _ => continue,
        };
        if field.is_none() {
            *field = value;
        }
    }
    (meta, body)
}

/// A YAML scalar as simple front matter writes it: quoted or plain (a trailing ` # comment`
/// dropped), or the first item of a flow list `[a, b]`. `None` when empty.
fn scalar(raw: &str) -> Option<String> {
    let v = raw.trim();
    let text = if let Some(rest) = v.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => out.push(' '),
                    Some('t') => out.push(' '),
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        out
    } else if let Some(rest) = v.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                break;
            }
            out.push(c);
        }
        out
    } else if let Some(rest) = v.strip_prefix('[') {
        let first = rest.trim_end_matches(']').split(',').next().unwrap_or("");
        return scalar(first);
    } else {
        match v.find(" #") {
            Some(i) => v[..i].to_string(),
            None => v.to_string(),
        }
    };
    clean(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_numbered_in_order_of_definition() {
        let labels: Vec<String> = ["src", "2", "other", "1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let n = number_notes(&labels);
        assert_eq!(n["src"], 3);
        assert_eq!(n["2"], 2);
        assert_eq!(n["other"], 4);
        assert_eq!(n["1"], 1);
    }

    #[test]
    fn front_matter_fields() {
        let input = "---\ntitle: \"ISWAP \\\"raids\\\" Monguno\"\nsource: 'HumAngle''s desk' # x\nauthors:\n  - Abdulkareem Haruna\ndate: 2024-05-14T08:00:00Z\nlink: https://example.ng/a\ntype: news\n---\nBody";
        let (meta, body) = front_matter(input);
        assert_eq!(meta.title.as_deref(), Some("ISWAP \"raids\" Monguno"));
        assert_eq!(meta.publisher.as_deref(), Some("HumAngle's desk"));
        assert_eq!(meta.author.as_deref(), Some("Abdulkareem Haruna"));
        assert_eq!(
            meta.published.map(|d| d.iso()).as_deref(),
            Some("2024-05-14")
        );
        assert_eq!(meta.url.as_deref(), Some("https://example.ng/a"));
        assert_eq!(meta.kind.as_deref(), Some("news"));
        assert_eq!(&input[body..], "Body");
        assert_eq!(front_matter("---\nno end").1, 0);
        assert_eq!(front_matter("text\n---\n").1, 0);
    }
}

#[cfg(test)]
mod example {
    use super::*;

    #[test]
    fn the_module_example() {
        let l = load(
            "---\ntitle: \"ISWAP raids Monguno\"\ndate: 2024-05-14\n---\n# ISWAP raids Monguno\n\
             Fighters **overran** a [base](https://x.ng/a).[^src]\n\n[^src]: Reuters, May 14, 2024.\n",
        );
        assert_eq!(
            l.text,
            "ISWAP raids Monguno\n\nFighters overran a base.[1]\n\n[1] Reuters, May 14, 2024."
        );
        let kinds: Vec<BlockKind> = l.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![BlockKind::Title, BlockKind::Paragraph, BlockKind::Paragraph]
        );
        assert_eq!(l.links[0].span.slice(&l.text), "base");
        assert_eq!(l.meta.title.as_deref(), Some("ISWAP raids Monguno"));
        assert_eq!(
            l.meta.published.map(|d| d.iso()).as_deref(),
            Some("2024-05-14")
        );
    }
}
